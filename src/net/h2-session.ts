/**
 * One HTTP/2 connection to an origin, on node:http2 over a TLS socket we opened (see connect.ts).
 *
 * Why not undici's HTTP/2 client: it rebuilds each response's header list from Node's joined header
 * object, so repeated fields arrive joined with ", " and repeats of Node's single-valued headers
 * (Location, Content-Type …) are dropped. Browsers keep every field, as over HTTP/1.1, and our checks
 * must see the duplicates (two HSTS, conflicting ACAO, two Location). node:http2's client stream hands
 * the raw field list, in order, as the third argument of its 'response' event: we keep that list.
 *
 * At most `streams` requests (and never more than the server's SETTINGS_MAX_CONCURRENT_STREAMS) are
 * open on the connection at once; the rest wait in arrival order. A session that goes away (GOAWAY,
 * reset, idle close) hands its waiting requests back to the client, which routes them again.
 */
import http2, { type ClientHttp2Session, type ClientHttp2Stream, type OutgoingHttpHeaders } from 'node:http2';
import type { RawHeader } from '../model/http.js';
import type { Connection, ConnectionFacts } from './connect.js';
import { MAX_RESPONSE_HEADER_BYTES, type ExchangeSink } from './response-assembly.js';

export interface H2Request {
  method: string;
  /** Path and query. */
  path: string;
  headers: RawHeader[];
  body?: string;
}

export interface H2SessionOptions {
  /** `:authority` of every request: the URL's host[:port], as a browser sends it. */
  authority: string;
  /** Requests at once on this connection. */
  streams: number;
  /** Close the connection after this long without a request in flight. */
  idleMs: number;
  /** Called once when the session stops taking requests. */
  onGone(): void;
}

/** HTTP/1.1 connection-level fields, forbidden in HTTP/2 (RFC 9113 §8.2.2); `host` becomes `:authority`. */
const CONNECTION_FIELDS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host']);
/**
 * Response header limits. We accept 256 KiB of response headers (MAX_RESPONSE_HEADER_BYTES, as over
 * HTTP/1.1 and as Chromium), counted as RFC 9113 §6.5.2 counts a header list, as Chromium does over h2:
 * name + value + 32 bytes per field, `:status` included (so at most ~7,900 fields: each costs 33 bytes
 * or more). `response` checks that itself (headerListSize), because
 * node:http2's own limits (Node 20, nghttp2 1.61) cannot be trusted to say which was hit:
 * - `settings.maxHeaderListSize` applies only to streams opened after the server acknowledged our
 *   SETTINGS; a connection's first requests go out before that and get Node's 16 MiB limit.
 * - past either Node limit Node resets the stream with ENHANCE_YOUR_CALM, but when another write is in
 *   flight (any busy scan) nghttp2's own RST_STREAM INTERNAL_ERROR goes first: the report would say the
 *   server had an internal error.
 * So Node's limits are only a backstop for lists our check never sees whole: NODE_HEADER_BYTES (sent
 * as SETTINGS_MAX_HEADER_LIST_SIZE: advisory, a server may still send more) and NODE_HEADER_PAIRS
 * (`maxHeaderListPairs`, which counts `:status` too; Node raises a client's value to at least 1).
 * A third limit is nghttp2's: a header block in at most 9 frames (HEADERS + 8 CONTINUATION, its
 * CONTINUATION-flood guard, which Node does not let us change); past that it closes the connection
 * (GOAWAY). At the usual 16 KiB per frame that is 144 KiB, less than Chromium reads (it takes any number
 * of frames), so we announce a SETTINGS_MAX_FRAME_SIZE of 64 KiB: a server that fills frames to the size
 * its peer allows (nginx does) then fits 256 KiB in 4 frames.
 */
const MAX_HEADER_BYTES = MAX_RESPONSE_HEADER_BYTES;
const MAX_FRAME_BYTES = 64 * 1024;
const NODE_HEADER_BYTES = 1024 * 1024;
const NODE_HEADER_PAIRS = 32_768;
/** RFC 9113 §6.5.2: each field counts its name and value in octets plus 32. */
const FIELD_OVERHEAD = 32;

interface Waiting {
  start(): void;
  /** The session went away before this request got a stream: route it again. */
  reroute(): void;
}

export class H2Session {
  readonly facts: ConnectionFacts;
  private readonly session: ClientHttp2Session;
  private active = 0;
  private readonly waiting: Waiting[] = [];
  private gone = false;
  private idle: NodeJS.Timeout | undefined;

  constructor(connection: Connection, private readonly options: H2SessionOptions) {
    this.facts = connection.facts;
    this.session = http2.connect(`https://${options.authority}`, {
      createConnection: () => connection.socket,
      settings: { enablePush: false, maxHeaderListSize: NODE_HEADER_BYTES, maxFrameSize: MAX_FRAME_BYTES },
      maxHeaderListPairs: NODE_HEADER_PAIRS,
    });
    const goAway = () => this.goAway();
    this.session.on('error', goAway);
    this.session.on('goaway', goAway);
    this.session.on('close', goAway);
    this.startIdleTimer();
  }

  /** False once the server said goodbye or the connection closed: the client opens a new one. */
  get usable(): boolean {
    return !this.gone && !this.session.closed && !this.session.destroyed;
  }

  /** Send `req` on a stream as soon as one is free; `reroute` is called instead if the session goes away first. */
  request(req: H2Request, sink: ExchangeSink, reroute: () => void): void {
    if (!this.usable) return reroute();
    let cancelled = false;
    let stream: ClientHttp2Stream | undefined;
    sink.onStart(() => {
      cancelled = true;
      stream?.close(http2.constants.NGHTTP2_CANCEL);
    });
    this.clearIdleTimer();
    this.waiting.push({
      start: () => {
        if (cancelled) return this.release();
        stream = this.open(req, sink);
      },
      reroute: () => {
        if (!cancelled) reroute();
      },
    });
    this.pump();
  }

  close(): void {
    this.goAway();
    this.session.destroy();
  }

  private get limit(): number {
    const theirs = this.session.remoteSettings?.maxConcurrentStreams;
    return Math.max(1, Math.min(this.options.streams, theirs ?? this.options.streams));
  }

  private pump(): void {
    while (this.usable && this.active < this.limit && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()!.start();
    }
  }

  private release(): void {
    this.active--;
    this.pump();
    if (this.active === 0 && this.waiting.length === 0) this.startIdleTimer();
  }

  private open(req: H2Request, sink: ExchangeSink): ClientHttp2Stream | undefined {
    let stream: ClientHttp2Stream;
    try {
      stream = this.session.request(requestHeaders(req, this.options.authority), { endStream: req.body === undefined });
    } catch (err) {
      this.release();
      sink.onError(err);
      return undefined;
    }
    let responded = false;
    let ended = false;
    let released = false;
    const done = () => {
      if (released) return;
      released = true;
      this.release();
    };
    stream.on('response', (fields: http2.IncomingHttpHeaders & http2.IncomingHttpStatusHeader, _flags: number, rawFields: string[]) => {
      responded = true;
      if (headerListSize(rawFields) > MAX_HEADER_BYTES) {
        sink.onError(headerLimitError('H2_HEADERS_OVERFLOW'));
        return stream.close(http2.constants.NGHTTP2_ENHANCE_YOUR_CALM);
      }
      sink.onHeaders(Number(fields[':status']), '', pairFields(rawFields));
    });
    stream.on('data', (chunk: Buffer) => {
      if (!sink.onData(chunk)) stream.close(http2.constants.NGHTTP2_CANCEL);
    });
    stream.on('end', () => {
      ended = true;
      if (responded) sink.onComplete();
    });
    stream.on('error', (err: Error) => sink.onError(responded ? err : explainHeaderLimit(err, stream.rstCode)));
    stream.on('close', () => {
      done();
      // After our own cancel (body cap, deadline, abort) the exchange is already settled and this is ignored.
      if (!responded || !ended) sink.onError(closedEarly(responded, stream.rstCode));
    });
    if (req.body !== undefined) stream.end(req.body);
    return stream;
  }

  private goAway(): void {
    if (this.gone) return;
    this.gone = true;
    this.clearIdleTimer();
    for (const w of this.waiting.splice(0)) w.reroute();
    this.options.onGone();
    if (!this.session.closed) this.session.close();
  }

  private startIdleTimer(): void {
    this.clearIdleTimer();
    this.idle = setTimeout(() => this.goAway(), this.options.idleMs);
    this.idle.unref();
    this.session.unref();
  }

  private clearIdleTimer(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
    if (!this.session.destroyed) this.session.ref();
  }
}

/** Our request fields as HTTP/2 wants them: lower-case names, repeats as one list, no connection fields. */
function requestHeaders(req: H2Request, authority: string): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { ':method': req.method, ':scheme': 'https', ':authority': authority, ':path': req.path };
  for (const [name, value] of req.headers) {
    const key = name.toLowerCase();
    if (key === 'host') headers[':authority'] = value;
    if (CONNECTION_FIELDS.has(key) || (key === 'te' && value.trim().toLowerCase() !== 'trailers')) continue;
    const prior = headers[key];
    headers[key] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [String(prior)]), value];
  }
  if (req.body !== undefined && headers['content-length'] === undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
  return headers;
}

/** node:http2's raw list is flat, [name, value, name, value …], pseudo-headers first: keep the real fields. */
function pairFields(raw: string[]): RawHeader[] {
  const pairs: RawHeader[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (!raw[i]!.startsWith(':')) pairs.push([raw[i]!, raw[i + 1]!]);
  }
  return pairs;
}

/** A stream the server reset (or the connection lost) before the response ended; net/error-words says it in words. */
function closedEarly(responded: boolean, rstCode: number | undefined): Error & { code: string; rstCode?: number } {
  const err = new Error(responded ? 'the HTTP/2 stream closed in the middle of the body' : 'the HTTP/2 stream closed before a response arrived') as Error & {
    code: string;
    rstCode?: number;
  };
  err.code = responded ? 'H2_BODY_CUT' : 'H2_STREAM_CLOSED';
  if (rstCode !== undefined) err.rstCode = rstCode;
  return err;
}

/** Header list size as SETTINGS_MAX_HEADER_LIST_SIZE counts it, from node:http2's flat raw list. */
function headerListSize(raw: string[]): number {
  let size = 0;
  for (let i = 0; i + 1 < raw.length; i += 2) size += Buffer.byteLength(raw[i]!, 'latin1') + Buffer.byteLength(raw[i + 1]!, 'latin1') + FIELD_OVERHEAD;
  return size;
}

type HeaderLimitCode = 'H2_HEADERS_OVERFLOW' | 'H2_HEADERS_BACKSTOP' | 'H2_HEADER_FRAMES_OVERFLOW';

function headerLimitError(code: HeaderLimitCode): Error & { code: string } {
  return Object.assign(new Error(`the response headers exceed a limit of the HTTP/2 client (${code})`), { code });
}

/**
 * node:http2 says one of its header limits was hit only as a reset code or nghttp2's message: name the
 * limit, so that net/error-words can say it. ENHANCE_YOUR_CALM before any response is Node's backstop
 * (a server resetting our request with it would read the same; it means "too much" either way).
 */
function explainHeaderLimit(err: Error & { code?: string }, rstCode: number | undefined): Error {
  if (err.code === 'ERR_HTTP2_ERROR' && /CONTINUATION/i.test(err.message)) return headerLimitError('H2_HEADER_FRAMES_OVERFLOW');
  if (err.code === 'ERR_HTTP2_STREAM_ERROR' && rstCode === http2.constants.NGHTTP2_ENHANCE_YOUR_CALM) return headerLimitError('H2_HEADERS_BACKSTOP');
  return err;
}
