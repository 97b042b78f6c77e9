/**
 * Which kind of root vouches for a chain that validated: one of the public roots Node ships (the
 * CA/Browser Forum Baseline Requirements and the browsers' CT policies bind its CAs) or only a root
 * the user passed with `--ca` (a private CA, which no public rule binds). The scan validates against
 * both at once, so the chain Node assembled is looked at afterwards.
 */
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';

let publicRoots: { certs: X509Certificate[]; fingerprints: Set<string> } | undefined;

/** Parsed once, on first use (about 150 certificates). */
export function roots(): { certs: X509Certificate[]; fingerprints: Set<string> } {
  if (!publicRoots) {
    const certs = tls.rootCertificates.map((pem) => new X509Certificate(pem));
    publicRoots = { certs, fingerprints: new Set(certs.map((c) => c.fingerprint256)) };
  }
  return publicRoots;
}

/**
 * `chain` is leaf first as Node assembled it; when the path was built from the trust store, Node
 * appends the root it used, so a public root shows up in the chain itself. A chain whose top is not
 * a root is public when a public root issued (and signed) that top certificate.
 */
export function trustAnchor(trusted: boolean, chain: readonly Buffer[]): 'public' | 'private' | 'none' {
  if (!trusted || chain.length === 0) return 'none';
  try {
    const { certs, fingerprints } = roots();
    const parsed = chain.map((der) => new X509Certificate(der));
    if (parsed.some((c) => fingerprints.has(c.fingerprint256))) return 'public';
    const top = parsed[parsed.length - 1]!;
    if (certs.some((root) => top.checkIssued(root) && top.verify(root.publicKey))) return 'public';
    return 'private';
  } catch {
    // A chain Node validated but that cannot be re-read here: no public rule is applied to it.
    return 'private';
  }
}
