import type { ScanSummary } from '../../store/scan-store.js';
import { page, type PageContext } from '../html/layout.js';
import { html, seg, type SafeHtml } from '../html/template.js';
import { gradeBadge, when } from '../html/components.js';
import { webWords } from '../html/web-words.js';

export interface ScanFormState {
  url?: string;
  error?: string;
  /** Offer the "scan signed in" fields (the home page's full scan). */
  signedIn?: boolean;
  /** Open them: the error is about them. Their values are never filled in again. */
  signedInOpen?: boolean;
}

/**
 * Headers and a cookie for a signed-in or staging scan. They go only to the scanned host, and the
 * server keeps them in memory until the scan starts; the form never echoes them back.
 */
function signedInFields(open: boolean): SafeHtml {
  return html`<details class="signed-in"${open ? html` open` : ''}>
<summary>Advanced: scan signed in</summary>
<p class="muted small" id="signed-in-help">For a site behind a login or a staging gate: these go only to the scanned host, never to another site a redirect leads to. Their values are not stored — not in the result, its exports or the server's logs; the result names the headers only, is not listed publicly and is never reused. Use a test account.</p>
<label for="site-headers">Headers, one <code>Name: value</code> per line</label>
<textarea id="site-headers" name="headers" rows="3" autocomplete="off" spellcheck="false" aria-describedby="signed-in-help" placeholder="Authorization: Bearer …"></textarea>
<label for="site-cookie">Cookie</label>
<input type="text" id="site-cookie" name="cookie" autocomplete="off" spellcheck="false" maxlength="8192" aria-describedby="signed-in-help" placeholder="sessionid=…; theme=dark">
</details>`;
}

/** The scan form; also used for re-scans and tool pages. */
export function scanForm(action: string, state: ScanFormState = {}, button = 'Scan'): SafeHtml {
  return html`<form class="scan-form" method="post" action="${action}">
${state.error ? html`<p class="error-box" role="alert" id="form-error">${webWords(state.error)}</p>` : ''}
<label for="url">Website address</label>
<div class="field-row">
<input type="text" id="url" name="url" inputmode="url" autocomplete="url" spellcheck="false" required maxlength="2048" placeholder="https://example.com" value="${state.url ?? ''}"${state.error ? html` aria-describedby="form-error" aria-invalid="true"` : ''}>
<button type="submit">${button}</button>
</div>
${state.signedIn ? signedInFields(state.signedInOpen ?? false) : ''}
<label class="check"><input type="checkbox" name="allowed" value="yes" required> I am allowed to test this site (it is mine, or its owner agreed).</label>
</form>`;
}

export function homePage(ctx: PageContext, recent: readonly ScanSummary[], state: ScanFormState = {}): string {
  return page(ctx, {
    title: 'Website security scorecard',
    body: html`<section class="hero">
<h1>How secure is your website?</h1>
<p class="lead">One score from 0 to 100 across TLS &amp; HTTPS, security headers, exposure, cookies and DNS &amp; email — and for every problem, what it costs, why it matters and how to fix it on your stack.</p>
${scanForm('/scans', { signedIn: true, ...state })}
</section>
<section aria-labelledby="recent-h">
<h2 id="recent-h">Recent scans</h2>
${recent.length === 0
  ? html`<p class="muted">No scans yet. Yours will be the first.</p>`
  : html`<div class="table-scroll" tabindex="0"><table><thead><tr><th scope="col">Site</th><th scope="col">Grade</th><th scope="col">Score</th><th scope="col">Scanned</th></tr></thead><tbody>
${recent.map((s) => html`<tr><td><a href="/scans/${seg(s.id)}">${s.host}</a> <span class="muted small">· <a href="/hosts/${seg(s.host)}">history</a></span></td><td>${gradeBadge(s.grade, s.gradePartial)}</td><td>${s.score ?? '–'}</td><td>${when(s.createdAt)}</td></tr>`)}
</tbody></table></div>`}
</section>`,
  });
}
