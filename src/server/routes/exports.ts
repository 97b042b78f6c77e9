/**
 * Report downloads for a finished scan: /scans/:id/report.{html,md,sarif,csv,pdf} (JSON has its own
 * route beside the result page), and /scans/:id/compare-previous, which opens the compare page
 * against the previous finished scan of the same host.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../context.js';
import { HttpProblem } from '../problem.js';
import { loadScan, previousScan } from './shared.js';
import { exportFileName, FORMAT_INFO, renderExport, type ExportFormat } from '../../report/formats.js';
import { EXPORT_CSP } from '../../report/html.js';
import { renderPdf } from '../pdf-export.js';
import type { Report } from '../../model/report.js';
import type { ScanRecord } from '../../store/scan-store.js';

const ROUTES: Record<string, ExportFormat> = { html: 'html', md: 'markdown', sarif: 'sarif', csv: 'csv' };

export function registerExports(app: FastifyInstance, ctx: AppContext): void {
  const finished = async (id: string): Promise<ScanRecord & { report: Report }> => {
    const scan = await loadScan(ctx, id);
    if (!scan.report) throw new HttpProblem(404, 'Not Found', 'This scan has no report yet.');
    return scan as ScanRecord & { report: Report };
  };
  const attachment = (reply: FastifyReply, scan: ScanRecord, format: ExportFormat | 'pdf') =>
    reply.header('content-disposition', `attachment; filename="${exportFileName(scan.host, scan.createdAt, format)}"`).header('cache-control', 'no-cache');

  for (const [extension, format] of Object.entries(ROUTES)) {
    app.get<{ Params: { id: string } }>(`/scans/:id/report.${extension}`, async (request, reply) => {
      const scan = await finished(request.params.id);
      attachment(reply, scan, format).type(FORMAT_INFO[format].mediaType);
      // The export's own policy (inline style, nothing else), in case a browser shows it from here.
      if (format === 'html') reply.header('content-security-policy', EXPORT_CSP + "; frame-ancestors 'none'");
      return reply.send(renderExport(scan.report, format));
    });
  }

  app.get<{ Params: { id: string } }>('/scans/:id/report.pdf', { config: { rateLimit: { max: 10, timeWindow: 60_000 } } }, async (request, reply) => {
    const scan = await finished(request.params.id);
    const pdf = await renderPdf(renderExport(scan.report, 'html'));
    return attachment(reply, scan, 'pdf').type('application/pdf').send(pdf);
  });

  app.get<{ Params: { id: string } }>('/scans/:id/compare-previous', async (request, reply) => {
    const scan = await finished(request.params.id);
    const earlier = scan.tool ? undefined : await previousScan(ctx, scan);
    if (!earlier) throw new HttpProblem(404, 'Not Found', `There is no earlier finished full scan of ${scan.host} to compare with.`);
    return reply.redirect(`/hosts/${encodeURIComponent(scan.host)}/compare?a=${encodeURIComponent(earlier.id)}&b=${encodeURIComponent(scan.id)}`, 303);
  });
}
