/**
 * sslscan's `--xml=-` output (Debian's 2.0.7) mapped onto the bench's common rows (rows.ts). sslscan
 * reports protocols, each accepted suite with its DH size, secure renegotiation, Heartbleed, TLS
 * compression (when built with it) and the fallback SCSV (when asked); it does not validate the
 * certificate chain, so "cert trusted" stays empty.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { INCONCLUSIVE, NOT_OFFERED, NOT_VULNERABLE, OFFERED, VULNERABLE, suiteRows, type RowId, type Rows } from './rows.js';

const run = promisify(execFile);

/** Heartbleed on (unlike test/lab/tls/sslscan.ts, which compares lists only): it is one of the rows. */
export async function runSslscan(port: number, sni = 'localhost', timeoutMs = 600_000): Promise<string> {
  const { stdout } = await run('sslscan', ['--no-colour', `--sni-name=${sni}`, '--xml=-', `127.0.0.1:${port}`], { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 });
  return stdout;
}

const PROTOCOLS: Record<string, RowId> = { 'ssl:2': 'SSLv2', 'ssl:3': 'SSLv3', 'tls:1.0': 'TLSv1.0', 'tls:1.1': 'TLSv1.1', 'tls:1.2': 'TLSv1.2', 'tls:1.3': 'TLSv1.3' };

const attrs = (tag: string): Record<string, string> => Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
const tags = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}\\s[^>]*/?>`, 'g'))].map((m) => attrs(m[0]));

export function sslscanRows(xml: string): Rows {
  const rows: Rows = {};
  for (const a of tags(xml, 'protocol')) {
    const row = PROTOCOLS[`${a.type}:${a.version}`];
    if (row) rows[row] = { value: a.enabled === '1' ? OFFERED : NOT_OFFERED };
  }
  const ciphers = tags(xml, 'cipher');
  Object.assign(rows, suiteRows(ciphers.map((a) => parseInt(a.id!, 16))));
  const reneg = tags(xml, 'renegotiation')[0];
  // supported="0": no renegotiation at all, which is not the insecure kind either.
  if (reneg) rows['secure renegotiation'] = { value: reneg.secure === '1' || reneg.supported === '0' ? NOT_VULNERABLE : VULNERABLE };
  const heartbleed = tags(xml, 'heartbleed');
  if (heartbleed.length) rows.Heartbleed = { value: heartbleed.some((a) => a.vulnerable === '1') ? VULNERABLE : NOT_VULNERABLE };
  const compression = tags(xml, 'compression')[0];
  if (compression) rows['CRIME (TLS)'] = { value: compression.supported === '1' ? VULNERABLE : NOT_VULNERABLE };
  const fallback = tags(xml, 'fallback')[0];
  if (fallback) rows['fallback SCSV'] = { value: fallback.supported === '1' ? 'supported' : 'missing' };
  // TLS 1.3 lines carry the group of the key share; the DH row is about DHE suites, as ours is.
  const legacy = ciphers.filter((a) => a.sslversion !== 'TLSv1.3');
  const dhe = legacy.filter((a) => a.dhebits).map((a) => Number(a.dhebits));
  rows['DH size'] = dhe.length ? { value: `${Math.min(...dhe)} bits` } : legacy.some((a) => /^(DHE|EDH)-|_DHE_/.test(a.cipher ?? '')) ? { value: INCONCLUSIVE } : { value: 'no DHE' };
  return rows;
}
