import 'reflect-metadata';
/**
 * Turns served certificates (DER) into the plain facts the checks read: names, validity, key, the
 * signature algorithm and whether the certificate signs itself. Certificate fields are
 * target-controlled text; they are stored as-is and escaped by renderers.
 */
import { X509Certificate as NodeX509, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { CertificateInfo, EmbeddedScts, PublicKeyInfo } from '../../model/tls.js';
import { SCT_LIST_OID, parseSctList } from './sct.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const SIGNATURE_OIDS: Record<string, [name: string, hash: string | null]> = {
  '1.2.840.113549.1.1.2': ['md2WithRSAEncryption', 'MD2'],
  '1.2.840.113549.1.1.4': ['md5WithRSAEncryption', 'MD5'],
  '1.2.840.113549.1.1.5': ['sha1WithRSAEncryption', 'SHA-1'],
  '1.2.840.113549.1.1.10': ['rsassaPss', null],
  '1.2.840.113549.1.1.11': ['sha256WithRSAEncryption', 'SHA-256'],
  '1.2.840.113549.1.1.12': ['sha384WithRSAEncryption', 'SHA-384'],
  '1.2.840.113549.1.1.13': ['sha512WithRSAEncryption', 'SHA-512'],
  '1.2.840.113549.1.1.14': ['sha224WithRSAEncryption', 'SHA-224'],
  '1.2.840.10045.4.1': ['ecdsa-with-SHA1', 'SHA-1'],
  '1.2.840.10045.4.3.1': ['ecdsa-with-SHA224', 'SHA-224'],
  '1.2.840.10045.4.3.2': ['ecdsa-with-SHA256', 'SHA-256'],
  '1.2.840.10045.4.3.3': ['ecdsa-with-SHA384', 'SHA-384'],
  '1.2.840.10045.4.3.4': ['ecdsa-with-SHA512', 'SHA-512'],
  '1.2.840.10040.4.3': ['dsa-with-sha1', 'SHA-1'],
  '2.16.840.1.101.3.4.3.2': ['dsa-with-sha256', 'SHA-256'],
  '1.3.101.112': ['Ed25519', null],
  '1.3.101.113': ['Ed448', null],
};

/** The one error describeCertificate throws: the served bytes are not a certificate we can read. */
export class CertificateParseError extends Error {
  readonly code = 'CERT_PARSE_FAILED';
  constructor(cause: unknown) {
    super('the certificate is malformed (its DER encoding or one of its fields could not be read)', { cause });
    this.name = 'CertificateParseError';
  }
}

/**
 * DNS and IP names of the subjectAltName extension. A SAN that does not decode names nothing: browsers
 * reject such a certificate for every host, and one bad extension must not hide the rest of the
 * certificate from the checks (x509-limbo rfc5280::san::malformed used to make the whole chain
 * "unavailable").
 */
function readSubjectAltNames(cert: x509.X509Certificate): string[] {
  try {
    const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
    return (san?.names.items ?? []).filter((n) => n.type === 'dns' || n.type === 'ip').map((n) => `${n.type === 'dns' ? 'DNS' : 'IP'}:${n.value}`);
  } catch {
    return [];
  }
}

/** The embedded SCT list, or null when there is none; a damaged list is reported, not thrown. */
function readEmbeddedScts(cert: x509.X509Certificate): EmbeddedScts | null {
  const ext = cert.extensions.find((e) => e.type === SCT_LIST_OID);
  return ext ? parseSctList(new Uint8Array(ext.value)) : null;
}

/** Rejects only with CertificateParseError, whatever the bytes (the libraries throw many kinds). */
export async function describeCertificate(der: Buffer): Promise<CertificateInfo> {
  try {
    return await readCertificate(der);
  } catch (err) {
    throw new CertificateParseError(err);
  }
}

async function readCertificate(der: Buffer): Promise<CertificateInfo> {
  const cert = new x509.X509Certificate(der);
  const node = new NodeX509(der);
  const oid = signatureAlgorithmOid(der);
  const [signatureAlgorithm, signatureHash] = SIGNATURE_OIDS[oid] ?? [oid, null];
  const subjectAltNames = readSubjectAltNames(cert);
  const basic = cert.getExtension(x509.BasicConstraintsExtension);
  const aia = cert.getExtension(x509.AuthorityInfoAccessExtension);
  let selfSigned = false;
  if (cert.subject === cert.issuer) {
    try {
      selfSigned = await cert.isSelfSigned();
    } catch {
      selfSigned = false;
    }
  }
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    serialNumber: cert.serialNumber,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    subjectAltNames,
    publicKey: publicKeyInfo(node),
    signatureAlgorithm,
    signatureHash,
    isCA: basic?.ca ?? false,
    selfSigned,
    sha256Fingerprint: node.fingerprint256,
    der: node.raw.toString('base64'),
    caIssuers: (aia?.caIssuers ?? []).filter((n) => n.type === 'url').map((n) => n.value),
    embeddedScts: readEmbeddedScts(cert),
  };
}

function publicKeyInfo(cert: NodeX509): PublicKeyInfo {
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
      return { algorithm: 'RSA', bits: details.modulusLength ?? null };
    case 'dsa':
      return { algorithm: 'DSA', bits: details.modulusLength ?? null };
    case 'ec': {
      const curve = details.namedCurve ?? 'unknown';
      return { algorithm: 'EC', bits: CURVE_BITS[curve] ?? null, curve };
    }
    case 'ed25519':
      return { algorithm: 'Ed25519', bits: 256 };
    case 'ed448':
      return { algorithm: 'Ed448', bits: 456 };
    default:
      return { algorithm: key.asymmetricKeyType ?? 'unknown', bits: null };
  }
}

const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  'P-256': 256,
  secp384r1: 384,
  'P-384': 384,
  secp521r1: 521,
  'P-521': 521,
  secp224r1: 224,
  prime192v1: 192,
  secp256k1: 256,
};

/**
 * Reads Certificate.signatureAlgorithm's OID straight from the DER (SEQUENCE { tbs, sigAlg, sig }),
 * because WebCrypto-based parsers cannot name algorithms it does not implement, such as MD5.
 */
export function signatureAlgorithmOid(der: Uint8Array): string {
  let offset = 0;
  const header = (): { tag: number; length: number } => {
    const tag = der[offset++]!;
    let length = der[offset++]!;
    if (length & 0x80) {
      const n = length & 0x7f;
      if (n > 4) throw new Error('DER length too long');
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + der[offset++]!;
    }
    if (offset + length > der.length) throw new Error('DER length runs past the end');
    return { tag, length };
  };
  try {
    if (header().tag !== 0x30) return 'unknown';
    const tbs = header();
    offset += tbs.length;
    if (header().tag !== 0x30) return 'unknown';
    const oid = header();
    if (oid.tag !== 0x06) return 'unknown';
    return decodeOid(der.subarray(offset, offset + oid.length));
  } catch {
    return 'unknown';
  }
}

function decodeOid(bytes: Uint8Array): string {
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (parts.length === 0) parts.push(Math.min(2, Math.floor(value / 40)), value - Math.min(2, Math.floor(value / 40)) * 40);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}
