/**
 * Builds raw ClientHello records (TLS 1.0–1.3, SSL 3.0) and the SSL 2.0 CLIENT-HELLO. Pure: the
 * caller supplies the random bytes and the X25519 public key, so tests are deterministic.
 *
 * We only ever need the server's first answer (ServerHello or an alert), never a full handshake,
 * but servers only answer sanely to a hello that looks like a real client's: SNI, supported groups,
 * point formats, signature algorithms, and for TLS 1.3 supported_versions plus a real key share.
 */
import { EMPTY_RENEGOTIATION_INFO_SCSV, FALLBACK_SCSV, SSL2_CIPHER_KINDS } from './cipher-suites.js';

export type ProtocolVersion = 'SSLv2' | 'SSLv3' | 'TLSv1.0' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export const PROTOCOL_VERSIONS: readonly ProtocolVersion[] = ['SSLv2', 'SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** Wire value of each record-layer protocol version (SSL 2.0 has its own format). */
export const VERSION_CODES: Record<Exclude<ProtocolVersion, 'SSLv2'>, number> = {
  SSLv3: 0x0300,
  'TLSv1.0': 0x0301,
  'TLSv1.1': 0x0302,
  'TLSv1.2': 0x0303,
  'TLSv1.3': 0x0304,
};

export function versionName(code: number): ProtocolVersion | undefined {
  if (code === 0x0002) return 'SSLv2';
  return (Object.keys(VERSION_CODES) as (keyof typeof VERSION_CODES)[]).find((k) => VERSION_CODES[k] === code);
}

export interface ClientHelloOptions {
  version: Exclude<ProtocolVersion, 'SSLv2'>;
  cipherSuites: readonly number[];
  /** DNS name for SNI; omitted for IP literals (RFC 6066 forbids them). */
  serverName?: string;
  /** 32 bytes. */
  random: Uint8Array;
  /** 32-byte raw X25519 public key; required for TLS 1.3. */
  x25519PublicKey?: Uint8Array;
  /** Offer DEFLATE before null compression (to detect CRIME-prone servers). */
  offerCompression?: boolean;
  /** Add TLS_FALLBACK_SCSV (RFC 7507) to the suite list. */
  fallbackScsv?: boolean;
  /** Legacy session id for TLS 1.3 middlebox compatibility (32 bytes); empty otherwise. */
  sessionId?: Uint8Array;
  /** supported_groups to list instead of the classical default (e.g. post-quantum hybrids). */
  groups?: readonly number[];
  /**
   * TLS 1.3 only: send an empty key_share (RFC 8446 4.2.8 allows it) so the server must name the group
   * it wants in a HelloRetryRequest. That asks which listed group it accepts and prefers without our
   * having to compute an ML-KEM share. No X25519 key is needed then.
   */
  emptyKeyShare?: boolean;
  /** TLS ≤ 1.2: offer the heartbeat extension (RFC 6520), peer_allowed_to_send; the answer shows whether the server speaks it (Heartbleed). */
  heartbeat?: boolean;
  /** TLS ≤ 1.2: a session ticket to present (RFC 5077 extension 35); empty array for "none yet, send me one". */
  sessionTicket?: Uint8Array;
}

const GROUPS = [
  0x001d, // x25519
  0x0017, // secp256r1
  0x0018, // secp384r1
  0x0019, // secp521r1
  0x001e, // x448
  0x0016, // secp256k1
  0x0015, // secp224r1
  0x0100, // ffdhe2048
  0x0101, // ffdhe3072
  0x0102, // ffdhe4096
];

const SIGNATURE_ALGORITHMS = [
  0x0403, 0x0503, 0x0603, // ecdsa_secp{256,384,521}r1 with SHA-2
  0x0807, 0x0808, // ed25519, ed448
  0x0804, 0x0805, 0x0806, // rsa_pss_rsae
  0x0809, 0x080a, 0x080b, // rsa_pss_pss
  0x0401, 0x0501, 0x0601, // rsa_pkcs1 SHA-2
  0x0402, 0x0502, 0x0602, // dsa SHA-2
  0x0303, 0x0301, 0x0302, // SHA-224
  0x0203, 0x0201, 0x0202, // SHA-1
];

class ByteWriter {
  private parts: number[] = [];
  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v >> 8).u8(v);
  }
  u24(v: number): this {
    return this.u8(v >> 16).u8(v >> 8).u8(v);
  }
  bytes(b: Iterable<number>): this {
    for (const v of b) this.parts.push(v & 0xff);
    return this;
  }
  /** Writes `inner` prefixed by its length in `size` bytes. */
  vector(size: 1 | 2 | 3, inner: ByteWriter | Uint8Array | number[]): this {
    const body = inner instanceof ByteWriter ? inner.parts : Array.from(inner);
    if (size === 1) this.u8(body.length);
    else if (size === 2) this.u16(body.length);
    else this.u24(body.length);
    return this.bytes(body);
  }
  get length(): number {
    return this.parts.length;
  }
  toBytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

function extension(type: number, body: ByteWriter | number[]): ByteWriter {
  return new ByteWriter().u16(type).vector(2, body);
}

export function buildClientHello(opts: ClientHelloOptions): Uint8Array {
  if (opts.random.length !== 32) throw new Error('ClientHello random must be 32 bytes');
  const tls13 = opts.version === 'TLSv1.3';
  if (tls13 && !opts.emptyKeyShare && opts.x25519PublicKey?.length !== 32) throw new Error('TLS 1.3 hello needs a 32-byte X25519 key');
  const suites = [...opts.cipherSuites];
  if (opts.fallbackScsv) suites.push(FALLBACK_SCSV);
  if (opts.version === 'SSLv3') suites.push(EMPTY_RENEGOTIATION_INFO_SCSV);
  if (suites.length === 0 || suites.length > 0x7fff) throw new Error('ClientHello needs 1–32767 cipher suites');

  const body = new ByteWriter()
    .u16(tls13 ? VERSION_CODES['TLSv1.2'] : VERSION_CODES[opts.version])
    .bytes(opts.random)
    .vector(1, opts.sessionId ?? []);
  const suiteList = new ByteWriter();
  for (const s of suites) suiteList.u16(s);
  body.vector(2, suiteList);
  body.vector(1, opts.offerCompression ? [1, 0] : [0]);

  // SSL 3.0 predates extensions; old stacks may choke on them, so send none.
  if (opts.version !== 'SSLv3') {
    const exts = new ByteWriter();
    if (opts.serverName) {
      const name = new TextEncoder().encode(opts.serverName);
      const entry = new ByteWriter().u8(0).vector(2, name);
      exts.bytes(extension(0x0000, new ByteWriter().vector(2, entry)).toBytes());
    }
    const groups = new ByteWriter();
    const groupList = opts.groups ?? GROUPS;
    if (groupList.length === 0 || groupList.length > 0x7fff) throw new Error('ClientHello needs 1–32767 groups');
    for (const g of groupList) groups.u16(g);
    exts.bytes(extension(0x000a, new ByteWriter().vector(2, groups)).toBytes());
    exts.bytes(extension(0x000b, new ByteWriter().vector(1, [0, 1, 2])).toBytes());
    if (opts.version === 'TLSv1.2' || tls13) {
      const algs = new ByteWriter();
      for (const a of SIGNATURE_ALGORITHMS) algs.u16(a);
      exts.bytes(extension(0x000d, new ByteWriter().vector(2, algs)).toBytes());
    }
    exts.bytes(extension(0x0017, []).toBytes()); // extended_master_secret
    exts.bytes(extension(0xff01, [0]).toBytes()); // renegotiation_info, initial handshake
    if (opts.heartbeat && !tls13) exts.bytes(extension(0x000f, [1]).toBytes());
    if (opts.sessionTicket && !tls13) exts.bytes(extension(0x0023, Array.from(opts.sessionTicket)).toBytes());
    if (tls13) {
      exts.bytes(extension(0x002b, new ByteWriter().vector(1, new ByteWriter().u16(VERSION_CODES['TLSv1.3']))).toBytes());
      exts.bytes(extension(0x002d, new ByteWriter().vector(1, [1])).toBytes()); // psk_dhe_ke
      const share = opts.emptyKeyShare ? new ByteWriter() : new ByteWriter().u16(0x001d).vector(2, opts.x25519PublicKey!);
      exts.bytes(extension(0x0033, new ByteWriter().vector(2, share)).toBytes());
    }
    body.vector(2, exts);
  }

  const handshake = new ByteWriter().u8(1).vector(3, body);
  // Record version 0x0301 for TLS: some servers reject a hello whose record version is newer.
  const recordVersion = opts.version === 'SSLv3' ? 0x0300 : 0x0301;
  return new ByteWriter().u8(22).u16(recordVersion).vector(2, handshake).toBytes();
}

/** SSL 2.0 CLIENT-HELLO offering every SSL 2.0 cipher kind. */
export function buildSSLv2ClientHello(challenge: Uint8Array): Uint8Array {
  if (challenge.length !== 16) throw new Error('SSLv2 challenge must be 16 bytes');
  const specs = new ByteWriter();
  for (const kind of SSL2_CIPHER_KINDS.keys()) specs.u24(kind);
  const specBytes = specs.toBytes();
  const msg = new ByteWriter()
    .u8(1) // CLIENT-HELLO
    .u16(0x0002)
    .u16(specBytes.length)
    .u16(0) // session id length
    .u16(challenge.length)
    .bytes(specBytes)
    .bytes(challenge);
  return new ByteWriter().u16(0x8000 | msg.length).bytes(msg.toBytes()).toBytes();
}
