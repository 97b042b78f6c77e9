import type { Check } from '../check.js';
import { corsOriginTrustCheck } from './origin-trust.js';
import { corsWildcardCheck } from './wildcard.js';
import { corsPreflightCheck } from './preflight.js';
import { corsCredentialsValueCheck } from './credentials-value.js';
import { corsVaryCheck } from './vary.js';

/** CORS checks, scored in the security headers category. */
export const CORS_CHECKS: Check[] = [corsOriginTrustCheck, corsWildcardCheck, corsPreflightCheck, corsCredentialsValueCheck, corsVaryCheck];
