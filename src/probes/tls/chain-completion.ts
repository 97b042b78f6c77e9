/**
 * Tells an incomplete chain from an unknown issuer. When the handshake's verification stopped at a
 * certificate whose issuer was neither served nor a known root, the issuer is fetched through the
 * AIA caIssuers URLs the certificates name (as browsers do), and the chain is built again offline from
 * the served certificates, the fetched ones and the known roots (Node's roots plus `--ca`). Only a
 * chain that then reaches a known root, every link checked (issuer name, signature, CA flag, dates),
 * is "incomplete"; otherwise the issuer is unknown. The served chain is not re-fetched over TLS: the
 * offline build costs no round trip to the target.
 */
import { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import type { ChainCompletionEvidence, IssuerFetch } from '../../model/tls.js';
import type { CertificateUrlFetcher } from '../../net/cert-fetch.js';
import { roots } from './trust-anchor.js';

/** OpenSSL's verify codes for "this certificate's issuer is nowhere to be found". */
export const MISSING_ISSUER_ERRORS = new Set(['UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);
/** An intermediate (or a PKCS#7 bundle of a few) is a few kB; 64 kB leaves room and bounds a hostile answer. */
export const AIA_MAX_BYTES = 64 * 1024;
/** Issuers looked up one above another: a chain rarely needs more than one. */
const MAX_AIA_DEPTH = 2;
const MAX_PATH = 8;

export interface ChainCompletionInput {
  /** DER, leaf first, as the handshake returned it. */
  chain: readonly Buffer[];
  /** PEM roots from `--ca`. */
  ca: readonly string[];
  fetcher: CertificateUrlFetcher;
  now?: Date;
}

export async function completeChain(input: ChainCompletionInput): Promise<{ evidence: ChainCompletionEvidence; issuer: X509Certificate | null }> {
  const now = input.now ?? new Date();
  const served = input.chain.map((der) => new X509Certificate(der));
  const anchors = [...roots().certs, ...extraRoots(input.ca)];
  const pool = [...served];
  const fetches: IssuerFetch[] = [];
  let walk = buildPath(served[0]!, pool, anchors, now);
  const incompleteAt = walk.stuck;
  const tried = new Set<string>();
  for (let depth = 0; depth < MAX_AIA_DEPTH && !walk.root && walk.stuck && !walk.broken; depth++) {
    // Each URL once: a fetched issuer that is itself stuck names new URLs, or the search ends.
    const urls = aiaUrls(walk.stuck).filter((u) => !tried.has(u));
    if (urls.length === 0) break;
    for (const u of urls) tried.add(u);
    for (const url of urls.slice(0, 2)) {
      const fetch = await fetchIssuer(input.fetcher, url);
      fetches.push(fetch.evidence);
      pool.push(...fetch.certs);
    }
    walk = buildPath(served[0]!, pool, anchors, now);
  }
  const stuck = incompleteAt ?? served[served.length - 1]!;
  const evidence: ChainCompletionEvidence = {
    incompleteAt: stuck.subject.replaceAll('\n', ', '),
    missingIssuer: stuck.issuer.replaceAll('\n', ', '),
    fetches,
    validates: walk.root !== null,
    root: walk.root ? walk.root.subject.replaceAll('\n', ', ') : null,
    detail: walk.root
      ? `with ${fetches.filter((f) => f.outcome === 'fetched').map((f) => f.url).join(', ')} the chain reaches ${walk.root.subject.replaceAll('\n', ', ')}`
      : walk.broken ?? (fetches.length === 0 ? 'the certificate names no AIA caIssuers URL, and its issuer is not a known root' : `the issuer ${(walk.stuck ?? stuck).issuer.replaceAll('\n', ', ')} was not found through AIA either`),
  };
  return { evidence, issuer: walk.path[1] ?? walk.root ?? null };
}

interface Walk {
  /** Leaf first, then each issuer found (anchor excluded). */
  path: X509Certificate[];
  root: X509Certificate | null;
  /** The certificate whose issuer was not found. */
  stuck: X509Certificate | null;
  /** A link found but unusable (expired, not a CA, bad signature), in words. */
  broken?: string;
}

/** Walks from the leaf to a known root through `pool`, checking each link. */
export function buildPath(leaf: X509Certificate, pool: readonly X509Certificate[], anchors: readonly X509Certificate[], now: Date): Walk {
  const path = [leaf];
  let current = leaf;
  for (let i = 0; i < MAX_PATH; i++) {
    const root = anchors.find((a) => issues(a, current) && withinDates(a, now));
    if (root) return { path, root, stuck: null };
    const named = pool.filter((c) => c !== current && !path.includes(c) && current.checkIssued(c));
    const usable = named.find((c) => issues(c, current));
    if (!usable) {
      const broken = named.length ? `${named[0]!.subject.replaceAll('\n', ', ')} names itself the issuer but its signature does not verify or it is not a CA` : undefined;
      return { path, root: null, stuck: current, ...(broken ? { broken } : {}) };
    }
    if (!withinDates(usable, now)) return { path, root: null, stuck: current, broken: `the issuer ${usable.subject.replaceAll('\n', ', ')} is outside its validity dates` };
    path.push(usable);
    current = usable;
  }
  return { path, root: null, stuck: current, broken: `no root within ${MAX_PATH} links` };
}

function issues(issuer: X509Certificate, cert: X509Certificate): boolean {
  try {
    return issuer.ca && cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

const withinDates = (c: X509Certificate, now: Date) => c.validFromDate <= now && now <= c.validToDate;

/** AIA caIssuers URLs, from Node's text form of the extension ("CA Issuers - URI:…"). */
export function aiaUrls(cert: X509Certificate): string[] {
  return [...(cert.infoAccess ?? '').matchAll(/^CA Issuers - URI:(.+)$/gm)].map((m) => m[1]!.trim());
}

async function fetchIssuer(fetcher: CertificateUrlFetcher, url: string): Promise<{ evidence: IssuerFetch; certs: X509Certificate[] }> {
  const result = await fetcher.fetch({ url, maxBytes: AIA_MAX_BYTES });
  if (!result.ok) {
    return { evidence: { url, outcome: result.code === 'REFUSED' ? 'refused' : 'failed', detail: result.message, certificates: [] }, certs: [] };
  }
  const certs = readCertificates(result.body);
  if (certs.length === 0) {
    return { evidence: { url, outcome: 'not_a_certificate', detail: `${result.body.length} bytes that are not a certificate (DER, PEM or PKCS#7)`, certificates: [] }, certs };
  }
  return {
    evidence: {
      url,
      outcome: 'fetched',
      detail: `${certs.length} certificate${certs.length === 1 ? '' : 's'} in ${result.elapsedMs} ms`,
      certificates: certs.map((c) => ({ subject: c.subject.replaceAll('\n', ', '), sha256Fingerprint: c.fingerprint256 })),
    },
    certs,
  };
}

/** What an AIA URL may serve: one DER certificate (RFC 5280), PEM, or a certs-only PKCS#7 bundle. Never throws. */
export function readCertificates(body: Buffer): X509Certificate[] {
  const one = tryCert(body);
  if (one) return [one];
  const text = body.toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    return [...text.matchAll(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g)].map((m) => tryCert(Buffer.from(m[0]))).filter((c): c is X509Certificate => c !== null).slice(0, 8);
  }
  try {
    const info = AsnConvert.parse(body, ContentInfo);
    const signed = AsnConvert.parse(info.content, SignedData);
    return (signed.certificates ?? [])
      .flatMap((choice) => (choice.certificate ? [tryCert(Buffer.from(AsnConvert.serialize(choice.certificate)))] : []))
      .filter((c): c is X509Certificate => c !== null)
      .slice(0, 8);
  } catch {
    return [];
  }
}

function tryCert(bytes: Buffer): X509Certificate | null {
  try {
    return new X509Certificate(bytes);
  } catch {
    return null;
  }
}

const caCache = new Map<string, X509Certificate[]>();
function extraRoots(ca: readonly string[]): X509Certificate[] {
  const key = ca.join('');
  let parsed = caCache.get(key);
  if (!parsed) {
    parsed = ca.flatMap((pem) => readCertificates(Buffer.from(pem)));
    if (caCache.size > 16) caCache.clear();
    caCache.set(key, parsed);
  }
  return parsed;
}
