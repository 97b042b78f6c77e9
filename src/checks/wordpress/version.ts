/** The WordPress version, told by the generator tag, readme.html or the feeds. */
import type { Check } from '../check.js';
import { served } from '../exposure/response.js';
import type { WordPressEvidence } from '../../model/wordpress.js';
import { distinctMatch, response, wordpressData } from './common.js';

const GENERATOR_VERSION = /WordPress\s+(\d+\.\d+(?:\.\d+)?)/i;
const README_VERSION = /<br\s*\/?>\s*version\s+(\d+\.\d+(?:\.\d+)?)/i;
const FEED_VERSION = /<generator>\s*https?:\/\/wordpress\.org\/\?v=(\d+\.\d+(?:\.\d+)?)\s*<\/generator>/i;

export const wordpressVersionCheck: Check = {
  name: 'wordpress/version',
  category: 'wordpress',
  ids: ['wp_version_disclosed'],
  reads: ['wordpress'],
  run(evidence) {
    const wp = wordpressData(evidence);
    const { version, places } = observedWordPressVersion(wp);
    if (!version) return [];
    return [
      {
        id: 'wp_version_disclosed',
        title: `the site tells everyone it runs WordPress ${version}`,
        evidence: places.join('\n'),
        location: wp.origin,
        details: { version, places: places.length },
      },
    ];
  },
};

/** The version WordPress announces (generator tag, readme.html, feed) and every place it appeared. */
export function observedWordPressVersion(wp: WordPressEvidence): { version: string | undefined; places: string[] } {
  const places: string[] = [];
  let version: string | undefined;
  for (const s of wp.signals) {
    const m = s.kind === 'generator_meta' ? GENERATOR_VERSION.exec(s.evidence) : null;
    if (m) {
      version ??= m[1];
      places.push(`generator tag on ${s.where}: ${s.evidence}`);
    }
  }
  const fromBody = (probe: string, pattern: RegExp, label: string) => {
    const r = response(wp, probe);
    const m = distinctMatch(wp, r, (x) => (served(x) ? pattern.exec(x.body) ?? undefined : undefined));
    if (m && r) {
      version ??= m[1];
      places.push(`${label} ${r.url}: ${m[0].replace(/\s+/g, ' ').slice(0, 120)}`);
    }
  };
  fromBody('readme', README_VERSION, 'readme');
  fromBody('feed', FEED_VERSION, 'feed');
  return { version, places };
}
