/**
 * Parses a server's first answer to our ClientHello: a ServerHello (or HelloRetryRequest), an alert,
 * or an SSL 2.0 SERVER-HELLO. The bytes are hostile: every length is checked against what is there
 * and against sane maxima, and anything that does not fit the grammar is `invalid` with a reason.
 * The parser is incremental in the simplest way: call it with everything received so far; it says
 * `incomplete` until it can decide.
 */
import { versionName, type ProtocolVersion } from './client-hello.js';

export interface ServerHelloInfo {
  kind: 'server_hello';
  /** Version in the ServerHello body (0x0303 for TLS 1.3 servers). */
  legacyVersion: number;
  /** Negotiated version: supported_versions when present, otherwise legacyVersion. */
  version: number;
  versionName: ProtocolVersion | undefined;
  cipherSuite: number;
  compressionMethod: number;
  /** TLS 1.3 HelloRetryRequest: the server accepts the suite but wants another key-share group. */
  helloRetryRequest: boolean;
  /** Extension types the server sent, in order. */
  extensions: number[];
  /** RFC 5746 renegotiation_info present in the answer. */
  secureRenegotiation: boolean;
  /** Group a HelloRetryRequest asks for, or the key-share group of a TLS 1.3 ServerHello. */
  group?: number;
}

export interface Sslv2ServerHelloInfo {
  kind: 'sslv2_server_hello';
  version: number;
  cipherKinds: number[];
  certificateLength: number;
}

export interface AlertInfo {
  kind: 'alert';
  level: number;
  description: number;
  name: string;
}

export interface InvalidInfo {
  kind: 'invalid';
  reason: string;
}

export type ServerFlight = ServerHelloInfo | Sslv2ServerHelloInfo | AlertInfo | InvalidInfo | { kind: 'incomplete' };

/** Largest record a conforming peer may send (2^14 plus expansion allowance). */
export const MAX_RECORD = 16384 + 2048;
/** A ServerHello is small; anything claiming more than this is hostile or broken. */
export const MAX_SERVER_HELLO = 8192;

const HRR_RANDOM = Uint8Array.from([
  0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
  0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
]);

export const ALERT_NAMES: Readonly<Record<number, string>> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  22: 'record_overflow',
  40: 'handshake_failure',
  42: 'bad_certificate',
  47: 'illegal_parameter',
  50: 'decode_error',
  51: 'decrypt_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  109: 'missing_extension',
  110: 'unsupported_extension',
  112: 'unrecognized_name',
  120: 'no_application_protocol',
};

export function parseServerFlight(buf: Uint8Array, opts: { sslv2?: boolean } = {}): ServerFlight {
  if (buf.length === 0) return { kind: 'incomplete' };
  if (opts.sslv2 && (buf[0]! & 0x80) !== 0) return parseSslv2ServerHello(buf);

  // Walk TLS records, gathering handshake bytes until the first handshake message is complete.
  const handshake: number[] = [];
  let offset = 0;
  while (true) {
    if (buf.length - offset < 5) return { kind: 'incomplete' };
    const type = buf[offset]!;
    const major = buf[offset + 1]!;
    const minor = buf[offset + 2]!;
    const length = (buf[offset + 3]! << 8) | buf[offset + 4]!;
    if (type !== 21 && type !== 22) {
      return { kind: 'invalid', reason: `not a TLS handshake answer (record type ${type})` };
    }
    if (major !== 3 || minor > 4) return { kind: 'invalid', reason: `not TLS (record version ${major}.${minor})` };
    if (length === 0 || length > MAX_RECORD) return { kind: 'invalid', reason: `record length ${length} out of range` };
    if (type === 21 && handshake.length > 0) return { kind: 'invalid', reason: 'alert interleaved with a partial handshake message' };
    if (buf.length - offset - 5 < length) {
      // An alert needs only its two bytes; wait for the rest of any other record.
      if (type === 21 && buf.length - offset - 5 >= 2) return alertAt(buf, offset + 5);
      return { kind: 'incomplete' };
    }
    if (type === 21) {
      if (length < 2) return { kind: 'invalid', reason: 'alert record shorter than 2 bytes' };
      return alertAt(buf, offset + 5);
    }
    for (let i = 0; i < length; i++) handshake.push(buf[offset + 5 + i]!);
    offset += 5 + length;
    if (handshake.length >= 4) {
      const msgType = handshake[0]!;
      const msgLength = (handshake[1]! << 16) | (handshake[2]! << 8) | handshake[3]!;
      if (msgType !== 2) return { kind: 'invalid', reason: `first handshake message is type ${msgType}, not ServerHello` };
      if (msgLength > MAX_SERVER_HELLO) return { kind: 'invalid', reason: `ServerHello length ${msgLength} is implausible` };
      if (handshake.length >= 4 + msgLength) return parseServerHelloBody(Uint8Array.from(handshake.slice(4, 4 + msgLength)));
    }
  }
}

export function alertAt(buf: Uint8Array, at: number): AlertInfo | InvalidInfo {
  const level = buf[at]!;
  const description = buf[at + 1]!;
  if (level !== 1 && level !== 2) return { kind: 'invalid', reason: `alert level ${level} is not warning or fatal` };
  return { kind: 'alert', level, description, name: ALERT_NAMES[description] ?? `alert_${description}` };
}

class Reader {
  offset = 0;
  constructor(private readonly buf: Uint8Array) {}
  get left(): number {
    return this.buf.length - this.offset;
  }
  need(n: number, what: string): void {
    if (this.left < n) throw new ParseError(`${what} runs past the end of the ServerHello`);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.offset++]!;
  }
  u16(what: string): number {
    this.need(2, what);
    const v = (this.buf[this.offset]! << 8) | this.buf[this.offset + 1]!;
    this.offset += 2;
    return v;
  }
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
}

class ParseError extends Error {}

export function parseServerHelloBody(body: Uint8Array): ServerHelloInfo | InvalidInfo {
  try {
    const r = new Reader(body);
    const legacyVersion = r.u16('version');
    const random = r.bytes(32, 'random');
    const sessionIdLength = r.u8('session id length');
    if (sessionIdLength > 32) throw new ParseError(`session id length ${sessionIdLength} exceeds 32`);
    r.bytes(sessionIdLength, 'session id');
    const cipherSuite = r.u16('cipher suite');
    const compressionMethod = r.u8('compression method');
    const extensions: number[] = [];
    let version = legacyVersion;
    let secureRenegotiation = false;
    let group: number | undefined;
    if (r.left > 0) {
      const extLength = r.u16('extensions length');
      if (extLength !== r.left) throw new ParseError(`extensions length ${extLength} does not match the ${r.left} bytes left`);
      while (r.left > 0) {
        const type = r.u16('extension type');
        const len = r.u16('extension length');
        const data = new Reader(r.bytes(len, `extension ${type}`));
        if (extensions.includes(type)) throw new ParseError(`extension ${type} appears twice`);
        extensions.push(type);
        if (type === 0x002b) version = data.u16('selected version');
        if (type === 0xff01) secureRenegotiation = true;
        if (type === 0x0033) group = data.u16('key share group');
      }
    }
    if (legacyVersion >> 8 !== 3) throw new ParseError(`ServerHello version 0x${legacyVersion.toString(16)} is not SSL 3 / TLS`);
    return {
      kind: 'server_hello',
      legacyVersion,
      version,
      versionName: versionName(version),
      cipherSuite,
      compressionMethod,
      helloRetryRequest: random.every((b, i) => b === HRR_RANDOM[i]),
      extensions,
      secureRenegotiation,
      ...(group !== undefined ? { group } : {}),
    };
  } catch (err) {
    if (err instanceof ParseError) return { kind: 'invalid', reason: err.message };
    throw err;
  }
}

/** SSL 2.0 record: 2-byte header (high bit set) then SERVER-HELLO (message type 4). */
function parseSslv2ServerHello(buf: Uint8Array): Sslv2ServerHelloInfo | InvalidInfo | { kind: 'incomplete' } {
  if (buf.length < 2) return { kind: 'incomplete' };
  const length = ((buf[0]! & 0x7f) << 8) | buf[1]!;
  if (length < 11) return { kind: 'invalid', reason: `SSLv2 record length ${length} too short for SERVER-HELLO` };
  if (buf.length < 2 + length) return { kind: 'incomplete' };
  try {
    const r = new Reader(buf.subarray(2, 2 + length));
    const type = r.u8('message type');
    if (type !== 4) throw new ParseError(`SSLv2 message type ${type} is not SERVER-HELLO`);
    r.u8('session id hit');
    r.u8('certificate type');
    const version = r.u16('server version');
    const certificateLength = r.u16('certificate length');
    const specsLength = r.u16('cipher specs length');
    const connectionIdLength = r.u16('connection id length');
    if (specsLength % 3 !== 0) throw new ParseError(`SSLv2 cipher specs length ${specsLength} is not a multiple of 3`);
    r.bytes(certificateLength, 'certificate');
    const specs = r.bytes(specsLength, 'cipher specs');
    r.bytes(connectionIdLength, 'connection id');
    if (version !== 0x0002) throw new ParseError(`SSLv2 SERVER-HELLO version 0x${version.toString(16)}`);
    const cipherKinds: number[] = [];
    for (let i = 0; i < specs.length; i += 3) cipherKinds.push((specs[i]! << 16) | (specs[i + 1]! << 8) | specs[i + 2]!);
    return { kind: 'sslv2_server_hello', version, cipherKinds, certificateLength };
  } catch (err) {
    if (err instanceof ParseError) return { kind: 'invalid', reason: err.message };
    throw err;
  }
}
