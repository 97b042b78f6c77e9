/**
 * A starting Content-Security-Policy for the scanned page, built from what its HTML actually loads:
 * the origins of its scripts, stylesheets, images, frames and form targets. It is a suggestion to
 * deploy as Content-Security-Policy-Report-Only first (resources added by scripts at run time, CSS
 * fonts and fetch() targets cannot be seen in the HTML), never a verdict.
 *
 * The page is hostile input: only origins that are plainly scheme://host[:port] make it into the
 * policy, at most MAX_PER_DIRECTIVE per directive, so nothing a page says can inject a directive.
 */
import { Parser } from 'htmlparser2';
import { HTML_MAX_DEPTH as MAX_HTML_DEPTH } from '../../model/http.js';

const MAX_PER_DIRECTIVE = 12;
const SAFE_ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

export interface SuggestedCsp {
  policy: string;
  /** Inline <script> elements without src: they need a nonce or a hash, or moving into files. */
  inlineScripts: number;
  /** How many distinct third-party origins the policy names. */
  origins: number;
}

type Directive = 'script-src' | 'style-src' | 'img-src' | 'frame-src' | 'form-action' | 'connect-src';

export function suggestCsp(html: string, pageUrl: string): SuggestedCsp {
  let base: URL;
  try {
    base = new URL(pageUrl);
  } catch {
    return { policy: baseline(new Map()), inlineScripts: 0, origins: 0 };
  }
  const sources = new Map<Directive, Set<string>>();
  let inlineScripts = 0;
  let dataImages = false;
  const add = (directive: Directive, raw: string | undefined) => {
    if (!raw) return;
    let url: URL;
    try {
      url = new URL(raw.trim(), base);
    } catch {
      return;
    }
    if (url.protocol === 'data:' && directive === 'img-src') dataImages = true;
    if (url.origin === base.origin || !SAFE_ORIGIN.test(url.origin)) return;
    const set = sources.get(directive) ?? new Set<string>();
    if (set.size < MAX_PER_DIRECTIVE) set.add(url.origin);
    sources.set(directive, set);
  };
  // htmlparser2's open-element stack costs O(depth) per tag: past the depth browsers build (512), stop,
  // or 100,000 nested tags cost half a minute of CPU.
  let depth = 0;
  const parser = new Parser(
    {
      onclosetag() {
        depth--;
      },
      onopentag(name, attrs) {
        if (++depth > MAX_HTML_DEPTH) return parser.pause();
        if (name === 'script') {
          if (attrs.src) add('script-src', attrs.src);
          else if (!attrs.type || /javascript|module/i.test(attrs.type)) inlineScripts++;
        } else if (name === 'link' && /\bstylesheet\b/i.test(attrs.rel ?? '')) add('style-src', attrs.href);
        else if (name === 'link' && /\b(preconnect)\b/i.test(attrs.rel ?? '')) add('connect-src', attrs.href);
        else if (name === 'img' || name === 'source') add('img-src', attrs.src);
        else if (name === 'iframe') add('frame-src', attrs.src);
        else if (name === 'form' && attrs.action) add('form-action', attrs.action);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  if (depth <= MAX_HTML_DEPTH) parser.end();
  if (dataImages) (sources.get('img-src') ?? sources.set('img-src', new Set()).get('img-src')!).add('data:');
  const origins = new Set([...sources.values()].flatMap((s) => [...s].filter((o) => o !== 'data:'))).size;
  return { policy: baseline(sources), inlineScripts, origins };
}

function baseline(sources: Map<Directive, Set<string>>): string {
  const list = (d: Directive) => [...(sources.get(d) ?? [])].join(' ');
  const directive = (name: string, d: Directive, always: string) => `${name} ${[always, list(d)].filter(Boolean).join(' ')}`;
  const parts = [
    "default-src 'self'",
    directive('script-src', 'script-src', "'self'"),
    directive('style-src', 'style-src', "'self'"),
    directive('img-src', 'img-src', "'self'"),
    ...(sources.get('connect-src')?.size ? [directive('connect-src', 'connect-src', "'self'")] : []),
    ...(sources.get('frame-src')?.size ? [directive('frame-src', 'frame-src', "'self'")] : []),
    "object-src 'none'",
    "base-uri 'self'",
    directive('form-action', 'form-action', "'self'"),
    "frame-ancestors 'self'",
  ];
  return parts.join('; ');
}
