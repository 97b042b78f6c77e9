/**
 * Fuzzing the record parsers for target-published DNS text: SPF, DMARC, CAA, MTA-STS (TXT record
 * and policy file) and TLS-RPT. Their contract: a result object with `errors` (or problems), never
 * an exception, bounded time on 64 kB records; generated valid records parse without errors.
 * (test/dns/parsers.property.test.ts holds the grammar-level round trips; this adds hostile input,
 * run counts and time bounds.)
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSpf } from '../../src/net/dns/parse/spf.js';
import { parseDmarc } from '../../src/net/dns/parse/dmarc.js';
import { allowedIssuers, parseIssueValue, validateCaaRecords } from '../../src/net/dns/parse/caa.js';
import { mxMatchesPattern, parseStsPolicy, parseStsRecord } from '../../src/net/dns/parse/mta-sts.js';
import { parseTlsRpt } from '../../src/net/dns/parse/tls-rpt.js';
import { FUZZ_TIMEOUT_MS, expectBoundedTime, fuzzParams, grammarString, hostileString, pathologicalInputs } from './arbitraries.js';

const SPF_WORDS = ['v=spf1', ' ', 'include:', 'a', 'mx', 'ptr', 'exists:', 'ip4:', 'ip6:', '192.0.2.1', '/24', '//64', '2001:db8::', 'redirect=', 'exp=', '-all', '~all', '+', '?', '%{i}', '%{ir}.%{v}', '%%', '%_', 'example.com', '.', ':'];
const DMARC_WORDS = ['v=DMARC1', ';', ' ', 'p=', 'sp=', 'none', 'quarantine', 'reject', 'pct=', '100', 'rua=', 'ruf=', 'mailto:', 'a@example.com', '!10m', ',', 'fo=', '0:1:d:s', 'adkim=', 's', 'aspf=', 'r', 'ri=', '86400', '='];
const CAA_WORDS = ['letsencrypt.org', 'pki.goog', ';', ' ', 'accounturi=', 'https://a.test/acct/1', 'validationmethods=', 'dns-01', '=', 'mailto:', 'a@b.test', 'https://', '.', '-'];
const STS_WORDS = ['version: STSv1', 'mode: ', 'enforce', 'testing', 'none', 'mx: ', '*.', 'mail.example.com', 'max_age: ', '86400', '\n', '\r\n', ':', ' ', 'v=STSv1', ';', 'id=', '20240101T000000'];
const RPT_WORDS = ['v=TLSRPTv1', ';', ' ', 'rua=', 'mailto:', 'tls@example.com', 'https://r.example.com/x', ',', '='];

const errorsAreStrings = (errors: readonly unknown[]) => {
  for (const e of errors) expect(typeof e).toBe('string');
};

describe('SPF', () => {
  it('is a parse with string errors, for any text', () => {
    fc.assert(fc.property(grammarString(SPF_WORDS, 60), (t) => errorsAreStrings(parseSpf(t).errors)), fuzzParams());
  });
  it('takes bounded time on 64 kB records', () => {
    expectBoundedTime(parseSpf, pathologicalInputs(SPF_WORDS, 64 * 1024, ['v=spf1 ', 'v=spf1 a:', 'v=spf1 ip4:']));
  });
});

describe('DMARC', () => {
  it('is a parse with string errors; p is one of the three policies when set', () => {
    fc.assert(
      fc.property(grammarString(DMARC_WORDS, 60), (t) => {
        const r = parseDmarc(t);
        errorsAreStrings(r.errors);
        if (r.p !== undefined && r.p !== null) expect(['none', 'quarantine', 'reject']).toContain(r.p);
      }),
      fuzzParams(),
    );
  });
  it('takes bounded time on 64 kB records', () => {
    expectBoundedTime(parseDmarc, pathologicalInputs(DMARC_WORDS, 64 * 1024, ['v=DMARC1; ', 'v=DMARC1; rua=mailto:', 'v=DMARC1; fo=']));
  });
});

describe('CAA', () => {
  const record = fc.record({ flags: fc.nat(255), tag: fc.oneof(fc.constantFrom('issue', 'issuewild', 'iodef', 'tbs', 'ISSUE', ''), hostileString(40)), value: fc.oneof(grammarString(CAA_WORDS), hostileString()) });
  it('validation, issuer lists and issue values never throw', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 12 }), (records) => {
        for (const p of validateCaaRecords(records)) expect(typeof p.problem).toBe('string');
        const issuers = allowedIssuers(records);
        if (issuers) for (const i of issuers) expect(typeof i).toBe('string');
        for (const r of records) parseIssueValue(r.value);
      }),
      fuzzParams(),
    );
  });
  it('takes bounded time on 64 kB values', () => {
    expectBoundedTime((v) => {
      validateCaaRecords([{ flags: 0, tag: 'issue', value: v }, { flags: 0, tag: 'iodef', value: v }, { flags: 128, tag: v, value: v }]);
    }, pathologicalInputs(CAA_WORDS, 64 * 1024, ['', 'letsencrypt.org; ', 'mailto:']));
  });
});

describe('MTA-STS', () => {
  it('TXT record and policy file parse to results with string errors; mx matching is total', () => {
    fc.assert(
      fc.property(grammarString(STS_WORDS, 60), hostileString(80), (t, host) => {
        errorsAreStrings(parseStsRecord(t).errors);
        const policy = parseStsPolicy(t);
        errorsAreStrings(policy.errors);
        for (const mx of policy.mx) expect(typeof mxMatchesPattern(host, mx)).toBe('boolean');
      }),
      fuzzParams(),
    );
  });
  it('takes bounded time on 64 kB records and policies', () => {
    expectBoundedTime((v) => {
      parseStsRecord(v);
      const p = parseStsPolicy(v);
      for (const mx of p.mx.slice(0, 50)) mxMatchesPattern('mx.example.com', mx);
    }, pathologicalInputs(STS_WORDS, 64 * 1024, ['', 'v=STSv1; id=', 'version: STSv1\nmx: ', 'mx:']));
  });
});

describe('TLS-RPT', () => {
  it('keeps only mailto:/https: report URIs that appear in the record', () => {
    fc.assert(
      fc.property(grammarString(RPT_WORDS, 60), (t) => {
        const r = parseTlsRpt(t);
        errorsAreStrings(r.errors);
        for (const uri of r.rua) {
          expect(uri).toMatch(/^(mailto:|https:\/\/)/i);
          expect(t.includes(uri)).toBe(true);
        }
      }),
      fuzzParams(),
    );
  });
  it('takes bounded time on 64 kB records', () => {
    expectBoundedTime(parseTlsRpt, pathologicalInputs(RPT_WORDS, 64 * 1024, ['v=TLSRPTv1; rua=', 'v=TLSRPTv1;']));
  });
}, FUZZ_TIMEOUT_MS);
