/** The library face: `import { scan } from 'scorifya'`. */
export { scan, rescore, type ScanOptions, type ScanResult } from './scan.js';
export type { Report, CategoryScore } from './model/report.js';
export type { Finding, CheckResult, Severity, CategoryId } from './model/finding.js';
export type { Evidence, TargetInfo } from './model/evidence.js';
export { InputError } from './net/target-input.js';
export { NetError, TargetRefusedError } from './net/errors.js';
export { classifyAddress, checkTargetAddress } from './net/target-policy.js';
export { SCORING_TABLE } from './scoring/table.js';
export { CATEGORIES } from './scoring/categories.js';
