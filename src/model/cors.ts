import type { RawHeader } from './http.js';

/** Plain-JSON shapes of what the CORS probe saw. Only CORS-relevant response headers are kept. */

export const CORS_PROBE_KINDS = [
  'own_origin', 'arbitrary', 'null', 'prefix', 'suffix', 'unescaped_dot', 'special_chars', 'http_origin', 'subdomain', 'third_party',
] as const;
export type CorsProbeKind = (typeof CORS_PROBE_KINDS)[number];

export interface CorsRequestSent {
  method: string;
  url: string;
  /** Exactly the headers the probe set (the HTTP client adds User-Agent/Accept/Accept-Encoding). */
  headers: RawHeader[];
}

export interface CorsResponseSeen {
  status: number;
  /** CORS-relevant headers as received, order and duplicates kept (access-control-*, vary, location, content-type). */
  headers: RawHeader[];
  /** How many header lines the full response had. */
  totalHeaders: number;
  durationMs: number;
}

export interface CorsExchange {
  request: CorsRequestSent;
  /** Absent when the request failed; `error` says why. */
  response?: CorsResponseSeen;
  error?: { code: string; message: string };
}

export interface CorsProbeResult {
  kind: CorsProbeKind;
  /** What this origin tests, in words. */
  label: string;
  origin: string;
  get: CorsExchange;
  preflight: CorsExchange;
}

export interface CorsEvidence {
  /** The URL every probe was sent to. */
  url: string;
  /** The serialised origin of that URL. */
  siteOrigin: string;
  /** Registrable domain used for suffix probes (the host itself when it has none, e.g. an IP). */
  registrableDomain: string;
  /** Random attacker domain, fresh for each scan. */
  attackerDomain: string;
  /** Method and headers the preflight probes asked about. */
  preflightAsks: { method: string; headers: string[] };
  /** A GET with no Origin header at all, for comparison (dynamic ACAO, Vary). */
  baseline: CorsExchange;
  probes: CorsProbeResult[];
  /** Requests not sent because the probe's time limit ran out. */
  skipped: number;
}
