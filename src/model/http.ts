/** Plain-JSON shapes of what the HTTP probe saw. Raw header order and duplicates are kept. */
import type { ProtectionVerdict } from './protection.js';
import type { PageSubresources } from './page.js';

/** One header line as received: name as sent (case kept) and value as sent. */
export type RawHeader = [name: string, value: string];

export interface TlsConnectionInfo {
  /** Did the certificate chain verify against Node's roots plus `--ca`, for this host name? */
  authorized: boolean;
  /** OpenSSL's reason when not authorized, e.g. CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID. */
  authorizationError?: string;
  protocol?: string;
  cipher?: string;
  alpn?: string;
}

export interface HttpExchange {
  url: string;
  method: string;
  status: number;
  statusText: string;
  headers: RawHeader[];
  /** First bytes of the body decoded as UTF-8 (lossy); capped by the scan's body limit. */
  body: string;
  bodyBytes: number;
  bodyTruncated: boolean;
  /** Why the body was cut when `bodyTruncated`: the size cap, or a server that stalled mid-body. */
  truncatedBy?: 'size_cap' | 'stalled';
  /** Set when the server compressed the body (Content-Encoding) although identity was asked for. */
  encoding?: BodyEncoding;
  /** The address the connection was actually made to (pinned for the scan). */
  remoteAddress: string;
  tls?: TlsConnectionInfo;
  durationMs: number;
}

/** How a compressed body was decoded; decoding is capped at the scan's body limit. */
export interface BodyEncoding {
  /** The content coding as sent, lower-case (`gzip`, `br` …). */
  name: string;
  outcome: 'decoded' | 'stopped_at_cap' | 'corrupt' | 'unsupported';
  compressedBytes: number;
  decodedBytes: number;
}

export interface RedirectChain {
  /** The URL the chain started from. */
  start: string;
  /** Every response in order; the last one is the final response when `outcome` is 'final'. */
  hops: HttpExchange[];
  outcome: 'final' | 'too_many_redirects' | 'redirect_loop' | 'error' | 'refused' | 'budget_exhausted';
  /** When outcome is not 'final': what went wrong, in words, and a stable code. */
  error?: { code: string; message: string; url: string };
}

/** `<meta http-equiv>` and `<meta name=referrer>` policies found in the final HTML. */
export interface MetaPolicies {
  csp: string[];
  cspReportOnly: string[];
  referrer: string[];
  xFrameOptions: string[];
  other: RawHeader[];
}

export interface HttpEvidence {
  /** Chain starting at http://host[:port]/path. */
  http: RedirectChain;
  /** Chain starting at https://host[:port]/path. */
  https: RedirectChain;
  /** Which chain's final response is "the page": https when it answered, otherwise http. */
  primary: 'https' | 'http' | 'none';
  meta: MetaPolicies;
  /**
   * What the primary page's HTML loads (scripts, style sheets, frames, images …) and where its forms
   * post, when that page is HTML. Absent in evidence saved before it was recorded.
   */
  subresources?: PageSubresources;
  /**
   * Set when the answer to the main page is not the site's own: a protection layer's block, challenge
   * or rate-limit answer, or a login page on another host that every chain ended on. The checks that
   * judge the page then say "not measured" with this, instead of grading that page as the site.
   */
  protection?: ProtectionVerdict;
  /**
   * What limited the measurement, in words: a body cut at the cap, a decompression stopped, a
   * chain that never reached a page. Shown in the report next to the scores.
   */
  notes?: string[];
}

/** How many open elements deep an HTML parse of a page may go before it stops (hostile nesting). */
export const HTML_MAX_DEPTH = 512;

/**
 * The one way every surface (the HTTP probe, the TLS probe, the checks, every renderer) says that a
 * port asked for TLS answered in plain HTTP, so a report states it once and in the same words.
 * Probes add their proof after it in parentheses.
 */
export const plainHttpOnTlsPort = (port: number): string => `port ${port} speaks plain HTTP`;

/** The error code the HTTP probe gives a https request that found plain HTTP on its port (and the TLS probe's matching one). */
export const PLAIN_HTTP_CODE = 'PLAIN_HTTP';

/**
 * Codes of a failed https request (RedirectChain error) that mean nothing answered in TLS there: no
 * listener, no route, no answer in time, or an answer that is not TLS. Any other failure (an alert,
 * a close during the handshake, an error after it) may come from a server that speaks TLS, so it is
 * never "no HTTPS" on its own: the TLS probe's evidence decides. CONNECT_TIMEOUT counts as no answer
 * (a port that says nothing to a ClientHello within the time limit serves no visitor either).
 */
export const NO_TLS_ANSWER_CODES: readonly string[] = [
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'CONNECT_TIMEOUT',
  'DNS_FAILED',
  'NOT_TLS',
  PLAIN_HTTP_CODE,
];
