/**
 * Requests that are not scans — a webhook delivery, an ownership proof, an advisory download — made
 * with the scanner's own HTTP client, so they obey the same rules as a scan: the address policy
 * (refused addresses are never connected, at every hop), pinned resolution, time and size caps, and
 * no automatic redirects. One request per call, on a net context of its own. And one TXT lookup, for
 * proofs of domain control.
 */
import { Resolver } from 'node:dns/promises';
import { createNetContext } from '../net/index.js';
import { describeDnsFailure } from '../net/error-words.js';
import type { RawHeader } from '../model/http.js';
import type { EngineNetOptions } from './net-options.js';

export interface OutboundRequest {
  url: string;
  method?: string;
  headers?: RawHeader[];
  body?: string;
  /** Bytes of the answer's body kept; the rest is cut (and bodyTruncated says so). */
  bodyLimit: number;
  timeoutMs?: number;
}

export interface OutboundResponse {
  status: number;
  body: string;
  bodyTruncated: boolean;
}

export async function sendOnce(request: OutboundRequest, options: EngineNetOptions): Promise<OutboundResponse> {
  const net = createNetContext({ ...options, maxRequests: 1 });
  try {
    const res = await net.http.request({
      url: request.url,
      bodyLimit: request.bodyLimit,
      ...(request.method ? { method: request.method } : {}),
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.timeoutMs ? { timeoutMs: request.timeoutMs } : {}),
    });
    return { status: res.status, body: res.body, bodyTruncated: Boolean(res.bodyTruncated) };
  } finally {
    await net.close();
  }
}

/** TXT strings of a name (each record's chunks joined), or why there are none, in words. */
export type TxtAnswer = { records: string[] } | { failure: 'nxdomain' | 'nodata' | 'failed'; words: string };

/** One TXT lookup through the system resolver, or through `dnsServers` (`HOST[:PORT]`) when given. */
export async function lookupTxt(name: string, options: { timeoutMs: number; dnsServers?: string[] }): Promise<TxtAnswer> {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 2 });
  if (options.dnsServers?.length) resolver.setServers(options.dnsServers);
  try {
    return { records: (await resolver.resolveTxt(name)).map((chunks) => chunks.join('')) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOTFOUND') return { failure: 'nxdomain', words: 'no such name (NXDOMAIN)' };
    if (code === 'ENODATA') return { failure: 'nodata', words: 'it has no TXT records' };
    return { failure: 'failed', words: describeDnsFailure(code) };
  }
}
