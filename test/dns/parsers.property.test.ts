/**
 * Property tests for the parsers of hostile record text: they are total (never throw), bounded in
 * time on large inputs, and accept what well-formed generators produce.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSpf, isSpfRecord } from '../../src/net/dns/parse/spf.js';
import { parseDmarc } from '../../src/net/dns/parse/dmarc.js';
import { validateCaaRecords, parseIssueValue, allowedIssuers } from '../../src/net/dns/parse/caa.js';
import { parseStsPolicy, parseStsRecord, mxMatchesPattern } from '../../src/net/dns/parse/mta-sts.js';
import { parseTlsRpt } from '../../src/net/dns/parse/tls-rpt.js';
import { parseTrustAnchors } from '../../src/net/dns/anchor.js';

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);
const domain = fc.tuple(label, label, fc.constantFrom('com', 'org', 'test')).map((p) => p.join('.'));
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const anyText = fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 200 }));
const TOTAL_RUNS = { numRuns: 300 };

describe('SPF parser', () => {
  it('never throws on arbitrary text, with or without the version tag', () => {
    fc.assert(fc.property(anyText, (t) => {
      parseSpf(t);
      parseSpf(`v=spf1 ${t}`);
    }), TOTAL_RUNS);
  });
  it('accepts generated valid records and counts their lookup terms', () => {
    const mech = fc.oneof(
      domain.map((d) => ({ t: `include:${d}`, lookup: 1 })),
      domain.map((d) => ({ t: `a:${d}`, lookup: 1 })),
      fc.constant({ t: 'mx', lookup: 1 }),
      domain.map((d) => ({ t: `exists:${d}`, lookup: 1 })),
      ipv4.map((ip) => ({ t: `ip4:${ip}`, lookup: 0 })),
      fc.tuple(ipv4, fc.integer({ min: 0, max: 32 })).map(([ip, n]) => ({ t: `ip4:${ip}/${n}`, lookup: 0 })),
      fc.constant({ t: 'ip6:2001:db8::/32', lookup: 0 }),
    );
    fc.assert(
      fc.property(fc.array(mech, { maxLength: 15 }), fc.constantFrom('-all', '~all', '?all', '+all', ''), (mechs, all) => {
        const record = ['v=spf1', ...mechs.map((m) => m.t), all].filter(Boolean).join(' ');
        expect(isSpfRecord(record)).toBe(true);
        const parsed = parseSpf(record);
        expect(parsed.errors).toEqual([]);
        expect(parsed.lookupTerms.length).toBe(mechs.reduce((n, m) => n + m.lookup, 0));
      }),
      TOTAL_RUNS,
    );
  });
  it('is fast on a huge record', () => {
    const start = performance.now();
    parseSpf(`v=spf1 ${'include:a.example.com '.repeat(5000)}-all`);
    parseSpf(`v=spf1 ${'%{'.repeat(20000)}`);
    expect(performance.now() - start).toBeLessThan(1000);
  });
  it('flags the classic mistakes', () => {
    expect(parseSpf('v=spf1 ip4:999.1.1.1 -all').errors.length).toBe(1);
    expect(parseSpf('v=spf1 redirect=a.com redirect=b.com').errors).toContain('"redirect" appears more than once');
    expect(parseSpf('v=spf1 include -all').errors.length).toBe(1);
    expect(parseSpf('v=spf1 a/33 -all').errors.length).toBe(1);
    expect(parseSpf('v=spf1 include:%{ir}.%{v}._spf.%{d} -all').errors).toEqual([]);
  });
});

describe('DMARC parser', () => {
  it('never throws', () => {
    fc.assert(fc.property(anyText, (t) => {
      parseDmarc(t);
      parseDmarc(`v=DMARC1; ${t}`);
    }), TOTAL_RUNS);
  });
  it('round-trips generated records', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('none', 'quarantine', 'reject'),
        fc.option(fc.constantFrom('none', 'quarantine', 'reject')),
        fc.option(fc.integer({ min: 0, max: 100 })),
        fc.array(fc.tuple(label, domain), { maxLength: 3 }),
        (p, sp, pct, rua) => {
          const tags = [`v=DMARC1`, `p=${p}`, sp ? `sp=${sp}` : '', pct !== null ? `pct=${pct}` : '', rua.length ? `rua=${rua.map(([u, d]) => `mailto:${u}@${d}`).join(',')}` : ''];
          const parsed = parseDmarc(tags.filter(Boolean).join('; '));
          expect(parsed.errors).toEqual([]);
          expect(parsed.p).toBe(p);
          expect(parsed.rua.map((r) => r.host)).toEqual(rua.map(([, d]) => d));
        },
      ),
      TOTAL_RUNS,
    );
  });
  it('catches commas instead of semicolons and bad policies', () => {
    expect(parseDmarc('v=DMARC1, p=reject').errors.length).toBeGreaterThan(0);
    expect(parseDmarc('p=reject; v=DMARC1').errors).toContain('the record must start with v=DMARC1');
    expect(parseDmarc('v=DMARC1; p=block').errors.length).toBe(1);
  });
});

describe('CAA validation', () => {
  it('never throws on arbitrary flags, tags and values', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ flags: fc.nat(255), tag: anyText, value: anyText }), { maxLength: 20 }), (records) => {
        validateCaaRecords(records);
        allowedIssuers(records);
        for (const r of records) parseIssueValue(r.value);
      }),
      TOTAL_RUNS,
    );
  });
  it('accepts generated issue values and blocks on critical unknown tags', () => {
    fc.assert(
      fc.property(domain, fc.array(fc.tuple(label, label), { maxLength: 3 }), (ca, params) => {
        const value = [ca, ...params.map(([k, v]) => `${k}=${v}`)].join('; ');
        expect(validateCaaRecords([{ flags: 0, tag: 'issue', value }])).toEqual([]);
        expect(allowedIssuers([{ tag: 'issue', value }])).toEqual([ca]);
      }),
      TOTAL_RUNS,
    );
    expect(validateCaaRecords([{ flags: 128, tag: 'tbs', value: 'x' }])[0]!.blocksIssuance).toBe(true);
    expect(allowedIssuers([{ tag: 'issue', value: ';' }])).toEqual([]);
  });
});

describe('MTA-STS parsers', () => {
  it('never throw', () => {
    fc.assert(fc.property(anyText, (t) => {
      parseStsRecord(t);
      parseStsPolicy(t);
      mxMatchesPattern(t, t);
    }), TOTAL_RUNS);
  });
  it('accept generated policies, with either line ending', () => {
    fc.assert(
      fc.property(fc.constantFrom('enforce', 'testing'), fc.integer({ min: 0, max: 31_557_600 }), fc.array(domain, { minLength: 1, maxLength: 4 }), fc.constantFrom('\n', '\r\n'), (mode, maxAge, mx, eol) => {
        const body = ['version: STSv1', `mode: ${mode}`, ...mx.map((m) => `mx: ${m}`), `max_age: ${maxAge}`].join(eol) + eol;
        const p = parseStsPolicy(body);
        expect(p.errors).toEqual([]);
        expect(p.mx).toEqual(mx);
      }),
      TOTAL_RUNS,
    );
  });
  it('wildcards match exactly one label', () => {
    expect(mxMatchesPattern('mx1.example.com', '*.example.com')).toBe(true);
    expect(mxMatchesPattern('a.b.example.com', '*.example.com')).toBe(false);
    expect(mxMatchesPattern('example.com', '*.example.com')).toBe(false);
    expect(parseStsRecord('v=STSv1; id=20240101T000000;').errors).toEqual([]);
    expect(parseStsRecord('v=STSv1; id=abc-def').errors.length).toBe(1);
    expect(parseStsPolicy('version: STSv1\nmode: enforce\nmax_age: 31557601\nmx: a.example.com').errors.length).toBe(1);
  });
});

describe('TLS-RPT parser', () => {
  it('never throws and accepts generated records', () => {
    fc.assert(fc.property(anyText, (t) => void parseTlsRpt(t)), TOTAL_RUNS);
    fc.assert(
      fc.property(fc.array(fc.oneof(domain.map((d) => `mailto:tls@${d}`), domain.map((d) => `https://${d}/report`)), { minLength: 1, maxLength: 3 }), (rua) => {
        expect(parseTlsRpt(`v=TLSRPTv1; rua=${rua.join(',')}`)).toEqual({ rua, errors: [] });
      }),
      TOTAL_RUNS,
    );
  });
});

describe('trust anchor parser', () => {
  it('throws only clean Errors on junk', () => {
    fc.assert(fc.property(anyText, (t) => {
      try {
        parseTrustAnchors(t);
      } catch (err) {
        expect(err).toBeInstanceOf(Error);
      }
    }), TOTAL_RUNS);
  });
  it('reads DS and DNSKEY lines', () => {
    const [ds] = parseTrustAnchors('. 3600 IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D');
    expect(ds).toMatchObject({ kind: 'DS', zone: '.', keyTag: 20326, algorithm: 8, digestType: 2 });
    const [key] = parseTrustAnchors('example.test. DNSKEY 257 3 13 wVBCh5lChDhWgEsqzw91wQdAxmmZPwKhaab13p5I/6oX 3v/WQmo39YnnGqmcpaDMQWYQSGrhcZVDriYC0kR2zg==');
    expect(key).toMatchObject({ kind: 'DNSKEY', zone: 'example.test.', flags: 257, algorithm: 13 });
  });
});
