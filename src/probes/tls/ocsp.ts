/**
 * OCSP (RFC 6960): the request for one certificate, and the reading of an answer, fetched from the
 * responder or stapled in the handshake. The answer is the responder's (or, stapled, the server's)
 * bytes: parseOcspResponse never throws, and an answer is only as good as its signature, checked
 * against the issuer's key or a responder certificate the issuer signed for OCSP signing.
 */
import { X509Certificate, createHash, verify } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';
import { BasicOCSPResponse, CertID, OCSPRequest, OCSPResponse, OCSPResponseStatus, Request, TBSRequest, id_pkix_ocsp_basic } from '@peculiar/asn1-ocsp';
import type { OcspAnswer } from '../../model/tls.js';
import { firstElement } from './der.js';

const SHA1 = '1.3.14.3.2.26';
const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';

/** Signature algorithm OID → node:crypto digest (null: the algorithm carries its own, e.g. Ed25519). */
export const SIGNATURE_DIGESTS: Record<string, string | null> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.101.112': null,
  '1.3.101.113': null,
};

/** Serial numbers compared as lower-case hex without leading zeros. */
export const normaliseSerial = (hex: string) => hex.toLowerCase().replace(/^(00)+(?=.)/, '').replace(/^0+(?=.)/, '');

/** The SHA-1 CertID of `leaf` as issued by `issuer` (the hash every responder accepts). */
function certId(leaf: X509Certificate, issuer: X509Certificate): CertID {
  const issuerAsn = AsnConvert.parse(issuer.raw, Certificate);
  const leafAsn = AsnConvert.parse(leaf.raw, Certificate);
  return new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: SHA1, parameters: null }),
    issuerNameHash: new OctetString(createHash('sha1').update(Buffer.from(AsnConvert.serialize(issuerAsn.tbsCertificate.subject))).digest()),
    issuerKeyHash: new OctetString(createHash('sha1').update(Buffer.from(issuerAsn.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey)).digest()),
    serialNumber: leafAsn.tbsCertificate.serialNumber,
  });
}

/** A DER OCSPRequest for one certificate (unsigned, no nonce: responders of public CAs ignore nonces). */
export function buildOcspRequest(leaf: X509Certificate, issuer: X509Certificate): Buffer {
  const request = new OCSPRequest({ tbsRequest: new TBSRequest({ requestList: [new Request({ reqCert: certId(leaf, issuer) })] }) });
  return Buffer.from(AsnConvert.serialize(request));
}

const emptyAnswer = (detail: string, responseStatus: string | null = null): OcspAnswer => ({
  status: 'error',
  responseStatus,
  producedAt: null,
  thisUpdate: null,
  nextUpdate: null,
  revokedAt: null,
  reason: null,
  signatureValid: null,
  detail,
});

export interface OcspSubject {
  /** The certificate asked about. */
  leaf: X509Certificate;
  /** Its issuer; null when unknown (the signature then cannot be checked). */
  issuer: X509Certificate | null;
  now?: Date;
}

/** Reads an OCSP response about `subject.leaf`. Never throws. */
export function parseOcspResponse(der: Uint8Array, subject: OcspSubject): OcspAnswer {
  let response: OCSPResponse;
  try {
    response = AsnConvert.parse(der, OCSPResponse);
  } catch {
    return emptyAnswer(`${der.length} bytes that are not an OCSP response`);
  }
  const responseStatus = OCSPResponseStatus[response.responseStatus] ?? String(response.responseStatus);
  if (response.responseStatus !== OCSPResponseStatus.successful) return emptyAnswer(`the responder answered ${responseStatus}`, responseStatus);
  if (!response.responseBytes || response.responseBytes.responseType !== id_pkix_ocsp_basic) {
    return emptyAnswer('the response carries no basic OCSP response', responseStatus);
  }
  try {
    const basicDer = new Uint8Array(response.responseBytes.response.buffer);
    const basic = AsnConvert.parse(basicDer, BasicOCSPResponse);
    const data = basic.tbsResponseData;
    const wanted = normaliseSerial(subject.leaf.serialNumber);
    const single = data.responses.find((r) => normaliseSerial(Buffer.from(r.certID.serialNumber).toString('hex')) === wanted);
    if (!single) return emptyAnswer(`the response names ${data.responses.length} certificate(s), none with this serial number`, responseStatus);
    const signatureValid = subject.issuer ? checkSignature(basic, firstElement(basicDer), subject.issuer) : null;
    const status = single.certStatus.revoked ? 'revoked' : single.certStatus.unknown !== undefined ? 'unknown' : single.certStatus.good !== undefined ? 'good' : 'unknown';
    const now = subject.now ?? new Date();
    const stale = single.nextUpdate && single.nextUpdate < now ? ` (stale: its nextUpdate ${single.nextUpdate.toISOString()} has passed)` : '';
    const revoked = single.certStatus.revoked;
    return {
      status,
      responseStatus,
      producedAt: iso(data.producedAt),
      thisUpdate: iso(single.thisUpdate),
      nextUpdate: single.nextUpdate ? iso(single.nextUpdate) : null,
      revokedAt: revoked ? iso(revoked.revocationTime) : null,
      reason: revoked?.revocationReason ? (CRLReasonNames[revoked.revocationReason.reason] ?? String(revoked.revocationReason.reason)) : null,
      signatureValid,
      detail: `${status}${signatureValid === true ? ', signed by the issuer or its responder' : signatureValid === false ? ', but the signature does not verify against the issuer' : ', signature not checked (issuer unknown)'}${stale}`,
    };
  } catch {
    return emptyAnswer('the basic OCSP response could not be read', responseStatus);
  }
}

function iso(d: Date): string | null {
  return Number.isFinite(d?.getTime?.()) ? d.toISOString() : null;
}

/** Signed by the issuer itself, or by a certificate in the response that the issuer signed for OCSP signing. */
function checkSignature(basic: BasicOCSPResponse, tbs: Uint8Array, issuer: X509Certificate): boolean {
  const algorithm = basic.signatureAlgorithm.algorithm;
  if (!(algorithm in SIGNATURE_DIGESTS)) return false;
  const digest = SIGNATURE_DIGESTS[algorithm] ?? null;
  const signature = Buffer.from(basic.signature);
  const signers = [issuer];
  for (const c of basic.certs ?? []) {
    try {
      const responder = new X509Certificate(Buffer.from(AsnConvert.serialize(c)));
      if (responder.checkIssued(issuer) && responder.verify(issuer.publicKey) && (responder.keyUsage ?? []).includes(OCSP_SIGNING)) signers.push(responder);
    } catch {
      /* not a usable responder certificate */
    }
  }
  return signers.some((s) => {
    try {
      return verify(digest, tbs, s.publicKey, signature);
    } catch {
      return false;
    }
  });
}

export const CRLReasonNames: Record<number, string> = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  8: 'removeFromCRL',
  9: 'privilegeWithdrawn',
  10: 'aACompromise',
};
