/**
 * TLSA records (RFC 6698 §2.1) and the certificate data they are compared with. Pure and total: the
 * RDATA and the certificates come from hostile parties, so every reader here returns an error in
 * words instead of throwing, and never reads past the bytes it was given.
 */
import { createHash } from 'node:crypto';
import type { TlsaRecord } from '../../../model/mail-transport.js';

/** Usage, selector and matching type are one byte each; the association data follows. */
const TLSA_HEAD = 3;

export const TLSA_USAGES: Readonly<Record<number, string>> = { 0: 'PKIX-TA', 1: 'PKIX-EE', 2: 'DANE-TA', 3: 'DANE-EE' };
export const TLSA_SELECTORS: Readonly<Record<number, string>> = { 0: 'Cert', 1: 'SPKI' };
export const TLSA_MATCHING: Readonly<Record<number, string>> = { 0: 'Full', 1: 'SHA2-256', 2: 'SHA2-512' };
/** Digest lengths of matching types 1 and 2: data of another length can never match. */
const DIGEST_BYTES: Readonly<Record<number, number>> = { 1: 32, 2: 64 };

export type TlsaParse = { ok: true; record: TlsaRecord } | { ok: false; error: string };

/** One TLSA RDATA, as bytes off the wire. */
export function parseTlsaRdata(rdata: Uint8Array): TlsaParse {
  if (rdata.length < TLSA_HEAD + 1) {
    return { ok: false, error: `TLSA RDATA of ${rdata.length} bytes: at least ${TLSA_HEAD + 1} are needed (three fields and some data)` };
  }
  return {
    ok: true,
    record: {
      usage: rdata[0]!,
      selector: rdata[1]!,
      matchingType: rdata[2]!,
      data: Buffer.from(rdata.subarray(TLSA_HEAD)).toString('hex'),
    },
  };
}

/** The wire form of a record (for tests and for re-checking signatures over decoded records). */
export function encodeTlsaRdata(record: TlsaRecord): Buffer {
  return Buffer.concat([Buffer.from([record.usage & 0xff, record.selector & 0xff, record.matchingType & 0xff]), Buffer.from(record.data, 'hex')]);
}

/** Presentation form, `3 1 1 ab12…`, as in a zone file and in the tools' output. */
export function formatTlsa(record: TlsaRecord): string {
  return `${record.usage} ${record.selector} ${record.matchingType} ${record.data}`;
}

/** Presentation form back to a record (zone-file text: whitespace may split the hex). */
export function parseTlsaText(text: string): TlsaParse {
  const m = /^\s*(\d{1,3})\s+(\d{1,3})\s+(\d{1,3})\s+([0-9a-fA-F\s]+?)\s*$/.exec(text);
  if (!m) return { ok: false, error: 'expected "usage selector matching-type hex-data"' };
  const fields = [m[1], m[2], m[3]].map(Number);
  if (fields.some((n) => n > 255)) return { ok: false, error: 'usage, selector and matching type are single bytes (0-255)' };
  const hex = m[4]!.replace(/\s+/g, '');
  if (hex.length === 0 || hex.length % 2 !== 0) return { ok: false, error: 'the association data must be whole bytes of hex' };
  return { ok: true, record: { usage: fields[0]!, selector: fields[1]!, matchingType: fields[2]!, data: hex.toLowerCase() } };
}

/**
 * Why no client can use this record, or undefined when one can. Unknown parameters are skipped by
 * every client (RFC 6698 §4.1); a digest of the wrong length can match nothing. Whether a usage fits
 * the service (PKIX-* for SMTP) is the caller's question, not the record's.
 */
export function tlsaRecordDefect(record: TlsaRecord): string | undefined {
  if (!(record.usage in TLSA_USAGES)) return `certificate usage ${record.usage} is not defined (0-3)`;
  if (!(record.selector in TLSA_SELECTORS)) return `selector ${record.selector} is not defined (0 or 1)`;
  if (!(record.matchingType in TLSA_MATCHING)) return `matching type ${record.matchingType} is not defined (0, 1 or 2)`;
  const want = DIGEST_BYTES[record.matchingType];
  const have = record.data.length / 2;
  if (want !== undefined && have !== want) return `${TLSA_MATCHING[record.matchingType]} data must be ${want} bytes, this record has ${have}`;
  if (!/^[0-9a-f]+$/.test(record.data)) return 'the association data is not hex';
  return undefined;
}

/** `3 1 1 (DANE-EE SPKI SHA2-256)`: the parameters in words, for titles and evidence. */
export function describeTlsaParameters(record: TlsaRecord): string {
  const word = (table: Readonly<Record<number, string>>, n: number): string => table[n] ?? `unknown ${n}`;
  return `${record.usage} ${record.selector} ${record.matchingType} (${word(TLSA_USAGES, record.usage)} ${word(TLSA_SELECTORS, record.selector)} ${word(TLSA_MATCHING, record.matchingType)})`;
}

interface DerNode {
  tag: number;
  /** Offset of the first content byte, and one past the last. */
  start: number;
  end: number;
  /** Offset of the tag byte (the element's first byte). */
  head: number;
}

/** One DER element at `offset`, or undefined when the bytes are not one that fits inside `limit`. */
function derAt(der: Uint8Array, offset: number, limit: number): DerNode | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = der[offset]!;
  // Multi-byte tags never appear in the certificate fields read here.
  if ((tag & 0x1f) === 0x1f) return undefined;
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    // Four length bytes already describe 4 GiB; DER forbids the indefinite form (count 0).
    if (count === 0 || count > 4 || start + count > limit) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!;
    start += count;
  }
  const end = start + length;
  if (end > limit) return undefined;
  return { tag, start, end, head: offset };
}

/**
 * The SubjectPublicKeyInfo bytes of a DER certificate, exactly as they stand in it (RFC 5280 §4.1:
 * Certificate → tbsCertificate → [version], serial, signature, issuer, validity, subject, SPKI).
 * Read straight from the DER, not re-encoded from a parsed key, so the bytes hashed are the bytes the
 * publisher hashed.
 */
export function spkiOfCertificate(der: Uint8Array): Uint8Array | undefined {
  const cert = derAt(der, 0, der.length);
  if (!cert || cert.tag !== 0x30) return undefined;
  const tbs = derAt(der, cert.start, cert.end);
  if (!tbs || tbs.tag !== 0x30) return undefined;
  let offset = tbs.start;
  let field = derAt(der, offset, tbs.end);
  if (field?.tag === 0xa0) {
    offset = field.end;
    field = derAt(der, offset, tbs.end);
  }
  // serial, signature algorithm, issuer, validity, subject: skip five elements.
  for (let i = 0; i < 5; i++) {
    if (!field) return undefined;
    offset = field.end;
    field = derAt(der, offset, tbs.end);
  }
  if (!field || field.tag !== 0x30) return undefined;
  return der.subarray(field.head, field.end);
}

/**
 * The association data a certificate gives for a selector and matching type (RFC 6698 §2.1.2-3):
 * what a TLSA record's data must equal. Undefined for parameters that are not defined or a certificate
 * whose SubjectPublicKeyInfo cannot be found.
 */
export function tlsaAssociation(certDer: Uint8Array, selector: number, matchingType: number): string | undefined {
  const selected = selector === 0 ? certDer : selector === 1 ? spkiOfCertificate(certDer) : undefined;
  if (!selected) return undefined;
  switch (matchingType) {
    case 0:
      return Buffer.from(selected).toString('hex');
    case 1:
      return createHash('sha256').update(selected).digest('hex');
    case 2:
      return createHash('sha512').update(selected).digest('hex');
    default:
      return undefined;
  }
}
