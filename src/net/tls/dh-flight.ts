/**
 * Reads a TLS ≤ 1.2 server's first flight past the ServerHello, up to the ServerKeyExchange (or the
 * ServerHelloDone when there is none), to take the finite-field DH group a DHE suite uses: p, g and
 * the server's public value, exactly as every client receives them. The bytes are hostile: every
 * length is checked against what is there and against sane maxima, and the caller bounds the total.
 * Call it with everything received so far; it says `incomplete` until it can decide.
 */
import { suiteInfo } from './cipher-suites.js';
import { MAX_RECORD, MAX_SERVER_HELLO, alertAt, parseServerHelloBody, type AlertInfo, type InvalidInfo, type ServerHelloInfo } from './server-hello.js';

/** The DH parameters of a DHE ServerKeyExchange (RFC 5246 7.4.3), big-endian, as sent. */
export interface DheParams {
  p: Uint8Array;
  g: Uint8Array;
  ys: Uint8Array;
}

export interface ServerFlightInfo {
  kind: 'server_flight';
  hello: ServerHelloInfo;
  /** Handshake message types read after the ServerHello, in order. */
  messages: number[];
  /** The DHE group, when the suite is DHE and its ServerKeyExchange came; null otherwise (`note` says why). */
  dh: DheParams | null;
  note?: string;
}

export type FullFlight = ServerFlightInfo | AlertInfo | InvalidInfo | { kind: 'incomplete' };

/** A certificate chain larger than this is refused by common clients too (OpenSSL's default is 100 KiB). */
export const MAX_FLIGHT_MESSAGE = 100 * 1024;
/** 16384 bits: twice the largest group any TLS stack sends; a longer p is not a DH group but an attack. */
export const MAX_DH_PRIME_BYTES = 2048;

const CERTIFICATE = 11;
const SERVER_KEY_EXCHANGE = 12;
const CERTIFICATE_REQUEST = 13;
const SERVER_HELLO_DONE = 14;
const CERTIFICATE_STATUS = 22;
const ALLOWED_AFTER_HELLO = new Set([CERTIFICATE, SERVER_KEY_EXCHANGE, CERTIFICATE_REQUEST, SERVER_HELLO_DONE, CERTIFICATE_STATUS]);

export function parseFullFlight(buf: Uint8Array): FullFlight {
  const handshake: number[] = [];
  let offset = 0;
  let consumed = 0; // handshake bytes already parsed into messages
  let hello: ServerHelloInfo | undefined;
  const messages: number[] = [];
  while (true) {
    // Parse every complete message gathered so far.
    while (handshake.length - consumed >= 4) {
      const type = handshake[consumed]!;
      const length = (handshake[consumed + 1]! << 16) | (handshake[consumed + 2]! << 8) | handshake[consumed + 3]!;
      if (!hello && type !== 2) return invalid(`first handshake message is type ${type}, not ServerHello`);
      if (!hello && length > MAX_SERVER_HELLO) return invalid(`ServerHello length ${length} is implausible`);
      if (hello && !ALLOWED_AFTER_HELLO.has(type)) return invalid(`handshake message type ${type} after the ServerHello`);
      if (length > MAX_FLIGHT_MESSAGE) return invalid(`handshake message type ${type} claims ${length} bytes, more than any client accepts`);
      if (handshake.length - consumed - 4 < length) break;
      const body = Uint8Array.from(handshake.slice(consumed + 4, consumed + 4 + length));
      consumed += 4 + length;
      if (!hello) {
        const parsed = parseServerHelloBody(body);
        if (parsed.kind === 'invalid') return parsed;
        hello = parsed;
        if (parsed.helloRetryRequest || parsed.version > 0x0303) return done(hello, messages, null, 'the server answered in TLS 1.3, which has no ServerKeyExchange');
        const kx = suiteInfo(parsed.cipherSuite).kx;
        if (kx !== 'DHE') return done(hello, messages, null, `the server chose ${suiteInfo(parsed.cipherSuite).name}, not a DHE suite`);
        continue;
      }
      messages.push(type);
      if (type === SERVER_KEY_EXCHANGE) {
        const params = readDheParams(body);
        return typeof params === 'string' ? invalid(params) : done(hello, messages, params);
      }
      if (type === SERVER_HELLO_DONE) return done(hello, messages, null, 'the server sent no ServerKeyExchange for its DHE suite');
    }
    if (buf.length - offset < 5) return { kind: 'incomplete' };
    const type = buf[offset]!;
    const major = buf[offset + 1]!;
    const minor = buf[offset + 2]!;
    const length = (buf[offset + 3]! << 8) | buf[offset + 4]!;
    if (type !== 21 && type !== 22) return invalid(`record type ${type} in the server's first flight`);
    if (major !== 3 || minor > 4) return invalid(`not TLS (record version ${major}.${minor})`);
    if (length === 0 || length > MAX_RECORD) return invalid(`record length ${length} out of range`);
    if (type === 21) {
      if (handshake.length > consumed) return invalid('alert interleaved with a partial handshake message');
      if (buf.length - offset - 5 < 2) return { kind: 'incomplete' };
      return alertAt(buf, offset + 5);
    }
    if (buf.length - offset - 5 < length) return { kind: 'incomplete' };
    for (let i = 0; i < length; i++) handshake.push(buf[offset + 5 + i]!);
    offset += 5 + length;
  }
}

function invalid(reason: string): InvalidInfo {
  return { kind: 'invalid', reason };
}

function done(hello: ServerHelloInfo, messages: number[], dh: DheParams | null, note?: string): ServerFlightInfo {
  return { kind: 'server_flight', hello, messages: [...messages], dh, ...(note ? { note } : {}) };
}

/** dh_p, dh_g, dh_Ys, each with a 2-byte length; the signature that follows is not needed. Returns the reason when malformed. */
function readDheParams(body: Uint8Array): DheParams | string {
  let at = 0;
  const vector = (what: string): Uint8Array | string => {
    if (body.length - at < 2) return `ServerKeyExchange ends before the length of ${what}`;
    const length = (body[at]! << 8) | body[at + 1]!;
    at += 2;
    if (length === 0) return `ServerKeyExchange has an empty ${what}`;
    if (body.length - at < length) return `ServerKeyExchange ${what} claims ${length} bytes, only ${body.length - at} are there`;
    const out = body.subarray(at, at + length);
    at += length;
    return out;
  };
  const p = vector('DH prime p');
  if (typeof p === 'string') return p;
  if (p.length > MAX_DH_PRIME_BYTES) return `ServerKeyExchange DH prime of ${p.length * 8} bits is larger than any client accepts`;
  const g = vector('DH generator g');
  if (typeof g === 'string') return g;
  const ys = vector('DH public value');
  if (typeof ys === 'string') return ys;
  if (g.length > p.length) return 'ServerKeyExchange DH generator is longer than the prime';
  if (ys.length > p.length) return 'ServerKeyExchange DH public value is longer than the prime';
  return { p: Uint8Array.from(p), g: Uint8Array.from(g), ys: Uint8Array.from(ys) };
}
