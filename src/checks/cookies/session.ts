/**
 * Is this cookie likely to carry a login session or an anti-CSRF token? Only then do HttpOnly,
 * SameSite and scope matter enough to cost points. Decided from the name (well-known framework
 * session names and common words) and the attributes; the reasons are returned for the evidence.
 */
import type { ParsedSetCookie } from './parse.js';

export interface CookieRole {
  session: boolean;
  csrf: boolean;
  /** Why, in words, e.g. "name 'PHPSESSID' is PHP's session cookie". */
  why: string[];
}

/** Exact names that frameworks use for their session cookie. */
const FRAMEWORK_SESSION_NAMES: Record<string, string> = {
  phpsessid: "PHP's session cookie",
  jsessionid: "Java servlet containers' session cookie",
  'asp.net_sessionid': "ASP.NET's session cookie",
  '.aspxauth': "ASP.NET forms-authentication cookie",
  '.aspnetcore.session': "ASP.NET Core's session cookie",
  '.aspnetcore.identity.application': "ASP.NET Core Identity's login cookie",
  'connect.sid': "Express (express-session)'s session cookie",
  laravel_session: "Laravel's session cookie",
  _rails_session: 'a Rails session cookie',
  sessionid: "Django's session cookie",
  cfid: "ColdFusion's session id",
  cftoken: "ColdFusion's session token",
};

const SESSION_WORDS = /(sess|session|sid\b|^sid|auth|login|logged|token|jwt|remember|identity|user_?id)/i;
const CSRF_WORDS = /(csrf|xsrf)/i;
/** Names that contain session-ish words but are known not to be secrets. */
const NOT_SESSION = /^(heroku-session-affinity|_ga.*|_gid|_gat.*|_fbp|_hj.*|ajs_.*|cookieconsent.*|session_?depth|wp-settings.*)$/i;
const TOKEN_LIKE_VALUE = /^[A-Za-z0-9+/=_\-.%]{24,}$/;

export function classifyCookie(cookie: ParsedSetCookie): CookieRole {
  const why: string[] = [];
  const lower = cookie.name.toLowerCase();
  let session = false;
  const csrf = CSRF_WORDS.test(cookie.name);
  if (csrf) why.push(`name '${cookie.name}' marks an anti-CSRF token`);

  if (!NOT_SESSION.test(cookie.name)) {
    const framework = FRAMEWORK_SESSION_NAMES[lower];
    if (framework) {
      session = true;
      why.push(`name '${cookie.name}' is ${framework}`);
    } else if (/^wordpress_(logged_in|sec)_/i.test(cookie.name) || /^wordpress_[0-9a-f]{32}$/i.test(cookie.name)) {
      session = true;
      why.push(`name '${cookie.name}' is a WordPress login cookie`);
    } else if (!csrf && SESSION_WORDS.test(cookie.name)) {
      session = true;
      why.push(`name '${cookie.name}' contains a session/login word`);
    } else if (cookie.httpOnly && TOKEN_LIKE_VALUE.test(cookie.value) && cookie.maxAge === undefined && !cookie.expires) {
      // A server-only, browser-session lifetime cookie holding a long random token behaves like a session id.
      session = true;
      why.push('HttpOnly, expires with the browser session and holds a long random-looking token');
    }
  }
  return { session, csrf, why };
}
