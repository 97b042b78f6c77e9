/**
 * What the checks of the page's content (Subresource Integrity, mixed content) share: the page and the
 * subresources the HTTP probe extracted from it, origins, and how a list of elements is shown.
 */
import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { HttpEvidence, HttpExchange } from '../../model/http.js';
import type { Evidence } from '../../model/evidence.js';
import type { CheckResult } from '../../model/finding.js';
import { headerValues, primaryResponse } from '../../model/headers.js';
import { looksLikeHtml, type PageSubresource, type PageSubresources } from '../../model/page.js';

export interface PageContent {
  page: HttpExchange;
  http: HttpEvidence;
  found: PageSubresources;
}

/** A check of the primary page's content; pages that are not HTML have none and give no finding. */
export function pageContentCheck(
  name: string,
  ids: readonly string[],
  topic: string,
  judge: (content: PageContent) => CheckResult[],
): Check {
  return {
    name,
    category: 'headers',
    ids,
    topic,
    reads: ['http'],
    cannotJudge(evidence) {
      const http = evidence.http as { status: string; data?: HttpEvidence } | undefined;
      if (http?.status !== 'ok' || !http.data) return undefined;
      const page = primaryResponse(http.data);
      if (!page || http.data.subresources || !looksLikeHtml(headerValues(page.headers, 'content-type'), page.body)) return undefined;
      return `${topic} not judged: this evidence was recorded before scans listed what a page loads; scan again to judge it`;
    },
    run(evidence: Evidence) {
      const http = dataOf<HttpEvidence>(evidence, 'http');
      const page = primaryResponse(http);
      if (!page || !http.subresources) return [];
      return judge({ page, http, found: http.subresources });
    },
  };
}

/** The origin of a URL (scheme, host, port), or undefined for one that does not parse or has none. */
export function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export const isHttpUrl = (url: string): boolean => /^http:/i.test(url);

/**
 * Hosts that browsers treat as potentially trustworthy even over http (the Secure Contexts spec:
 * loopback addresses and `localhost` names): Chromium loads them into a https page without calling
 * them mixed content, since nothing crosses a network.
 */
export function isLoopbackHost(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
}

/** An element as the page wrote it, shortened: `<script src="…" integrity="…">`. */
export function showElement(r: PageSubresource): string {
  const rel = r.rel !== undefined ? ` rel="${r.rel}"` : '';
  const integrity = r.integrity !== undefined ? ` integrity="${r.integrity.slice(0, 80)}"` : '';
  return `<${r.tag}${rel} ${r.attr}="${r.url.slice(0, 300)}"${integrity}>`;
}

const SHOWN = 20;

/** Lines of evidence for a list of elements, at most SHOWN of them, and a note when the list is partial. */
export function showElements(items: readonly PageSubresource[], found: PageSubresources, describe: (r: PageSubresource) => string = showElement): string {
  const lines = items.slice(0, SHOWN).map(describe);
  if (items.length > SHOWN) lines.push(`… and ${items.length - SHOWN} more`);
  if (found.cut) lines.push(`(partial list: ${found.cut})`);
  return lines.join('\n');
}

/** Unique by URL and attribute, so one script named twice is one line. */
export function uniqueResources(items: readonly PageSubresource[]): PageSubresource[] {
  const seen = new Set<string>();
  return items.filter((r) => {
    const key = `${r.tag} ${r.attr} ${r.url}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * Whether an enforced policy of the page (a Content-Security-Policy header, or a `<meta http-equiv>`
 * one) carries `upgrade-insecure-requests`: browsers then fetch every http: subresource, and submit
 * forms, over https instead, so none of them travels in the clear. Report-only policies upgrade nothing.
 */
export function upgradesInsecureRequests(page: HttpExchange, http: HttpEvidence): boolean {
  const policies = [...headerValues(page.headers, 'content-security-policy'), ...http.meta.csp];
  return policies.some((policy) =>
    policy
      .split(/[;,]/)
      .some((directive) => directive.trim().split(/[\t\n\f\r ]+/)[0]?.toLowerCase() === 'upgrade-insecure-requests'),
  );
}

/** The URL a https page's browser actually fetches: http: becomes https: under upgrade-insecure-requests. */
export function fetchedUrl(url: string, upgrade: boolean): string {
  return upgrade && isHttpUrl(url) ? `https:${url.slice(5)}` : url;
}
