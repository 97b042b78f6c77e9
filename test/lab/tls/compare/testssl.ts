/**
 * testssl.sh (Debian's 3.0.8) on a loopback fixture, and its `--jsonfile` output mapped onto the
 * bench's common rows (rows.ts).
 *
 * Staying offline: `--ip 127.0.0.1` gives the address, so the name is never resolved; `--nodns none`
 * stops its DNS queries about the target (rDNS, CAA, MX); PHONE_OUT stays at its default (false), so no
 * CRL or OCSP responder is fetched; NXCONNECT (TESTSSL_ENV) keeps its openssl feature probes on loopback. The bench's `--strace` run logs every connect() and lists the destinations
 * (docs/tls-comparison.md, "Staying on loopback").
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suiteInfo } from '../../../../src/net/tls/cipher-suites.js';
import { INCONCLUSIVE, NOT_OFFERED, NOT_VULNERABLE, OFFERED, VULNERABLE, suiteRows, type Cell, type RowId, type Rows } from './rows.js';

const run = promisify(execFile);

export interface TestsslEntry {
  id: string;
  severity: string;
  finding: string;
}

/**
 * What testssl runs: protocols (-p), each cipher (-e), server defaults incl. the certificate chain
 * (-S), forward secrecy and DH groups (-f), every vulnerability (-U). Not: HTTP headers (-h),
 * client simulation (-c), server preferences (-P): no row reads them.
 */
export const TESTSSL_CHECKS = ['-p', '-e', '-S', '-f', '-U'];

export function testsslArgs(port: number, caFile: string, jsonFile: string, openssl: string, sni = 'localhost'): string[] {
  return [
    '--quiet', '--color', '0', '--warnings', 'batch', '--openssl', openssl,
    '--ip', '127.0.0.1', '--nodns', 'none',
    '--add-ca', caFile, ...TESTSSL_CHECKS, '--jsonfile', jsonFile,
    `https://${sni}:${port}`,
  ];
}

/**
 * Debian's OpenSSL 3 runs at security level 2 with TLS 1.2 as its floor (/etc/ssl/openssl.cnf), and
 * testssl.sh clears OPENSSL_CONF when it finds no GOST engine: its openssl calls then cannot connect to a
 * TLS 1.0-only or DH-1024 server at all ("Your OpenSSL cannot connect", and the scan stops). testssl's
 * own bundled OpenSSL has no such floor; a wrapper that runs the system binary with a config at level 0
 * and no protocol floor gives it the same reach. Returns the wrapper's path (for `--openssl`).
 */
export function laxOpenssl(dir: string): string {
  const conf = join(dir, 'openssl-lax.cnf');
  writeFileSync(conf, [
    'openssl_conf = openssl_init', '[openssl_init]', 'ssl_conf = ssl_sect', '[ssl_sect]', 'system_default = system_default_sect',
    '[system_default_sect]', 'MinProtocol = None', 'CipherString = DEFAULT:@SECLEVEL=0', '',
  ].join('\n'));
  const wrapper = join(dir, 'openssl');
  writeFileSync(wrapper, `#!/bin/sh\nOPENSSL_CONF=${conf} exec /usr/bin/openssl "$@"\n`);
  chmodSync(wrapper, 0o755);
  return wrapper;
}

/**
 * At start-up testssl asks its openssl which curves it knows with `s_client -curves X -connect invalid.`:
 * ~30 DNS queries for the reserved name "invalid." (RFC 6761) to the system's resolver, whatever
 * `--nodns` says (seen with strace). NXCONNECT is testssl's own switch for that target (its WSL
 * workaround uses 127.0.0.1:0): the probe then fails on loopback without a lookup.
 */
export const TESTSSL_ENV = { NXCONNECT: '127.0.0.1:0' };

/** Runs testssl; resolves false when it was stopped by the timeout (it exits non-zero when it finds problems, which is fine). */
export async function runTestssl(args: string[], timeoutMs = 1_800_000, wrap: string[] = []): Promise<boolean> {
  const [cmd, ...rest] = wrap.length ? [...wrap, 'testssl', ...args] : ['testssl', ...args];
  let finished = true;
  await run(cmd!, rest, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...TESTSSL_ENV } }).catch((e: { killed?: boolean }) => {
    if (e.killed) finished = false;
  });
  return finished;
}

const PROTOCOL_IDS: Record<string, RowId> = { SSLv2: 'SSLv2', SSLv3: 'SSLv3', TLS1: 'TLSv1.0', TLS1_1: 'TLSv1.1', TLS1_2: 'TLSv1.2', TLS1_3: 'TLSv1.3' };

/** testssl's vulnerability ids and the row each fills. */
const VULN_IDS: Record<string, RowId> = {
  heartbleed: 'Heartbleed',
  CCS: 'CCS injection',
  ticketbleed: 'Ticketbleed',
  ROBOT: 'ROBOT',
  secure_client_renego: 'client renegotiation',
  CRIME_TLS: 'CRIME (TLS)',
  BREACH: 'BREACH',
  POODLE_SSL: 'POODLE (SSL)',
  SWEET32: 'SWEET32',
  FREAK: 'FREAK',
  DROWN: 'DROWN',
  LOGJAM: 'LOGJAM',
  BEAST: 'BEAST',
  LUCKY13: 'LUCKY13',
  RC4: 'RC4',
};

/**
 * A vulnerability line in words → the common vocabulary (testssl 3.0.8's wording, from its source):
 * "not vulnerable …" and "likely not vulnerable (timed out)" are negatives; "VULNERABLE …" and
 * "potentially VULNERABLE/vulnerable …" positives; WARN ("Not tested", "Check failed", "test failed")
 * and anything else is inconclusive — never read as either side.
 */
export function vulnVerdict(e: TestsslEntry): string {
  const f = e.finding.trim();
  if (/^(likely )?not vulnerable|^no session ticket extension|^TLS 1\.3 only server/i.test(f)) return NOT_VULNERABLE;
  if (e.severity === 'WARN' || e.severity === 'DEBUG') return INCONCLUSIVE;
  if (/^(potentially )?vulnerable\b/i.test(f)) return VULNERABLE;
  // SWEET32's positive has no "VULNERABLE" in 3.0.8.
  if (e.id === 'SWEET32' && /^uses 64 bit block ciphers/i.test(f)) return VULNERABLE;
  return INCONCLUSIVE;
}

/** Set when testssl stopped before testing (e.g. its openssl could not connect): its JSON then holds no verdicts. */
export function testsslAborted(entries: TestsslEntry[]): string | undefined {
  const stop = entries.find((e) => (e.id === 'scanTime' && /interrupted/i.test(e.finding)) || e.id === 'scanProblem');
  if (!stop) return undefined;
  return entries.filter((e) => e.severity === 'WARN' && e.id !== 'engine_problem').map((e) => e.finding).join(' ') || stop.finding;
}

export function testsslRows(entries: TestsslEntry[]): Rows {
  const rows: Rows = {};
  const byId = new Map<string, TestsslEntry>();
  for (const e of entries) if (!byId.has(e.id)) byId.set(e.id, e);
  for (const [id, row] of Object.entries(PROTOCOL_IDS)) {
    const e = byId.get(id);
    if (!e) continue;
    rows[row] = { value: /^offered/i.test(e.finding) ? OFFERED : /not offered/i.test(e.finding) ? NOT_OFFERED : INCONCLUSIVE };
  }
  // -e lists each cipher the server accepts as cipher_x<hex> (3.0.8 tests the server as a whole, not per protocol).
  const suites = entries.filter((e) => /^cipher_x[0-9a-f]+$/i.test(e.id)).map((e) => parseInt(e.id.slice(8), 16)).filter((id) => suiteInfo(id));
  if (entries.some((e) => /^cipher_x/.test(e.id)) || byId.has('cipherlist_NULL')) Object.assign(rows, suiteRows(suites));
  for (const [id, row] of Object.entries(VULN_IDS)) {
    const e = byId.get(id);
    if (e) rows[row] = { value: vulnVerdict(e) };
  }
  const renego = byId.get('secure_renego');
  // "TLS 1.3 only server": RFC 5746 does not apply (ours leaves the row empty then too).
  if (renego && !/TLS 1\.3 only/i.test(renego.finding)) rows['secure renegotiation'] = { value: /^supported/i.test(renego.finding) ? NOT_VULNERABLE : /^VULNERABLE/.test(renego.finding) ? VULNERABLE : INCONCLUSIVE };
  const fallback = byId.get('fallback_SCSV');
  if (fallback) rows['fallback SCSV'] = { value: fallbackVerdict(fallback.finding) };
  const dh = dhSize(entries);
  if (dh) rows['DH size'] = dh;
  const trust = entries.find((e) => e.id.startsWith('cert_chain_of_trust'));
  if (trust) rows['cert trusted'] = { value: /^passed/i.test(trust.finding) ? 'trusted' : /failed|NOT ok|self.signed|untrusted/i.test(trust.finding) ? 'not trusted' : INCONCLUSIVE };
  return rows;
}

function fallbackVerdict(f: string): string {
  if (/^supported$/i.test(f)) return 'supported';
  // Nothing to fall back to: one protocol only, or nothing below the highest.
  if (/^only TLS 1\.3 supported|^no protocol below|^TLS 1\.2, TLS 1\.1, and TLS 1 not supported/i.test(f)) return 'not applicable';
  if (/^NOT supported/.test(f)) return 'missing';
  return INCONCLUSIVE;
}

/** Bits of the well-known groups testssl names (RFC 2409/3526 Oakley groups, RFC 7919 ffdhe). */
const OAKLEY_BITS: Record<string, number> = { 1: 768, 2: 1024, 5: 1536, 14: 2048, 15: 3072, 16: 4096, 17: 6144, 18: 8192 };

export function dhGroupBits(text: string): number[] {
  return [
    ...[...text.matchAll(/ffdhe(\d{4})/g)].map((m) => Number(m[1])),
    ...[...text.matchAll(/Oakley Group (\d+)/g)].map((m) => OAKLEY_BITS[m[1]!]).filter((b): b is number => b !== undefined),
    ...[...text.matchAll(/(\d{3,4}) bits/g)].map((m) => Number(m[1])),
  ];
}

/**
 * The DHE group: LOGJAM-common_primes names the prime of the server's DHE key exchange when it is a
 * well-known one ("RFC2409/Oakley Group 2"); DH_groups the groups of -f ("ffdhe2048 …", or the prime's
 * name and size). The smallest named is the row, as ours is the smallest seen.
 */
function dhSize(entries: TestsslEntry[]): Cell | undefined {
  const common = entries.find((e) => e.id === 'LOGJAM-common_primes');
  if (common && /no DH key/i.test(common.finding)) return { value: 'no DHE' };
  const bits = [common, entries.find((e) => e.id === 'DH_groups')].flatMap((e) => (e ? dhGroupBits(e.finding) : []));
  if (bits.length) return { value: `${Math.min(...bits)} bits` };
  const fs = entries.find((e) => e.id === 'FS_ciphers' || e.id === 'PFS_ciphers');
  if (fs && !/\bDHE-/.test(fs.finding)) return { value: 'no DHE' };
  return undefined;
}
