/**
 * Subresource Integrity: a script or style sheet from another origin runs with the page's full
 * authority, so whoever controls that origin (a CDN, a compromised account, a lapsed domain) controls
 * the page, unless an `integrity` hash pins the exact file. A script over plain http is worse: anyone
 * on the path can replace it.
 *
 * The MDN HTTP Observatory scores the same thing (its subresource-integrity test: -5 for foreign
 * scripts over https without integrity, -50 for foreign scripts over http without it, -20 with it).
 * Two differences, on purpose, listed in test/suites/observatory/expected-differences-sri.json:
 * - "foreign" is another origin (scheme, host, port), as browsers define it, not another registrable
 *   domain: a script from static.example.com on www.example.com is a second host whose takeover
 *   takes the page (the Observatory's issue #558 says its own rule is too loose);
 * - style sheets count too (CSS can exfiltrate page content and restyle it into a phishing page).
 * An `integrity` value with no hash a browser accepts (sha256, sha384, sha512) is ignored by browsers,
 * so the file loads unchecked: it counts as missing.
 */
import type { CheckResult } from '../../model/finding.js';
import type { PageSubresource } from '../../model/page.js';
import { fetchedUrl, isHttpUrl, originOf, pageContentCheck, plural, showElement, showElements, uniqueResources, upgradesInsecureRequests } from './page-content.js';

/** One hash of an integrity attribute that browsers accept (the SRI spec's hash-with-options). */
const HASH = /^(sha256|sha384|sha512)-[A-Za-z0-9+/_-]+={0,2}(\?\S*)?$/i;

/** Whether an integrity attribute holds at least one hash a browser checks; otherwise it is ignored. */
export function hasValidIntegrity(value: string | undefined): boolean {
  return value !== undefined && value.split(/\s+/).some((token) => HASH.test(token));
}

/** The elements SRI applies to whose code or style the page takes in: scripts, style sheets, module preloads. */
export function isScriptOrStyle(r: PageSubresource): boolean {
  if (r.tag === 'script') return r.attr === 'src';
  if (r.tag !== 'link' || !r.rel) return false;
  const rels = r.rel.split(/\s+/);
  return rels.includes('stylesheet') || rels.includes('modulepreload');
}

const isScript = (r: PageSubresource) => r.tag === 'script' || (r.tag === 'link' && r.rel!.split(/\s+/).includes('modulepreload'));

export const sriCheck = pageContentCheck('headers/subresource-integrity', ['sri_script_over_http', 'sri_missing_cross_origin'], 'Subresource Integrity', ({ page, http, found }) => {
  const own = originOf(page.url);
  // Under upgrade-insecure-requests a https page fetches http: URLs over https: judge what is fetched.
  const upgrade = page.url.startsWith('https:') && upgradesInsecureRequests(page, http);
  const loaded = found.resources.filter((r) => isScriptOrStyle(r) && /^https?:/i.test(r.url)).map((r) => ({ ...r, url: fetchedUrl(r.url, upgrade) }));
  const foreign = uniqueResources(loaded.filter((r) => originOf(r.url) !== own));
  const overHttp = foreign.filter((r) => isScript(r) && isHttpUrl(r.url));
  const unpinned = foreign.filter((r) => !overHttp.includes(r) && !hasValidIntegrity(r.integrity));
  const results: CheckResult[] = [];
  if (overHttp.length) {
    results.push({
      id: 'sri_script_over_http',
      title: `${plural(overHttp.length, 'script', 'scripts')} from another origin ${overHttp.length === 1 ? 'loads' : 'load'} over plain http`,
      evidence: showElements(overHttp, found),
      location: page.url,
      details: { urls: overHttp.map((r) => r.url) },
    });
  }
  if (unpinned.length) {
    const scripts = unpinned.filter(isScript).length;
    const styles = unpinned.length - scripts;
    const what = [scripts ? plural(scripts, 'script', 'scripts') : '', styles ? plural(styles, 'style sheet', 'style sheets') : ''].filter(Boolean).join(' and ');
    results.push({
      id: 'sri_missing_cross_origin',
      title: `${what} from other origins ${unpinned.length === 1 ? 'loads' : 'load'} without Subresource Integrity`,
      evidence: showElements(unpinned, found, (r) => {
        const line = showElement(r);
        return r.integrity !== undefined ? `${line}  (no sha256/sha384/sha512 hash: browsers ignore this integrity value)` : line;
      }),
      location: page.url,
      details: { urls: unpinned.map((r) => r.url) },
    });
  }
  return results;
});

