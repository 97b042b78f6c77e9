/**
 * The MDN HTTP Observatory's Subresource Integrity cases (its test/subresource-integrity.test.js and
 * the HTML files it reads, as data in observatory/sri-vectors.json), each page extracted by our probe's
 * extractor and judged by our SRI check. The Observatory's modifier says which of our findings is the
 * same verdict: none for a pass, sri_missing_cross_origin for its -5, sri_script_over_http for -20 and
 * -50. Differences are listed, with the reason, in observatory/expected-differences-sri.json; where
 * the reason is that another finding scores the problem, that finding must be there.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sriCheck } from '../../src/checks/headers/subresource-integrity.js';
import { httpsRedirectCheck } from '../../src/checks/https/redirects.js';
import type { HttpExchange, RedirectChain } from '../../src/model/http.js';
import { extractMetaPolicies } from '../../src/probes/html-meta.js';
import { extractSubresources } from '../../src/probes/page-resources.js';
import { evidenceWith, exchange, finalChain } from '../support/evidence.js';

type HttpMode = 'redirects' | 'http-serves-page' | 'no-http' | 'http-hop-via-www';
interface Vector {
  file: string;
  html: string;
  http: HttpMode;
  observatory: string;
  modifier: number;
  observatoryPass: boolean;
}
const dir = fileURLToPath(new URL('./observatory/', import.meta.url));
const vectors: Vector[] = JSON.parse(readFileSync(`${dir}sri-vectors.json`, 'utf8'));
const listed: { file: string; http: HttpMode; ours: string[]; reason: string; coveredBy?: string }[] = JSON.parse(readFileSync(`${dir}expected-differences-sri.json`, 'utf8'));
const now = { now: new Date('2026-11-25T12:00:00Z') };

const html = (url: string, body: string): HttpExchange => exchange(url, 200, [['Content-Type', 'text/html']], body);
const moved = (url: string, to: string): HttpExchange => exchange(url, 301, [['Location', to]]);

/** The site as the Observatory's test describes it: mozilla.org, and what its plain http does. */
function evidenceFor(v: Vector) {
  const apex = 'https://mozilla.org/';
  let page = html(apex, v.html);
  let https: RedirectChain = finalChain(apex, page);
  let http: RedirectChain = finalChain('http://mozilla.org/', moved('http://mozilla.org/', apex), page);
  if (v.http === 'http-serves-page') http = finalChain('http://mozilla.org/', html('http://mozilla.org/', v.html));
  if (v.http === 'no-http') http = { start: 'http://mozilla.org/', hops: [], outcome: 'error', error: { code: 'ECONNREFUSED', message: 'connection refused', url: 'http://mozilla.org/' } };
  if (v.http === 'http-hop-via-www') {
    page = html('https://www.mozilla.org/', v.html);
    https = finalChain(apex, moved(apex, page.url), page);
    http = finalChain('http://mozilla.org/', moved('http://mozilla.org/', 'http://www.mozilla.org/'), moved('http://www.mozilla.org/', page.url), page);
  }
  return evidenceWith({ http, https, primary: 'https', meta: extractMetaPolicies(v.html), subresources: extractSubresources(v.html, page.url) });
}

const expectedIds = (modifier: number): string[] => (modifier >= 0 ? [] : modifier === -5 ? ['sri_missing_cross_origin'] : ['sri_script_over_http']);

describe('Subresource Integrity: MDN HTTP Observatory test cases', () => {
  it('our finding is the Observatory\'s verdict, or the difference is listed with its reason', () => {
    const rows = vectors.map((v) => {
      const evidence = evidenceFor(v);
      const ours = sriCheck.run(evidence, now).map((r) => r.id).sort();
      return { ...v, ours, expected: expectedIds(v.modifier), redirectIds: httpsRedirectCheck.run(evidence, now).map((r) => r.id) };
    });
    const off = rows.filter((r) => JSON.stringify(r.ours) !== JSON.stringify(r.expected));
    console.log(`[conformance] sri mdn-http-observatory: ${rows.length} cases; agree ${rows.length - off.length}; listed differences ${listed.length}`);
    const isListed = (r: (typeof rows)[number]) => listed.find((l) => l.file === r.file && l.http === r.http && JSON.stringify(l.ours) === JSON.stringify(r.ours));
    expect(off.filter((r) => !isListed(r)).map((r) => `${r.file} (${r.http}): Observatory ${r.observatory}, ours ${JSON.stringify(r.ours)}`)).toEqual([]);
    expect(listed.filter((l) => !off.some((r) => r.file === l.file && r.http === l.http)).map((l) => `${l.file} (${l.http}) listed but now agrees`)).toEqual([]);
    // A difference explained by another finding is only explained if that finding is really given.
    for (const r of off) {
      const covered = isListed(r)?.coveredBy;
      if (covered) expect(r.redirectIds, `${r.file} (${r.http})`).toContain(covered);
    }
    // The suite is not vacuous: it holds both passes and each kind of failure.
    expect(new Set(rows.map((r) => r.expected.join()))).toEqual(new Set(['', 'sri_missing_cross_origin', 'sri_script_over_http']));
  });
});
