// `npm run bench -- batch-outage`: issue 25's scenario at full size. 300 lab targets (a third of them
// 600 ms hosts) queued with `batch --wait` for `serve` and two `scorifya worker`s on a private
// PostgreSQL cluster; mid-batch the database is restarted (pg_ctl restart -m fast), the app's sessions
// are killed (pg_terminate_backend), and the database is stopped for 8 s. Passes when no process exits
// and all 300 targets are done exactly once (the same checks as test/batch/db-outage.test.ts, which
// runs 60). BENCH_OUTAGE_TARGETS overrides the count.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OutageScenario } from '../test/batch/db-outage.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('run npm run build first');
const count = Number(process.env.BENCH_OUTAGE_TARGETS ?? 300);
const scenario = new OutageScenario();
let failures: string[] = [];
try {
  await scenario.setUp();
  const r = await scenario.run(count);
  const sorted = (a: string[]) => [...a].sort().join('\n');
  const check = (ok: boolean, what: string) => void (ok || failures.push(what));
  check(r.batchExit === 0, `batch --wait exited ${String(r.batchExit)}`);
  for (const p of r.survivors) check(p.alive, `${p.name} exited`);
  check(sorted(r.outputInputs) === sorted(r.targets), `output: ${r.outputInputs.length} lines for ${r.targets.length} targets, or repeats`);
  check(sorted(r.rows.map((x) => x.url)) === sorted(r.targets), `rows: ${r.rows.length} for ${r.targets.length} targets, or repeats`);
  check(r.rows.every((x) => x.status === 'done' && x.error === null && x.score !== null), 'a row not done and scored');
  check(r.healthDuringOutage.status === 503 && r.healthAfter.status === 200, `healthz ${r.healthDuringOutage.status} during, ${r.healthAfter.status} after`);
  console.log(`batch-outage: ${count} targets, restart + killed sessions + 8 s outage, ${(r.elapsedMs / 1000).toFixed(1)} s in all; ${r.rows.filter((x) => x.status === 'done').length} done, ${r.outputInputs.length} output lines`);
  if (failures.length) console.log(r.diagnostics);
} catch (error) {
  failures = [String(error)];
} finally {
  await scenario.tearDown();
}
if (failures.length) {
  console.log(`batch-outage: FAILED\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('batch-outage: ok (no process exited, every target done exactly once)');
