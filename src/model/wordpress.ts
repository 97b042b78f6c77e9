/** Plain-JSON shapes of the WordPress probe: why WordPress was detected, and what its probes saw. */
import type { ExposureFailure, ExposureResponse } from './exposure.js';

export type WordPressSignalKind = 'generator_meta' | 'asset_path' | 'wp_json_link' | 'wp_header';

export interface WordPressSignal {
  kind: WordPressSignalKind;
  /** The exact text that proves it (a meta tag, a URL, a header line). */
  evidence: string;
  /** URL of the response it was found in. */
  where: string;
}

export interface WordPressEvidence {
  /** Origin of the site (final origin of the main page). */
  origin: string;
  /** At least one strong signal, or two weak ones; see probes/wordpress-detect.ts. */
  signals: WordPressSignal[];
  /** Not-found baselines of the same origin (copied from the exposure probe when it ran). */
  baselines: ExposureResponse[];
  responses: ExposureResponse[];
  failures: ExposureFailure[];
  requests: number;
}
