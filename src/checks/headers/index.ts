import type { Check } from '../check.js';
import { hstsCheck } from './hsts.js';
import { hstsPreloadCheck } from './hsts-preload.js';
import { cspCheck } from './csp.js';
import { framingCheck } from './framing.js';
import { nosniffCheck } from './nosniff.js';
import { referrerPolicyCheck } from './referrer-policy.js';
import { permissionsPolicyCheck } from './permissions-policy.js';
import { coepCheck, coopCheck, corpCheck } from './cross-origin.js';
import { duplicateHeadersCheck } from './duplicates.js';
import { deprecatedHeadersCheck } from './deprecated.js';
import { sriCheck } from './subresource-integrity.js';
import { mixedContentCheck } from './mixed-content.js';

export const HEADER_CHECKS: Check[] = [
  hstsCheck,
  hstsPreloadCheck,
  cspCheck,
  framingCheck,
  nosniffCheck,
  referrerPolicyCheck,
  permissionsPolicyCheck,
  coopCheck,
  corpCheck,
  coepCheck,
  duplicateHeadersCheck,
  deprecatedHeadersCheck,
  sriCheck,
  mixedContentCheck,
];
