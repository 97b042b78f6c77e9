/** States that WordPress was detected and why, so the conditional category is explained. */
import type { Check } from '../check.js';
import { wordpressData } from './common.js';

const KIND_WORDS = {
  generator_meta: 'generator meta tag',
  asset_path: 'asset served from a WordPress folder',
  wp_json_link: 'WordPress REST API link',
  wp_header: 'X-Pingback header pointing at xmlrpc.php',
} as const;

export const wordpressDetectedCheck: Check = {
  name: 'wordpress/detected',
  category: 'wordpress',
  ids: ['wp_detected'],
  reads: ['wordpress'],
  run(evidence) {
    const wp = wordpressData(evidence);
    return [
      {
        id: 'wp_detected',
        title: 'WordPress detected: the WordPress category is scored',
        evidence: wp.signals.map((s) => `${KIND_WORDS[s.kind]}: ${s.evidence}`).join('\n'),
        location: wp.origin,
        details: { signals: wp.signals.map((s) => s.kind) },
      },
    ];
  },
};
