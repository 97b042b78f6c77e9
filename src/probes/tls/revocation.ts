import 'reflect-metadata';
/**
 * Revocation of the leaf: its OCSP responder (AIA) and CRL (distribution points) asked side by side,
 * the OCSP response stapled in the handshake read, and the must-staple flag (RFC 7633 TLS feature
 * extension with status_request). Every URL goes through the certificate URL fetcher (the scan's
 * address policy and limits). What cannot be checked is a note, never a finding.
 */
import { X509Certificate, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { CrlCheck, OcspCheck, RevocationEvidence } from '../../model/tls.js';
import type { CertificateUrlFetcher } from '../../net/cert-fetch.js';
import { buildOcspRequest, parseOcspResponse } from './ocsp.js';
import { parseCrl } from './crl.js';
import { smallIntegers } from './der.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** An OCSP response is 1–5 kB (a delegated responder certificate included); 64 kB bounds a hostile one. */
export const OCSP_MAX_BYTES = 64 * 1024;
/**
 * Public CAs shard their CRLs (the CA/B Forum's CRL disclosure made them publish many small ones),
 * so a leaf's list is typically well under 1 MB; 4 MB covers the large unsharded ones still around
 * while bounding the memory and the parse time a hostile URL can cost.
 */
export const CRL_MAX_BYTES = 4 * 1024 * 1024;
const TLS_FEATURE_OID = '1.3.6.1.5.5.7.1.24';
/** status_request (RFC 6066), the TLS feature must-staple names. */
const STATUS_REQUEST = 5;

export interface RevocationInput {
  leafDer: Buffer;
  /** The leaf's issuer; null when it could not be found (OCSP cannot then be asked). */
  issuer: X509Certificate | null;
  /** The OCSP response stapled in the handshake, or null. */
  stapled: Buffer | null;
  fetcher: CertificateUrlFetcher | undefined;
}

export async function gatherRevocation(input: RevocationInput): Promise<RevocationEvidence> {
  const leaf = new X509Certificate(input.leafDer);
  const parsed = new x509.X509Certificate(input.leafDer);
  const notes: string[] = [];
  const ocspUrls = [...(leaf.infoAccess ?? '').matchAll(/^OCSP - URI:(.+)$/gm)].map((m) => m[1]!.trim());
  const crlUrls = crlDistributionPoints(parsed);
  const mustStaple = readMustStaple(parsed, notes);
  const stapled = input.stapled && input.stapled.length > 0 ? parseOcspResponse(input.stapled, { leaf, issuer: input.issuer }) : null;

  if (ocspUrls.length === 0) notes.push('the certificate names no OCSP responder (normal since Let\'s Encrypt ended OCSP in 2025); not penalised');
  if (!input.issuer) notes.push('the issuer certificate is unknown: OCSP cannot be asked and signatures cannot be checked');
  if (!input.fetcher && (ocspUrls.length || crlUrls.length)) notes.push('OCSP and CRL were not fetched (no certificate URL fetcher in this run)');

  const [ocsp, crl] = await Promise.all([
    ocspUrls[0] && input.issuer && input.fetcher ? askOcsp(ocspUrls[0], leaf, input.issuer, input.fetcher) : null,
    crlUrls[0] && input.fetcher ? fetchCrl(crlUrls[0], leaf, input.issuer, input.fetcher) : null,
  ]);
  if (ocsp?.status === 'error') notes.push(`OCSP ${ocsp.url}: ${ocsp.detail}`);
  if (crl?.status === 'error') notes.push(`CRL ${crl.url}: ${crl.detail}`);
  return { ocspUrls, crlUrls, ocsp, crl, stapled, mustStaple, notes };
}

async function askOcsp(url: string, leaf: X509Certificate, issuer: X509Certificate, fetcher: CertificateUrlFetcher): Promise<OcspCheck> {
  const result = await fetcher.fetch({ url, maxBytes: OCSP_MAX_BYTES, body: buildOcspRequest(leaf, issuer), contentType: 'application/ocsp-request' });
  if (!result.ok) {
    return { url, status: 'error', responseStatus: null, producedAt: null, thisUpdate: null, nextUpdate: null, revokedAt: null, reason: null, signatureValid: null, detail: result.message };
  }
  return { url, ...parseOcspResponse(result.body, { leaf, issuer }) };
}

async function fetchCrl(url: string, leaf: X509Certificate, issuer: X509Certificate | null, fetcher: CertificateUrlFetcher): Promise<CrlCheck> {
  const result = await fetcher.fetch({ url, maxBytes: CRL_MAX_BYTES });
  if (!result.ok) return { url, status: 'error', thisUpdate: null, nextUpdate: null, revokedAt: null, reason: null, signatureValid: null, entries: null, detail: result.message };
  return parseCrl(result.body, { leaf, issuer, url });
}

function crlDistributionPoints(cert: x509.X509Certificate): string[] {
  try {
    const ext = cert.getExtension(x509.CRLDistributionPointsExtension);
    return (ext?.distributionPoints ?? [])
      .flatMap((dp) => dp.distributionPoint?.fullName ?? [])
      .map((name) => name.uniformResourceIdentifier)
      .filter((u): u is string => typeof u === 'string' && /^https?:\/\//i.test(u));
  } catch {
    return [];
  }
}

function readMustStaple(cert: x509.X509Certificate, notes: string[]): boolean {
  const ext = cert.extensions.find((e) => e.type === TLS_FEATURE_OID);
  if (!ext) return false;
  try {
    return smallIntegers(new Uint8Array(ext.value)).includes(STATUS_REQUEST);
  } catch {
    notes.push('the TLS feature extension could not be read');
    return false;
  }
}
