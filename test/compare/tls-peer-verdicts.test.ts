/**
 * The side-by-side bench's mapping (test/lab/tls/compare/): testssl.sh's JSON and sslscan's XML,
 * recorded from one loopback run against the gnutls-serv RC4 + 3DES fixture (test/fixtures/tls-peers/),
 * read onto the common rows; our rows from hand-written evidence through the real checks; differences
 * found, argued or flagged. No sockets: runs in the normal suite.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dhGroupBits, testsslRows, vulnVerdict, type TestsslEntry } from '../lab/tls/compare/testssl.js';
import { sslscanRows } from '../lab/tls/compare/sslscan-rows.js';
import { ourRows, type Rows } from '../lab/tls/compare/rows.js';
import { differences, renderDifferences, renderTable } from '../lab/tls/compare/table.js';
import { ARGUED, type Argued } from '../lab/tls/compare/argued.js';
import { connectDestinations, offLoopback } from '../lab/tls/compare/strace.js';
import { FIXTURES, selectFixtures } from '../lab/tls/compare/fixtures.js';
import { TLS_CHECKS } from '../../src/checks/tls/index.js';
import { runChecks } from '../../src/checks/run.js';
import { evidenceOf, modernTls, suite } from '../checks/tls/fixtures.js';

const dir = new URL('../fixtures/tls-peers/', import.meta.url);
const testssl = JSON.parse(readFileSync(new URL('testssl-gnutls-rc4-3des.json', dir), 'utf8')) as TestsslEntry[];
const sslscanXml = readFileSync(new URL('sslscan-gnutls-rc4-3des.xml', dir), 'utf8');
const checkable = new Set(TLS_CHECKS.flatMap((c) => c.ids));

describe('testssl.sh JSON → rows', () => {
  const rows = testsslRows(testssl);
  it('reads protocols, suites and the named vulnerabilities of the RC4 + 3DES server', () => {
    expect(rows.SSLv3?.value).toBe('not offered');
    expect(rows['TLSv1.0']?.value).toBe('offered');
    expect(rows['TLSv1.3']?.value).toBe('offered');
    expect(rows['RC4 suites']?.value).toBe('offered');
    expect(rows['64-bit block suites']?.value).toBe('offered');
    expect(rows.RC4?.value).toBe('vulnerable');
    expect(rows.SWEET32?.value).toBe('vulnerable');
    expect(rows.Heartbleed?.value).toBe('not vulnerable');
    expect(rows['CCS injection']?.value).toBe('not vulnerable');
    expect(rows.FREAK?.value).toBe('not vulnerable');
    expect(rows['secure renegotiation']?.value).toBe('not vulnerable');
    expect(rows['fallback SCSV']?.value).toBe('supported');
    expect(rows['DH size']?.value).toBe('2048 bits');
    expect(rows['cert trusted']?.value).toBe('trusted');
  });

  it('the suite list equals sslscan’s on the same server', () => {
    expect(rows.suites?.key).toBeTruthy();
    expect(rows.suites?.key).toBe(sslscanRows(sslscanXml).suites?.key);
  });

  it('words → verdicts: capitals mean vulnerable, "not vulnerable" never does, unknown is inconclusive', () => {
    const e = (finding: string, severity = 'INFO', id = 'x') => ({ id, severity, finding });
    expect(vulnVerdict(e('uses 64 bit block ciphers', 'LOW', 'SWEET32'))).toBe('vulnerable');
    expect(vulnVerdict(e('not vulnerable (OK)', 'OK'))).toBe('not vulnerable');
    expect(vulnVerdict(e('VULNERABLE, uses 64 bit block ciphers', 'LOW'))).toBe('vulnerable');
    expect(vulnVerdict(e('potentially VULNERABLE, uses gzip HTTP compression', 'HIGH'))).toBe('vulnerable');
    expect(vulnVerdict(e('likely not vulnerable (timed out)', 'OK'))).toBe('not vulnerable');
    expect(vulnVerdict(e('VULNERABLE, potential DoS threat', 'MEDIUM'))).toBe('vulnerable');
    expect(vulnVerdict(e('Not tested. /usr/bin/openssl doesn\'t support any DH EXPORT ciphers', 'WARN'))).toBe('inconclusive');
    expect(vulnVerdict(e('Server claims to support non-existent cipher suite.', 'MEDIUM'))).toBe('inconclusive');
  });
});

it('names of well-known DH groups → bits', () => {
  expect(dhGroupBits('RFC2409/Oakley Group 2')).toEqual([1024]);
  expect(dhGroupBits('ffdhe2048 ffdhe3072')).toEqual([2048, 3072]);
  expect(dhGroupBits('RFC3526/Oakley Group 14 (2048 bits)')).toEqual([2048, 2048]);
});

describe('sslscan XML → rows', () => {
  const rows = sslscanRows(sslscanXml);
  it('reads protocols, suites, renegotiation, Heartbleed and the DHE group', () => {
    expect(rows.SSLv2?.value).toBe('not offered');
    expect(rows['TLSv1.1']?.value).toBe('offered');
    expect(rows['RC4 suites']?.value).toBe('offered');
    expect(rows['static RSA kx']?.value).toBe('offered');
    expect(rows['secure renegotiation']?.value).toBe('not vulnerable');
    expect(rows.Heartbleed?.value).toBe('not vulnerable');
    expect(rows['DH size']?.value).toBe('2048 bits');
    expect(rows['cert trusted']).toBeUndefined();
  });
});

describe('our rows', () => {
  it('come from the evidence and the finding ids; a vulnerability no check can report is absent, not "not vulnerable"', () => {
    const tls = modernTls();
    tls.ciphers.find((c) => c.protocol === 'TLSv1.2')!.suites.push(suite('TLS_RSA_WITH_3DES_EDE_CBC_SHA'));
    const evidence = evidenceOf(tls);
    const findings = new Set(runChecks(TLS_CHECKS, evidence).flatMap((r) => r.results.map((f) => f.id)));
    const rows = ourRows({ evidence: tls, findings, checkable });
    expect(rows['TLSv1.2']?.value).toBe('offered');
    expect(rows['64-bit block suites']?.value).toBe('offered');
    expect(rows.SWEET32?.value).toBe('vulnerable');
    expect(rows.RC4?.value).toBe('not vulnerable');
    const withoutCheck = ourRows({ evidence: tls, findings, checkable: new Set([...checkable].filter((id) => id !== 'weak_cipher_rc4')) });
    expect(withoutCheck.RC4).toBeUndefined();
  });
});

describe('differences', () => {
  const ours: Rows = { RC4: { value: 'not vulnerable' }, 'TLSv1.0': { value: 'offered' }, BEAST: { value: 'inconclusive' } };
  const theirs: Rows = { RC4: { value: 'vulnerable' }, 'TLSv1.0': { value: 'offered' }, BEAST: { value: 'vulnerable' }, LUCKY13: { value: 'vulnerable' } };
  it('flags a difference nobody argued; an argued one carries its reason; "—" and inconclusive are not differences', () => {
    const none = differences([{ fixture: 'f', ours, testssl: theirs }], []);
    expect(none.map((d) => [d.row, d.argued])).toEqual([['RC4', undefined]]);
    const why: Argued = { row: 'RC4', peer: 'testssl', fixtures: ['f'], why: 'because' };
    const argued = differences([{ fixture: 'f', ours, testssl: theirs }], [why]);
    expect(argued[0]!.argued).toBe(why);
    expect(differences([{ fixture: 'other', ours, testssl: theirs }], [why])[0]!.argued).toBeUndefined();
    expect(renderTable([{ fixture: 'f', ours, testssl: theirs }], none, [])).toContain('| RC4 | not vulnerable | **vulnerable** ⚠ UNEXPLAINED | — |');
    expect(renderDifferences(argued, [why])).toContain('†1 **RC4**, testssl: because');
  });

  it('the argued list names real rows and fixtures', () => {
    const ids = new Set(FIXTURES.map((f) => f.id));
    for (const a of ARGUED) if (a.fixtures !== '*') for (const f of a.fixtures) expect(ids.has(f), `${a.row}: ${f}`).toBe(true);
  });
});

describe('bench plumbing', () => {
  it('fixture ids are unique and selectable', () => {
    expect(new Set(FIXTURES.map((f) => f.id)).size).toBe(FIXTURES.length);
    expect(selectFixtures(['modern']).map((f) => f.id)).toEqual(['modern']);
    expect(() => selectFixtures(['nope'])).toThrow(/unknown fixture/);
  });

  it('lists every connect() destination from strace, and what is off loopback', () => {
    const log = [
      '101 connect(3, {sa_family=AF_INET, sin_port=htons(4433), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
      '101 connect(3, {sa_family=AF_INET6, sin6_port=htons(4433), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ECONNREFUSED',
      '102 connect(4, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT',
      '103 connect(5, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("192.0.2.53")}, 16) = 0',
    ].join('\n');
    const d = connectDestinations(log);
    expect(d.sort()).toEqual(['127.0.0.1', '192.0.2.53', '::1']);
    expect(offLoopback(d)).toEqual(['192.0.2.53']);
  });
});
