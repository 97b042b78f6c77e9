/**
 * Plain-JSON shape of what the TLS probe saw: which protocol versions answered with a ServerHello,
 * which suites each accepts (in the server's order), the certificate chain as served and how it
 * validated, and the side facts (fallback SCSV, renegotiation, compression, OCSP, ALPN, DH size).
 * Nothing here is a judgement; checks decide what is a problem.
 */
import type { Probed } from './probed.js';
import type { TlsProtocol } from './tls-protocol.js';
import type { VulnerabilityProbes } from './tls-vulnerabilities.js';
export type { TlsProtocol } from './tls-protocol.js';
export type { VulnerabilityVerdict } from './vulnerabilities.js';
export type { VulnerabilityResult, HeartbleedResult, CcsInjectionResult, RobotResult, TicketbleedResult, VulnerabilityProbes } from './tls-vulnerabilities.js';

export interface ProtocolResult {
  protocol: TlsProtocol;
  /** true: a ServerHello for exactly this version; false: refused; null: could not tell (see note). */
  supported: boolean | null;
  /** What the server answered, in words: "ServerHello", "alert 70 protocol_version", "closed" … */
  answer: string;
}

export interface SuiteResult {
  id: number;
  /** `0xc02f` style, as sslscan and testssl print it. */
  hex: string;
  /** IANA name, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (SSL 2.0 kinds use their SSL_CK_ names). */
  name: string;
  /** Key exchange: RSA, DH, DHE, ECDH, ECDHE, PSK, SRP, or `any` for TLS 1.3. */
  kx: string;
  /** Authentication: RSA, DSS, ECDSA, PSK, SRP, anon, or `any` for TLS 1.3. */
  auth: string;
  /** Bulk cipher as named by IANA, e.g. AES_128_GCM, 3DES_EDE_CBC, RC4_128, NULL. */
  enc: string;
  /** Effective symmetric strength in bits (3DES counts as 112, NULL as 0). */
  bits: number;
  /** MAC / PRF hash (SHA, SHA256, MD5), or AEAD. */
  mac: string;
  flags: string[];
}

export interface ProtocolSuites {
  protocol: TlsProtocol;
  /**
   * Accepted suites, the server's first choice first: in the server's preference order when
   * `serverPreference` is true (a long list only partly, see `orderNote`), in our offer's order (the
   * order the server then follows) when false.
   */
  suites: SuiteResult[];
  /** Does the server impose its own order? null when fewer than two suites or not tested. */
  serverPreference: boolean | null;
  /** False when enumeration stopped early (budget, time, odd answer); `note` says why. */
  complete: boolean;
  note?: string;
  /** Set when the server imposes its order but only the first suites were put in it (each step costs a hello). */
  orderNote?: string;
}

export interface PublicKeyInfo {
  /** RSA, EC, Ed25519, Ed448, DSA, or the raw OID when unknown. */
  algorithm: string;
  /** Modulus length for RSA/DSA, curve size for EC. */
  bits: number | null;
  curve?: string;
}

export interface CertificateInfo {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** Subject alternative names as `DNS:name` / `IP:address`. */
  subjectAltNames: string[];
  publicKey: PublicKeyInfo;
  /** e.g. sha256WithRSAEncryption, ecdsa-with-SHA256, sha1WithRSAEncryption, md5WithRSAEncryption. */
  signatureAlgorithm: string;
  /** Hash inside the signature algorithm (SHA-256, SHA-1, MD5 …), null when none (Ed25519). */
  signatureHash: string | null;
  isCA: boolean;
  /** Subject equals issuer and the signature verifies with the certificate's own key. */
  selfSigned: boolean;
  sha256Fingerprint: string;
  /** The certificate as served, DER in base64: what DANE (TLSA) records are compared with. */
  der?: string;
  /** AIA caIssuers URLs, which let some clients fetch a missing intermediate. */
  caIssuers: string[];
  /**
   * The embedded SCT list extension (RFC 6962 §3.3, OID 1.3.6.1.4.1.11129.2.4.2); null when the
   * certificate has none.
   */
  embeddedScts: EmbeddedScts | null;
}

/** One Signed Certificate Timestamp: a CT log's promise to publish the certificate. */
export interface SignedCertificateTimestamp {
  /** 0 is v1, the only version in use. */
  version: number;
  /** The log's id (SHA-256 of its key), base64, as CT log lists name logs. */
  logId: string;
  /** When the log saw the (pre)certificate; null when the 64-bit value is not a representable date. */
  timestamp: string | null;
}

export interface EmbeddedScts {
  /** The SCTs that could be read, in the extension's order. */
  scts: SignedCertificateTimestamp[];
  /** Set when (part of) the extension could not be read: what went wrong, in words. */
  error?: string;
}

export interface CertificateEvidence {
  /** The name the certificate was checked against (the scan's host). */
  checkedName: string;
  /** Leaf first, then the issuers in order, as Node assembled them from what the server sent. */
  chain: CertificateInfo[];
  /** Number of certificates the server sent (Node may append a root from the trust store). */
  servedCount: number;
  /** Did the chain validate against Node's roots plus `--ca`? (Host name is judged separately.) */
  trusted: boolean;
  /** OpenSSL's verification error code when not trusted, e.g. DEPTH_ZERO_SELF_SIGNED_CERT. */
  verifyError?: string;
  /**
   * Where the trust comes from: 'public' when the chain leads to a root of Node's public store (the
   * CA/Browser Forum rules bind its issuer), 'private' when only a `--ca` root vouches for it (no
   * public rule applies), 'none' when it did not validate.
   */
  anchor: 'public' | 'private' | 'none';
  /** Protocol and suite of the handshake that fetched the chain. */
  protocol: string;
}

/** One fetch of an AIA caIssuers URL, looking for a missing issuer. */
export interface IssuerFetch {
  url: string;
  /** fetched: certificates came back; refused: the address policy refused the URL's address (never connected); failed; not_a_certificate. */
  outcome: 'fetched' | 'refused' | 'failed' | 'not_a_certificate';
  /** What happened, in words. */
  detail: string;
  /** The certificates the URL served (DER, PEM or a PKCS#7 bundle). */
  certificates: { subject: string; sha256Fingerprint: string }[];
}

/**
 * Set when the handshake's verification stopped at a certificate whose issuer was not served and is
 * not a known root: the issuer was then looked for through the certificates' AIA caIssuers URLs.
 */
export interface ChainCompletionEvidence {
  /** Subject of the certificate whose issuer is missing. */
  incompleteAt: string;
  /** That certificate's issuer name. */
  missingIssuer: string;
  /** Every AIA fetch, in order (an empty list: the certificate names no caIssuers URL). */
  fetches: IssuerFetch[];
  /**
   * The served chain plus the fetched certificates leads to a known root (Node's roots plus `--ca`):
   * each link's issuer name, signature, CA flag and validity dates checked.
   */
  validates: boolean;
  /** Subject of the root the completed chain reaches; null when it does not validate. */
  root: string | null;
  /** Why the chain was or was not completed, in words. */
  detail: string;
}

/** One OCSP answer about the leaf (RFC 6960), fetched from the responder or stapled in the handshake. */
export interface OcspAnswer {
  /** The certificate's status; 'error' when no usable answer (see `detail`). */
  status: 'good' | 'revoked' | 'unknown' | 'error';
  /** The response's own status: successful, malformedRequest, internalError, tryLater, sigRequired, unauthorized. */
  responseStatus: string | null;
  producedAt: string | null;
  thisUpdate: string | null;
  nextUpdate: string | null;
  revokedAt: string | null;
  /** CRL reason code name when revoked and given (keyCompromise …). */
  reason: string | null;
  /**
   * The signature verifies with the issuer's key, or with a responder certificate the issuer signed
   * for OCSP signing; null when there was no issuer certificate to check it against.
   */
  signatureValid: boolean | null;
  detail: string;
}

export interface OcspCheck extends OcspAnswer {
  /** The responder asked (the leaf's AIA OCSP URI). */
  url: string;
}

/** The leaf looked up in a CRL from its CRL distribution points (RFC 5280 §5). */
export interface CrlCheck {
  url: string;
  /** listed: the leaf's serial is on the list; error: the list could not be fetched, read or trusted. */
  status: 'listed' | 'not_listed' | 'error';
  thisUpdate: string | null;
  nextUpdate: string | null;
  revokedAt: string | null;
  reason: string | null;
  /** The CRL's signature verifies with the issuer's key; null when there was no issuer to check it against. */
  signatureValid: boolean | null;
  /** Revoked serials on the list. */
  entries: number | null;
  detail: string;
}

/** Revocation of the leaf certificate: what its OCSP responder and CRL say, and what the handshake stapled. */
export interface RevocationEvidence {
  /** The leaf's AIA OCSP URIs (none: the CA runs no OCSP, as Let's Encrypt since 2025). */
  ocspUrls: string[];
  /** The leaf's CRL distribution point URIs. */
  crlUrls: string[];
  /** The first OCSP URI asked; null when there is none or it was not asked (see notes). */
  ocsp: OcspCheck | null;
  /** The first CRL URI fetched; null when there is none or it was not fetched (see notes). */
  crl: CrlCheck | null;
  /** The OCSP response stapled in the handshake, parsed; null when the server stapled none. */
  stapled: OcspAnswer | null;
  /** The leaf carries the TLS feature extension with status_request (RFC 7633 "must-staple"). */
  mustStaple: boolean;
  /** What could not be checked, in words (never a finding). */
  notes: string[];
}

export interface DefaultClientResult {
  protocol: string;
  /** IANA name of the suite a default modern client (Node's defaults) negotiates. */
  suite: string;
  alpn: string | null;
}

/** One post-quantum hybrid group asked about on its own (supported_groups lists only it, no key share). */
export interface PqGroupResult {
  /** IANA name, e.g. X25519MLKEM768. */
  group: string;
  /** IANA TLS Supported Groups code point, e.g. 0x11ec. */
  code: number;
  /** true: a HelloRetryRequest named it; false: refused (alert, close); null: could not tell (see answer). */
  accepted: boolean | null;
  /** What the server answered, in words. */
  answer: string;
}

/** Which hybrid (classical + ML-KEM) key-exchange groups a TLS 1.3 server accepts, and which group it prefers. */
export interface PostQuantumEvidence {
  groups: PqGroupResult[];
  /**
   * The group the server named when offered the three hybrids and x25519, secp256r1, secp384r1 at once
   * (that order, no key share): its preference. null when it could not be told; `preferredAnswer` says why.
   */
  preferred: { group: string; code: number; hybrid: boolean } | null;
  preferredAnswer: string;
}

/** A finite-field DH group exactly as a DHE ServerKeyExchange carried it. */
export interface DhGroupSeen {
  /** Modulus p, lower-case big-endian hex without leading zeros. */
  p: string;
  /** Generator g, hex like p. */
  g: string;
  /** Bits of p. */
  bits: number;
  /** Length of the server's public value Ys, in bytes. */
  publicValueBytes: number;
  /** The DHE suite and version the server chose. */
  suite: string;
  protocol: TlsProtocol;
}

/** The group one kind of client gets: a hello offering only DHE suites, with or without the RFC 7919 groups. */
export interface DhClientView {
  /** null when the server chose no DHE suite or the flight could not be read; `answer` says why. */
  group: DhGroupSeen | null;
  /** What the server answered, in words. */
  answer: string;
}

/**
 * Finite-field Diffie-Hellman as clients see it. `legacy`: supported_groups lists no RFC 7919 group
 * (ffdhe2048–8192), as older clients send, so the server uses its own configured group. `rfc7919`:
 * the same hello listing ffdhe2048–8192, as a client that knows RFC 7919; null when not asked (the
 * legacy hello got no DHE group, so there was nothing to compare).
 */
export interface DhGroupsEvidence {
  legacy: DhClientView;
  rfc7919: DhClientView | null;
}

/** What one exchange after (or beside) the handshake showed: a fact, or why it could not be told. */
export interface SessionFeatureResult {
  /** 'not_tested' when the exchange did not apply (e.g. no TLS 1.3 for 0-RTT); `detail` says why. */
  outcome: 'accepted' | 'refused' | 'not_tested' | 'inconclusive';
  detail: string;
}

/**
 * Renegotiation, the master secret's binding and 0-RTT: the facts behind three named weaknesses
 * (client-initiated renegotiation, missing Extended Master Secret, replayable early data).
 */
export interface SessionSecurityEvidence {
  /** Did a second handshake started by the client on a TLS ≤ 1.2 connection complete? */
  clientRenegotiation: SessionFeatureResult;
  /**
   * RFC 7627: did the ServerHello of the highest TLS ≤ 1.2 version echo extended_master_secret (0x0017),
   * which the protocol pass's hello offers? null when no TLS 1.0–1.2 version answered (SSL 3 has no extensions).
   */
  extendedMasterSecret: { supported: boolean | null; protocol: TlsProtocol | null };
  /** Does a TLS 1.3 session ticket allow early data (max_early_data_size > 0)? */
  earlyData: SessionFeatureResult & { maxEarlyDataSize: number | null };
}

export interface TlsEvidence {
  host: string;
  address: string;
  port: number;
  /** SNI sent, null for IP literals. */
  sni: string | null;
  protocols: ProtocolResult[];
  ciphers: ProtocolSuites[];
  certificate: Probed<CertificateEvidence>;
  defaultClient: Probed<DefaultClientResult>;
  /** RFC 7507: 'supported' (alert 86 inappropriate_fallback), 'not_supported', or 'not_applicable' (one version only). */
  fallbackScsv: 'supported' | 'not_supported' | 'not_applicable' | 'unknown';
  /** RFC 5746 renegotiation_info in a TLS ≤ 1.2 ServerHello; null when no such version answered. */
  secureRenegotiation: boolean | null;
  /** Server chose DEFLATE when offered (CRIME); null when not tested. */
  compression: boolean | null;
  /** A stapled OCSP response came back; null when not tested. */
  ocspStapled: boolean | null;
  /** ALPN offered h2 + http/1.1: which the server picked (null: none / not tested). */
  alpn: { h2: boolean; selected: string | null } | null;
  /** Smallest finite-field DH group seen with a DHE suite, in bits; null when no DHE suite or not measurable. */
  dhBits: number | null;
  /** The DH groups themselves, per kind of client; null when no TLS ≤ 1.2 version answered. */
  dhGroups: DhGroupsEvidence | null;
  /**
   * The search for a missing issuer through AIA; null when the chain validated, failed for another
   * reason, or no certificate was read (notes say when the search could not run).
   */
  chainCompletion: ChainCompletionEvidence | null;
  /** Revocation of the leaf; null when no certificate was read or the lookups could not run (see notes). */
  revocation: RevocationEvidence | null;
  /** Post-quantum hybrid key exchange; null when TLS 1.3 did not answer (the hybrids exist only in TLS 1.3). */
  postQuantum: PostQuantumEvidence | null;
  /** Heartbleed, CCS injection, ROBOT and Ticketbleed, each tested only where it can apply. */
  vulnerabilities: VulnerabilityProbes;
  /** Client renegotiation, Extended Master Secret and 0-RTT (absent in evidence recorded before they were probed). */
  sessionSecurity: SessionSecurityEvidence;
  /** Number of TLS connections the probe made. */
  handshakes: number;
  durationMs: number;
  /** Things that could not be measured, in words. */
  notes: string[];
}
