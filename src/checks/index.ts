import type { Check } from './check.js';
import { HEADER_CHECKS } from './headers/index.js';
import { httpsRedirectCheck } from './https/redirects.js';
import { DNS_CHECKS } from './dns/index.js';
import { MAIL_CHECKS } from './mail/index.js';
import { TLS_CHECKS } from './tls/index.js';
import { httpBreachCheck } from './tls/named-vulnerabilities.js';
import { COOKIE_CHECKS } from './cookies/index.js';
import { EXPOSURE_CHECKS } from './exposure/index.js';
import { WORDPRESS_CHECKS } from './wordpress/index.js';
import { CORS_CHECKS } from './cors/index.js';
import { CVE_CHECKS } from './cve/checks.js';
import { behindHttps, onFinalPage } from './page-required.js';
import { onSiteAnswers } from './protection.js';

/** Each category adds its list here. */
const CHECKS: Check[] = [
  ...HEADER_CHECKS,
  httpsRedirectCheck,
  ...TLS_CHECKS,
  // BREACH is judged from the HTTP probe's page (scored with TLS, but it reads `http`).
  httpBreachCheck,
  ...COOKIE_CHECKS,
  ...EXPOSURE_CHECKS,
  ...WORDPRESS_CHECKS,
  ...CORS_CHECKS,
  ...DNS_CHECKS,
  ...MAIL_CHECKS,
  ...CVE_CHECKS,
];

/**
 * Every check the engine runs. Header and cookie verdicts (CORS included, which sits under headers)
 * need the page a visitor reaches; without one they are not measured, with the reason. Exposure and
 * WordPress fetch from that page's URL: when an HTTPS endpoint our client cannot talk to kept it out
 * of reach, they say so in the same words. Checks that judge the page or the site's paths are not
 * measured either when a protection layer answered instead of the site (checks/protection.ts).
 */
export const ALL_CHECKS: Check[] = CHECKS.map((c) => {
  switch (c.category) {
    case 'headers':
      return onFinalPage(c, 'security headers');
    case 'cookies':
      return onFinalPage(c, 'cookies');
    case 'exposure':
      return behindHttps(c, 'sensitive paths');
    case 'wordpress':
      return behindHttps(c, 'WordPress');
    default:
      return c;
  }
}).map(onSiteAnswers);
