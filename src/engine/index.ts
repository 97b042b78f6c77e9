/**
 * The engine in one import, for the library face (src/index.ts) and for tests. The entry points:
 * scan.ts (a full scan, or one restricted to some probes), tools.ts (the focused tools' engines),
 * focused-tools.ts (the tools every surface offers, and their verdicts), rescore.ts
 * (checks and scoring on saved evidence, offline). The CLI imports those files one by one instead, so
 * that a command loads only what it runs.
 */
export { scan, type ScanOptions, type ScanResult, type ProbeProgress, type RequestActivity, probeKeys } from './scan.js';
export { rescore } from './rescore.js';
export * from './tools.js';
export { FOCUSED_TOOLS, focusedTool, toolIds, isNarrow, inTool, focusReport, toolMeasured, toolScope, type FocusedTool } from './focused-tools.js';
export { runFocusedTool } from './run-tool.js';
export { recordChoices, describeAnchors } from './choices.js';
export * from './inputs.js';
export * from './errors.js';
export { netOptionsFrom, type NetCliOptions, type EngineNetOptions } from './net-options.js';
export { validateDnsOptions, type DnsCliOptions } from './dns-options.js';
export { EXIT } from './exit-codes.js';
export { sendOnce, lookupTxt, type OutboundRequest, type OutboundResponse, type TxtAnswer } from './outbound.js';
