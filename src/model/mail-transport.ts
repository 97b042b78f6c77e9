/**
 * Plain-JSON shapes of what the mail-transport probe saw (evidence key `mail`): for each MX of the
 * scanned domain, the SMTP conversation up to STARTTLS and the TLS handshake after it, and the DANE
 * (TLSA) records of the MX hosts and of the web host. Banner, EHLO lines and certificate text are
 * controlled by the MX's operator: renderers escape them. Nothing here is a judgement; the checks in
 * src/checks/mail/ decide what is a problem.
 *
 * The probe never sends mail: it says EHLO, STARTTLS, completes the handshake, and QUITs.
 */
import type { TlsaLookup } from './dns.js';

// The TLSA shapes live with the other DNS lookups (the DNS probe holds the web host's); named here too.
export type { TlsaLookup, TlsaRecord } from './dns.js';

/** The TLS session negotiated after STARTTLS. */
export interface SmtpTlsSession {
  /** The version negotiated by a modern client hello ("TLSv1.3", "TLSv1.2" …). */
  protocol: string;
  /** IANA or OpenSSL name of the negotiated suite. */
  cipher: string;
  /** Bits of the ephemeral key exchange, when there was one. */
  ephemeralKeyBits?: number;
  /** Each version tried on its own connection, and whether a handshake completed with exactly it. */
  versions: { protocol: string; accepted: boolean | null; note?: string; /** The suite the server chose with exactly this version. */ cipher?: string }[];
  /** The chain as served, leaf first, DER in base64. */
  chainDer: string[];
  /** Leaf facts, for readers that do not parse DER. */
  subject: string;
  issuer: string;
  /** DNS names (SAN, or CN when there is no SAN). */
  names: string[];
  notBefore: string;
  notAfter: string;
  /** Chain to a root in the trust store (the scan's CA file in labs), and the error when not. */
  trusted: boolean;
  trustError?: string;
  /** Does a certificate name match the MX host name (RFC 6125, one wildcard label)? */
  nameMatches: boolean;
}

/** One MX host: what answered on port 25, and what was learned before QUIT. */
export interface MxTransport {
  host: string;
  priority: number;
  /** Addresses the MX name resolved to (A, then AAAA), and the one connected to. */
  addresses: string[];
  address?: string;
  /**
   * measured: the conversation got as far as it could (TLS session below, or no STARTTLS offered);
   * not_measured: no verdict is possible (refused address, no answer, garbage, closed after the banner,
   * over the SMTP time bound) and `reason` says which, in words, with what to do.
   */
  outcome: 'measured' | 'not_measured';
  reason?: string;
  /** Machine-readable reason: refused_address, no_address, connect_failed, timeout, bad_greeting, closed, tls_failed … */
  reasonCode?: string;
  /** First line of the 220 greeting (capped at 512 bytes). */
  banner?: string;
  /** EHLO keywords as advertised (capped count and length). */
  ehlo?: string[];
  starttlsOffered?: boolean;
  /** Set when STARTTLS was offered and the handshake ran (even if it then failed: see tlsError). */
  tls?: SmtpTlsSession;
  tlsError?: string;
  /** How long the conversation took, greeting wait included. */
  elapsedMs?: number;
  /** TLSA at `_25._tcp.<host>`. */
  tlsa?: TlsaLookup;
}

export interface MailTransportEvidence {
  /** The domain whose MX records were read. */
  domain: string;
  /** MX hosts in preference order, at most the probe's bound (the rest are in `notProbed`). */
  mx: MxTransport[];
  notProbed: { host: string; reason: string }[];
  /** The SMTP conversation bound per MX, in milliseconds (greeting delays included). */
  boundMs: number;
  /** TLSA at `_443._tcp.<web host>` (DANE for the web site). */
  webTlsa?: TlsaLookup;
}
