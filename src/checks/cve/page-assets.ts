/**
 * Reads the URLs of the scripts and style sheets a page loads, and its generator tags, from the
 * recorded HTML. The HTML is hostile: matching is bounded (tags, attribute and URL lengths capped).
 */

const MAX_TAGS = 400;
const MAX_URL = 1_000;

export interface PageAsset {
  tag: 'script' | 'link';
  /** Absolute URL (resolved against the page), or the raw value when it cannot be resolved. */
  url: string;
}

const TAG = /<(script|link)\b([^>]{0,2000})>/gi;
const ATTR = (name: string) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]{0,${MAX_URL}})"|'([^']{0,${MAX_URL}})'|([^\\s"'>]{1,${MAX_URL}}))`, 'i');
const SRC = ATTR('src');
const HREF = ATTR('href');

export function pageAssets(html: string, pageUrl: string): PageAsset[] {
  const assets: PageAsset[] = [];
  const seen = new Set<string>();
  let count = 0;
  for (const m of html.matchAll(TAG)) {
    if (++count > MAX_TAGS) break;
    const tag = m[1]!.toLowerCase() as PageAsset['tag'];
    const a = (tag === 'script' ? SRC : HREF).exec(m[2]!);
    const raw = a ? (a[1] ?? a[2] ?? a[3] ?? '').trim() : '';
    if (!raw || /^(data|javascript|blob):/i.test(raw)) continue;
    const url = resolve(decodeEntities(raw), pageUrl);
    if (seen.has(url)) continue;
    seen.add(url);
    assets.push({ tag, url });
  }
  return assets;
}

function resolve(raw: string, base: string): string {
  try {
    return new URL(raw, base).href;
  } catch {
    return raw;
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&amp;/gi, '&').replace(/&#0*38;/g, '&').replace(/&#x0*26;/gi, '&');
}

export interface GeneratorTag {
  content: string;
  evidence: string;
}

const META = /<meta\b([^>]{0,1000})>/gi;

/** `<meta name="generator" content="…">`, in either attribute order. */
export function generatorTags(html: string): GeneratorTag[] {
  const tags: GeneratorTag[] = [];
  let count = 0;
  for (const m of html.matchAll(META)) {
    if (++count > MAX_TAGS) break;
    const attrs = m[1]!;
    if (!/\bname\s*=\s*["']?generator\b/i.test(attrs)) continue;
    const c = /\bcontent\s*=\s*(?:"([^"]{0,200})"|'([^']{0,200})'|([^\s"'>]{1,200}))/i.exec(attrs);
    const content = c ? (c[1] ?? c[2] ?? c[3] ?? '').trim() : '';
    if (content) tags.push({ content, evidence: m[0].slice(0, 200) });
  }
  return tags;
}
