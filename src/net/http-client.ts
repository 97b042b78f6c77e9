/**
 * The scan's HTTP client. It follows no redirects (the probe records each hop), keeps the raw header
 * list in order (every Set-Cookie, duplicates), caps the body, bounds every phase in time, connects
 * only to the address the pinned resolver chose, and records how TLS verification went instead of
 * failing, so headers can still be judged on a site with a bad certificate.
 *
 * Two transports, one result (net/response-assembly): an https origin's first connection offers
 * HTTP/2 and HTTP/1.1 by ALPN (connect.ts). If the server picks h2, the origin gets one node:http2
 * session carrying up to `streams` requests at once (h2-session.ts explains why not undici's h2
 * client: it loses repeated header fields). Otherwise that socket, and every later HTTP/1.1
 * connection, goes to undici, which is loaded on first use: a scan's first packets do not wait for it.
 * Requests that start while an origin's first connection is learning its protocol wait for it, as
 * browsers do for a server that may speak h2: on an HTTP/2 site they then share that connection
 * instead of each paying a handshake. In a scan the second https request (the http:// chain's
 * redirect) comes as the first handshake ends, so on an HTTP/1.1 site the wait costs nothing measurable.
 */
import type { Agent, Dispatcher } from 'undici';
import type { HttpExchange, RawHeader } from '../model/http.js';
import type { HttpClient, HttpRequest, RequestBudget } from './context.js';
import { NetError } from './errors.js';
import type { PinnedResolver } from './resolve.js';
import type { ConnectGate } from './connect-gate.js';
import { openConnection, originKey, originOf, type Connection, type ConnectionFacts, type OriginParts } from './connect.js';
import { abortError, assembleExchange, MAX_RESPONSE_HEADER_BYTES, type ExchangeSink } from './response-assembly.js';
import type { H2Session } from './h2-session.js';
import { Gate } from './gate.js';
import { defaultUserAgent } from '../model/scanner.js';
import { withSiteHeaders } from './site-headers.js';

/** Names Scorifya's version and the runtime's (model/scanner.ts). */
export const DEFAULT_USER_AGENT = defaultUserAgent();
export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
/** How long an idle connection stays open for the next request (undici's keep-alive and our h2 sessions). */
const IDLE_MS = 2_000;

export interface HttpClientOptions {
  resolver: PinnedResolver;
  budget: RequestBudget;
  ca?: string[];
  timeoutMs: number;
  bodyLimit?: number;
  userAgent?: string;
  /** The user's headers (site-headers.ts), sent only on requests to this host. */
  site?: { host: string; headers: readonly RawHeader[] };
  /** Connections per origin (HTTP/1.1 runs one request per connection at a time). Default 4. */
  connections?: number;
  /** Requests at once on one HTTP/2 connection. Default 1 (no multiplexing). */
  streams?: number;
  /** Checks and records every connection before its socket opens (the policy, again, and a log). */
  gate?: ConnectGate;
}

/** What the client knows of an https origin's protocol (nothing until a first connection says). */
type OriginState = { kind: 'h1' } | { kind: 'h2'; session: H2Session };

export function createHttpClient(options: HttpClientOptions): HttpClient & { close(): Promise<void> } {
  const connectOptions = {
    resolver: options.resolver,
    ca: options.ca ?? [],
    timeoutMs: options.timeoutMs,
    ...(options.gate ? { gate: options.gate } : {}),
  };
  const streams = options.streams ?? 1;
  const connectionsPerOrigin = options.connections ?? 4;
  /** HTTP/1.1 requests per origin holding a scan slot (see http1Turn). */
  const h1Turns = new Map<string, Gate>();
  /**
   * HTTP/1.1 requests per origin that undici is carrying (see dispatchHttp1). Most have already waited
   * their turn above; this also bounds the ones routed there without one (an origin's first request,
   * learning its protocol, and requests whose HTTP/2 session went away), so undici never queues.
   */
  const h1Slots = new Map<string, Gate>();
  /** The last HTTP/1.1 connection's facts per origin (undici does not say which socket served a request). */
  const facts = new Map<string, ConnectionFacts>();
  /** Origins where a connection (TCP, and TLS for https) was established at least once. */
  const connected = new Set<string>();
  const origins = new Map<string, OriginState>();
  /** Origins whose protocol a first connection is learning right now: later requests wait for it. */
  const learners = new Map<string, Promise<void>>();
  /** Connections opened before undici asked for one (an origin's first, or one opened while undici loaded). */
  const handOver = new Map<string, Promise<Connection>[]>();
  let agent: Promise<Agent> | undefined;
  /** node:http2 and our session code load when a first origin picks h2. */
  let h2Module: Promise<typeof import('./h2-session.js')> | undefined;
  let closed = false;

  // After close() a connection is an error, never a socket already destroyed: undici treats a dead
  // socket as a connection lost before the request was written and connects again for its queued
  // requests, at once and for ever; an error makes it fail them.
  const clientClosed = () => new NetError('CLIENT_CLOSED', 'the scan has ended: no new connections are opened');
  const connect = (origin: OriginParts, alpn: string[]): Promise<Connection> => {
    if (closed) return Promise.reject(clientClosed());
    return openConnection(origin, alpn, connectOptions).then((c) => {
      connected.add(originKey(origin));
      if (!closed) return c;
      c.socket.destroy();
      throw clientClosed();
    });
  };

  function loadAgent(): Promise<Agent> {
    agent ??= import('undici').then(({ Agent }) =>
      new Agent({
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        maxHeaderSize: MAX_RESPONSE_HEADER_BYTES,
        keepAliveTimeout: IDLE_MS,
        connections: connectionsPerOrigin,
        connect(opts, callback) {
          const origin = originOf(new URL(`${opts.protocol}//${opts.host}`));
          const key = originKey(origin);
          const fresh = () => connect(origin, ['http/1.1']);
          // A handed-over socket the server closed meanwhile is replaced by a new connection.
          const pending = handOver.get(key)?.shift()?.then((c) => (c.socket.destroyed ? fresh() : c)) ?? fresh();
          pending.then(
            (c) => {
              facts.set(key, c.facts);
              callback(null, c.socket);
            },
            (err: unknown) => callback(err as Error, null),
          );
        },
      }),
    );
    return agent;
  }

  async function request(req: HttpRequest): Promise<HttpExchange> {
    const url = new URL(req.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new NetError('UNSUPPORTED_SCHEME', `only http and https can be fetched, not ${url.protocol}`);
    }
    if (req.signal?.aborted) throw abortError(req.signal, url);
    const origin = originOf(url);
    const key = originKey(origin);
    if (origin.protocol === 'http:') return http1Turn(key, url, req, () => options.budget.run(() => viaHttp1(url, origin, req), 'connection'));
    const learning = learners.get(key);
    if (learning && !origins.has(key)) {
      await learning;
      if (req.signal?.aborted) throw abortError(req.signal, url);
    }
    const state = origins.get(key);
    if (state?.kind === 'h2' && state.session.usable) {
      const session = state.session;
      return options.budget.run(() => exchange(url, req, key, (sink) => sendOnSession(session, url, req, sink)), streams > 1 ? 'stream' : 'connection');
    }
    if (state?.kind === 'h1') return http1Turn(key, url, req, () => options.budget.run(() => viaHttp1(url, origin, req), 'connection'));
    // Unknown: this request learns, and requests that come meanwhile wait for its outcome (once: after
    // a failed learning each goes on its own, so a dead origin costs one timeout, not one per request).
    let learnt: (() => void) | undefined;
    if (!learners.has(key)) {
      const mine = new Promise<void>((resolve) => (learnt = resolve));
      learners.set(key, mine);
      const release = learnt!;
      learnt = () => {
        if (learners.get(key) === mine) learners.delete(key);
        release();
      };
    }
    try {
      // Routed when its slot is granted: by then another request may have learnt the protocol.
      return await options.budget.run(() => exchange(url, req, key, (sink) => route(url, req, sink, learnt)), 'connection');
    } finally {
      learnt?.();
    }
  }

  /**
   * An HTTP/1.1 request waits for its origin's turn before it asks the scan budget for a connection
   * slot: at most as many of an origin's requests hold slots as the origin has connections. Otherwise
   * a path probe's dozens of queued requests would hold every slot while waiting for one of the six
   * connections, and the TLS probe, which shares the slots, would starve (on an HTTP/1.1-only site it
   * finished last, after 24 round trips).
   */
  async function http1Turn(key: string, url: URL, req: HttpRequest, send: () => Promise<HttpExchange>): Promise<HttpExchange> {
    let turns = h1Turns.get(key);
    if (!turns) h1Turns.set(key, (turns = new Gate(connectionsPerOrigin)));
    try {
      return await turns.run(send, false, req.signal);
    } catch (err) {
      // Cancelled while it waited for its turn: the same error as a request cancelled on the wire.
      if (req.signal?.aborted && err === req.signal.reason) throw abortError(req.signal, url);
      throw err;
    }
  }

  /**
   * Open a connection offering h2 and HTTP/1.1, remember which the origin speaks (then `learnt`), and
   * send on it.
   */
  function learn(url: URL, origin: OriginParts, req: HttpRequest, sink: ExchangeSink, learnt: () => void): void {
    const key = originKey(origin);
    // The handshake's outcome is the request's own outcome (timeouts and errors in words included).
    connect(origin, ['h2', 'http/1.1']).then((c) => {
      facts.set(key, c.facts);
      if ((c.socket as { alpnProtocol?: string | false }).alpnProtocol === 'h2') {
        h2Module ??= import('./h2-session.js');
        h2Module.then(({ H2Session }) => {
          // Two requests that started together both learnt: the origin keeps one session.
          const known = origins.get(key);
          if (known?.kind === 'h2' && known.session.usable) {
            c.socket.end();
            learnt();
            return sendOnSession(known.session, url, req, sink);
          }
          const session: H2Session = new H2Session(c, {
            authority: url.host,
            streams,
            idleMs: IDLE_MS,
            onGone: () => {
              const now = origins.get(key);
              if (now?.kind === 'h2' && now.session === session) origins.delete(key);
            },
          });
          origins.set(key, { kind: 'h2', session });
          learnt();
          sendOnSession(session, url, req, sink);
        }, sink.onError);
      } else {
        origins.set(key, { kind: 'h1' });
        learnt();
        handOver.set(key, [...(handOver.get(key) ?? []), Promise.resolve(c)]);
        void dispatchHttp1(url, req, sink);
      }
    }, (err: unknown) => {
      learnt();
      sink.onError(err);
    });
  }

  function sendOnSession(session: H2Session, url: URL, req: HttpRequest, sink: ExchangeSink): void {
    session.request(h2Request(url, req), sink, () => route(url, req, sink));
  }

  /**
   * Send an https request by what is known of its origin: on the HTTP/2 session, through undici, or
   * by learning. Also where a request goes when its session went away (GOAWAY, reset, idle close)
   * before it got a stream; it keeps its deadline and the budget slot it holds.
   */
  function route(url: URL, req: HttpRequest, sink: ExchangeSink, learnt: () => void = () => undefined): void {
    const origin = originOf(url);
    const state = origins.get(originKey(origin));
    if (state?.kind === 'h2' && state.session.usable) sendOnSession(state.session, url, req, sink);
    else if (state?.kind === 'h1') void dispatchHttp1(url, req, sink);
    else return learn(url, origin, req, sink, learnt);
    learnt();
  }

  function viaHttp1(url: URL, origin: OriginParts, req: HttpRequest): Promise<HttpExchange> {
    const key = originKey(origin);
    // Before undici has loaded, the origin's first connection is opened here, so the first packet
    // leaves now rather than after undici's ~100 ms of loading; undici's first connect takes it.
    if (!agent && origin.protocol === 'http:' && !handOver.get(key)?.length) {
      const early = connect(origin, []);
      early.catch(() => undefined); // its failure reaches the request through undici's connect
      handOver.set(key, [early]);
    }
    return exchange(url, req, key, (sink) => void dispatchHttp1(url, req, sink));
  }

  /**
   * Hand an HTTP/1.1 request to undici once one of its origin's connections is free. Waiting happens
   * here, not in undici's queue: a request that ends while it waits (its deadline, an abort) is
   * dropped without a trace, where undici would still send it late, or close a good connection to
   * drop it, and after close() would keep reconnecting for it.
   */
  async function dispatchHttp1(url: URL, req: HttpRequest, sink: ExchangeSink): Promise<void> {
    const key = originKey(originOf(url));
    let slots = h1Slots.get(key);
    if (!slots) h1Slots.set(key, (slots = new Gate(connectionsPerOrigin)));
    let cancelled = false;
    let abortSent: ((reason?: Error) => void) | undefined;
    sink.onStart((reason) => {
      cancelled = true;
      abortSent?.(reason);
    });
    await slots.run(() => new Promise<void>((done) => {
      if (cancelled) return done();
      if (closed) {
        done();
        return sink.onError(clientClosed());
      }
      loadAgent().then((undici) => {
        if (cancelled) return done();
        undici.dispatch(http1Options(url, req), {
          onConnect(abort: (reason?: Error) => void) {
            abortSent = abort;
            if (cancelled) abort();
          },
          onHeaders(statusCode: number, rawHeaders: Buffer[], _resume: () => void, statusMessage?: string) {
            // undici's maxHeaderSize counts names and values only; Chromium counts the header section
            // as sent (status line, separators, line ends). Refuse what Chromium refuses.
            if (headerSectionBytes(rawHeaders, statusMessage) > MAX_RESPONSE_HEADER_BYTES) {
              abortSent?.(Object.assign(new Error('the response header section is larger than the limit'), { code: 'UND_ERR_HEADERS_OVERFLOW' }));
              return false;
            }
            sink.onHeaders(statusCode, statusMessage ?? '', pairHeaders(rawHeaders));
            return true;
          },
          onData: (chunk: Buffer) => sink.onData(chunk),
          onComplete: () => {
            done();
            sink.onComplete();
          },
          onError: (error: Error) => {
            done();
            sink.onError(error);
          },
        } as unknown as Dispatcher.DispatchHandler);
      }, (err: unknown) => {
        done();
        sink.onError(err);
      });
    }));
  }

  function http1Options(url: URL, req: HttpRequest): Dispatcher.DispatchOptions {
    const method = req.method ?? 'GET';
    return {
      origin: url.origin,
      path: url.pathname + url.search,
      method: method as Dispatcher.HttpMethod,
      headers: outgoingHeaders(req, url).flat(),
      ...(req.body !== undefined ? { body: req.body } : {}),
      reset: false,
      idempotent: SAFE_METHODS.has(method),
    };
  }

  /** One request's exchange; `facts` holds the origin's latest connection, HTTP/2 or HTTP/1.1. */
  function exchange(url: URL, req: HttpRequest, key: string, start: (sink: ExchangeSink) => void) {
    const params = {
      url,
      method: req.method ?? 'GET',
      bodyLimit: req.bodyLimit ?? options.bodyLimit ?? DEFAULT_BODY_LIMIT,
      timeoutMs: req.timeoutMs ?? options.timeoutMs,
      connection: () => facts.get(key),
      everConnected: () => connected.has(key),
      ...(req.signal ? { signal: req.signal } : {}),
    };
    return assembleExchange(params, start);
  }

  function h2Request(url: URL, req: HttpRequest) {
    return { method: req.method ?? 'GET', path: url.pathname + url.search, headers: outgoingHeaders(req, url), ...(req.body !== undefined ? { body: req.body } : {}) };
  }

  function outgoingHeaders(req: HttpRequest, url: URL): RawHeader[] {
    return defaultHeaders(withSiteHeaders(req.headers ?? [], url, options.site), options.userAgent ?? DEFAULT_USER_AGENT);
  }

  // destroy, not close: by now every request has settled for the scan, and one abandoned mid-connect
  // (timed out, or stopped because the port speaks plain HTTP) must not hold the scan open.
  async function close(): Promise<void> {
    closed = true;
    for (const state of origins.values()) if (state.kind === 'h2') state.session.close();
    for (const list of handOver.values()) for (const p of list) p.then((c) => c.socket.destroy(), () => undefined);
    handOver.clear();
    if (agent) await agent.then((a) => a.destroy()).catch(() => undefined);
  }

  return { request, close };
}

function defaultHeaders(given: RawHeader[], userAgent: string): RawHeader[] {
  const has = (name: string) => given.some(([n]) => n.toLowerCase() === name);
  const headers: RawHeader[] = [...given];
  if (!has('user-agent')) headers.push(['User-Agent', userAgent]);
  if (!has('accept')) headers.push(['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8']);
  // Identity encoding keeps body caps meaningful and signatures matchable without decompression.
  if (!has('accept-encoding')) headers.push(['Accept-Encoding', 'identity']);
  return headers;
}

/** The header section's size as it came over the wire: `HTTP/1.1 200 Msg`, `Name: value` lines, CRLFs. */
function headerSectionBytes(rawHeaders: Buffer[], statusMessage = ''): number {
  let bytes = 'HTTP/1.1 200 \r\n\r\n'.length + Buffer.byteLength(statusMessage);
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) bytes += rawHeaders[i]!.length + rawHeaders[i + 1]!.length + 4;
  return bytes;
}

/** undici hands raw headers as a flat [name, value, name, value…] list of buffers. */
function pairHeaders(rawHeaders: Buffer[]): RawHeader[] {
  const pairs: RawHeader[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    pairs.push([rawHeaders[i]!.toString('latin1'), rawHeaders[i + 1]!.toString('latin1')]);
  }
  return pairs;
}
