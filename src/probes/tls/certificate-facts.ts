/**
 * What the TLS probe learns about the served certificate beyond the handshake, from URLs the
 * certificate itself names: the missing issuer through AIA (chain-completion.ts). It starts the moment
 * the certificate handshake ends, beside the protocol and suite hellos that are still running, so it
 * adds at most one round-trip depth (to the CA's server, not the target) after that handshake.
 */
import type { ChainCompletionEvidence, RevocationEvidence } from '../../model/tls.js';
import type { HandshakeResult } from '../../net/tls/handshake.js';
import type { CertificateUrlFetcher } from '../../net/cert-fetch.js';
import { MISSING_ISSUER_ERRORS, completeChain } from './chain-completion.js';

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
  if (missingIssuer && opts.fetcher) {
    try {
      facts.chainCompletion = (await completeChain({ chain: result.chain, ca: opts.ca, fetcher: opts.fetcher })).evidence;
    } catch (err) {
      facts.notes.push(`the missing issuer could not be looked for: ${(err as Error).message}`);
    }
  }
  return facts;
}
