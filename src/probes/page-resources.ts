/**
 * Extract what a page loads from its HTML: the URL of every script, style sheet, frame, plugin, image
 * and media element, and where its forms post, resolved against the final URL (or the page's
 * `<base href>`) the way a browser resolves them. Pure and bounded: the body is already capped by the
 * scan's body limit, the parse stops past PAGE_MAX_RESOURCES URLs and past HTML_MAX_DEPTH open
 * elements (the parser's open-element stack costs O(depth) per tag, see html-meta.ts).
 *
 * What a browser never fetches is left out: the inert contents of `<template>`, and `<noscript>`
 * (Chromium runs scripts, so it treats that content as text), scripts whose `type` is not a script
 * type (`text/template` and the like are data blocks).
 */
import { Parser } from 'htmlparser2';
import { HTML_MAX_DEPTH } from '../model/http.js';
import { PAGE_MAX_RESOURCES, PAGE_MAX_URL, type PageSubresource, type PageSubresources } from '../model/page.js';

/** Which attributes of which elements name a URL the page loads (or, for forms, sends data to). */
const URL_ATTRS: Record<string, readonly string[]> = {
  script: ['src'],
  link: ['href'],
  iframe: ['src'],
  frame: ['src'],
  object: ['data'],
  embed: ['src'],
  img: ['src', 'srcset'],
  source: ['src', 'srcset'],
  audio: ['src'],
  video: ['src', 'poster'],
  form: ['action'],
  button: ['formaction'],
  input: ['formaction'],
};

/** The `<link>` relations that make the browser fetch and use the resource as part of the page. */
const LOADING_RELS = new Set(['stylesheet', 'modulepreload']);
/** Elements whose content browsers do not load (see the file comment). */
const INERT = new Set(['template', 'noscript']);
/** srcset candidates read per attribute: enough for any real page, bounded for a hostile one. */
const MAX_SRCSET = 32;

/** The `type` values of a `<script>` that browsers run (HTML: a JavaScript MIME type, `module`, or none). */
export function isScriptType(type: string | undefined): boolean {
  if (type === undefined || type === '') return true;
  const t = type.trim().toLowerCase();
  return t === 'module' || /^(text|application)\/(x-)?(java|ecma)script$/.test(t) || /^text\/(javascript1\.[0-5]|jscript|livescript)$/.test(t);
}

export function extractSubresources(html: string, pageUrl: string): PageSubresources {
  const raw: (PageSubresource & { value: string })[] = [];
  let base: string | undefined;
  let depth = 0;
  let inert = 0;
  let cut: string | undefined;
  const stop = (why: string) => {
    cut = why;
    parser.pause();
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (cut) return;
        if (++depth > HTML_MAX_DEPTH) return stop(`the page nests elements more than ${HTML_MAX_DEPTH} deep; the rest was not read`);
        if (INERT.has(name)) inert++;
        if (inert > 0) return;
        if (name === 'base' && base === undefined && attrs.href !== undefined) base = attrs.href;
        const names = URL_ATTRS[name];
        if (!names) return;
        if (name === 'script' && !isScriptType(attrs.type)) return;
        const rel = attrs.rel?.trim().toLowerCase();
        if (name === 'link' && !rel?.split(/\s+/).some((r) => LOADING_RELS.has(r))) return;
        for (const attr of names) {
          const value = attrs[attr];
          if (value === undefined) continue;
          const values = attr === 'srcset' ? srcsetUrls(value) : [value];
          for (const v of values) {
            if (raw.length >= PAGE_MAX_RESOURCES) return stop(`the page names more than ${PAGE_MAX_RESOURCES} resources; the rest were not read`);
            raw.push({ tag: name, attr, url: '', value: v, ...described(name, attrs, rel) });
          }
        }
      },
      onclosetag(name) {
        depth--;
        if (INERT.has(name) && inert > 0) inert--;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  if (!cut) parser.end();
  const baseUrl = documentBase(base, pageUrl);
  const resources = raw.map(({ value, ...r }) => ({ ...r, url: resolve(value, baseUrl) }));
  return { baseUrl, resources, complete: cut === undefined, ...(cut ? { cut } : {}) };
}

/** The attributes the checks judge, kept only when present. */
function described(tag: string, attrs: Record<string, string>, rel: string | undefined): Omit<PageSubresource, 'tag' | 'attr' | 'url'> {
  const out: Omit<PageSubresource, 'tag' | 'attr' | 'url'> = {};
  if ((tag === 'script' || tag === 'link') && attrs.integrity !== undefined) out.integrity = attrs.integrity.slice(0, 1_000);
  if (attrs.crossorigin !== undefined) out.crossorigin = attrs.crossorigin.slice(0, 100);
  if (tag === 'link' && rel) out.rel = rel.slice(0, 200);
  if (attrs.type !== undefined) out.type = attrs.type.trim().toLowerCase().slice(0, 200);
  return out;
}

/**
 * The document's base URL (HTML: the first `<base>` with an href, resolved against the document's
 * URL; a base that does not parse, or names a data: or javascript: URL, is ignored).
 */
function documentBase(href: string | undefined, pageUrl: string): string {
  if (href === undefined) return pageUrl;
  try {
    const url = new URL(href, pageUrl);
    return url.protocol === 'data:' || url.protocol === 'javascript:' ? pageUrl : url.href;
  } catch {
    return pageUrl;
  }
}

function resolve(value: string, base: string): string {
  let url: string;
  try {
    url = new URL(value, base).href;
  } catch {
    url = value.trim();
  }
  return url.length > PAGE_MAX_URL ? url.slice(0, PAGE_MAX_URL) : url;
}

/**
 * The URLs of a srcset attribute (HTML's "parse a srcset attribute", without the descriptors): a
 * candidate is a run of non-space characters; one that ends in commas ends there, otherwise its
 * descriptors run to the next comma outside parentheses.
 */
export function srcsetUrls(value: string): string[] {
  const urls: string[] = [];
  let i = 0;
  const n = value.length;
  while (i < n && urls.length < MAX_SRCSET) {
    while (i < n && /[\s,]/.test(value[i]!)) i++;
    const start = i;
    while (i < n && !/\s/.test(value[i]!)) i++;
    let url = value.slice(start, i);
    if (!url) break;
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      let parens = 0;
      while (i < n && (parens > 0 || value[i] !== ',')) {
        if (value[i] === '(') parens++;
        else if (value[i] === ')' && parens > 0) parens--;
        i++;
      }
    }
    if (url) urls.push(url);
  }
  return urls;
}
