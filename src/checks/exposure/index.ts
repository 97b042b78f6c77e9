import type { Check } from '../check.js';
import { sensitiveFilesCheck } from './files.js';
import { securityTxtCheck } from './security-txt.js';
import { stackTraceCheck } from './stack-trace.js';
import { traceCheck } from './trace.js';
import { versionBannerCheck } from './version-banner.js';

/** The exposure & hygiene category. */
export const EXPOSURE_CHECKS: Check[] = [sensitiveFilesCheck, securityTxtCheck, traceCheck, stackTraceCheck, versionBannerCheck];
