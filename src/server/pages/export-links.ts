import { html, seg, type SafeHtml } from '../html/template.js';

/** The result page's download links (routes in routes/exports.ts) and, for full scans, "compare with the previous scan". */
export function exportLinks(scanId: string, comparable: boolean): SafeHtml {
  const base = `/scans/${seg(scanId)}`;
  const link = (extension: string, label: string) => html`<a href="${base}/report.${extension}" download>${label}</a>`;
  return html`<p class="small exports">Export: ${link('html', 'HTML')} · ${link('md', 'Markdown')} · ${link('sarif', 'SARIF')} · ${link('csv', 'CSV')} · ${link('json', 'JSON')} · ${link('pdf', 'PDF')}${comparable ? html` · <a href="${base}/compare-previous">Compare with the previous scan</a>` : ''}</p>`;
}
