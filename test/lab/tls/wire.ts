/** Test-side encoders for server answers, so parser tests and fake servers speak real wire format. */

export interface ServerHelloSpec {
  version: number;
  cipherSuite: number;
  compressionMethod?: number;
  sessionId?: Uint8Array;
  random?: Uint8Array;
  /** [type, data] pairs; omitted entirely when undefined. */
  extensions?: [number, Uint8Array][];
}

export function encodeServerHelloBody(spec: ServerHelloSpec): Uint8Array {
  const out: number[] = [spec.version >> 8, spec.version & 0xff];
  out.push(...(spec.random ?? new Uint8Array(32).fill(7)));
  const sid = spec.sessionId ?? new Uint8Array(0);
  out.push(sid.length, ...sid);
  out.push(spec.cipherSuite >> 8, spec.cipherSuite & 0xff, spec.compressionMethod ?? 0);
  if (spec.extensions) {
    const exts: number[] = [];
    for (const [type, data] of spec.extensions) exts.push(type >> 8, type & 0xff, data.length >> 8, data.length & 0xff, ...data);
    out.push(exts.length >> 8, exts.length & 0xff, ...exts);
  }
  return Uint8Array.from(out);
}

export function handshakeMessage(type: number, body: Uint8Array): Uint8Array {
  return Uint8Array.from([type, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff, ...body]);
}

/** Wraps `payload` in records of content type `type`, splitting it into fragments of `fragment` bytes. */
export function records(type: number, payload: Uint8Array, fragment = 16384, version = 0x0303): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < payload.length; i += fragment) {
    const part = payload.subarray(i, i + fragment);
    out.push(type, version >> 8, version & 0xff, part.length >> 8, part.length & 0xff, ...part);
  }
  return Uint8Array.from(out);
}

export function serverHelloRecord(spec: ServerHelloSpec, fragment?: number): Uint8Array {
  return records(22, handshakeMessage(2, encodeServerHelloBody(spec)), fragment);
}

export function alertRecord(level: number, description: number): Uint8Array {
  return records(21, Uint8Array.from([level, description]));
}

/** Minimal ClientHello reader for tests: version, suites, compression, extensions. */
export function readClientHello(bytes: Uint8Array): {
  recordVersion: number;
  version: number;
  suites: number[];
  compression: number[];
  extensions: Map<number, Uint8Array>;
} {
  const u16 = (o: number) => (bytes[o]! << 8) | bytes[o + 1]!;
  if (bytes[0] !== 22) throw new Error('not a handshake record');
  const recordLength = u16(3);
  if (recordLength !== bytes.length - 5) throw new Error('record length mismatch');
  if (bytes[5] !== 1) throw new Error('not a ClientHello');
  const hsLength = (bytes[6]! << 16) | u16(7);
  if (hsLength !== recordLength - 4) throw new Error('handshake length mismatch');
  let o = 9;
  const version = u16(o);
  o += 2 + 32;
  o += 1 + bytes[o]!;
  const suitesLength = u16(o);
  o += 2;
  const suites: number[] = [];
  for (let i = 0; i < suitesLength; i += 2) suites.push(u16(o + i));
  o += suitesLength;
  const compression = Array.from(bytes.subarray(o + 1, o + 1 + bytes[o]!));
  o += 1 + bytes[o]!;
  const extensions = new Map<number, Uint8Array>();
  if (o < bytes.length) {
    const end = o + 2 + u16(o);
    if (end !== bytes.length) throw new Error('extensions length mismatch');
    o += 2;
    while (o < end) {
      const type = u16(o);
      const len = u16(o + 2);
      extensions.set(type, bytes.subarray(o + 4, o + 4 + len));
      o += 4 + len;
    }
    if (o !== end) throw new Error('extension overrun');
  }
  return { recordVersion: u16(1), version, suites, compression, extensions };
}
