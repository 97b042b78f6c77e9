/**
 * The engine's entry points: `scan()` (target → net → probes → evidence → checks → scoring → report)
 * and `rescore()` (checks and scoring on saved evidence). The CLI's scan commands import run-scan.ts
 * directly, so that checks load only once the first requests are out.
 */
export * from './run-scan.js';
export { rescore } from './rescore.js';
