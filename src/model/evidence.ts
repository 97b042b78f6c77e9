import type { Probed } from './probed.js';
import type { HttpEvidence } from './http.js';
import type { TlsEvidence } from './tls.js';
import type { ExposureEvidence } from './exposure.js';
import type { WordPressEvidence } from './wordpress.js';
import type { CorsEvidence } from './cors.js';
import type { DnsEvidence } from './dns.js';
import type { ScanChoices } from './options.js';

/**
 * Evidence is everything the probes saw, as plain JSON. `scan --save-evidence` writes it and
 * `rescore` re-runs checks and scoring on it offline. Each probe family owns one optional key;
 * a missing key means the probe was not run, `unavailable` means it was run and failed.
 * Later stages add keys (tls, cors, exposure, dns …) in their own files and list them here.
 */
export interface Evidence {
  schemaVersion: 1;
  target: TargetInfo;
  startedAt: string;
  durationMs: number;
  /** The choices that shaped this evidence (absent: all defaults); the report repeats them. */
  options?: ScanChoices;
  http?: Probed<HttpEvidence>;
  tls?: Probed<TlsEvidence>;
  exposure?: Probed<ExposureEvidence>;
  wordpress?: Probed<WordPressEvidence>;
  cors?: Probed<CorsEvidence>;
  dns?: Probed<DnsEvidence>;
  [probe: string]: unknown;
}

export interface TargetInfo {
  /** What the user typed. */
  input: string;
  /** Normalised URL (scheme chosen, path kept). */
  url: string;
  /** Host name (or IP literal) without brackets, lower-case, no trailing dot; ASCII (punycode) for IDNs. */
  host: string;
  /** The host in Unicode when it differs from `host` (an internationalised name): reports show both. */
  unicodeHost?: string;
  /** Explicit port from the input, if any. */
  port?: number;
  /** Whether the user gave a scheme; without one we try https then http. */
  schemeGiven: boolean;
  /** Addresses the host resolved to, and the one pinned for the scan. */
  resolved: string[];
  pinned?: string;
}

/** The target as reports name it: the URL, and the Unicode form of an internationalised host beside it. */
export function targetLabel(t: Pick<TargetInfo, 'url' | 'unicodeHost'>): string {
  return t.unicodeHost ? `${t.url} (${t.unicodeHost})` : t.url;
}
