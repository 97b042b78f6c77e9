import type { Check } from './check.js';
import { HEADER_CHECKS } from './headers/index.js';
import { httpsRedirectCheck } from './https/redirects.js';
import { DNS_CHECKS } from './dns/index.js';

/** Every check the engine runs. Each category adds its list here. */
export const ALL_CHECKS: Check[] = [...HEADER_CHECKS, httpsRedirectCheck, ...DNS_CHECKS];
