/**
 * A CRL (RFC 5280 §5) from the leaf's distribution point: is the leaf's serial on it? The list is the
 * CA's server's bytes, so parseCrl never throws, and a list is only believed when its signature
 * verifies with the issuer's key and it names the leaf's issuer.
 */
import { X509Certificate, verify } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, CertificateList } from '@peculiar/asn1-x509';
import type { CrlCheck } from '../../model/tls.js';
import { firstElement } from './der.js';
import { CRLReasonNames, SIGNATURE_DIGESTS, normaliseSerial } from './ocsp.js';

/** The reason code extension of a CRL entry. */
const REASON_OID = '2.5.29.21';

export function parseCrl(der: Uint8Array, subject: { leaf: X509Certificate; issuer: X509Certificate | null; url: string }): CrlCheck {
  const fail = (detail: string): CrlCheck => ({ url: subject.url, status: 'error', thisUpdate: null, nextUpdate: null, revokedAt: null, reason: null, signatureValid: null, entries: null, detail });
  let crl: CertificateList;
  try {
    crl = AsnConvert.parse(der, CertificateList);
  } catch {
    return fail(`${der.length} bytes that are not a CRL`);
  }
  try {
    const tbs = crl.tbsCertList;
    let signatureValid: boolean | null = null;
    if (subject.issuer) {
      const algorithm = crl.signatureAlgorithm.algorithm;
      signatureValid =
        algorithm in SIGNATURE_DIGESTS &&
        safeVerify(SIGNATURE_DIGESTS[algorithm] ?? null, firstElement(der), subject.issuer, Buffer.from(crl.signature));
    }
    const issuerDer = Buffer.from(AsnConvert.serialize(tbs.issuer));
    const leafIssuer = subject.leaf.issuer;
    const sameIssuer = subject.issuer ? issuerDer.equals(issuerNameDer(subject.issuer)) : true;
    const wanted = normaliseSerial(subject.leaf.serialNumber);
    const entries = tbs.revokedCertificates ?? [];
    const entry = entries.find((e) => normaliseSerial(Buffer.from(e.userCertificate).toString('hex')) === wanted);
    const reasonExt = entry?.crlEntryExtensions?.find((e) => e.extnID === REASON_OID);
    // ENUMERATED: tag 0x0a, length 1, the code.
    const reasonCode = reasonExt ? new Uint8Array(reasonExt.extnValue.buffer)[2] : undefined;
    const thisUpdate = tbs.thisUpdate.getTime();
    const nextUpdate = tbs.nextUpdate?.getTime();
    const iso = (d: Date) => (Number.isFinite(d.getTime()) ? d.toISOString() : null);
    const words = [
      entry ? 'the serial is listed' : 'the serial is not listed',
      signatureValid === true ? 'signed by the issuer' : signatureValid === false ? 'but the signature does not verify against the issuer' : 'signature not checked (issuer unknown)',
      ...(sameIssuer ? [] : [`the list is issued by another name than the certificate's issuer (${leafIssuer.replaceAll('\n', ', ')})`]),
    ];
    return {
      url: subject.url,
      status: entry ? 'listed' : 'not_listed',
      thisUpdate: iso(thisUpdate),
      nextUpdate: nextUpdate === undefined ? null : iso(nextUpdate),
      revokedAt: entry ? iso(entry.revocationDate.getTime()) : null,
      reason: reasonCode === undefined ? null : (CRLReasonNames[reasonCode] ?? String(reasonCode)),
      signatureValid: signatureValid === null ? null : signatureValid && sameIssuer,
      entries: entries.length,
      detail: words.join(', '),
    };
  } catch {
    return fail('the CRL could not be read');
  }
}

function issuerNameDer(issuer: X509Certificate): Buffer {
  return Buffer.from(AsnConvert.serialize(AsnConvert.parse(issuer.raw, Certificate).tbsCertificate.subject));
}

function safeVerify(digest: string | null, data: Uint8Array, issuer: X509Certificate, signature: Buffer): boolean {
  try {
    return verify(digest, data, issuer.publicKey, signature);
  } catch {
    return false;
  }
}
