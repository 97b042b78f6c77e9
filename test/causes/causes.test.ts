/**
 * Fixes that match the cause: for every cause of every multi-cause finding id, hand-written evidence
 * that shows it must produce that cause (through the real check runner, which refuses an emit without
 * a declared cause), and the reader must get that cause's fix steps, not the general ones or another
 * cause's. Every declared cause needs a case here.
 */
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { declaredCauses, runChecks } from '../../src/checks/run.js';
import type { Check } from '../../src/checks/check.js';
import { findingContent } from '../../src/content/load.js';
import { contentForFinding } from '../../src/content/cause.js';
import type { CheckResult } from '../../src/model/finding.js';
import type { CauseCase } from './cases.js';
import { HEADER_CASES } from './cases-headers.js';
import { TLS_COOKIE_CASES } from './cases-tls-cookies.js';
import { EXPOSURE_CASES } from './cases-exposure.js';
import { DNS_CASES, domain, spf } from './cases-dns.js';

const CASES: CauseCase[] = [...HEADER_CASES, ...TLS_COOKIE_CASES, ...EXPOSURE_CASES, ...DNS_CASES];
const content = findingContent();

const findingsOf = (evidence: CauseCase['evidence']): CheckResult[] => runChecks(ALL_CHECKS, evidence).flatMap((r) => r.results);

describe('each cause, from the evidence that shows it', () => {
  it.each(CASES.map((c) => [`${c.id} / ${c.cause}: ${c.shows}`, c] as const))('%s', (_name, c) => {
    const found = findingsOf(c.evidence).filter((r) => r.id === c.id);
    expect(found.map((f) => f.cause)).toEqual([c.cause]);
    const words = content.get(c.id)!;
    const shown = contentForFinding(content, found[0]!)!;
    expect(shown.cause).toEqual({ id: c.cause, summary: words.causes.get(c.cause)!.summary });
    expect(shown.steps).toEqual(words.causes.get(c.cause)!.steps);
    // Specific to this cause: neither the general fix nor another cause's.
    expect(shown.steps).not.toEqual(words.steps);
    for (const other of words.causes.values()) if (other.id !== c.cause) expect(shown.steps, other.id).not.toEqual(other.steps);
  });

  it('covers every declared cause, and declares every cause a case shows', () => {
    const declared = [...declaredCauses(ALL_CHECKS)].flatMap(([id, causes]) => [...causes].map((c) => `${id}/${c}`)).sort();
    const covered = [...new Set(CASES.map((c) => `${c.id}/${c.cause}`))].sort();
    expect(covered).toEqual(declared);
    expect(declared.length).toBeGreaterThan(60);
  });
});

describe('the fix follows the cause (the words, not only the id)', () => {
  const stepsFor = (evidence: CauseCase['evidence'], id: string) => contentForFinding(content, findingsOf(evidence).find((r) => r.id === id)!)!.steps.join('\n');

  it('an SPF pass through an exists: macro says to fix the macro, not to replace +all', () => {
    const steps = stepsFor(spf('v=spf1 exists:%{i}._spf.site.example -all', { result: 'pass', matched: { domain: 'site.example', term: 'exists:%{i}._spf.site.example' } }), 'dns_spf_pass_all');
    expect(steps).toContain('Fix the `exists:` term, not the `all` term');
    expect(steps).not.toContain('Replace `+all`');
  });

  it('an SPF pass through +all says to replace +all', () => {
    const steps = stepsFor(spf('v=spf1 +all', { result: 'pass', matched: { domain: 'site.example', term: '+all' } }), 'dns_spf_pass_all');
    expect(steps).toMatch(/^Replace `\+all` with `-all`/);
  });

  it('an SPF record judged from its tree alone (evidence saved before check_host ran) is the +all cause', () => {
    const [f] = findingsOf(domain({}, { txt: { name: 'site.example', status: 'ok', records: [{ text: 'v=spf1 +all', strings: 1, bytes: 11 }] }, spfTree: { domain: 'site.example', record: 'v=spf1 +all', lookup: 'found', lookups: 0, voidLookups: 0, terms: [], children: [] } })).filter((r) => r.id === 'dns_spf_pass_all');
    expect(f!.cause).toBe('plus_all');
  });

  it('HSTS on an untrusted certificate sends the reader to the certificate, not to add the header', () => {
    const c = HEADER_CASES.find((x) => x.cause === 'certificate_not_trusted')!;
    const steps = stepsFor(c.evidence, 'missing_hsts');
    expect(steps).toContain('Fix the certificate');
    expect(steps).not.toContain('Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every HTTPS response');
  });

  it('a DNSSEC failure named only by the resolver maps its specific EDE codes to causes', () => {
    const viaEde = (code: number) =>
      findingsOf(domain({ dnssec: { anchor: 'iana-root', chain: { verdict: 'secure', zone: 'site.example.', explanation: 'x', chain: [] }, resolver: { server: 'r', rcode: 'SERVFAIL', ad: false, ede: [{ code, text: '' }] } } })).find((r) => r.id === 'dnssec_bogus')!.cause;
    expect([7, 8, 9, 10, 11, 12, 6].map(viaEde)).toEqual(['signature_expired', 'signature_not_yet_valid', 'ds_mismatch', 'rrsig_missing', 'dnskey_missing', 'denial_missing', 'resolver_reported']);
  });

  it('a finding without a cause (a report saved before causes) gets the general fix, and so does an unknown cause', () => {
    const words = content.get('dns_spf_pass_all')!;
    expect(contentForFinding(content, { id: 'dns_spf_pass_all' })!.steps).toEqual(words.steps);
    expect(contentForFinding(content, { id: 'dns_spf_pass_all' })!.cause).toBeUndefined();
    expect(contentForFinding(content, { id: 'dns_spf_pass_all', cause: 'renamed_later' })!.steps).toEqual(words.steps);
  });
});

describe('the runner holds checks to their declared causes', () => {
  const evidence = CASES[0]!.evidence;
  const fake = (results: CheckResult[], causes?: Check['causes']): Check => ({
    name: 'test/fake',
    category: 'headers',
    ids: ['weak_csp', 'missing_csp'],
    ...(causes ? { causes } : {}),
    reads: [],
    run: () => results,
  });
  const r = (id: string, cause?: string): CheckResult => ({ id, title: 't', evidence: 'e', location: 'l', ...(cause ? { cause } : {}) });

  it('refuses a multi-cause id emitted without a cause', () => {
    expect(() => runChecks([fake([r('weak_csp')], { weak_csp: ['unsafe_eval'] })], evidence)).toThrow(/weak_csp was emitted without a cause/);
  });
  it('refuses a cause the check did not declare', () => {
    expect(() => runChecks([fake([r('weak_csp', 'typo')], { weak_csp: ['unsafe_eval'] })], evidence)).toThrow(/undeclared cause 'typo'/);
  });
  it('refuses a cause on an id with one cause', () => {
    expect(() => runChecks([fake([r('missing_csp', 'header_absent')], { weak_csp: ['unsafe_eval'] })], evidence)).toThrow(/missing_csp has no declared causes/);
  });
  it('accepts a declared cause and a single-cause id without one', () => {
    const [run] = runChecks([fake([r('weak_csp', 'unsafe_eval'), r('missing_csp')], { weak_csp: ['unsafe_eval'] })], evidence);
    expect(run!.results.map((x) => x.cause)).toEqual(['unsafe_eval', undefined]);
  });
});
