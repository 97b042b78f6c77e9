/**
 * The one rule for caps. A finding caps the whole score by the kind of failure it proves, never by a
 * number picked for that finding: each kind (a cap class) below has one cap and its sources, and every
 * row of rules/*.ts names, per severity, the class of what it found. Critical findings always cap, in
 * a class below every passing grade; lesser findings cap only where SSL Labs caps the same weakness,
 * at the grade it gives (B → 80, C → 70, the lowest score of that grade here).
 *
 * The methodology page and docs/scoring.md render this table; test/unit/caps.test.ts holds every rule to it.
 */
import { SEVERITIES, type Severity } from '../model/finding.js';

export const CAP_CLASS_IDS = ['no_confidentiality', 'impersonable', 'compromised', 'unreachable', 'broken_legacy', 'legacy'] as const;
export type CapClassId = (typeof CAP_CLASS_IDS)[number];

export interface CapSource {
  name: string;
  url?: string;
  /** What the source says that sets this cap, in our words. */
  says: string;
}

export interface CapClass {
  id: CapClassId;
  cap: number;
  /** `critical`: the class of a critical finding, below every passing grade; `lesser`: a passing grade at most. */
  tier: 'critical' | 'lesser';
  title: string;
  /** The kind of failure, in words a site owner can check their finding against. */
  kind: string;
  /** Why this cap sits where it does relative to the rows next to it. */
  why: string;
  sources: readonly CapSource[];
}

const SSL_LABS_GUIDE = 'https://github.com/ssllabs/research/wiki/SSL-Server-Rating-Guide';
const TESTSSL = 'https://github.com/drwetter/testssl.sh';

export const CAP_CLASSES: Readonly<Record<CapClassId, CapClass>> = {
  no_confidentiality: {
    id: 'no_confidentiality',
    cap: 20,
    tier: 'critical',
    title: 'No confidentiality',
    kind: 'Nothing keeps the traffic private, or no current browser can connect securely: no HTTPS at all, SSL 2.0, EXPORT cipher suites, suites without encryption or without authentication, a Diffie-Hellman group under 1024 bits.',
    why: 'The lowest cap: every listener on the path reads everything, with no warning to click through and nothing to break.',
    sources: [
      { name: 'Qualys SSL Labs, SSL Server Rating Guide', url: SSL_LABS_GUIDE, says: 'SSL 2.0 caps the grade at F (rule 2009c); a category that scores zero (anonymous key exchange, no encryption) makes the whole score zero; key exchange under 1024 bits scores 40 % or less.' },
      { name: 'testssl.sh 3.2 rating', url: TESTSSL, says: 'Caps at F for SSL 2.0, EXPORT suites and key exchange of 40 points or less.' },
    ],
  },
  impersonable: {
    id: 'impersonable',
    cap: 30,
    tier: 'critical',
    title: 'Site impersonable',
    kind: 'Anyone can pose as the site: browsers refuse its certificate (expired, not yet valid, issued for another name, self-signed, not trusted), the certificate can be forged (an RSA key under 1024 bits, an MD5 or MD2 signature), or one of its names points at a service anyone can claim.',
    why: 'One step above no confidentiality: an attacker has to intercept the traffic (or claim the name) and visitors have to click through a warning.',
    sources: [
      { name: 'Qualys SSL Labs, SSL Server Rating Guide', url: SSL_LABS_GUIDE, says: 'An untrusted certificate gets the grade T and a name mismatch M instead of a letter; keys under 1024 bits and MD5 signatures cap at F (rule 2009e).' },
      { name: 'testssl.sh 3.2 rating', url: TESTSSL, says: 'Caps at T for expired, self-signed and untrusted certificates, at M for a name mismatch, at F for MD5 signatures.' },
    ],
  },
  compromised: {
    id: 'compromised',
    cap: 30,
    tier: 'critical',
    title: 'Site or data compromised',
    kind: "The site or its users' data can be taken without breaking any cryptography: published secrets (a private key, a .env file, credentials, a configuration or database backup), an open debug or heap-dump endpoint, any website reading logged-in users' responses (CORS reflecting the Origin with credentials), a known critical vulnerability in the version the site shows.",
    why: 'The same cap as an impersonable site: either hands an attacker the site, and no header elsewhere can make up for a published database password.',
    sources: [
      { name: 'Scorifya issue 21, item 8', says: 'Every critical finding caps by one documented rule: a published secret is critical, so it caps like the other ways to take over a site.' },
      { name: 'MDN HTTP Observatory scoring chart', url: 'https://github.com/mdn/mdn-http-observatory', says: "Its largest single penalty, −50 of 100, is CORS 'universal access': the Origin reflected with credentials." },
    ],
  },
  unreachable: {
    id: 'unreachable',
    cap: 50,
    tier: 'critical',
    title: 'Unreachable for many visitors',
    kind: 'Validating resolvers refuse the name: its DNSSEC signatures fail validation, so visitors behind a validating resolver (the large public resolvers validate) cannot reach the site, and everyone else gets unauthenticated records. The same for mail: an MX whose TLSA records fail validation or match none of its certificates gets no mail from senders that do DANE; and an MTA-STS policy in enforce mode that covers an MX whose certificate fails validation makes senders that honour it refuse to deliver.',
    why: 'An outage for a large share of visitors rather than an exposure: above the classes that expose traffic or data, still below every passing grade because the site is broken.',
    sources: [
      { name: 'RFC 4035, section 5.5', url: 'https://www.rfc-editor.org/rfc/rfc4035#section-5.5', says: 'A validating resolver answers SERVFAIL for data whose signatures fail validation (bogus).' },
      { name: 'RFC 7672, section 2.2', url: 'https://www.rfc-editor.org/rfc/rfc7672#section-2.2', says: 'A sender that does DANE does not deliver to an MX whose TLSA records are bogus or match none of its certificates: the mail is deferred.' },
      { name: 'RFC 8461, section 5', url: 'https://www.rfc-editor.org/rfc/rfc8461#section-5', says: 'In enforce mode, a sending MTA does not deliver to an MX host whose certificate fails validation.' },
    ],
  },
  broken_legacy: {
    id: 'broken_legacy',
    cap: 70,
    tier: 'lesser',
    title: 'Broken legacy crypto accepted',
    kind: 'An obsolete protocol or algorithm with a practical published attack is accepted; current browsers refuse it, so the risk is older clients and downgrades: SSL 3.0 (POODLE), RC4, no TLS 1.2, TLS compression (CRIME), single DES, a SHA-1 certificate signature.',
    why: 'At most C, as SSL Labs grades these: serious, but no current browser uses them.',
    sources: [
      { name: 'Qualys SSL Labs rating changes (2015, 2017)', url: SSL_LABS_GUIDE, says: 'No TLS 1.2 caps at C; RC4 with TLS 1.1 or later caps at C; 3DES negotiated with TLS 1.1 or later caps at C.' },
      { name: 'testssl.sh 3.2 rating', url: TESTSSL, says: 'Caps at C for no TLS 1.2, CRIME, POODLE (SSL 3.0), SWEET32 and RC4 on TLS 1.1.' },
      { name: 'RFC 7465', url: 'https://www.rfc-editor.org/rfc/rfc7465', says: 'TLS clients and servers must not negotiate RC4.' },
    ],
  },
  legacy: {
    id: 'legacy',
    cap: 80,
    tier: 'lesser',
    title: 'Legacy or weak configuration',
    kind: 'Weaker than current guidance, or failing some clients, while current browsers still connect safely: TLS 1.0 or 1.1, 3DES, no AEAD suite, no forward-secret suite at all, a key under 2048 bits or a DSA key, a Diffie-Hellman group of 1024 to 2047 bits, an incomplete certificate chain.',
    why: 'At most B, as SSL Labs grades these.',
    sources: [
      { name: 'Qualys SSL Labs rating changes (2014, 2018, 2020)', url: SSL_LABS_GUIDE, says: 'Keys under 2048 bits cap at B; no forward secrecy or no AEAD caps at B; TLS 1.0 or 1.1 caps at B.' },
      { name: 'testssl.sh 3.2 rating', url: TESTSSL, says: 'Caps at B for TLS 1.0 or 1.1 offered, no AEAD, no forward secrecy and weak keys.' },
      { name: 'RFC 8996', url: 'https://www.rfc-editor.org/rfc/rfc8996', says: 'TLS 1.0 and 1.1 are deprecated.' },
    ],
  },
};

/** A rule's caps: the class of what it found, for each severity that caps. */
export type CapSpec = Partial<Record<Severity, CapClassId>>;

/** The class a finding of this severity caps by, if any. */
export function capClassFor(spec: CapSpec | undefined, severity: Severity): CapClass | undefined {
  const id = spec?.[severity];
  return id ? CAP_CLASSES[id] : undefined;
}

/** The title of a class named in a report ("Site impersonable"); the id itself when this version does not know it. */
export function capClassTitle(id: string): string {
  return (CAP_CLASSES as Record<string, CapClass | undefined>)[id]?.title ?? id;
}

/** A rule's caps by severity, worst severity first. */
export function capsBySeverity(spec: CapSpec | undefined): { severity: Severity; capClass: CapClass }[] {
  return SEVERITIES.flatMap((severity) => {
    const capClass = capClassFor(spec, severity);
    return capClass ? [{ severity, capClass }] : [];
  });
}

/** "30 when critical (Site impersonable), 80 when high (Legacy or weak configuration)"; null when the rule never caps. */
export function capSummary(spec: CapSpec | undefined): string | null {
  const entries = capsBySeverity(spec);
  return entries.length ? entries.map((e) => `${e.capClass.cap} when ${e.severity} (${e.capClass.title})`).join(', ') : null;
}

/** The classes, lowest cap first: the table the methodology page and the docs show. */
export function capTable(): CapClass[] {
  return CAP_CLASS_IDS.map((id) => CAP_CLASSES[id]).sort((a, b) => a.cap - b.cap);
}
