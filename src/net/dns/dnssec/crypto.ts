/**
 * DNSSEC cryptography with node:crypto: key tags (RFC 4034 App. B), DS digests (RFC 4034 §5.1.4,
 * RFC 4509), RRSIG verification over the canonical RRset (RFC 4034 §3.1.8.1, §6), NSEC3 hashing
 * (RFC 5155). Supported signing algorithms: 5/7 RSA/SHA-1 (verified so they can be reported as weak),
 * 8 RSA/SHA-256, 10 RSA/SHA-512, 13 ECDSA P-256, 14 ECDSA P-384, 15 Ed25519, 16 Ed448.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import * as dnsPacket from 'dns-packet';

export const SUPPORTED_ALGORITHMS = new Set([5, 7, 8, 10, 13, 14, 15, 16]);
export const SUPPORTED_DIGESTS = new Set([1, 2, 4]);

/** Canonical wire form of a name: lower-case labels, uncompressed. */
export function nameToWire(name: string): Buffer {
  const clean = name.replace(/\.$/, '');
  if (clean === '') return Buffer.from([0]);
  const parts: Buffer[] = [];
  for (const label of clean.split('.')) {
    const bytes = Buffer.from(unescapeLabel(label.toLowerCase()), 'latin1');
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

function unescapeLabel(label: string): string {
  return label.replace(/\\(\d{3}|.)/g, (_, e: string) => (e.length === 3 ? String.fromCharCode(Number(e)) : e));
}

export function labelCount(name: string): number {
  const clean = name.replace(/\.$/, '');
  if (clean === '') return 0;
  const labels = clean.split('.');
  return labels[0] === '*' ? labels.length - 1 : labels.length;
}

export interface DnskeyData {
  flags: number;
  algorithm: number;
  key: Buffer;
}

export function dnskeyRdata(key: DnskeyData): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(key.flags, 0);
  head.writeUInt8(3, 2);
  head.writeUInt8(key.algorithm, 3);
  return Buffer.concat([head, key.key]);
}

export function keyTag(key: DnskeyData): number {
  const rdata = dnskeyRdata(key);
  let acc = 0;
  for (let i = 0; i < rdata.length; i++) acc += i & 1 ? rdata[i]! : rdata[i]! << 8;
  acc += (acc >> 16) & 0xffff;
  return acc & 0xffff;
}

export function dsDigest(owner: string, key: DnskeyData, digestType: number): Buffer | undefined {
  const algo = digestType === 1 ? 'sha1' : digestType === 2 ? 'sha256' : digestType === 4 ? 'sha384' : undefined;
  if (!algo) return undefined;
  return createHash(algo).update(nameToWire(owner)).update(dnskeyRdata(key)).digest();
}

const b64url = (b: Buffer): string => b.toString('base64url');

/** Build a public key from DNSKEY key material, or undefined when it is malformed. */
export function publicKeyFor(algorithm: number, key: Buffer): KeyObject | undefined {
  try {
    switch (algorithm) {
      case 5:
      case 7:
      case 8:
      case 10: {
        // RFC 3110: exponent length (1 byte, or 0 + 2 bytes), exponent, modulus.
        let offset = 1;
        let expLen = key[0] ?? 0;
        if (expLen === 0) {
          expLen = key.readUInt16BE(1);
          offset = 3;
        }
        const e = key.subarray(offset, offset + expLen);
        const n = key.subarray(offset + expLen);
        if (e.length === 0 || n.length === 0) return undefined;
        return createPublicKey({ key: { kty: 'RSA', n: b64url(n), e: b64url(e) }, format: 'jwk' });
      }
      case 13:
      case 14: {
        const size = algorithm === 13 ? 32 : 48;
        if (key.length !== size * 2) return undefined;
        return createPublicKey({
          key: { kty: 'EC', crv: algorithm === 13 ? 'P-256' : 'P-384', x: b64url(key.subarray(0, size)), y: b64url(key.subarray(size)) },
          format: 'jwk',
        });
      }
      case 15:
      case 16:
        return createPublicKey({ key: { kty: 'OKP', crv: algorithm === 15 ? 'Ed25519' : 'Ed448', x: b64url(key) }, format: 'jwk' });
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

/** RSA modulus size in bits (0 for other algorithms). */
export function rsaKeyBits(algorithm: number, key: Buffer): number {
  const k = publicKeyFor(algorithm, key);
  return k?.asymmetricKeyDetails?.modulusLength ?? 0;
}

export function verifySignature(algorithm: number, key: KeyObject, data: Buffer, signature: Buffer): boolean {
  try {
    switch (algorithm) {
      case 5:
      case 7:
        return verify('sha1', data, key, signature);
      case 8:
        return verify('sha256', data, key, signature);
      case 10:
        return verify('sha512', data, key, signature);
      case 13:
        return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
      case 14:
        return verify('sha384', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
      case 15:
      case 16:
        return verify(null, data, key, signature);
      default:
        return false;
    }
  } catch {
    return false;
  }
}

/** Types whose RDATA names are lower-cased in canonical form (RFC 4034 §6.2 as amended by RFC 6840 §5.1). */
function canonicalData(rr: dnsPacket.Answer): unknown {
  const data = (rr as { data?: unknown }).data;
  const lower = (s: unknown): unknown => (typeof s === 'string' ? s.toLowerCase() : s);
  switch (rr.type) {
    case 'NS':
    case 'CNAME':
    case 'PTR':
    case 'DNAME':
      return lower(data);
    case 'MX': {
      const d = data as { preference: number; exchange: string };
      return { ...d, exchange: d.exchange.toLowerCase() };
    }
    case 'SOA': {
      const d = data as { mname: string; rname: string };
      return { ...d, mname: d.mname.toLowerCase(), rname: d.rname.toLowerCase() };
    }
    case 'SRV': {
      const d = data as { target: string };
      return { ...d, target: d.target.toLowerCase() };
    }
    default:
      return data;
  }
}

/** RDATA bytes in canonical form (dns-packet never compresses names when encoding). */
export function canonicalRdata(rr: dnsPacket.Answer): Buffer {
  const codec = (dnsPacket as unknown as Record<string, { encode(d: unknown): Buffer } | undefined>)[
    rr.type.toLowerCase()
  ];
  const data = canonicalData(rr);
  if (!codec || String(rr.type).startsWith('UNKNOWN_')) {
    const raw = data as Buffer;
    return Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
  }
  return codec.encode(data).subarray(2);
}

export interface RrsigData {
  typeCovered: string;
  algorithm: number;
  labels: number;
  originalTTL: number;
  expiration: number;
  inception: number;
  keyTag: number;
  signersName: string;
  signature: Buffer;
}

const TYPE_CODES: Record<string, number> = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, DNAME: 39, DS: 43,
  RRSIG: 46, NSEC: 47, DNSKEY: 48, NSEC3: 50, NSEC3PARAM: 51, TLSA: 52, CAA: 257,
};

export function typeCode(type: string): number {
  if (TYPE_CODES[type] !== undefined) return TYPE_CODES[type]!;
  const m = /^UNKNOWN_(\d+)$/.exec(type);
  if (m) return Number(m[1]);
  throw new Error(`no type code for ${type}`);
}

/** The bytes an RRSIG signs: its own RDATA minus the signature, then the canonical RRset. */
export function signedData(rrsig: RrsigData, owner: string, rrset: dnsPacket.Answer[]): Buffer {
  const head = Buffer.alloc(18);
  head.writeUInt16BE(typeCode(rrsig.typeCovered), 0);
  head.writeUInt8(rrsig.algorithm, 2);
  head.writeUInt8(rrsig.labels, 3);
  head.writeUInt32BE(rrsig.originalTTL >>> 0, 4);
  head.writeUInt32BE(rrsig.expiration >>> 0, 8);
  head.writeUInt32BE(rrsig.inception >>> 0, 12);
  head.writeUInt16BE(rrsig.keyTag, 16);
  // Wildcard expansion: the signed owner is "*." plus the rightmost `labels` labels.
  let signedOwner = owner.replace(/\.$/, '');
  const ownerLabels = signedOwner === '' ? [] : signedOwner.split('.');
  if (rrsig.labels < ownerLabels.length) signedOwner = ['*', ...ownerLabels.slice(ownerLabels.length - rrsig.labels)].join('.');
  const ownerWire = nameToWire(signedOwner);
  const rdatas = rrset.map((rr) => canonicalRdata(rr)).sort(Buffer.compare);
  const unique = rdatas.filter((r, i) => i === 0 || !r.equals(rdatas[i - 1]!));
  const parts: Buffer[] = [head, nameToWire(rrsig.signersName)];
  for (const rdata of unique) {
    const fixed = Buffer.alloc(10);
    fixed.writeUInt16BE(typeCode(rrset[0]!.type), 0);
    fixed.writeUInt16BE(1, 2);
    fixed.writeUInt32BE(rrsig.originalTTL >>> 0, 4);
    fixed.writeUInt16BE(rdata.length, 8);
    parts.push(ownerWire, fixed, rdata);
  }
  return Buffer.concat(parts);
}

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

export function base32hex(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32HEX[(value << (5 - bits)) & 31];
  return out;
}

/** RFC 5155 §5 hash of a name; iterations are capped by the caller (RFC 9276 makes large counts suspect). */
export function nsec3Hash(name: string, salt: Buffer, iterations: number): string {
  let digest = createHash('sha1').update(nameToWire(name)).update(salt).digest();
  for (let i = 0; i < iterations; i++) digest = createHash('sha1').update(digest).update(salt).digest();
  return base32hex(digest);
}
