import type { ScanRecord } from '../../store/scan-store.js';
import { page, type PageContext } from '../html/layout.js';
import { html } from '../html/template.js';
import { scanForm } from './home.js';
import { webWords } from '../html/web-words.js';

/** While a scan runs: the list of probes so far. Without JS the page refreshes itself every 2 s. */
export function progressPage(ctx: PageContext, scan: ScanRecord): string {
  const latest = new Map<string, ScanRecord['progress'][number]>();
  for (const e of scan.progress) latest.set(e.probe, e);
  return page(ctx, {
    title: `Scanning ${scan.host}`,
    head: html`<noscript><meta http-equiv="refresh" content="2"></noscript>`,
    body: html`<h1>Scanning <span class="target">${scan.url}</span></h1>
<div class="card" data-live-scan="${scan.id}">
<p id="progress-status" role="status" aria-live="polite">${scan.status === 'queued' ? 'Waiting for a free scanner…' : 'Scanning…'}</p>
<ul class="progress-list" id="progress-list" aria-live="polite">
${[...latest.values()].map(
  (e) => html`<li id="probe-${e.probe}"><span class="state state-${e.state}">${e.state === 'done' ? '✓' : e.state === 'unavailable' ? '!' : ''}</span><span class="label">${e.label}${e.state === 'start' ? ' …' : e.state === 'unavailable' ? ' (not available)' : ''}</span></li>`,
)}
</ul>
<noscript><p class="muted small">This page reloads every two seconds until the result is ready.</p></noscript>
</div>
<p class="muted small">Share this page: the result appears here when the scan finishes.</p>`,
  });
}

export function failedPage(ctx: PageContext, scan: ScanRecord): string {
  return page(ctx, {
    title: `Scan of ${scan.host} failed`,
    body: html`<h1>The scan of <span class="target">${scan.url}</span> did not finish</h1>
<p class="error-box" role="alert">${webWords(scan.error ?? 'Unknown error')}</p>
<h2>Try again</h2>
${scanForm('/scans', { url: scan.url }, 'Scan again')}`,
  });
}
