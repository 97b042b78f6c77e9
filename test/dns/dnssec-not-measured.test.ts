/**
 * DNSSEC "not measured", on hand-written evidence and answers: the chain walk names the resolver's
 * limit instead of blaming the domain, the check is skipped with the reason in words, the scoring lists
 * it as an unmeasured part of a measured category, and every renderer shows it.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type * as dnsPacket from 'dns-packet';
import type { DnsEvidence } from '../../src/model/dns.js';
import type { Evidence } from '../../src/model/evidence.js';
import { ok } from '../../src/model/probed.js';
import { runChecks } from '../../src/checks/run.js';
import { DNS_CHECKS } from '../../src/checks/dns/index.js';
import { scoreReport } from '../../src/scoring/score.js';
import { explainScore, withArithmetic } from '../../src/report/arithmetic.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { renderExport } from '../../src/report/formats.js';
import { resultPage } from '../../src/server/pages/scan-result.js';
import { validateChain } from '../../src/net/dns/dnssec/chain.js';
import type { WireResponse } from '../../src/net/dns/wire.js';
import type { TrustAnchor } from '../../src/net/dns/anchor.js';
import { base, dnssec, evidenceWith } from './helpers.js';

const STRIPPED = dnssec({
  verdict: 'indeterminate',
  zone: '.',
  resolverGap: 'records_stripped',
  explanation: 'the DNS server 127.0.0.1:53 returns no DNSKEY record for ., which the trust anchor says is signed',
});

const evidenceOf = (d: DnsEvidence): Evidence => evidenceWith(ok(d), {}, '2026-01-01T00:00:00.000Z');
const reportOf = (d: DnsEvidence) => scoreReport(evidenceOf(d), runChecks(DNS_CHECKS, evidenceOf(d)));
const dnsRow = (d: DnsEvidence) => reportOf(d).categories.find((c) => c.id === 'dns')!;
const dnssecRun = (d: DnsEvidence) => runChecks(DNS_CHECKS, evidenceOf(d)).find((r) => r.check.name === 'dns/dnssec')!;

describe('the DNSSEC check on evidence it cannot judge', () => {
  it('a resolver that strips DNSSEC records: skipped, the resolver named, what to do said', () => {
    const run = dnssecRun(base({ dnssec: STRIPPED }));
    expect(run).toMatchObject({ state: 'skipped', skip: 'cannot_judge', results: [] });
    expect(run.reason).toMatch(/^the resolver does not return DNSSEC records: the DNS server 127\.0\.0\.1:53 returns no DNSKEY record for \., which the trust anchor says is signed\. /);
    expect(run.reason).toContain('Nothing is concluded about the domain');
    expect(run.reason).toContain('--dns-server HOST:PORT');
  });
  it.each(['no_edns', 'edns_rejected'] as const)('%s: the chain walk\'s words, and the same advice', (gap) => {
    const run = dnssecRun(base({ dnssec: dnssec({ verdict: 'indeterminate', zone: '.', resolverGap: gap, explanation: 'the DNS server S answers so' }) }));
    expect(run.reason).toMatch(/^the resolver does not return DNSSEC records: the DNS server S answers so\. Nothing is concluded about the domain; .*--dns-server HOST:PORT/);
  });
  it('a failed lookup (not the resolver\'s limit) is not measured too, with the lookup named', () => {
    const run = dnssecRun(base({ dnssec: dnssec({ verdict: 'indeterminate', zone: 'test.', explanation: 'DS lookup for site.example. answered SERVFAIL' }) }));
    expect(run.skip).toBe('cannot_judge');
    expect(run.reason).toMatch(/^DS lookup for site\.example\. answered SERVFAIL; run the scan again/);
  });
  it('DNSSEC lookups that failed outright are not measured', () => {
    const run = dnssecRun(base({ dnssecUnavailable: 'DNS probe exceeded 45000 ms' }));
    expect(run.reason).toMatch(/DNSSEC lookups through 127\.0\.0\.1:53 failed \(DNS probe exceeded 45000 ms\)/);
  });
  it('our bogus against a validating resolver\'s AD: a disagreement, not measured', () => {
    const d = base({ dnssec: dnssec({ verdict: 'bogus', bogusReason: 'signature_invalid', explanation: 'bad sig' }, { server: 'r', rcode: 'NOERROR', ad: true, ede: [] }) });
    expect(dnssecRun(d).reason).toMatch(/the two disagree/);
  });
  it('a validating resolver that fails the host with an Extended DNS Error is believed, about the host', () => {
    const e = { ...STRIPPED, resolver: { server: 'r', name: 'site.example.', rcode: 'SERVFAIL', ad: false, ede: [{ code: 9, text: 'no keys' }] } };
    const run = dnssecRun(base({ dnssec: e }));
    expect(run.state).toBe('ran');
    expect(run.results.map((r) => [r.id, r.location])).toEqual([['dnssec_bogus', 'site.example']]);
  });
  it('negative controls: secure, insecure and bogus verdicts are judged as before', () => {
    expect(dnssecRun(base({ dnssec: dnssec({}) })).state).toBe('ran');
    expect(dnssecRun(base({ dnssec: dnssec({ verdict: 'insecure' }) })).results.map((r) => r.id)).toEqual(['dnssec_missing']);
    expect(dnssecRun(base({ dnssec: dnssec({ verdict: 'bogus', bogusReason: 'ds_mismatch' }) })).results.map((r) => r.id)).toEqual(['dnssec_bogus']);
  });
});

describe('scoring and every surface say DNSSEC was not measured', () => {
  it('the DNS category stays measured, with DNSSEC listed as not measured, and the unavailable list says why', () => {
    const report = reportOf(base({ dnssec: STRIPPED }));
    const row = report.categories.find((c) => c.id === 'dns')!;
    expect(row.status).toBe('measured');
    expect(row.unmeasured).toEqual([{ check: 'dns/dnssec', topic: 'DNSSEC', reason: expect.stringContaining('does not return DNSSEC records') }]);
    expect(report.unavailable).toEqual([{ probe: 'dns', check: 'dns/dnssec', reason: expect.stringMatching(/^DNSSEC not measured: the resolver does not return DNSSEC records: the DNS server 127\.0\.0\.1:53 /) }]);
    // Nothing was found to cost points: the points are those of a secure zone, and say only what was measured.
    expect(row.pointsLost).toBe(dnsRow(base({ dnssec: dnssec({}) })).pointsLost);
  });
  it('negative control: a judged zone has no unmeasured part and nothing in unavailable', () => {
    const report = reportOf(base({ dnssec: dnssec({}) }));
    expect(report.categories.find((c) => c.id === 'dns')!.unmeasured).toBeUndefined();
    expect(report.unavailable).toEqual([]);
  });
  it('terminal: the category row and the "Not measured" list', () => {
    const text = renderTerminal(reportOf(base({ dnssec: STRIPPED })), { color: false });
    expect(text).toMatch(/DNS & email\s+\S+\s+20 \/ 20\s+\(DNSSEC not measured\)/);
    expect(text).toMatch(/Not measured\n {2}dns: DNSSEC not measured: the resolver does not return DNSSEC records: the DNS server 127\.0\.0\.1:53/);
  });
  it('JSON: the category carries its unmeasured part, the arithmetic row its topic', () => {
    const json = JSON.parse(JSON.stringify(withArithmetic(reportOf(base({ dnssec: STRIPPED })))));
    expect(json.categories.find((c: { id: string }) => c.id === 'dns').unmeasured[0].topic).toBe('DNSSEC');
    expect(explainScore(reportOf(base({ dnssec: STRIPPED }))).categories.find((c) => c.id === 'dns')!.unmeasured).toEqual(['DNSSEC']);
  });
  it('web result page: the row note and the "Not measured" section, in web words', () => {
    const report = reportOf(base({ dnssec: STRIPPED }));
    const ctx = { nonce: 'n', path: '/scans/x', assets: { css: '/s.css', js: '/a.js', icon: '/i.svg' } };
    const row = { id: 'abcdefgh', url: report.target.url, host: report.target.host, tool: null, status: 'done', score: report.score, grade: report.grade, report, progress: [], error: null, createdAt: 0, startedAt: 0, finishedAt: 0 };
    const page = resultPage(ctx, row as never, 'http://127.0.0.1');
    expect(page).toMatch(/data-category="dns"[\s\S]*?DNSSEC not measured/);
    expect(page).toMatch(/<h2 id="unavail-h">Not measured<\/h2><ul><li><strong>dns<\/strong>: DNSSEC not measured: the resolver/);
    expect(page).toContain("this Scorifya server&#39;s operator chooses the resolver it uses");
    expect(page).not.toContain('--dns-server');
  });
  // CSV is one row per finding: it has no place for what was not measured.
  it.each(['html', 'markdown', 'sarif'] as const)('%s export names it', (format) => {
    const out = renderExport(reportOf(base({ dnssec: STRIPPED })), format);
    expect(out).toMatch(/DNSSEC not measured/);
  });
});

/** A minimal wire answer for the chain walk. */
/** `opt: null` is an answer without EDNS. */
function answer(rcode: string, answers: dnsPacket.Answer[], opt: WireResponse['opt'] | null = { dnssecOk: true, udpPayloadSize: 1232 }): WireResponse {
  return {
    rcode,
    flags: { aa: false, tc: false, ad: false, cd: true, ra: true },
    answers,
    authorities: [],
    additionals: [],
    ede: [],
    ...(opt ? { opt } : {}),
    transport: 'udp',
    capped: false,
    server: '127.0.0.1:53',
  };
}
const ANCHOR: TrustAnchor[] = [{ kind: 'DS', zone: '.', keyTag: 1, algorithm: 13, digestType: 2, digest: Buffer.alloc(32) }];
const KEY = { type: 'DNSKEY', name: '.', ttl: 300, class: 'IN', data: { flags: 257, algorithm: 13, key: Buffer.alloc(64, 1) } } as unknown as dnsPacket.Answer;

describe('the chain walk tells the resolver\'s limits from a broken zone', () => {
  const walk = (respond: (name: string, type: string) => WireResponse | Error) =>
    validateChain(async (name, type) => {
      const r = respond(name, type);
      if (r instanceof Error) throw r;
      return r;
    }, 'site.example', ANCHOR);

  it.each([
    ['no DNSKEY for the anchor zone', () => answer('NOERROR', []), 'records_stripped', /returns no DNSKEY record for \., which the trust anchor says is signed/],
    ['the anchor zone DNSKEY set without signatures', () => answer('NOERROR', [KEY]), 'records_stripped', /the DNSKEY set of \. without its signatures/],
    ['an answer without EDNS', () => answer('NOERROR', [KEY], null), 'no_edns', /answers without EDNS \(no OPT record\)/],
    ['FORMERR to EDNS', () => answer('FORMERR', [], null), 'edns_rejected', /answers FORMERR to queries that carry EDNS/],
    ['NOTIMP to EDNS', () => answer('NOTIMP', []), 'edns_rejected', /answers NOTIMP/],
  ] as const)('%s: indeterminate, the resolver named', async (_label, respond, gap, words) => {
    const r = await walk(respond);
    expect(r.verdict).toBe('indeterminate');
    expect(r.resolverGap).toBe(gap);
    expect(r.explanation).toMatch(words);
    expect(r.bogusReason).toBeUndefined();
  });
  it('the DO bit not echoed back is said too', async () => {
    const r = await walk(() => answer('NOERROR', [], { dnssecOk: false, udpPayloadSize: 1232 }));
    expect(r.explanation).toContain('does not echo the DO bit');
  });
  it.each([
    ['SERVFAIL', () => answer('SERVFAIL', [], null), /DNSKEY lookup for \. answered SERVFAIL/],
    ['a timeout', () => new Error('no UDP answer from 127.0.0.1:53 in 2500 ms'), /DNSKEY lookup for \. failed: no UDP answer/],
  ] as const)('%s: indeterminate, but not blamed on the resolver\'s DNSSEC support', async (_label, respond, words) => {
    const r = await walk(respond);
    expect(r).toMatchObject({ verdict: 'indeterminate' });
    expect(r.resolverGap).toBeUndefined();
    expect(r.explanation).toMatch(words);
  });
  it('negative control: keys and signatures present but wrong are still bogus', async () => {
    const sig = {
      type: 'RRSIG',
      name: '.',
      ttl: 300,
      class: 'IN',
      data: { typeCovered: 'DNSKEY', algorithm: 13, labels: 0, originalTTL: 300, expiration: 2_000_000_000, inception: 1_000_000_000, keyTag: 1, signersName: '.', signature: Buffer.alloc(64) },
    } as unknown as dnsPacket.Answer;
    const r = await walk(() => answer('NOERROR', [KEY, sig]));
    expect(r.verdict).toBe('bogus');
    expect(r.bogusReason).toBe('ds_mismatch');
  });
});

describe('property: a resolver that returns no signature at all can never make a zone bogus', () => {
  // Whatever else it sends (any rcode, with or without EDNS, any mix of keys, DS, SOA and NSEC records),
  // a server that never returns an RRSIG gives no evidence about the domain: the verdict stays open.
  const record = fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 96 }).map((key) => ({ type: 'DNSKEY', name: '.', ttl: 300, class: 'IN', data: { flags: 257, algorithm: 13, key: Buffer.from(key) } })),
    fc.record({ keyTag: fc.integer({ min: 0, max: 65535 }), digest: fc.uint8Array({ minLength: 32, maxLength: 32 }) }).map(({ keyTag, digest }) => ({
      type: 'DS',
      name: 'site.example.',
      ttl: 300,
      class: 'IN',
      data: { keyTag, algorithm: 13, digestType: 2, digest: Buffer.from(digest) },
    })),
    fc.constant({ type: 'SOA', name: '.', ttl: 300, class: 'IN', data: { mname: 'a.', rname: 'b.', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 1 } }),
    fc.constant({ type: 'NSEC', name: 'site.example.', ttl: 300, class: 'IN', data: { nextDomain: 'z.', rrtypes: ['NS'] } }),
  );
  const reply = fc.record({
    rcode: fc.constantFrom('NOERROR', 'NXDOMAIN', 'SERVFAIL', 'FORMERR', 'NOTIMP', 'REFUSED'),
    edns: fc.boolean(),
    answers: fc.array(record, { maxLength: 6 }),
  });
  it('holds for any such answers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(reply, { minLength: 1, maxLength: 8 }), async (replies) => {
        let i = 0;
        const r = await validateChain(async () => {
          const next = replies[i++ % replies.length]!;
          return answer(next.rcode, next.answers as unknown as dnsPacket.Answer[], next.edns ? { dnssecOk: true, udpPayloadSize: 1232 } : null);
        }, 'www.site.example', ANCHOR);
        expect(r.verdict).toBe('indeterminate');
      }),
      { numRuns: 300 },
    );
  });
});
