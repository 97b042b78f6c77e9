import type { RawHeader } from '../model/http.js';

export type CredentialsMode = 'omit' | 'same-origin' | 'include';

/** A fetch() as page script would make it. */
export interface SimRequest {
  /** The page's serialised origin, e.g. "https://app.example", or "null" for an opaque origin. */
  origin: string;
  url: string;
  /** As passed to fetch(); normalised the way fetch() does. Default GET. */
  method?: string;
  /** Headers the script sets (forbidden names are dropped, as browsers do). */
  headers?: RawHeader[];
  /** fetch()'s credentials mode. Default 'same-origin'. */
  credentials?: CredentialsMode;
}

export interface SimResponse {
  status: number;
  headers: RawHeader[];
}

/** A request the browser puts on the wire while performing the fetch. */
export interface SentRequest {
  kind: 'preflight' | 'actual';
  url: string;
  method: string;
  headers: RawHeader[];
  /** Whether cookies / HTTP auth would accompany it. Preflights never carry them. */
  withCredentials: boolean;
}

/** Answers the simulated browser's requests; undefined means the connection failed. */
export type Responder = (sent: SentRequest) => SimResponse | undefined;

export interface BrowserProfile {
  name: 'chromium' | 'firefox' | 'standard';
  /** Upper bound the browser applies to Access-Control-Max-Age, in seconds. */
  maxAgeCap: number;
  /**
   * Whether `Access-Control-Allow-Headers: *` also admits `Authorization` on a request without
   * credentials. The Fetch standard says never; Chromium 156 (measured by test/cors/chromium.test.ts) does.
   */
  wildcardCoversAuthorization: boolean;
}

/** Chromium as measured against Debian's chromium 156 by the grid proof. */
export const CHROMIUM: BrowserProfile = { name: 'chromium', maxAgeCap: 7200, wildcardCoversAuthorization: true };
export const FIREFOX: BrowserProfile = { name: 'firefox', maxAgeCap: 86400, wildcardCoversAuthorization: false };
/** The Fetch standard's letter (WPT expectations); Max-Age capped like Firefox. */
export const FETCH_STANDARD: BrowserProfile = { name: 'standard', maxAgeCap: 86400, wildcardCoversAuthorization: false };

export type Stage = 'request' | 'preflight' | 'response' | 'redirect' | 'network';

export interface Blocked {
  stage: Stage;
  /** Stable code, e.g. ACAO_MISMATCH, PREFLIGHT_STATUS, HEADER_NOT_ALLOWED. */
  code: string;
  /** What went wrong, in words a developer understands. */
  reason: string;
}

export interface MaxAgeInfo {
  /** Raw header value, or null when absent. */
  header: string | null;
  /** Seconds the server asked for (null when absent or unparseable). */
  declared: number | null;
  /** Seconds the browser will actually cache the preflight. */
  effective: number;
  cap: number;
}

export interface SimVerdict {
  /** Can the page read the response? */
  allowed: boolean;
  /** Present when blocked. */
  blocked?: Blocked;
  /** The answer in one or two sentences. */
  reason: string;
  /** Was the request cross-origin at all (CORS applied)? */
  crossOrigin: boolean;
  /** Why a preflight was needed; empty when none was. */
  preflightReasons: string[];
  /** Everything the browser sent, in order (preflights and actual requests, each redirect hop). */
  sent: SentRequest[];
  /** Whether the actual request carried cookies. */
  credentialsSent: boolean;
  /** Lower-case names of response headers script can read (only when allowed). */
  exposedHeaders: string[];
  /** Preflight cache lifetime, when a preflight succeeded. */
  maxAge?: MaxAgeInfo;
  /** Status the page sees when allowed. */
  status?: number;
  /** Informational remarks (forbidden headers dropped, Private Network Access, origin turned null …). */
  notes: string[];
}
