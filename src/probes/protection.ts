/**
 * Recognises answers that are not the site's own: a protection layer's block, challenge or rate-limit
 * answer (from the table in model/protection-layers.ts), any 429 with Retry-After, and a redirect of
 * every request to a login page on another host. Pure functions of recorded responses: the HTTP probe
 * records the main page's verdict, the path probes one per answer. A target's bytes are hostile, so
 * only a bounded window of each body is searched and only bounded patterns are used.
 */
import type { HttpEvidence, HttpExchange, RawHeader } from '../model/http.js';
import { headerValues } from '../model/headers.js';
import { PROTECTION_LAYERS, protectionLayerOfCookie, type LayerRule, type Marker } from '../model/protection-layers.js';
import { briefAdvice, protectionSummary, type LoginRedirect, type ProtectionFacts, type ProtectionVerdict } from '../model/protection.js';

/** Block and challenge pages carry their markers near the top; a bounded window keeps matching cheap. */
export const BODY_WINDOW = 64 * 1024;
/** How much of a header value a marker quotes. */
const VALUE_SHOWN = 120;

export interface ResponseLike {
  status: number;
  headers: readonly RawHeader[];
  body: string;
}

/** The protection answer this response is, or undefined when it is (as far as anyone can tell) the site's own. */
export function classifyAnswer(response: ResponseLike): ProtectionFacts | undefined {
  const body = response.body.slice(0, BODY_WINDOW);
  for (const layer of PROTECTION_LAYERS) {
    for (const rule of layer.rules) {
      if (!rule.statuses.includes(response.status)) continue;
      const markers = matchRule(rule, response.headers, body);
      if (markers) {
        return { kind: rule.kind, layer: layer.id, layerName: layer.name, answer: rule.answer, markers: [`status ${response.status}`, ...markers], status: response.status };
      }
    }
  }
  // A 429 that says when to come back is a rate limit whoever sent it (RFC 6585 §4).
  const retryAfter = response.status === 429 ? headerValues(response.headers, 'retry-after')[0] : undefined;
  if (retryAfter !== undefined) {
    return { kind: 'rate_limit', answer: '429 Too Many Requests', markers: ['status 429', `retry-after: ${shown(retryAfter)}`], status: 429 };
  }
  return undefined;
}

/** The marker of each group, in words, when every group holds; undefined otherwise. */
function matchRule(rule: LayerRule, headers: readonly RawHeader[], body: string): string[] | undefined {
  const found: string[] = [];
  for (const group of rule.requires) {
    let words: string | undefined;
    for (const marker of group) {
      words = matchMarker(marker, headers, body);
      if (words) break;
    }
    if (!words) return undefined;
    found.push(words);
  }
  return found;
}

function matchMarker(marker: Marker, headers: readonly RawHeader[], body: string): string | undefined {
  if ('body' in marker) return marker.body.test(body) ? `body: ${marker.shows}` : undefined;
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== marker.header) continue;
    if (!marker.value || marker.value.test(value.slice(0, 1024))) return `${marker.header}: ${shown(value)}`;
  }
  return undefined;
}

function shown(value: string): string {
  return value.length > VALUE_SHOWN ? `${value.slice(0, VALUE_SHOWN)}…` : value;
}

/**
 * The verdict on the main page (the final response of the primary chain): a protection answer, or a
 * login page on another host that every chain ended on. Undefined when the page is the site's.
 */
export function classifyMainPage(http: Pick<HttpEvidence, 'http' | 'https' | 'primary'>, targetHost: string): ProtectionVerdict | undefined {
  if (http.primary === 'none') return undefined;
  const page = http[http.primary].hops.at(-1);
  if (!page) return undefined;
  const facts = classifyAnswer(page);
  if (facts) {
    const chains = (['https', 'http'] as const).filter((name) => {
      const last = finalOf(http[name]);
      return last !== undefined && (last === page || classifyAnswer(last) !== undefined);
    });
    return { ...facts, url: page.url, chains };
  }
  return loginRedirect(http, page, targetHost);
}

function finalOf(chain: HttpEvidence['http']): HttpExchange | undefined {
  return chain.outcome === 'final' ? chain.hops.at(-1) : undefined;
}

/** Path words of sign-in pages, as a whole segment or word of the path or query. */
const LOGIN_PATH = /(?:^|[/._=&?-])(?:log-?in|sign-?in|signon|sso|auth|oauth2?|saml2?|openid|authorize|adfs)(?=$|[/._?=&#-])/i;
/** First labels that identity providers' hosts use (login.microsoftonline.com, accounts.google.com, sso.example). */
const LOGIN_HOST = /^(?:login|logon|auth|sso|signin|accounts?|id|idp|adfs|oauth)[.-]/i;
/** A password field: a form that asks for a secret. Bounded so a hostile body cannot make it slow. */
const PASSWORD_FIELD = /<input\b[^>]{0,400}?\btype\s*=\s*["']?password\b/i;

function loginRedirect(http: Pick<HttpEvidence, 'http' | 'https'>, page: HttpExchange, targetHost: string): LoginRedirect | undefined {
  const target = normaliseHost(targetHost);
  const finals = [finalOf(http.https), finalOf(http.http)].filter((h): h is HttpExchange => h !== undefined);
  // "Every request": a chain that ends on the site itself means the site does answer without a login.
  if (finals.length === 0 || finals.some((h) => sameHost(hostOf(h.url), target))) return undefined;
  const host = hostOf(page.url);
  if (!host || sameHost(host, target)) return undefined;
  if (!((page.status >= 200 && page.status < 300) || page.status === 401)) return undefined;
  const markers: string[] = [];
  let url: URL;
  try {
    url = new URL(page.url);
  } catch {
    return undefined;
  }
  const where = `${url.pathname}${url.search}`.slice(0, 2048);
  const pathWord = LOGIN_PATH.exec(where);
  if (pathWord) markers.push(`the URL names a sign-in step ("${pathWord[0].replace(/^[/._=&?-]/, '')}")`);
  if (LOGIN_HOST.test(host)) markers.push(`the host is a login host (${host.split('.')[0]}.…)`);
  if (PASSWORD_FIELD.test(page.body.slice(0, BODY_WINDOW))) markers.push('the page has a password field');
  if (markers.length === 0) return undefined;
  return { kind: 'login_redirect', host, url: page.url, markers };
}

function hostOf(url: string): string {
  try {
    return normaliseHost(new URL(url).hostname);
  } catch {
    return '';
  }
}

function normaliseHost(host: string): string {
  return host.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}

/** The same host, counting `www.` as the same site (a redirect to www is the site moving, not a login). */
function sameHost(a: string, b: string): boolean {
  return a === b || a === `www.${b}` || b === `www.${a}`;
}

/** Cookies the protection layers set on any hop, by layer name: they are the layer's, not the site's. */
export function layerCookiesSeen(http: Pick<HttpEvidence, 'http' | 'https'>): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  for (const chain of [http.https, http.http]) {
    for (const hop of chain.hops) {
      for (const value of headerValues(hop.headers, 'set-cookie')) {
        const name = value.split(/[=;]/, 1)[0]!.trim();
        const layer = name ? protectionLayerOfCookie(name) : undefined;
        if (!layer) continue;
        const names = seen.get(layer.name) ?? [];
        if (!names.includes(name)) names.push(name);
        seen.set(layer.name, names);
      }
    }
  }
  return seen;
}

/**
 * Why a probe that follows the main page does not run: when a protection layer answered the main page
 * instead of the site, asking it for dozens of paths or origins would only collect more of its answers
 * (and may get the scanner's address banned). A login redirect stops only the probes that would judge
 * the login page (`evenLogin`); the site's own paths still answer for themselves.
 */
export function protectedReason(http: Pick<HttpEvidence, 'protection'> | undefined, what: string, options: { evenLogin?: boolean; brief?: boolean } = {}): string | undefined {
  const verdict = http?.protection;
  if (!verdict || (verdict.kind === 'login_redirect' && !options.evenLogin)) return undefined;
  // Without advice where the category's reason already gives it (CORS sits under headers, which says why).
  return options.brief ? `${what}: ${protectionSummary(verdict)}` : `${what}: ${protectionSummary(verdict)}; ${briefAdvice(verdict)}`;
}
