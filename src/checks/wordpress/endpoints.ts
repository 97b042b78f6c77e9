/** WordPress endpoints that help attackers: XML-RPC, user enumeration, an unguarded login form. */
import type { Check } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import { header, parseJson, quote, served } from '../exposure/response.js';
import { distinctMatch, response, wordpressData } from './common.js';

/** Marks of a login form protected by a CAPTCHA, a lockout plugin or a second factor. */
const LOGIN_PROTECTION = /g-recaptcha|recaptcha\/api|h-captcha|hcaptcha\.com|cf-turnstile|challenges\.cloudflare\.com|limit-login|loginizer|wordfence|two-factor|2fa|itsec|jetpack-sso/i;

export const wordpressXmlRpcCheck: Check = {
  name: 'wordpress/xmlrpc',
  category: 'wordpress',
  ids: ['wp_xmlrpc_enabled'],
  reads: ['wordpress'],
  run(evidence) {
    const wp = wordpressData(evidence);
    const r = response(wp, 'xmlrpc');
    const proof = distinctMatch(wp, r, (x) => {
      if (x.status !== 200 && x.status !== 405) return undefined;
      const m = /XML-RPC server accepts POST requests only/i.exec(x.body);
      return m ? m[0] : undefined;
    });
    if (!proof || !r) return [];
    return [
      {
        id: 'wp_xmlrpc_enabled',
        title: 'xmlrpc.php is enabled (password guessing many at a time, pingback abuse)',
        evidence: `GET ${r.url} → ${r.status}: "${proof}"`,
        location: r.url,
      },
    ];
  },
};

export const wordpressUsersCheck: Check = {
  name: 'wordpress/users',
  category: 'wordpress',
  ids: ['wp_user_enumeration'],
  // Two leaks, closed in two places: the REST users route, and the ?author= redirect to /author/<slug>/.
  causes: { wp_user_enumeration: ['rest_api_users', 'author_redirect'] },
  reads: ['wordpress'],
  run(evidence) {
    const wp = wordpressData(evidence);
    const results: CheckResult[] = [];
    const api = response(wp, 'users_api');
    const slugs = distinctMatch(wp, api, (x) => {
      if (!served(x)) return undefined;
      const doc = parseJson(x.body);
      if (!Array.isArray(doc)) return undefined;
      const names = doc.filter((u): u is { slug: string } => !!u && typeof u === 'object' && typeof (u as { slug?: unknown }).slug === 'string').map((u) => u.slug);
      return names.length ? names : undefined;
    });
    if (slugs && api) {
      results.push({
        id: 'wp_user_enumeration',
        cause: 'rest_api_users',
        title: `the REST API lists ${slugs.length} user name${slugs.length > 1 ? 's' : ''}`,
        evidence: `GET ${api.url} → ${api.status}; user slugs (login names on most sites): ${slugs.slice(0, 5).map((s) => quote(s, 40)).join(', ')}`,
        location: api.url,
      });
    }
    const author = response(wp, 'author_query');
    if (author && author.status >= 300 && author.status < 400) {
      const location = header(author, 'location') ?? '';
      const m = /\/author\/([^/?#]+)/i.exec(location);
      if (m) {
        results.push({
          id: 'wp_user_enumeration',
          cause: 'author_redirect',
          title: `?author=1 redirects to the author page of '${quote(decodeURIComponentSafe(m[1]!), 40)}'`,
          evidence: `GET ${author.url} → ${author.status}, Location: ${quote(location, 200)}`,
          location: author.url,
        });
      }
    }
    return results;
  },
};

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export const wordpressLoginCheck: Check = {
  name: 'wordpress/login',
  category: 'wordpress',
  ids: ['wp_login_unprotected'],
  reads: ['wordpress'],
  run(evidence) {
    const wp = wordpressData(evidence);
    const r = response(wp, 'login');
    const form = distinctMatch(wp, r, (x) => (x.status === 200 && /name=["']?log["']?/i.test(x.body) && /name=["']?pwd["']?/i.test(x.body) ? true : undefined));
    if (!form || !r) return [];
    if (LOGIN_PROTECTION.test(r.body) || header(r, 'retry-after')) return [];
    return [
      {
        id: 'wp_login_unprotected',
        title: 'the login page shows no sign of a CAPTCHA, lockout or second factor',
        evidence: `GET ${r.url} → 200 with the WordPress login form; no CAPTCHA, rate-limit or two-factor markers in the page (server-side limits cannot be seen from outside)`,
        location: r.url,
      },
    ];
  },
};
