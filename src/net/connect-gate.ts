/**
 * The last check before any socket to the target opens. The resolver already refused bad addresses,
 * but every connection passes this gate too, so a code path that forgot the resolver still cannot
 * reach a refused address; and each connection is reported to an optional observer, which is how
 * tests prove that a refused address saw zero connection attempts.
 */
import { TargetRefusedError } from './errors.js';
import { checkTargetAddress, type TargetPolicyOptions } from './target-policy.js';

export interface ConnectAttempt {
  address: string;
  port: number;
  /**
   * Which part of the scan opens it: the HTTP client (`http`/`https`), the TLS probe (`tls`), or a
   * fetch of a URL a certificate names (`certificate-url`: AIA, OCSP, CRL), the mail probe's SMTP
   * conversation with an MX of the scanned domain (`smtp`, port 25 only), an attempt of the Happy
   * Eyeballs race that picks the scanned host's address (`connect-race`), or one SOA query to a name
   * server's IPv6 address (`dns-ipv6`).
   */
  purpose: 'http' | 'https' | 'tls' | 'certificate-url' | 'smtp' | 'connect-race' | 'dns-ipv6';
}

/** Throws TargetRefusedError for an address the policy refuses; otherwise records the attempt. */
export type ConnectGate = (address: string, port: number, purpose: ConnectAttempt['purpose']) => void;

export function createConnectGate(policy: TargetPolicyOptions, observer?: (attempt: ConnectAttempt) => void): ConnectGate {
  return (address, port, purpose) => {
    const verdict = checkTargetAddress(address, policy);
    if (!verdict.allowed) {
      throw new TargetRefusedError(`refusing to connect to ${verdict.address}: ${verdict.range ?? 'not an IP address'}`);
    }
    observer?.({ address: verdict.address, port, purpose });
  };
}
