/** The library face: `import { scan } from 'scorifya'`. */
export { scan, rescore, runTlsTool, scanDns, type ScanOptions, type ScanResult, type TlsToolResult, type DnsScanResult } from './engine/index.js';
// The focused tools with the verdicts the CLI, the web app and the API give: runFocusedTool(focusedTool('headers')!, url).
export { FOCUSED_TOOLS, focusedTool, runFocusedTool, focusReport, type FocusedTool } from './engine/index.js';
export { InputError, NetError, TargetRefusedError } from './engine/errors.js';
export type { Report, CategoryScore } from './model/report.js';
export type { ScanChoices } from './model/options.js';
export type { Finding, CheckResult, Severity, CategoryId } from './model/finding.js';
export type { Evidence, TargetInfo } from './model/evidence.js';
export type { ScannerInfo } from './model/scanner.js';
export { classifyAddress, checkTargetAddress } from './net/target-policy.js';
export { SCORING_TABLE } from './scoring/table.js';
export { CATEGORIES } from './scoring/categories.js';
