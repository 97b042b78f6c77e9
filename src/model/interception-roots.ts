/**
 * Roots that mean "someone is reading this TLS", not "a CA vouches for this site": the private keys of
 * the adware and vendor roots below were published (anyone can mint certificates under them), the
 * development roots belong to a developer's tool, and the proxy roots are minted per installation of a
 * TLS-intercepting proxy (often on the scanner's own network path, which is worth saying).
 *
 * Matched by subject name, not fingerprint: a chain that ends at one of these has already failed
 * public validation (none is in a public trust store), so the match does not decide trust; it only
 * names the reason. Per-installation proxy roots have no fixed fingerprint anyway, and the subject is
 * what the products and the advisories document. Names as given in the cited advisories and the
 * products' documentation.
 */
export interface InterceptionRoot {
  name: string;
  kind: 'compromised' | 'development' | 'proxy';
  /** Where the subject name and the story are documented. */
  source: string;
  /** Tested against a certificate's subject and issuer (RFC 4514-style text, case-insensitive). */
  subject: RegExp;
}

export const INTERCEPTION_ROOTS: readonly InterceptionRoot[] = [
  { name: 'Superfish (Komodia) adware root', kind: 'compromised', source: 'Lenovo laptops, 2015; US-CERT alert TA15-051A', subject: /\bCN=Superfish\\?,? Inc\./i },
  { name: 'eDellRoot', kind: 'compromised', source: 'Dell laptops, 2015; CERT/CC VU#925497', subject: /\bCN=eDellRoot\b/i },
  { name: 'DSDTestProvider', kind: 'compromised', source: 'Dell System Detect, 2015; CERT/CC VU#925497', subject: /\bCN=DSDTestProvider\b/i },
  { name: 'preact-cli development CA', kind: 'development', source: "preact-cli's HTTPS dev server", subject: /preact[- ]cli/i },
  { name: 'webpack-dev-server development certificate', kind: 'development', source: "webpack-dev-server's bundled HTTPS certificate", subject: /webpack-dev-server/i },
  { name: 'mitmproxy', kind: 'proxy', source: 'mitmproxy documentation (CA "mitmproxy")', subject: /\b(CN|O)=mitmproxy\b/i },
  { name: 'Burp Suite (PortSwigger CA)', kind: 'proxy', source: 'Burp Suite documentation (CA "PortSwigger CA")', subject: /\bCN=PortSwigger CA\b/i },
  { name: 'Fiddler', kind: 'proxy', source: 'Fiddler documentation (root "DO_NOT_TRUST_FiddlerRoot")', subject: /DO_NOT_TRUST_FiddlerRoot/i },
  { name: 'Charles Proxy', kind: 'proxy', source: 'Charles Proxy documentation (root "Charles Proxy CA")', subject: /\bCN=Charles Proxy (Custom Root Certificate|CA)\b/i },
  { name: 'OWASP ZAP', kind: 'proxy', source: 'ZAP documentation (root "OWASP Zed Attack Proxy Root CA")', subject: /OWASP Zed Attack Proxy Root CA/i },
];

/** The catalogued root a chain leads to: any certificate's subject or issuer (the root itself is often not served). */
export function findInterceptionRoot(chain: readonly { subject: string; issuer: string }[]): { root: InterceptionRoot; matched: string } | null {
  for (const cert of chain) {
    for (const name of [cert.subject, cert.issuer]) {
      const root = INTERCEPTION_ROOTS.find((r) => r.subject.test(name));
      if (root) return { root, matched: name };
    }
  }
  return null;
}
