/**
 * One entry point for every file format a report can be written in, so the CLI and the web app's
 * download routes agree on names, media types and file extensions.
 */
import type { Report } from '../model/report.js';
import { renderSarif } from './sarif.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderCsv } from './csv.js';
import { withArithmetic } from './arithmetic.js';

import { EXPORT_FORMATS, type ExportFormat } from './export-formats.js';

export { EXPORT_FORMATS, type ExportFormat };

export const FORMAT_INFO: Record<ExportFormat, { extension: string; mediaType: string }> = {
  json: { extension: 'json', mediaType: 'application/json; charset=utf-8' },
  sarif: { extension: 'sarif', mediaType: 'application/sarif+json; charset=utf-8' },
  html: { extension: 'html', mediaType: 'text/html; charset=utf-8' },
  markdown: { extension: 'md', mediaType: 'text/markdown; charset=utf-8' },
  csv: { extension: 'csv', mediaType: 'text/csv; charset=utf-8' },
};

export function renderExport(report: Report, format: ExportFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(withArithmetic(report), null, 2) + '\n';
    case 'sarif':
      return JSON.stringify(renderSarif(report), null, 2) + '\n';
    case 'html':
      return renderHtml(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'csv':
      return renderCsv(report);
  }
}

/** A download name that cannot carry path separators or quotes from the host name. */
export function exportFileName(host: string, startedAt: string | number, format: ExportFormat | 'pdf'): string {
  const day = new Date(startedAt).toISOString().slice(0, 10);
  const extension = format === 'pdf' ? 'pdf' : FORMAT_INFO[format].extension;
  return `scorifya-${host.toLowerCase().replace(/[^a-z0-9.-]/g, '_')}-${day}.${extension}`;
}
