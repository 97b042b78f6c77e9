/**
 * What the TLS probe learns about the served certificate beyond the handshake, from URLs the
 * certificate itself names: the missing issuer through AIA (chain-completion.ts), then the leaf's
 * revocation through OCSP and its CRL (revocation.ts), and the stapled OCSP response. It starts the moment
 * the certificate handshake ends, beside the protocol and suite hellos that are still running, so it
 * adds at most one round-trip depth (to the CA's server, not the target) after that handshake; two
 * only when the issuer itself had to be fetched before OCSP could be asked about the leaf.
 */
import type { ChainCompletionEvidence, RevocationEvidence } from '../../model/tls.js';
import type { HandshakeResult } from '../../net/tls/handshake.js';
import type { CertificateUrlFetcher } from '../../net/cert-fetch.js';
import { X509Certificate } from 'node:crypto';
import { MISSING_ISSUER_ERRORS, buildPath, completeChain } from './chain-completion.js';
import { gatherRevocation } from './revocation.js';
import { roots } from './trust-anchor.js';

export interface CertificateFacts {
  chainCompletion: ChainCompletionEvidence | null;
  revocation: RevocationEvidence | null;
  notes: string[];
}

export interface CertificateFactsOptions {
  ca: readonly string[];
  /** Absent when the caller gave no way to fetch certificate URLs (a bare probeTls call). */
  fetcher: CertificateUrlFetcher | undefined;
}

/** Never rejects: what could not be learned becomes a note. */
export async function gatherCertificateFacts(result: HandshakeResult, opts: CertificateFactsOptions): Promise<CertificateFacts> {
  const facts: CertificateFacts = { chainCompletion: null, revocation: null, notes: [] };
  if (!result.ok || result.chain.length === 0) return facts;
  const missingIssuer = !result.authorized && result.authorizationError !== undefined && MISSING_ISSUER_ERRORS.has(result.authorizationError);
  if (missingIssuer && !opts.fetcher) facts.notes.push('the missing issuer was not looked for through AIA (no certificate URL fetcher in this run)');
  let issuer: X509Certificate | null = null;
  if (missingIssuer && opts.fetcher) {
    try {
      const completed = await completeChain({ chain: result.chain, ca: opts.ca, fetcher: opts.fetcher });
      facts.chainCompletion = completed.evidence;
      issuer = completed.issuer;
    } catch (err) {
      facts.notes.push(`the missing issuer could not be looked for: ${(err as Error).message}`);
    }
  }
  try {
    issuer ??= issuerOf(result.chain);
    facts.revocation = await gatherRevocation({ leafDer: result.chain[0]!, issuer, stapled: result.ocspResponse, fetcher: opts.fetcher });
  } catch (err) {
    facts.notes.push(`revocation could not be checked: ${(err as Error).message}`);
  }
  return facts;
}

/** The leaf's issuer from the served chain or the known roots (signature checked); null when neither has it. */
function issuerOf(chain: readonly Buffer[]): X509Certificate | null {
  const certs = chain.map((der) => new X509Certificate(der));
  const walk = buildPath(certs[0]!, certs, roots().certs, new Date());
  const next = walk.path[1] ?? walk.root;
  if (next) return next;
  // Untrusted chains: still the served certificate that signed the leaf, if any (its answers are then only as good as it).
  return certs.slice(1).find((c) => certs[0]!.checkIssued(c) && certs[0]!.verify(c.publicKey)) ?? null;
}
