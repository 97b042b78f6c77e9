/**
 * BREACH (CVE-2013-3587): HTTP compression of a page that carries a secret lets an attacker who can
 * inject guesses into the page read the secret from the compressed length, over any TLS version.
 * Judged from the main page the HTTP probe already fetched, with no request of its own. That request
 * asks for `Accept-Encoding: identity`, so a compressed answer proves the server compresses even
 * uninvited (and then surely for browsers, which always offer gzip and br); an uncompressed answer
 * proves nothing about what a browser gets, and the row says "not tested" rather than "safe".
 * The secret: a hidden form field named like an anti-CSRF token, or a cookie set by the same response
 * (the two things BREACH was shown to steal).
 */
import type { HttpEvidence, HttpExchange } from '../../model/http.js';
import type { VulnerabilityRow } from '../../model/vulnerabilities.js';

const NAME = 'BREACH';
const REF = 'CVE-2013-3587';
const ID = 'http_breach_possible';

/** `<input type=hidden name=csrf_token value=…>` in any attribute order; names as frameworks spell them. */
const HIDDEN_INPUT = /<input\b[^>]*>/gi;
const TOKEN_NAME = /\bname\s*=\s*["']?[\w.[\]-]*(csrf|xsrf|authenticity_token|__requestverificationtoken|_token|nonce)[\w.[\]-]*/i;

/** The HTTPS main page's final response, when the https chain reached one. */
export function httpsMainPage(http: HttpEvidence): HttpExchange | undefined {
  return http.https.outcome === 'final' ? http.https.hops.at(-1) : undefined;
}

/** What secret the page carries, in words, or undefined. */
export function pageSecret(page: HttpExchange): string | undefined {
  const inputs = page.body.match(HIDDEN_INPUT) ?? [];
  const token = inputs.find((tag) => /\btype\s*=\s*["']?hidden\b/i.test(tag) && TOKEN_NAME.test(tag));
  if (token) return `a hidden form field ${TOKEN_NAME.exec(token)![0].replace(/^name\s*=\s*["']?/i, '')}`;
  const cookies = page.headers.filter(([n]) => n.toLowerCase() === 'set-cookie').map(([, v]) => v.split('=')[0]!.trim());
  if (cookies.length) return `Set-Cookie ${cookies.slice(0, 3).join(', ')}`;
  return undefined;
}

export function breachRow(http: HttpEvidence | undefined): VulnerabilityRow {
  const row = (verdict: VulnerabilityRow['verdict'], evidence: string): VulnerabilityRow => ({ name: NAME, ref: REF, verdict, findingId: ID, evidence });
  if (!http) return row('not_tested', 'the HTTP probe did not run');
  const page = httpsMainPage(http);
  if (!page) return row('not_tested', 'no page was reached over HTTPS');
  if (!page.encoding) {
    return row('not_tested', 'the page was asked for uncompressed (Accept-Encoding: identity) and came uncompressed; what a browser offering gzip gets was not asked');
  }
  const secret = pageSecret(page);
  const where = `${page.url} is sent with Content-Encoding ${page.encoding.name} even to a client that asked for identity`;
  if (secret) return row('vulnerable', `${where}, and carries ${secret}`);
  if (page.bodyTruncated) return row('inconclusive', `${where}; no token or cookie in the part of the body read (it was cut)`);
  return row('not_vulnerable', `${where}, but carries no CSRF-like hidden field and sets no cookie (only the main page was read)`);
}
