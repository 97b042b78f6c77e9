/**
 * The engine's entry point for the focused tools: one capability of a scan, alone, with the same
 * safety (target policy, pinned resolution, `--resolve`, `--ca`) and the same checks and scoring.
 *
 * - `scorifya tls`: runTlsTool — the TLS probe, the TLS checks, the TLS category.
 * - `scorifya dns` / `scorifya email`: scanDns — the DNS probe with its own DNS options.
 * - `scorifya cors --origin`: answerCorsQuestion (the question checked by inputs.ts corsQuestion) —
 *   would one request from that origin work, and why.
 * - `scorifya headers` and the web app's cookie, HTTPS and security.txt tools are a scan restricted to
 *   some probes: engine/scan.ts.
 *
 * Which tools exist, which of these each runs and how its verdict is computed: focused-tools.ts, the
 * one definition the CLI, the web app and the API share.
 *
 * Each tool's code loads when it is called, so a command pays only for its own tool at start-up.
 */
import type { TlsToolOptions, TlsToolResult } from './tools/tls.js';
import type { DnsScanOptions, DnsScanResult } from './tools/dns.js';
import type { QuestionResult, SimRequest } from './tools/cors.js';
import type { EngineNetOptions } from './net-options.js';

export type { TlsToolOptions, TlsToolResult } from './tools/tls.js';
export type { DnsScanOptions, DnsScanResult } from './tools/dns.js';
export type { QuestionResult, SimRequest, SimVerdict } from './tools/cors.js';

export async function runTlsTool(input: string, options: TlsToolOptions = {}): Promise<TlsToolResult> {
  return (await import('./tools/tls.js')).runTlsTool(input, options);
}

export async function scanDns(input: string, options: DnsScanOptions): Promise<DnsScanResult> {
  return (await import('./tools/dns.js')).scanDns(input, options);
}

export async function answerCorsQuestion(request: SimRequest, options: EngineNetOptions): Promise<QuestionResult> {
  return (await import('./tools/cors.js')).answerCorsQuestion(request, options);
}
