/** Runs Debian's sslscan against a loopback fixture and reads its XML into protocol and suite lists. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { suiteInfo } from '../../../src/net/tls/cipher-suites.js';

const run = promisify(execFile);

export interface SslscanResult {
  protocols: string[];
  /** IANA names by protocol (sslscan prints OpenSSL names; the code point maps them). */
  suites: Record<string, string[]>;
  preferred: Record<string, string>;
  /** OpenSSL or IANA name as sslscan printed it, with the IANA name we map it to. */
  names: [printed: string, iana: string][];
}

const PROTOCOL_NAMES: Record<string, string> = {
  'ssl:2': 'SSLv2',
  'ssl:3': 'SSLv3',
  'tls:1.0': 'TLSv1.0',
  'tls:1.1': 'TLSv1.1',
  'tls:1.2': 'TLSv1.2',
  'tls:1.3': 'TLSv1.3',
};

export async function sslscan(port: number, sni = 'localhost', timeoutMs = 60_000): Promise<SslscanResult> {
  const { stdout } = await run('sslscan', ['--no-colour', '--no-heartbleed', `--sni-name=${sni}`, '--xml=-', `127.0.0.1:${port}`], {
    timeout: timeoutMs,
    maxBuffer: 8 * 1024 * 1024,
  });
  return parseSslscanXml(stdout);
}

export function parseSslscanXml(xml: string): SslscanResult {
  const attrs = (tag: string) => Object.fromEntries([...tag.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  const protocols = [...xml.matchAll(/<protocol [^>]*\/>/g)]
    .map((m) => attrs(m[0]))
    .filter((a) => a.enabled === '1')
    .map((a) => PROTOCOL_NAMES[`${a.type}:${a.version}`]!)
    .filter(Boolean);
  const suites: Record<string, string[]> = {};
  const preferred: Record<string, string> = {};
  const names: [string, string][] = [];
  for (const m of xml.matchAll(/<cipher [^>]*\/>/g)) {
    const a = attrs(m[0]);
    const iana = suiteInfo(parseInt(a.id!, 16)).name;
    names.push([a.cipher!, iana]);
    (suites[a.sslversion!] ??= []).push(iana);
    if (a.status === 'preferred') preferred[a.sslversion!] = iana;
  }
  return { protocols, suites, preferred, names };
}
