// `npm run bench -- hostile`: every hostile-target case scanned with the default options (10 s time
// limit, 2 MiB body cap, every probe but DNS unless the case is about DNS), each scan in its own child
// process so its peak RSS is its own. Prints a Markdown table: case, state, reason, wall time, peak RSS.
// The hostile servers run in other processes (loopback only), so the scanner's numbers are its own.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { scan, type ScanOptions } from '../src/engine/index.js';
import type { Report } from '../src/model/report.js';
import { escapeTerminal } from '../src/report/escape.js';
import { HTTP_CASES, type HttpCaseId } from '../test/lab/hostile/http-cases.js';
import { startLabProcess } from '../test/lab/hostile/lab-process.js';
import { TLS_CASE_IDS, startTlsCase } from '../test/lab/hostile/tls-cases.js';
import { DNS_CASE_HOST, DNS_CASE_IDS, startDnsCase } from '../test/lab/hostile/dns-cases.js';

const SELF = fileURLToPath(import.meta.url);
const PROBES = ['http', 'tls', 'cors', 'exposure', 'wordpress'];

interface Job {
  id: string;
  input: string;
  options: ScanOptions;
  /** Which probe's words the table shows (the case is about it). */
  focus: 'http' | 'tls' | 'dns';
  /** The finding that carries the case's evidence, when it is judged rather than not measured. */
  finding?: string;
}

interface Result {
  ms: number;
  maxRssMb: number;
  state: string;
  reason: string;
  error?: string;
}

/** The one line that says what happened: the focus probe's limit, unavailable reason, or first finding. */
function summarise(report: Report, focus: Job['focus'], findingId?: string): { state: string; reason: string } {
  const notMeasured = report.categories.filter((c) => c.status === 'not_measured' && !/: not probed$/.test(c.reason ?? '')).map((c) => c.id);
  const state = `${report.score === null ? 'no score' : `score ${report.score}`}${notMeasured.length ? `; not measured: ${notMeasured.join(', ')}` : ''}`;
  const category = focus === 'http' ? 'headers' : focus;
  const finding = report.findings.find((f) => (findingId ? f.id === findingId : f.category === category && f.id !== 'no_https'));
  const words = [
    ...report.unavailable.filter((u) => u.probe === focus).map((u) => u.reason),
    ...(report.notes ?? []).filter((n) => n.probe === focus && !(focus === 'http' && /did not answer in TLS/.test(n.note))).map((n) => n.note),
    ...(finding ? [`${finding.id}: ${escapeTerminal(finding.evidence.replace(/\n/g, ' / '))}`] : []),
  ];
  return { state, reason: (words[0] ?? '—').replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 170) };
}

async function child(job: Job): Promise<void> {
  const t0 = performance.now();
  let result: Result;
  try {
    const { report } = await scan(job.input, job.options);
    result = { ms: performance.now() - t0, maxRssMb: 0, ...summarise(report, job.focus, job.finding) };
  } catch (error) {
    result = { ms: performance.now() - t0, maxRssMb: 0, state: 'refused', reason: (error as Error).message.slice(0, 160) };
  }
  result.maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(job: Job): Promise<Result> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', SELF, '--one', JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      resolve(line ? (JSON.parse(line) as Result) : { ms: 0, maxRssMb: 0, state: 'crashed', reason: `exit code ${code}` });
    });
  });
}

async function main(): Promise<void> {
  const httpIds = Object.keys(HTTP_CASES) as HttpCaseId[];
  const lab = await startLabProcess(httpIds);
  const tls = await Promise.all(TLS_CASE_IDS.map(async (id) => [id, await startTlsCase(id)] as const));
  const dns = await Promise.all(DNS_CASE_IDS.map(async (id) => [id, await startDnsCase(id)] as const));
  const jobs: Job[] = [
    { id: 'baseline (plain page)', input: lab.url('plain-http-400-to-tls'), options: { allowPrivate: true, probes: PROBES }, focus: 'http' },
    ...httpIds.map((id): Job => {
      const tlsPort = id === 'plain-http-silent-to-tls' || id === 'plain-http-400-to-tls';
      const finding = id === 'header-control-bytes' ? 'version_banner' : undefined;
      return { id, input: lab.url(id, '/', tlsPort ? 'https' : 'http'), options: { allowPrivate: true, probes: PROBES }, focus: tlsPort ? 'tls' : 'http', ...(finding ? { finding } : {}) };
    }),
    ...tls.map(([id, server]): Job => ({ id, input: server.url(), options: { allowPrivate: true, probes: PROBES }, focus: 'tls', ...(id === 'tls-absurd-fields' ? { finding: 'cert_self_signed' } : {}) })),
    ...dns.map(([id, server]) => {
      const host = DNS_CASE_HOST[id];
      const port = lab.port('plain-http-400-to-tls');
      const options: ScanOptions = { allowPrivate: true, probes: ['http', 'dns'], resolve: [`${host}:${port}:127.0.0.1`], dns: { dnsServers: [server.spec] } };
      const finding = { 'dns-truncated': undefined, 'dns-cname-loop': 'dns_dangling_cname', 'dns-txt-64k': 'dns_spf_syntax' }[id];
      return { id, input: `http://${host}:${port}/`, options, focus: 'dns' as const, ...(finding ? { finding } : {}) };
    }),
  ];
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const selected = only.length ? jobs.filter((j) => only.some((o) => j.id.includes(o))) : jobs;
  console.log('Hostile targets, default options (10 s time limit, 2 MiB body cap), one child process per scan, loopback only.');
  console.log('Times are wall clock on this machine, which may be loaded by other work; RSS includes Node and tsx (~the baseline row).\n');
  console.log('| case | state | reason in the report | time | peak RSS |');
  console.log('|---|---|---|---|---|');
  // Two at a time: the cases that wait on time limits dominate, and two cores are all there is.
  const queue = [...selected];
  const workers = Array.from({ length: 2 }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const r = await runChild(job);
      console.log(`| ${job.id} | ${r.state} | ${r.reason} | ${(r.ms / 1000).toFixed(1)} s | ${r.maxRssMb.toFixed(0)} MB |`);
    }
  });
  await Promise.all(workers);
  await Promise.all([lab.close(), ...tls.map(([, s]) => s.close()), ...dns.map(([, s]) => s.close())]);
}

const oneIndex = process.argv.indexOf('--one');
if (oneIndex >= 0) await child(JSON.parse(process.argv[oneIndex + 1]!) as Job);
else await main();
