/**
 * Fetches URLs taken from a certificate: AIA caIssuers (a missing intermediate), AIA OCSP (a
 * revocation answer) and CRL distribution points. A certificate is attacker-controlled input, so
 * every URL goes through exactly what a scan target goes through: the scan's pinned resolver (which
 * refuses private, loopback and metadata addresses unless the scan allows them) and the connect gate
 * right before the socket opens, so a refused address is never connected. Each fetch is capped in
 * time and bytes, redirects are followed at most MAX_REDIRECTS times (each hop re-checked), the scan
 * makes at most `maxFetches` of them, and each URL is fetched once per scan (a cache keyed by method,
 * URL and request body).
 *
 * http:// is the normal scheme here (RFC 5280 §4.2.2.1, RFC 6960 Appendix A: the objects are signed,
 * so transport security adds nothing); https:// is allowed too, without certificate validation for
 * the same reason: the caller checks every fetched object's signature.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { NetError } from './errors.js';
import type { ConnectGate } from './connect-gate.js';
import { defaultUserAgent } from '../model/scanner.js';

export interface CertificateUrlFetcherOptions {
  /** The scan's pinned resolver (policy applied); throws TargetRefusedError for a refused address. */
  resolveHost(host: string, port?: number): Promise<string>;
  /** The scan's connect gate: re-checks the policy right before the socket opens. */
  gate: ConnectGate;
  /** Per-fetch cap, connection to last byte. */
  timeoutMs: number;
  /** Fetches (redirect hops included) in the whole scan. */
  maxFetches?: number;
  userAgent?: string;
  signal?: AbortSignal;
}

export interface FetchRequest {
  url: string;
  /** Body size cap; a larger body is abandoned, not truncated (a cut DER object is useless). */
  maxBytes: number;
  /** POST with this body (OCSP); GET otherwise. */
  body?: Uint8Array;
  contentType?: string;
}

export type FetchResult =
  | { ok: true; url: string; status: number; contentType: string | null; body: Buffer; elapsedMs: number }
  | { ok: false; url: string; code: FetchErrorCode; message: string; elapsedMs: number };

export type FetchErrorCode = 'REFUSED' | 'BAD_URL' | 'TIMEOUT' | 'TOO_LARGE' | 'HTTP_STATUS' | 'REDIRECTS' | 'LIMIT' | 'NET_ERROR' | 'ABORTED';

export const MAX_REDIRECTS = 2;
/** AIA hops, OCSP and CRL for a leaf, with room for redirects; a certificate cannot make the scan fetch more. */
export const DEFAULT_MAX_FETCHES = 10;

export class CertificateUrlFetcher {
  private readonly cache = new Map<string, Promise<FetchResult>>();
  private used = 0;
  private readonly maxFetches: number;

  constructor(private readonly options: CertificateUrlFetcherOptions) {
    this.maxFetches = options.maxFetches ?? DEFAULT_MAX_FETCHES;
  }

  /** Fetches made so far (redirect hops included). */
  get fetches(): number {
    return this.used;
  }

  /** Never rejects: every failure is a FetchResult with the reason in words. */
  fetch(req: FetchRequest): Promise<FetchResult> {
    const key = `${req.body ? 'POST' : 'GET'} ${req.url} ${req.body ? Buffer.from(req.body).toString('base64') : ''}`;
    let pending = this.cache.get(key);
    if (!pending) {
      const started = performance.now();
      pending = this.follow(req, req.url, 0).catch((err: unknown) => failure(req.url, 'NET_ERROR', (err as Error).message, started));
      this.cache.set(key, pending);
    }
    return pending;
  }

  private async follow(req: FetchRequest, url: string, hops: number): Promise<FetchResult> {
    const started = performance.now();
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return failure(req.url, 'BAD_URL', `'${url}' is not a URL`, started);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return failure(req.url, 'BAD_URL', `only http:// and https:// URLs are fetched, not ${parsed.protocol}`, started);
    }
    if (parsed.username || parsed.password) return failure(req.url, 'BAD_URL', 'URLs with credentials are not fetched', started);
    if (this.options.signal?.aborted) return failure(req.url, 'ABORTED', 'the scan was cancelled', started);
    if (this.used >= this.maxFetches) {
      return failure(req.url, 'LIMIT', `the scan's limit of ${this.maxFetches} certificate URL fetches is used up`, started);
    }
    const port = Number(parsed.port) || (parsed.protocol === 'https:' ? 443 : 80);
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    let address: string;
    try {
      address = await this.options.resolveHost(host, port);
      this.options.gate(address, port, 'certificate-url');
    } catch (err) {
      const refused = err instanceof NetError && err.code === 'TARGET_REFUSED';
      return failure(req.url, refused ? 'REFUSED' : 'NET_ERROR', `${url}: ${(err as Error).message}`, started);
    }
    this.used++;
    const answer = await this.once(req, parsed, address, port, started);
    if ('redirect' in answer) {
      if (hops >= MAX_REDIRECTS) return failure(req.url, 'REDIRECTS', `more than ${MAX_REDIRECTS} redirects (the last to ${answer.redirect}); stopped`, started);
      let next: string;
      try {
        next = new URL(answer.redirect, parsed).href;
      } catch {
        return failure(req.url, 'BAD_URL', `the redirect target '${answer.redirect}' is not a URL`, started);
      }
      return this.follow(req, next, hops + 1);
    }
    return { ...answer, url: req.url };
  }

  /** One request to the pinned address; resolves, never rejects. */
  private once(req: FetchRequest, url: URL, address: string, port: number, started: number): Promise<FetchResult | { redirect: string }> {
    const elapsed = () => Math.round(performance.now() - started);
    const fail = (code: FetchErrorCode, message: string): FetchResult => ({ ok: false, url: url.href, code, message, elapsedMs: elapsed() });
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: FetchResult | { redirect: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.options.signal?.removeEventListener('abort', onAbort);
        request.destroy();
        resolve(result);
      };
      const hostHeader = url.port ? `${url.hostname}:${url.port}` : url.hostname;
      const common = {
        host: address,
        port,
        path: `${url.pathname}${url.search}`,
        method: req.body ? 'POST' : 'GET',
        agent: false as const,
        headers: {
          Host: hostHeader,
          'User-Agent': this.options.userAgent ?? defaultUserAgent(),
          Accept: '*/*',
          ...(req.body ? { 'Content-Type': req.contentType ?? 'application/octet-stream', 'Content-Length': String(req.body.length) } : {}),
        },
      };
      const request =
        url.protocol === 'https:'
          ? https.request({ ...common, rejectUnauthorized: false, ...(net.isIP(url.hostname.replace(/^\[|\]$/g, '')) ? {} : { servername: url.hostname }) })
          : http.request(common);
      const timer = setTimeout(() => finish(fail('TIMEOUT', `${url.href}: no complete answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
      const onAbort = () => finish(fail('ABORTED', 'the scan was cancelled'));
      this.options.signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (err) => finish(fail('NET_ERROR', `${url.href}: ${err.message}`)));
      request.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) return finish({ redirect: res.headers.location });
        if (status !== 200) return finish(fail('HTTP_STATUS', `${url.href} answered HTTP ${status}`));
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > req.maxBytes) {
          return finish(fail('TOO_LARGE', `${url.href} announces ${declared} bytes, over the ${req.maxBytes}-byte limit; not downloaded`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > req.maxBytes) return finish(fail('TOO_LARGE', `${url.href} sent more than the ${req.maxBytes}-byte limit; abandoned`));
          chunks.push(chunk);
        });
        res.on('end', () => finish({ ok: true, url: url.href, status, contentType: res.headers['content-type'] ?? null, body: Buffer.concat(chunks), elapsedMs: elapsed() }));
        res.on('error', (err) => finish(fail('NET_ERROR', `${url.href}: ${err.message}`)));
      });
      request.end(req.body ? Buffer.from(req.body) : undefined);
    });
  }
}

function failure(url: string, code: FetchErrorCode, message: string, started: number): FetchResult {
  return { ok: false, url, code, message, elapsedMs: Math.round(performance.now() - started) };
}
