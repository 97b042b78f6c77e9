/**
 * checkdmarc's parser test cases (DMARC records, MTA-STS records and policies, TLS-RPT records), taken
 * from its test files as data, run through our parsers (src/net/dns/parse). A case checkdmarc rejects
 * must give at least one error from ours, and a case it accepts none; a difference must be listed in
 * mail/expected-differences.json with the reason.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDmarc } from '../../src/net/dns/parse/dmarc.js';
import { parseStsPolicy, parseStsRecord } from '../../src/net/dns/parse/mta-sts.js';
import { parseTlsRpt } from '../../src/net/dns/parse/tls-rpt.js';
import { validateCaaRecords } from '../../src/net/dns/parse/caa.js';

const dir = fileURLToPath(new URL('./mail/', import.meta.url));
interface Vector {
  source: string;
  test: string;
  kind: 'dmarc' | 'mta-sts-record' | 'mta-sts-policy' | 'tls-rpt';
  input: string;
  checkdmarc: 'valid' | 'invalid';
}
const vectors: Vector[] = JSON.parse(readFileSync(`${dir}checkdmarc-vectors.json`, 'utf8'));
const listed: { kind: string; input: string; ours: string; reason: string }[] = JSON.parse(readFileSync(`${dir}expected-differences.json`, 'utf8'));

const PARSERS: Record<Vector['kind'], (text: string) => { errors: string[] }> = {
  dmarc: parseDmarc,
  'mta-sts-record': parseStsRecord,
  'mta-sts-policy': parseStsPolicy,
  'tls-rpt': parseTlsRpt,
};

describe('mail records: checkdmarc parser cases', () => {
  it('our parsers accept and reject as checkdmarc does, or the difference is listed', () => {
    const rows = vectors.map((v) => {
      const errors = PARSERS[v.kind](v.input).errors;
      return { ...v, ours: errors.length ? 'invalid' : 'valid', errors };
    });
    const off = rows.filter((r) => r.ours !== r.checkdmarc);
    for (const kind of Object.keys(PARSERS)) {
      const of = rows.filter((r) => r.kind === kind);
      console.log(`[conformance] mail checkdmarc ${kind}: ${of.length} cases; agree ${of.filter((r) => r.ours === r.checkdmarc).length}`);
    }
    const show = (r: (typeof rows)[number]) => JSON.stringify({ kind: r.kind, input: r.input, checkdmarc: r.checkdmarc, ours: r.ours, errors: r.errors });
    expect(off.filter((r) => !listed.some((l) => l.kind === r.kind && l.input === r.input && l.ours === r.ours)).map(show)).toEqual([]);
    expect(listed.filter((l) => !off.some((r) => r.kind === l.kind && r.input === l.input)).map((l) => `${l.input} listed but now agrees`)).toEqual([]);
  });

  it('the RFCs\' own example records (DMARC, MTA-STS, TLS-RPT, CAA) are judged as the RFCs say', () => {
    const examples: { rfc: string; kind: Vector['kind'] | 'caa'; input: string; expected: string }[] = JSON.parse(readFileSync(`${dir}rfc-examples.json`, 'utf8'));
    const verdict = (e: (typeof examples)[number]): string => {
      if (e.kind !== 'caa') return PARSERS[e.kind](e.input).errors.length ? 'invalid' : 'valid';
      const m = /^(\d+) (\S+) "(.*)"$/.exec(e.input)!;
      const problems = validateCaaRecords([{ flags: Number(m[1]), tag: m[2]!, value: m[3]! }]);
      return problems.some((p) => p.blocksIssuance) ? 'blocks-issuance' : problems.length ? 'invalid' : 'valid';
    };
    const wrong = examples.filter((e) => verdict(e) !== e.expected).map((e) => `${e.rfc} ${e.input}: ${verdict(e)}`);
    console.log(`[conformance] mail RFC examples: ${examples.length} cases; agree ${examples.length - wrong.length}`);
    expect(wrong).toEqual([]);
  });
});
