/**
 * The MDN HTTP Observatory's own header test cases (HSTS, Referrer-Policy, X-Content-Type-Options,
 * X-Frame-Options), taken from its test files as data, each run through our check for that header on
 * hand-built evidence. Observatory pass/fail is compared with ours (no finding = pass). Where they
 * differ the case is listed in observatory/expected-differences.json with what browsers do, which
 * decides; the test fails on any other difference.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Check } from '../../src/checks/check.js';
import type { RawHeader } from '../../src/model/http.js';
import type { Evidence } from '../../src/model/evidence.js';
import { hstsCheck } from '../../src/checks/headers/hsts.js';
import { referrerPolicyCheck } from '../../src/checks/headers/referrer-policy.js';
import { nosniffCheck } from '../../src/checks/headers/nosniff.js';
import { framingCheck } from '../../src/checks/headers/framing.js';
import { evidenceWith, exchange, finalChain, siteWithHeaders } from '../support/evidence.js';
import { extractMetaPolicies } from '../../src/probes/html-meta.js';

const dir = fileURLToPath(new URL('./observatory/', import.meta.url));
interface Vector {
  source: string;
  test: string;
  family: 'hsts' | 'referrer' | 'nosniff' | 'framing';
  headers: RawHeader[];
  observatory: string;
  observatoryPass: boolean;
  https?: boolean;
  certificateValid?: boolean;
}
const vectors: Vector[] = JSON.parse(readFileSync(`${dir}header-vectors.json`, 'utf8'));
const listed: { family: string; headers: RawHeader[]; ours: string[]; browsers: string; reason: string }[] = JSON.parse(readFileSync(`${dir}expected-differences.json`, 'utf8'));
const CHECKS: Record<Vector['family'], Check> = { hsts: hstsCheck, referrer: referrerPolicyCheck, nosniff: nosniffCheck, framing: framingCheck };
/** Informational ids that are not a failing verdict. */
const INFO = new Set(['hsts_preload_eligible']);

function evidenceFor(v: Vector): Evidence {
  if (v.https === false) {
    // Only plain http answers (the Observatory's "no https" case): the page and its header arrive over http.
    const page = exchange('http://site.example/', 200, [['Content-Type', 'text/html'], ...v.headers], '<p>hi</p>');
    return evidenceWith({
      http: finalChain('http://site.example/', page),
      https: { start: 'https://site.example/', hops: [], outcome: 'error', error: { code: 'ECONNREFUSED', message: 'connection refused', url: 'https://site.example/' } },
      primary: 'http',
      meta: extractMetaPolicies('<p>hi</p>'),
    });
  }
  const evidence = siteWithHeaders(v.headers);
  if (v.certificateValid === false) {
    const http = (evidence.http as { data: { https: { hops: { tls?: object }[] } } }).data;
    for (const hop of http.https.hops) hop.tls = { authorized: false, authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN', protocol: 'TLSv1.3' };
  }
  return evidence;
}

const sameHeaders = (a: RawHeader[], b: RawHeader[]) => JSON.stringify(a) === JSON.stringify(b);

describe('headers: MDN HTTP Observatory test cases', () => {
  it('our verdict equals the Observatory\'s, or the difference is listed with what browsers do', () => {
    const rows = vectors.map((v) => {
      const ids = CHECKS[v.family].run(evidenceFor(v), { now: new Date('2026-11-25T12:00:00Z') }).map((r) => r.id).filter((id) => !INFO.has(id));
      return { ...v, ours: ids, oursPass: ids.length === 0 };
    });
    const off = rows.filter((r) => r.oursPass !== r.observatoryPass);
    console.log(`[conformance] headers mdn-http-observatory: ${rows.length} cases; agree ${rows.length - off.length}; listed differences ${listed.length}`);
    const show = (r: (typeof rows)[number]) => JSON.stringify({ family: r.family, headers: r.headers, observatory: r.observatory, ours: r.ours });
    expect(off.filter((r) => !listed.some((l) => l.family === r.family && sameHeaders(l.headers, r.headers) && JSON.stringify(l.ours) === JSON.stringify(r.ours))).map(show)).toEqual([]);
    expect(listed.filter((l) => !off.some((r) => r.family === l.family && sameHeaders(l.headers, r.headers))).map((l) => `${JSON.stringify(l.headers)} listed but now agrees`)).toEqual([]);
  });
});
