import type { Check } from '../check.js';
import { cookieFlagsCheck } from './flags.js';
import { cookieLifetimeCheck } from './lifetime.js';
import { cookiePrefixCheck } from './prefixes.js';
import { cookieRejectedCheck } from './rejected.js';
import { cookieScopeCheck } from './scope.js';
import { cookieSizeCheck } from './size.js';

/** The cookies category: every check reads the Set-Cookie lines of both redirect chains. */
export const COOKIE_CHECKS: Check[] = [cookieFlagsCheck, cookiePrefixCheck, cookieScopeCheck, cookieLifetimeCheck, cookieSizeCheck, cookieRejectedCheck];
