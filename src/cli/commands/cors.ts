/**
 * Focused tool: `scorifya cors URL`. Sends every CORS probe (attacker origins × GET and preflight),
 * prints the matrix of what a browser would allow and the findings; with `--origin` it also answers
 * whether one specific request from that origin would work, and why.
 */
import type { Command } from 'commander';
import { focusedTool } from '../../engine/focused-tools.js';
import { runFocusedTool } from '../../engine/run-tool.js';
import { addNetOptions } from '../net-options.js';
import { netOptionsFrom, type NetCliOptions } from '../../engine/net-options.js';
import { corsQuestion } from '../../engine/inputs.js';
import { answerCorsQuestion, type QuestionResult } from '../../engine/tools.js';
import { toolExitCode } from './focused.js';
import { escapeTerminal } from '../../report/escape.js';
import { join } from 'node:path';
import { CONTENT_DIR } from '../../content/load.js';
import type { CorsEvidence } from '../../model/cors.js';
import type { Finding } from '../../model/finding.js';
import type { RawHeader } from '../../model/http.js';
import { readVerdict, preflightVerdict, acao, acac } from '../../checks/cors/judge.js';

interface CorsCliOptions extends NetCliOptions {
  origin?: string;
  method?: string;
  header?: string[];
  credentials?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerCors(program: Command): void {
  addNetOptions(program.command('cors').argument('<url>', 'URL of the API or page to test').description('test the CORS policy of one URL against attacker origins, like a browser would'))
    .option('--origin <origin>', 'also ask: would a request from this origin work?')
    .option('--method <method>', 'method of that request (default GET)')
    .option('--header <name: value>', 'request header set by the page script (repeatable)', collect)
    .option('--credentials', "the page sends cookies (fetch credentials: 'include')")
    .action(async (url: string, opts: CorsCliOptions) => {
      const request = opts.origin
        ? corsQuestion(url, { origin: opts.origin, ...(opts.method ? { method: opts.method } : {}), ...(opts.header ? { headers: opts.header } : {}), credentials: opts.credentials ?? false })
        : undefined;
      // The `cors` tool of engine/focused-tools.ts: the same findings as the web app's CORS checker.
      const { report, evidence } = await runFocusedTool(focusedTool('cors')!, url, netOptionsFrom(opts));
      const findings = report.findings;
      const cors = evidence.cors as { status: 'ok'; data: CorsEvidence } | { status: 'unavailable'; reason: string } | undefined;
      const answer: QuestionResult | undefined = request ? await answerCorsQuestion(request, netOptionsFrom(opts)) : undefined;
      if (opts.json) {
        process.stdout.write(JSON.stringify({ target: report.target, cors: cors ?? null, findings, question: answer ? { request, ...answer } : undefined }, null, 2) + '\n');
      } else {
        process.stdout.write(renderText(cors, findings, answer, request));
      }
      process.exitCode = toolExitCode(report, focusedTool('cors')!);
    });
}

const yesNo = (b: boolean | undefined) => (b === undefined ? '–' : b ? 'yes' : 'no');
const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

export function renderText(
  cors: { status: 'ok'; data: CorsEvidence } | { status: 'unavailable'; reason: string } | undefined,
  findings: Finding[],
  answer?: QuestionResult,
  request?: { origin: string; method: string; headers: RawHeader[]; credentials: string },
): string {
  const out: string[] = [];
  if (!cors || cors.status !== 'ok') {
    out.push(`CORS could not be measured: ${escapeTerminal(cors && cors.status === 'unavailable' ? cors.reason : 'probe did not run')}`);
  } else {
    const e = cors.data;
    out.push(`CORS probes for ${escapeTerminal(e.url)} (attacker domain for this run: ${e.attackerDomain})`, '');
    out.push(`${pad('probe', 14)} ${pad('origin', 44)} ${pad('GET', 5)} ${pad('Allow-Origin', 26)} ${pad('creds', 6)} ${pad('read', 5)} ${pad('read+cookies', 12)} preflight (credentialed ${e.preflightAsks.method}, ${e.preflightAsks.headers.join(', ')})`);
    for (const p of e.probes) {
      const v = readVerdict(e, p.origin, p.get);
      const pf = preflightVerdict(e, p, true);
      const status = p.get.response ? String(p.get.response.status) : 'err';
      const allowOrigin = p.get.response ? acao(p.get).join(', ') || '–' : (p.get.error?.code ?? 'error');
      const pfText = !p.preflight.response ? `no answer (${p.preflight.error?.code ?? 'error'})` : pf?.ok ? `passes (${p.preflight.response.status})` : `fails: ${pf?.ok === false ? pf.code : '?'} (${p.preflight.response.status})`;
      out.push(
        `${pad(p.kind, 14)} ${pad(escapeTerminal(p.origin), 44)} ${pad(status, 5)} ${pad(escapeTerminal(allowOrigin), 26)} ${pad(escapeTerminal(acac(p.get).join(', ') || '–'), 6)} ${pad(yesNo(v?.withoutCredentials.allowed), 5)} ${pad(yesNo(v?.withCredentials.allowed), 12)} ${pfText}`,
      );
    }
    if (e.skipped) out.push('', `${e.skipped} request(s) were not sent: the probe's time limit ran out.`);
    out.push('');
    if (findings.length === 0) out.push('No CORS findings: no attacker origin tested here can read this URL.');
    for (const f of findings) {
      out.push(`[${f.severity.toUpperCase()}] ${f.id} (−${f.pointsLost} pts): ${escapeTerminal(f.title)}`);
      const attack = (f.details?.attack as string | undefined) ?? '';
      if (attack) out.push(`    Attack: ${escapeTerminal(attack)}`);
      for (const line of f.evidence.split('\n').filter((l) => !l.startsWith('Attack:'))) out.push(`    ${escapeTerminal(line)}`);
    }
  }
  if (answer && request) {
    out.push('', `Would a ${request.method} from ${escapeTerminal(request.origin)}${request.credentials === 'include' ? ' with cookies' : ''}${request.headers.length ? ` with ${request.headers.map(([n]) => n).join(', ')}` : ''} work?`);
    out.push(`  ${answer.verdict.allowed ? 'YES' : 'NO'} — ${escapeTerminal(answer.verdict.reason)}`);
    if (answer.verdict.preflightReasons.length) out.push(`  A preflight is needed because ${answer.verdict.preflightReasons.join('; ')}.`);
    if (answer.verdict.maxAge) out.push(`  The preflight may be cached for ${answer.verdict.maxAge.effective} s.`);
    if (answer.verdict.allowed) out.push(`  Headers script can read: ${answer.verdict.exposedHeaders.join(', ') || '(none)'}.`);
    for (const note of answer.verdict.notes) out.push(`  Note: ${escapeTerminal(note)}`);
    for (const x of answer.exchanges) out.push(`  sent ${x.request.kind} ${x.request.method} → ${x.status ?? escapeTerminal(x.error ?? '')} (${x.sentAs})`);
  }
  // A bare "/learn/cors" means nothing in a terminal: name the file that ships with Scorifya, and the web app's page.
  out.push('', `Learn more: "CORS explained", ${join(CONTENT_DIR, 'learn', 'cors.md')} (or /learn/cors in the web app, scorifya serve).`, '');
  return out.join('\n');
}
