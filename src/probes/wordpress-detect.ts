/**
 * Is the site WordPress? Decided from the main page alone, before any extra request: a generator
 * meta tag, assets loaded from /wp-content/ or /wp-includes/, the REST API link (header or <link>),
 * or an X-Pingback header. Text that merely mentions WordPress is not a signal: paths count only
 * inside src/href attributes.
 */
import type { HttpExchange } from '../model/http.js';
import type { WordPressSignal } from '../model/wordpress.js';

const GENERATOR = /<meta\b[^>]*\bname\s*=\s*["']?generator["']?[^>]*\bcontent\s*=\s*["']?(WordPress[^"'>]*)/i;
const GENERATOR_REVERSED = /<meta\b[^>]*\bcontent\s*=\s*["']?(WordPress[^"'>]*)["']?[^>]*\bname\s*=\s*["']?generator/i;
const ASSET = /\b(?:src|href)\s*=\s*["']?([^"'\s>]*\/wp-(?:content|includes)\/[^"'\s>]*)/i;
const API_LINK_TAG = /<link\b[^>]*\brel\s*=\s*["']https:\/\/api\.w\.org\/["'][^>]*>/i;

export function detectWordPress(page: HttpExchange | undefined): WordPressSignal[] {
  if (!page) return [];
  const signals: WordPressSignal[] = [];
  const where = page.url;
  const generator = GENERATOR.exec(page.body) ?? GENERATOR_REVERSED.exec(page.body);
  if (generator) signals.push({ kind: 'generator_meta', evidence: generator[0].slice(0, 200), where });
  const asset = ASSET.exec(page.body);
  if (asset) signals.push({ kind: 'asset_path', evidence: asset[1]!.slice(0, 200), where });
  for (const [name, value] of page.headers) {
    if (name.toLowerCase() === 'link' && /rel\s*=\s*"?https:\/\/api\.w\.org\/"?/i.test(value)) {
      signals.push({ kind: 'wp_json_link', evidence: `${name}: ${value.slice(0, 200)}`, where });
    }
    if (name.toLowerCase() === 'x-pingback' && /xmlrpc\.php/i.test(value)) {
      signals.push({ kind: 'wp_header', evidence: `${name}: ${value.slice(0, 200)}`, where });
    }
  }
  const apiTag = API_LINK_TAG.exec(page.body);
  if (apiTag && !signals.some((s) => s.kind === 'wp_json_link')) signals.push({ kind: 'wp_json_link', evidence: apiTag[0].slice(0, 200), where });
  return signals;
}
