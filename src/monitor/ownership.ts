/**
 * Proof that whoever asks for a short watch interval controls the site: the site serves the watch's
 * token at /.well-known/scorifya-verify-<token>, or the domain publishes a TXT record
 * `scorifya-verify=<token>` at the host or at _scorifya.<host>. The HTTP check goes through the
 * scanner's client and target policy, like a scan of that site.
 */
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { createNetContext } from '../net/index.js';
import { describeDnsFailure } from '../net/error-words.js';

export interface OwnershipOptions {
  allowPrivate: boolean;
  resolve: string[];
  ca: string[];
  timeoutMs: number;
  /** Look for the DNS TXT record too (through the system resolver, or `dnsServers`). */
  dns: boolean;
  /** `HOST[:PORT]` DNS servers to ask instead of the system resolver (library users, tests). */
  dnsServers?: string[];
}

export type OwnershipResult = { verified: true; how: string } | { verified: false; reasons: string[] };

export const wellKnownPath = (token: string) => `/.well-known/scorifya-verify-${token}`;

export async function verifyOwnership(siteUrl: string, token: string, options: OwnershipOptions): Promise<OwnershipResult> {
  const reasons: string[] = [];
  const origin = new URL(siteUrl).origin;
  const net = createNetContext({ allowPrivate: options.allowPrivate, resolve: options.resolve, ca: options.ca, timeoutMs: options.timeoutMs, maxRequests: 2 });
  try {
    const url = `${origin}${wellKnownPath(token)}`;
    try {
      const res = await net.http.request({ url, bodyLimit: 1024 });
      if (res.status === 200 && res.body.trim().includes(token)) return { verified: true, how: `${url} serves the token` };
      reasons.push(`${url} answered ${res.status}${res.status === 200 ? ' without the token' : ''}`);
    } catch (error) {
      reasons.push(`${url}: ${(error as Error).message}`);
    }
  } finally {
    await net.close();
  }
  const host = new URL(siteUrl).hostname.replace(/^\[|\]$/g, '');
  if (options.dns && !isIP(host)) {
    const resolver = new Resolver({ timeout: options.timeoutMs, tries: 2 });
    if (options.dnsServers?.length) resolver.setServers(options.dnsServers);
    for (const name of [`_scorifya.${host}`, host]) {
      try {
        const records = await resolver.resolveTxt(name);
        if (records.some((chunks) => chunks.join('').trim() === `scorifya-verify=${token}`)) return { verified: true, how: `TXT record at ${name}` };
        reasons.push(`no TXT record scorifya-verify=<token> at ${name}`);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (code === 'ENOTFOUND') reasons.push(`no TXT record scorifya-verify=<token> at ${name}: no such name (NXDOMAIN)`);
        else if (code === 'ENODATA') reasons.push(`no TXT record scorifya-verify=<token> at ${name}: it has no TXT records`);
        else reasons.push(`TXT lookup of ${name} failed: ${describeDnsFailure(code)}`);
      }
    }
  }
  return { verified: false, reasons };
}
