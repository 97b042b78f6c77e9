/** Plain-JSON shapes of what the exposure probe saw: the not-found baselines and each curated probe. */
import type { RawHeader } from './http.js';
import type { ProtectionFacts } from './protection.js';

/**
 * Path shapes for the soft-404 baseline. Many servers answer differently by shape (a catch-all for
 * `/x`, a PHP handler for `/x.php`, a deny rule for dot-files, a directory index for `/x/`), so each
 * probe is compared with a random path of its own shape.
 */
export const PATH_SHAPES = ['file', 'php', 'dotfile', 'dir'] as const;
export type PathShape = (typeof PATH_SHAPES)[number];

/** The shape of a path, to compare an answer with the soft-404 baseline of the same shape. */
export function shapeOf(path: string): PathShape {
  const clean = path.split(/[?#]/)[0]!;
  if (clean.endsWith('/')) return 'dir';
  if (/(^|\/)\.[^/]/.test(clean)) return 'dotfile';
  if (/\.php[^/]*$/i.test(clean)) return 'php';
  return 'file';
}

/** Names of the exposure probe's requests beside the catalogue: a TRACE to '/', a malformed path for error pages. */
export const TRACE_PROBE = 'trace';
export const ERROR_PROBE = 'error_page';

export interface ExposureResponse {
  /** Catalogue name of the probe (e.g. `git_head`), or `baseline` for a random not-found path. */
  probe: string;
  path: string;
  url: string;
  method: string;
  shape: PathShape;
  /** Headers we sent beyond the defaults (e.g. the TRACE marker or a Range). */
  sent: RawHeader[];
  status: number;
  headers: RawHeader[];
  /** The first few KiB of the body, decoded as UTF-8 (lossy). */
  body: string;
  bodyBytes: number;
  bodyTruncated: boolean;
  /** Set when this answer is a protection layer's (or a 429 with Retry-After): it is not the site's answer for the path. */
  protection?: ProtectionFacts;
}

export interface ExposureFailure {
  probe: string;
  path: string;
  code: string;
  message: string;
}

export interface ExposureEvidence {
  /** Origin probed: the final origin of the scan's main page. */
  origin: string;
  baselines: ExposureResponse[];
  responses: ExposureResponse[];
  failures: ExposureFailure[];
  /** Requests this probe sent (all counted against the scan's budget). */
  requests: number;
  /** What cut the probe short, in words (a server too slow to finish, the request budget). */
  notes?: string[];
}
