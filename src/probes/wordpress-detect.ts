/**
 * Is the site WordPress? Decided from the main page alone, before any extra request: a generator
 * meta tag, assets loaded from /wp-content/ or /wp-includes/, the REST API link (header or <link>),
 * or an X-Pingback header. Text that merely mentions WordPress is not a signal: paths count only
 * inside src/href attributes.
 */
import type { HttpExchange } from '../model/http.js';
import type { WordPressSignal } from '../model/wordpress.js';

// Regexes run on one tag or one attribute at a time: over the whole body, `<meta\b[^>]*\bname…`
// retried from every `<meta` and was cubic on a body of repeated `<meta name=generator ` (16 kB: 15 s).
const GENERATOR_NAME = /\bname\s*=\s*["']?generator(?![\w-])/i;
const GENERATOR_CONTENT = /\bcontent\s*=\s*["']?(WordPress[^"'>]*)/i;
const API_REL = /\brel\s*=\s*["']https:\/\/api\.w\.org\/["']/i;
const WP_FOLDER = /\/wp-(?:content|includes)\//gi;
const ASSET_ATTRIBUTE = /\b(?:src|href)\s*=\s*["']?$/i;
/** URL characters looked at on each side of a /wp-content/ hit; longer attribute values are cut. */
const ASSET_REACH = 2048;

/** Complete `<name …>` tags in document order, each scanned once: linear in the body length. */
function* tags(body: string, name: string): Generator<string> {
  const open = new RegExp(`<${name}\\b`, 'gi');
  for (let m = open.exec(body); m; m = open.exec(body)) {
    const end = body.indexOf('>', m.index);
    if (end < 0) return;
    yield body.slice(m.index, end + 1);
    open.lastIndex = end + 1;
  }
}

function generatorTag(body: string): string | undefined {
  for (const tag of tags(body, 'meta')) {
    if (!GENERATOR_NAME.test(tag)) continue;
    const content = GENERATOR_CONTENT.exec(tag);
    if (content) return tag.slice(0, content.index + content[0].length);
  }
  return undefined;
}

/** Not a quote, '>' or whitespace (JavaScript's \s set): what `[^"'\s>]` accepted. */
function isUrlChar(code: number): boolean {
  if (code === 0x22 || code === 0x27 || code === 0x3e || code === 0x20 || (code >= 0x09 && code <= 0x0d)) return false;
  if (code < 0xa0) return true;
  return !(code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff);
}

/** The first src/href value that contains /wp-content/ or /wp-includes/. */
function assetPath(body: string): string | undefined {
  WP_FOLDER.lastIndex = 0;
  for (let m = WP_FOLDER.exec(body); m; m = WP_FOLDER.exec(body)) {
    let start = m.index;
    while (start > 0 && m.index - start < ASSET_REACH && isUrlChar(body.charCodeAt(start - 1))) start--;
    let end = m.index + m[0].length;
    while (end < body.length && end - m.index < ASSET_REACH && isUrlChar(body.charCodeAt(end))) end++;
    if (ASSET_ATTRIBUTE.test(body.slice(Math.max(0, start - 64), start))) return body.slice(start, end);
    // Later hits inside the same value share its start: skip past it so each character is seen a
    // bounded number of times.
    WP_FOLDER.lastIndex = Math.max(WP_FOLDER.lastIndex, end);
  }
  return undefined;
}

export function detectWordPress(page: HttpExchange | undefined): WordPressSignal[] {
  if (!page) return [];
  const signals: WordPressSignal[] = [];
  const where = page.url;
  const generator = generatorTag(page.body);
  if (generator) signals.push({ kind: 'generator_meta', evidence: generator.slice(0, 200), where });
  const asset = assetPath(page.body);
  if (asset) signals.push({ kind: 'asset_path', evidence: asset.slice(0, 200), where });
  for (const [name, value] of page.headers) {
    if (name.toLowerCase() === 'link' && /rel\s*=\s*"?https:\/\/api\.w\.org\/"?/i.test(value)) {
      signals.push({ kind: 'wp_json_link', evidence: `${name}: ${value.slice(0, 200)}`, where });
    }
    if (name.toLowerCase() === 'x-pingback' && /xmlrpc\.php/i.test(value)) {
      signals.push({ kind: 'wp_header', evidence: `${name}: ${value.slice(0, 200)}`, where });
    }
  }
  if (!signals.some((s) => s.kind === 'wp_json_link')) {
    for (const tag of tags(page.body, 'link')) {
      if (!API_REL.test(tag)) continue;
      signals.push({ kind: 'wp_json_link', evidence: tag.slice(0, 200), where });
      break;
    }
  }
  return signals;
}
