/**
 * The software inventory of one scan, read from evidence the probes already gathered: banner headers
 * of every response on the redirect chains, generator tags and asset URLs of the main page, and the
 * WordPress probe's version evidence. Pure. A version appears only when the site showed it; an item
 * without a version is still listed (it names software seen) but is never matched to advisories.
 */
import type { Evidence } from '../../model/evidence.js';
import type { HttpEvidence, HttpExchange } from '../../model/http.js';
import type { WordPressEvidence } from '../../model/wordpress.js';
import type { SoftwareItem } from '../../model/software.js';
import type { RetireRepository } from './advisory-types.js';
import { parseBanner } from './banners.js';
import { librariesFromUrl } from './js-libraries.js';
import { generatorTags, pageAssets } from './page-assets.js';
import { parseVersion } from './version-order.js';
import { observedWordPressVersion } from '../wordpress/version.js';

/** Headers whose value is a product banner. */
const BANNER_HEADERS = ['server', 'x-powered-by', 'x-aspnet-version', 'x-generator', 'x-litespeed-version'];

const okData = <T>(evidence: Evidence, key: string): T | undefined => {
  const p = evidence[key] as { status?: string; data?: T } | undefined;
  return p?.status === 'ok' ? p.data : undefined;
};

export function mainPageOf(http: HttpEvidence | undefined): HttpExchange | undefined {
  if (!http || http.primary === 'none') return undefined;
  const chain = http[http.primary];
  return chain.outcome === 'final' ? chain.hops.at(-1) : undefined;
}

export function softwareInventory(evidence: Evidence, js: RetireRepository): SoftwareItem[] {
  const items: SoftwareItem[] = [];
  const add = (item: SoftwareItem) => {
    const key = `${item.kind}|${item.product}|${item.version ?? ''}`;
    if (!items.some((i) => `${i.kind}|${i.product}|${i.version ?? ''}` === key)) items.push(item);
  };
  const http = okData<HttpEvidence>(evidence, 'http');
  for (const chain of http ? [http.https, http.http] : []) {
    for (const hop of chain?.hops ?? []) {
      for (const [name, value] of hop.headers) {
        const lower = name.toLowerCase();
        if (!BANNER_HEADERS.includes(lower)) continue;
        const products = lower === 'x-aspnet-version' ? [{ product: 'asp.net', version: value.trim() }] : parseBanner(value);
        for (const p of products) {
          add({
            kind: 'server',
            product: p.product,
            ...(p.version && parseVersion(p.version) ? { version: p.version } : {}),
            ...('distribution' in p && p.distribution ? { distribution: p.distribution } : {}),
            source: `${name} header`,
            evidence: `${name}: ${value.slice(0, 200)}`,
            location: hop.url,
          });
        }
      }
    }
  }
  const page = mainPageOf(http);
  const wp = okData<WordPressEvidence>(evidence, 'wordpress');
  const wpVersion = wp ? observedWordPressVersion(wp) : undefined;
  if (wp) {
    add({
      kind: 'cms',
      product: 'wordpress',
      ...(wpVersion?.version ? { version: wpVersion.version } : {}),
      source: wpVersion?.version ? 'WordPress version evidence' : 'WordPress detection',
      evidence: (wpVersion?.places.length ? wpVersion.places : wp.signals.map((s) => s.evidence)).join('\n').slice(0, 600),
      location: wp.origin,
    });
  }
  if (page) {
    for (const g of generatorTags(page.body)) {
      const m = /^(.*?)\s*v?(\d+(?:\.\d+)+[\w.-]*)?\s*$/i.exec(g.content.slice(0, 100));
      const product = (m?.[1] || g.content).trim().toLowerCase().replace(/\s+/g, ' ').slice(0, 60);
      if (!product || product === 'wordpress') continue;
      add({ kind: 'generator', product, ...(m?.[2] ? { version: m[2] } : {}), source: 'generator tag', evidence: g.evidence, location: page.url });
    }
    const assets = pageAssets(page.body, page.url);
    for (const a of assets.filter((x) => x.tag === 'script')) {
      for (const lib of librariesFromUrl(a.url, js)) {
        add({ kind: 'js_library', product: lib.library, version: lib.version, source: `script ${lib.how}`, evidence: `<script src="${a.url.slice(0, 300)}">`, location: page.url });
      }
    }
    if (wp) for (const item of wordpressExtensions(assets.map((a) => a.url), wpVersion?.version, page.url)) add(item);
  }
  return items;
}

const EXTENSION_URL = /\/wp-content\/(plugins|themes)\/([a-z0-9][a-z0-9._-]{0,80})\//i;
/** A plausible release number; rejects build timestamps (`?ver=1700000000`) and hashes. */
const PLAUSIBLE_VERSION = /^\d{1,4}(?:\.\d{1,6}){1,3}(?:[-.]?(?:alpha|beta|rc)\d*)?$/i;

/**
 * Plugin and theme versions from `?ver=` on their asset URLs. WordPress puts the core version there
 * when a plugin gives none, so a value equal to the core version proves nothing and is dropped; assets
 * of one plugin that disagree leave its version unknown.
 */
export function wordpressExtensions(urls: readonly string[], coreVersion: string | undefined, pageUrl: string): SoftwareItem[] {
  const seen = new Map<string, { kind: 'wp_plugin' | 'wp_theme'; slug: string; versions: Set<string>; url: string }>();
  for (const url of urls) {
    const m = EXTENSION_URL.exec(url);
    if (!m) continue;
    const kind = m[1]!.toLowerCase() === 'plugins' ? 'wp_plugin' : 'wp_theme';
    const slug = m[2]!.toLowerCase();
    const key = `${kind}:${slug}`;
    const entry = seen.get(key) ?? { kind, slug, versions: new Set<string>(), url };
    seen.set(key, entry);
    let ver: string | null = null;
    try {
      ver = new URL(url).searchParams.get('ver');
    } catch {
      ver = null;
    }
    if (ver && PLAUSIBLE_VERSION.test(ver) && ver !== coreVersion) {
      entry.versions.add(ver);
      entry.url = url;
    }
  }
  return [...seen.values()].map((e) => ({
    kind: e.kind,
    product: e.slug,
    ...(e.versions.size === 1 ? { version: [...e.versions][0]! } : {}),
    source: e.versions.size === 1 ? '?ver= on its asset URL' : e.versions.size > 1 ? `assets disagree (${[...e.versions].join(', ')})` : 'asset URL without a version',
    evidence: e.url.slice(0, 300),
    location: pageUrl,
  }));
}
