/**
 * The http-state parser cases run through our cookie code: each Set-Cookie line goes through
 * parseSetCookie and browserVerdict (src/checks/cookies), and the cookies our verdict keeps are held in
 * a minimal RFC 6265bis jar (replace by name/domain/path, delete on expiry, domain and path match, order
 * by path length then creation) so that the Cookie header a browser would send can be compared. The jar
 * is test plumbing; the judgement under test is the parser's and the verdict's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseSetCookie } from '../../src/checks/cookies/parse.js';
import { browserVerdict } from '../../src/checks/cookies/verdict.js';

export const SET_HOST = 'home.example.org';

export interface HttpStateCase {
  name: string;
  /** Set-Cookie values as latin1 strings (one character per byte, as our HTTP layer hands them over). */
  setCookies: string[];
  /** Where the result page is fetched: the Location of the test, else the default result URL. */
  resultPath: string;
  resultHost: string;
  /** Expected Cookie header value ('' for none). */
  expected: string;
}

export function loadHttpStateCases(dir: string): HttpStateCase[] {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('-test'))
    .map((f) => f.slice(0, -'-test'.length))
    .sort();
  return names.map((name) => {
    const lines = readFileSync(`${dir}/${name}-test`, 'latin1').split(/\r?\n/);
    const setCookies = lines.filter((l) => /^Set-Cookie:/i.test(l)).map((l) => l.replace(/^Set-Cookie:\s?/i, ''));
    const location = lines.find((l) => /^Location:/i.test(l))?.replace(/^Location:\s*/i, '');
    let resultHost = SET_HOST;
    let resultPath = `/cookie-parser-result?${name}`;
    if (location) {
      const url = new URL(location, `http://${SET_HOST}:8888/cookie-parser?${name}`);
      resultHost = url.hostname;
      resultPath = url.pathname + url.search;
    }
    const expectedLine = readFileSync(`${dir}/${name}-expected`, 'latin1').split(/\r?\n/).find((l) => /^Cookie:/i.test(l));
    return { name, setCookies, resultPath, resultHost, expected: expectedLine ? expectedLine.replace(/^Cookie:\s?/i, '').trim() : '' };
  });
}

interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  created: number;
}

/** RFC 6265bis §5.1.4 default-path: the directory of the request path, "/" at the top. */
export function defaultPath(pathname: string): string {
  if (!pathname.startsWith('/')) return '/';
  const slash = pathname.lastIndexOf('/');
  return slash <= 0 ? '/' : pathname.slice(0, slash);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

export class ModelJar {
  private cookies: StoredCookie[] = [];
  private clock = 0;

  set(raw: string, setUrl: string, now: Date): void {
    const parsed = parseSetCookie(raw);
    const verdict = browserVerdict(parsed, setUrl, now);
    if (!parsed) return;
    const url = new URL(setUrl);
    const host = url.hostname.toLowerCase();
    const hostOnly = parsed.domain === undefined;
    const domain = parsed.domain ?? host;
    const path = parsed.path ?? defaultPath(url.pathname);
    const deletion = !verdict.stored && verdict.reasons.length === 1 && verdict.reasons[0] === 'expired';
    if (!verdict.stored && !deletion) return;
    const same = (c: StoredCookie) => c.name === parsed.name && c.domain === domain && c.hostOnly === hostOnly && c.path === path;
    const old = this.cookies.find(same);
    this.cookies = this.cookies.filter((c) => !same(c));
    if (deletion) return;
    this.cookies.push({ name: parsed.name, value: parsed.value, domain, hostOnly, path, secure: parsed.secure, created: old?.created ?? ++this.clock });
  }

  header(requestUrl: string): string {
    const url = new URL(requestUrl);
    const host = url.hostname.toLowerCase();
    return this.cookies
      .filter((c) => (c.hostOnly ? host === c.domain : host === c.domain || host.endsWith(`.${c.domain}`)))
      .filter((c) => pathMatches(url.pathname, c.path))
      .filter((c) => !c.secure || url.protocol === 'https:')
      .sort((a, b) => b.path.length - a.path.length || a.created - b.created)
      .map((c) => (c.name === '' ? c.value : `${c.name}=${c.value}`))
      .join('; ');
  }
}

/** What our code says the result page receives for one case. */
export function modelCookieHeader(c: HttpStateCase, port: number, now = new Date()): string {
  const jar = new ModelJar();
  for (const line of c.setCookies) jar.set(line, `http://${SET_HOST}:${port}/cookie-parser?${c.name}`, now);
  return jar.header(`http://${c.resultHost}:${port}${c.resultPath}`);
}
