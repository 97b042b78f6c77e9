/**
 * Proof that whoever asks for a short watch interval controls the site: the site serves the watch's
 * token at /.well-known/scorifya-verify-<token>, or the domain publishes a TXT record
 * `scorifya-verify=<token>` at the host or at _scorifya.<host>. The HTTP check goes through the
 * scanner's client and target policy, like a scan of that site.
 */
import { isIP } from 'node:net';
import { lookupTxt, sendOnce } from '../engine/outbound.js';

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
  const url = `${origin}${wellKnownPath(token)}`;
  try {
    const res = await sendOnce({ url, bodyLimit: 1024 }, { allowPrivate: options.allowPrivate, resolve: options.resolve, ca: options.ca, timeoutMs: options.timeoutMs });
    if (res.status === 200 && res.body.trim().includes(token)) return { verified: true, how: `${url} serves the token` };
    reasons.push(`${url} answered ${res.status}${res.status === 200 ? ' without the token' : ''}`);
  } catch (error) {
    reasons.push(`${url}: ${(error as Error).message}`);
  }
  const host = new URL(siteUrl).hostname.replace(/^\[|\]$/g, '');
  if (options.dns && !isIP(host)) {
    for (const name of [`_scorifya.${host}`, host]) {
      const answer = await lookupTxt(name, { timeoutMs: options.timeoutMs, ...(options.dnsServers?.length ? { dnsServers: options.dnsServers } : {}) });
      if ('records' in answer) {
        if (answer.records.some((text) => text.trim() === `scorifya-verify=${token}`)) return { verified: true, how: `TXT record at ${name}` };
        reasons.push(`no TXT record scorifya-verify=<token> at ${name}`);
      } else if (answer.failure === 'nxdomain') reasons.push(`no TXT record scorifya-verify=<token> at ${name}: no such name (NXDOMAIN)`);
      else if (answer.failure === 'nodata') reasons.push(`no TXT record scorifya-verify=<token> at ${name}: it has no TXT records`);
      else reasons.push(`TXT lookup of ${name} failed: ${answer.words}`);
    }
  }
  return { verified: false, reasons };
}
