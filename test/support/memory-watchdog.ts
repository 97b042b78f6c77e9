/**
 * A test that runs away with memory must name itself. Without this, a worker that grows to V8's heap
 * limit dies with "Worker exited unexpectedly" and no file or test name (seen once in CI: a fork grew to
 * 4 GB over three minutes). Every second each test process compares its heap with a bound far above
 * what any of our tests needs (the largest use a few hundred MB); past it, it writes the file and the
 * running test to stderr and kills its own process, so the run fails at once with the culprit named.
 */
import { writeSync } from 'node:fs';
import { beforeEach } from 'vitest';

const LIMIT_MB = Number(process.env.SCORIFYA_TEST_HEAP_LIMIT_MB) || 1_500;
let running = '(between tests)';

beforeEach((ctx) => {
  running = `${ctx.task.file?.filepath ?? '(unknown file)'} > ${ctx.task.name}`;
});

const timer = setInterval(() => {
  const heapMb = process.memoryUsage().heapUsed / 1_048_576;
  if (heapMb <= LIMIT_MB) return;
  // Written synchronously and then killed: vitest intercepts process.exit() inside its workers.
  writeSync(2, `\nmemory watchdog: ${Math.round(heapMb)} MB of heap (limit ${LIMIT_MB} MB) while running ${running}\n`);
  process.kill(process.pid, 'SIGKILL');
}, 1_000);
timer.unref();
