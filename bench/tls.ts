// `npm run bench -- tls [flags]`: issue 22's side by side. For each lab fixture (test/lab/tls/compare/
// fixtures.ts, real loopback servers), our full TLS depth (the TLS tool: probe, checks, verdicts),
// testssl.sh (`--jsonfile`) and sslscan (`--xml=-`) run through the latency proxy at 0 and 50 ms RTT, in
// one run. Their verdicts are mapped onto common rows (test/lab/tls/compare/rows.ts) and compared with
// ours; a difference not argued in test/lab/tls/compare/argued.ts is flagged UNEXPLAINED.
//
// Flags: --fixtures a,b (default: all) · --no-testssl · --no-sslscan · --runs N (ours, default 3) ·
// --testssl-rtt 0,50 (which delays testssl runs at; default both: minutes per fixture) ·
// --strace (testssl under strace: every destination it connected to, to prove it stays on loopback) ·
// --out FILE (the markdown: timings, tables, differences) · --record DIR (keep testssl's JSON and
// sslscan's XML per fixture, our rows and the timings) · --from DIR (no run: the markdown again from a
// --record directory, with the argued list as it is now). Loopback only.
import '../test/support/loopback-guard.mjs';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { runTlsTool } from '../src/engine/tools.js';
import { TLS_CHECKS } from '../src/checks/tls/index.js';
import type { TlsEvidence } from '../src/model/tls.js';
import { startLatencyProxy } from '../test/lab/latency-proxy.js';
import { createTlsLabCerts } from '../test/lab/tls/certs.js';
import { selectFixtures } from '../test/lab/tls/compare/fixtures.js';
import { ourRows, type Rows } from '../test/lab/tls/compare/rows.js';
import { laxOpenssl, runTestssl, testsslAborted, testsslArgs, testsslRows, type TestsslEntry } from '../test/lab/tls/compare/testssl.js';
import { runSslscan, sslscanRows } from '../test/lab/tls/compare/sslscan-rows.js';
import { differences, renderDifferences, renderTable, type FixtureResult } from '../test/lab/tls/compare/table.js';
import { connectDestinations, offLoopback } from '../test/lab/tls/compare/strace.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const value = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const RUNS = Number(value('--runs')) || 3;
const withTestssl = !flag('--no-testssl');
const withSslscan = !flag('--no-sslscan');
const testsslDelays = (value('--testssl-rtt') ?? '0,50').split(',').map((x) => Number(x) / 2);
const fixtures = selectFixtures(value('--fixtures')?.split(','));
const record = value('--record');
const HALF = 25;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);

const from = value('--from');
const certs = from ? undefined : await createTlsLabCerts();
const dir = mkdtempSync(join(tmpdir(), 'scorifya-bench-tls-'));
const caFile = join(dir, 'root.pem');
if (certs) writeFileSync(caFile, certs.rootPem);
const openssl = laxOpenssl(dir);
if (record) mkdirSync(record, { recursive: true });
const checkable = new Set(TLS_CHECKS.flatMap((c) => c.ids));

interface Timing { ours: Record<number, number>; oursHandshakes: number; testssl: Record<number, number | 'timeout' | 'stopped'>; sslscan: Record<number, number> }
const results: FixtureResult[] = [];
const timings = new Map<string, Timing>();
const destinations = new Set<string>();
let header = `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg()[0]!.toFixed(1)}, Node ${process.version}, ${new Date().toISOString()}`;
console.log(`${header}\nours: median of ${RUNS}; sslscan and testssl.sh: one run per delay\n`);

/**
 * --from DIR[,DIR…]: the recorded runs again, every output parsed anew (the mapping may have changed
 * since). A fixture recorded in several runs is one verdict table (a later run fills the tools an
 * earlier one did not run) and one timing line per run (a ratio is only ever taken within one run).
 */
const timingLines: { id: string; header: string; t: Timing }[] = [];
for (const d of from?.split(',') ?? []) {
  const saved = JSON.parse(readFileSync(join(d, 'run.json'), 'utf8')) as { header: string; fixtures: string[]; timings: [string, Timing][]; destinations: string[] };
  header = saved.header;
  for (const [k, v] of saved.timings) timingLines.push({ id: k, header: saved.header, t: v });
  for (const x of saved.destinations) destinations.add(x);
  for (const id of saved.fixtures) {
    const file = (name: string) => (existsSync(join(d, name)) ? readFileSync(join(d, name), 'utf8') : undefined);
    const ours = JSON.parse(file(`ours-${id}.json`)!) as { tls: TlsEvidence; findings: string[] };
    const json = file(`testssl-${id}.json`);
    const xml = file(`sslscan-${id}.xml`);
    const earlier = results.find((r) => r.fixture === id);
    const result: FixtureResult = earlier ?? { fixture: id, ours: ourRows({ evidence: ours.tls, findings: new Set(ours.findings), checkable }) };
    if (json && !result.testssl) result.testssl = testsslRows(JSON.parse(json) as TestsslEntry[]);
    if (xml && !result.sslscan) result.sslscan = sslscanRows(xml);
    if (!earlier) results.push(result);
  }
}
try {
  for (const fixture of from ? [] : fixtures) {
    try {
      const server = await fixture.start(certs!);
      const proxy = await startLatencyProxy({ target: { host: '127.0.0.1', port: server.port }, delayMs: 0 });
      const t: Timing = { ours: {}, oursHandshakes: 0, testssl: {}, sslscan: {} };
      const result: FixtureResult = { fixture: fixture.id, ours: {} };
      try {
        for (const delay of [0, HALF]) {
          proxy.delayMs = delay;
          const walls: number[] = [];
          let rows: Rows = {};
          for (let i = 0; i < RUNS; i++) {
            const t0 = performance.now();
            const { evidence, report } = await runTlsTool(`https://localhost:${proxy.port}/`, {
              allowPrivate: true, resolve: [`localhost:${proxy.port}:127.0.0.1`], ca: [certs!.rootPem],
            });
            walls.push(performance.now() - t0);
            const tls = evidence.tls?.status === 'ok' ? (evidence.tls.data as TlsEvidence) : undefined;
            if (!tls) throw new Error(`${fixture.id}: our TLS probe did not run: ${JSON.stringify(evidence.tls).slice(0, 200)}`);
            t.oursHandshakes = tls.handshakes;
            rows = ourRows({ evidence: tls, findings: new Set(report.findings.map((f) => f.id)), checkable });
            if (record && delay === HALF) writeFileSync(join(record, `ours-${fixture.id}.json`), JSON.stringify({ tls, findings: report.findings.map((f) => f.id) }));
          }
          t.ours[delay] = median(walls);
          // The table shows the verdicts of the 50 ms run; latency must not change them.
          if (delay === HALF && JSON.stringify(rows) !== JSON.stringify(result.ours)) console.log(`⚠ ${fixture.id}: our verdicts differ between 0 and 50 ms RTT`);
          result.ours = rows;

          if (withSslscan) {
            const t0 = performance.now();
            const xml = await runSslscan(proxy.port);
            t.sslscan[delay] = performance.now() - t0;
            result.sslscan = sslscanRows(xml);
            if (record && delay === HALF) writeFileSync(join(record, `sslscan-${fixture.id}.xml`), xml);
          }
          if (withTestssl && testsslDelays.includes(delay)) {
            const json = join(dir, `testssl-${fixture.id}-${delay}.json`);
            const trace = join(dir, `strace-${fixture.id}-${delay}.log`);
            const wrap = flag('--strace') ? ['strace', '-f', '-qq', '-e', 'trace=connect', '-e', 'signal=none', '-o', trace] : [];
            const t0 = performance.now();
            const finished = await runTestssl(testsslArgs(proxy.port, caFile, json, openssl), 3_600_000, wrap);
            t.testssl[delay] = finished ? performance.now() - t0 : 'timeout';
            if (wrap.length) for (const d of connectDestinations(readFileSync(trace, 'utf8'))) destinations.add(d);
            const entries = finished ? (JSON.parse(readFileSync(json, 'utf8')) as TestsslEntry[]) : [];
            const aborted = testsslAborted(entries);
            if (aborted) {
              console.log(`⚠ ${fixture.id}: testssl.sh stopped: ${aborted}`);
              t.testssl[delay] = 'stopped';
            } else if (finished) {
              result.testssl = testsslRows(entries);
              if (record) copyFileSync(json, join(record, `testssl-${fixture.id}.json`));
            }
          }
        }
      } finally {
        await proxy.close();
        await server.close();
      }
      results.push(result);
      timings.set(fixture.id, t);
      // After each fixture, so that a run stopped half-way still leaves what it measured.
      if (record) writeFileSync(join(record, 'run.json'), JSON.stringify({ header, fixtures: results.map((r) => r.fixture), timings: [...timings], destinations: [...destinations] }, null, 1));
      const ts = (d: number) => (typeof t.testssl[d] === 'string' ? (t.testssl[d] as string) : s(t.testssl[d] as number | undefined));
      console.log(`${fixture.id.padEnd(18)} ours ${s(t.ours[0])} / ${s(t.ours[HALF])} (${t.oursHandshakes} TLS connections) | sslscan ${s(t.sslscan[0])} / ${s(t.sslscan[HALF])} | testssl ${ts(0)} / ${ts(HALF)}   (0 / 50 ms RTT)`);
    } catch (err) {
      // One fixture that fails (a server that did not start, a probe error) must not lose the others.
      console.log(`⚠ ${fixture.id}: ${(err as Error).message}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (!from) for (const r of results) timingLines.push({ id: r.fixture, header, t: timings.get(r.fixture)! });
const runs = [...new Set(timingLines.map((l) => l.header))];
const timingTable = [
  ...(runs.length > 1 ? runs.map((h, i) => `run ${i + 1}: ${h}`).concat(['']) : []),
  `| ${runs.length > 1 ? 'run | ' : ''}fixture | ours 0 ms | ours 50 ms | TLS connections | sslscan 0 ms | sslscan 50 ms | testssl.sh 0 ms | testssl.sh 50 ms | testssl / ours at 50 ms | sslscan / ours at 50 ms |`,
  `|${runs.length > 1 ? '---|' : ''}---|---|---|---|---|---|---|---|---|---|`,
  ...timingLines.map(({ id, header: h, t }) => {
    const f = { id: runs.length > 1 ? `${runs.indexOf(h) + 1} | ${id}` : id };
    const ts = (d: number) => (typeof t.testssl[d] === 'string' ? (t.testssl[d] as string) : s(t.testssl[d] as number | undefined));
    const ratio = (x: number | string | undefined) => (typeof x === 'number' ? `${(x / t.ours[HALF]!).toFixed(0)}×` : '—');
    return `| ${f.id} | ${s(t.ours[0])} | ${s(t.ours[HALF])}${t.ours[HALF]! <= 3000 ? '' : ' ⚠ > 3 s'} | ${t.oursHandshakes} | ${s(t.sslscan[0])} | ${s(t.sslscan[HALF])} | ${ts(0)} | ${ts(HALF)} | ${ratio(t.testssl[HALF])} | ${ratio(t.sslscan[HALF])} |`;
  }),
].join('\n');
const diffs = differences(results);
const unexplained = diffs.filter((d) => !d.argued).length;
const md = [
  ...(runs.length > 1 ? [] : [header, '']), timingTable, '',
  ...(destinations.size ? [`testssl.sh connected to (strace, every connect()): ${[...destinations].sort().join(', ')}${offLoopback([...destinations]).length ? ' ⚠ OFF LOOPBACK' : ' (loopback only)'}`, ''] : []),
  `differences: ${diffs.length} (${diffs.length - unexplained} argued, ${unexplained} UNEXPLAINED)`, '',
  renderTable(results, diffs), renderDifferences(diffs),
].join('\n');
console.log(`\n${md}`);
const out = value('--out');
if (out) writeFileSync(out, `${md}\n`);
