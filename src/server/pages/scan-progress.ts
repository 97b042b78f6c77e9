import type { ProgressEvent, ScanRecord } from '../../store/scan-store.js';
import { page, type PageContext } from '../html/layout.js';
import { html } from '../html/template.js';
import { scanForm } from './home.js';
import { webWords } from '../html/web-words.js';

/** A response slower than this is worth telling the visitor about: the target, not we, is slow. */
export const SLOW_RESPONSE_MS = 2000;
/** With no answer yet, say we are waiting after this long. */
export const SILENT_WAIT_MS = 5000;

/**
 * The no-JavaScript page reloads itself with one meta refresh whose interval grows with the scan's
 * age: every 2 s for a quick scan, up to every 15 s for a slow one (a minute-long scan costs a handful
 * of reloads, not thirty).
 */
export function refreshSeconds(elapsedMs: number): number {
  return Math.min(15, Math.max(2, Math.ceil(elapsedMs / 5000)));
}

/** A step's mark and words: a probe that does not apply is skipped (a dash), not a warning (kept for real failures). The client script mirrors these. */
const STATE_MARK: Partial<Record<ProgressEvent['state'], string>> = { done: '✓', unavailable: '!', skipped: '–' };
const STATE_WORDS: Partial<Record<ProgressEvent['state'], string>> = { unavailable: ' (not available)', skipped: ' (skipped: does not apply to this site)' };

const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;

/** The one-line detail under a running step: its requests and, when the target is slow, that we wait. */
export function stepDetail(e: ProgressEvent, running: boolean, host: string, now: number): string {
  if (e.requests === undefined) return '';
  const parts = [`${e.requests} request${e.requests === 1 ? '' : 's'}`];
  if (running && e.meanMs !== undefined && e.meanMs >= SLOW_RESPONSE_MS) parts.push(`waiting for ${host} — ${seconds(e.meanMs)} per response`);
  else if (running && now - e.at >= SILENT_WAIT_MS) parts.push(`waiting for ${host} — no answer for ${seconds(now - e.at)}`);
  return parts.join(' · ');
}

/** While a scan runs: elapsed time, steps done of total, and each step with its request count. */
export function progressPage(ctx: PageContext, scan: ScanRecord, now = Date.now()): string {
  const latest = new Map<string, ProgressEvent>();
  for (const e of scan.progress) latest.set(e.probe, { ...latest.get(e.probe), ...e });
  const last = scan.progress.at(-1);
  const started = scan.startedAt ?? scan.createdAt;
  const elapsed = now - started;
  const refresh = refreshSeconds(elapsed);
  const running = (e: ProgressEvent) => e.state === 'start' || e.state === 'active';
  return page(ctx, {
    title: `Scanning ${scan.host}`,
    head: html`<noscript><meta http-equiv="refresh" content="${refresh}"></noscript>`,
    body: html`<h1>Scanning <span class="target">${scan.url}</span></h1>
<div class="card" data-live-scan="${scan.id}" data-started-at="${started}" data-server-now="${now}" data-host="${scan.host}" data-slow-ms="${SLOW_RESPONSE_MS}" data-silent-ms="${SILENT_WAIT_MS}">
<p id="progress-status" role="status" aria-live="polite">${scan.status === 'queued' ? 'Waiting for a free scanner…' : 'Scanning…'}</p>
<p class="progress-meta muted"><span id="progress-elapsed">${scan.status === 'queued' ? 'Queued' : 'Elapsed'} ${seconds(elapsed)}</span>
<span id="progress-steps">${last?.total !== undefined ? `${last.finished ?? 0} of ${last.total} steps done` : ''}</span></p>
<ul class="progress-list" id="progress-list">
${[...latest.values()].map(
  (e) => html`<li id="probe-${e.probe}"><span class="state state-${running(e) ? 'start' : e.state}">${STATE_MARK[e.state] ?? ''}</span><span class="label">${e.label}${running(e) ? ' …' : (STATE_WORDS[e.state] ?? '')}</span><span class="detail" data-at="${e.at}">${stepDetail(e, running(e), scan.host, now)}</span></li>`,
)}
</ul>
<noscript><p class="muted small">This page reloads in ${refresh} seconds, less often the longer the scan takes, until the result is ready.</p></noscript>
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
