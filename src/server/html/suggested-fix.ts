/**
 * Fix values taken from the scan's own evidence, shown above the generic stack snippets: for a
 * missing or report-only CSP, the policy built from the sources the page loads, as a Report-Only
 * header to trial first. The stored report is target-derived data, so the policy is shown only if it
 * still has the plain shape the builder produces.
 */
import type { Finding } from '../../model/finding.js';
import { html, type SafeHtml } from './template.js';

const POLICY_SHAPE = /^[a-z-]+ [a-z0-9 :/.'*;-]+$/;

interface Suggested {
  policy: string;
  inlineScripts: number;
  origins: number;
}

function suggestedCsp(f: Finding): Suggested | undefined {
  const s = f.details?.suggestedCsp as Partial<Suggested> | undefined;
  if (!s || typeof s.policy !== 'string' || s.policy.length > 3000 || !POLICY_SHAPE.test(s.policy)) return undefined;
  return { policy: s.policy, inlineScripts: Number(s.inlineScripts) || 0, origins: Number(s.origins) || 0 };
}

export function suggestedFix(f: Finding, key: string): SafeHtml {
  const csp = suggestedCsp(f);
  if (!csp) return html``;
  return html`<div class="suggested" data-suggested-csp>
<p><strong>A policy for this page</strong>, built from ${csp.origins === 0 ? 'its HTML (it loads nothing from other origins)' : `the ${csp.origins} other origin${csp.origins === 1 ? '' : 's'} its HTML loads from`}. Send it as <em>report-only</em> first, watch the reports or the browser console through a release, then rename the header to <code>Content-Security-Policy</code>.</p>
<div class="snippet"><pre class="code" data-lang="http" tabindex="0"><code id="suggested-${key}">Content-Security-Policy-Report-Only: ${csp.policy}</code></pre><button type="button" class="copy small" data-copy="suggested-${key}" hidden>Copy</button></div>
${csp.inlineScripts ? html`<p class="small">The page has ${csp.inlineScripts} inline script${csp.inlineScripts === 1 ? '' : 's'}: give each a nonce or a hash (or move it into a file) before enforcing, or the policy will block ${csp.inlineScripts === 1 ? 'it' : 'them'}.</p>` : ''}
</div>`;
}
