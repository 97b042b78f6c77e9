// Wall time of a full headers scan (both redirect chains, TLS to the lab CA, checks, scoring) of a lab
// server on loopback, through the library. Goal from issue 2: under 300 ms.
import { scan } from '../src/engine/index.js';
import { startHeaderSite } from '../test/lab/header-site.js';
import { GOOD_HEADERS } from '../test/support/evidence.js';

const site = await startHeaderSite({ '/': { headers: GOOD_HEADERS } });
const runs = 30;
const times: number[] = [];
try {
  const headersOnly = { ...site.scanOptions, probes: ['http'] };
  await scan(site.url('/'), headersOnly); // warm-up: module loading and JIT
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const { report } = await scan(site.url('/'), headersOnly);
    times.push(performance.now() - t0);
    if (report.findings.length) throw new Error('the well-configured lab page should have no findings');
  }
  // For scale: the full scan of the same page (TLS enumeration, CORS, exposure, WordPress detection).
  const full: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await scan(site.url('/'), site.scanOptions);
    full.push(performance.now() - t0);
  }
  full.sort((a, b) => a - b);
  console.log(`full scan of the same lab page (library, 5 runs): median ${full[2]!.toFixed(0)} ms`);
} finally {
  await site.close();
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
console.log(`headers scan of a lab server (library, ${runs} runs): median ${pct(0.5)} ms, p90 ${pct(0.9)} ms, max ${pct(1)} ms (goal < 300 ms)`);

// The same through the CLI, as a user runs it (includes Node start-up).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const site2 = await startHeaderSite({ '/': { headers: GOOD_HEADERS } });
const dir = mkdtempSync(join(tmpdir(), 'scorifya-bench-'));
writeFileSync(join(dir, 'ca.pem'), site2.ca.certPem);
const cliTimes: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  // Asynchronous on purpose: the lab server lives in this process and must keep answering.
  await promisify(execFile)(process.execPath, ['dist/cli/main.js', 'scan', site2.url('/'), '--json', '--only', 'http', '--allow-private', '--resolve', site2.scanOptions.resolve[0]!, '--ca', join(dir, 'ca.pem')]);
  cliTimes.push(performance.now() - t0);
}
await site2.close();
cliTimes.sort((a, b) => a - b);
console.log(`headers scan through the CLI incl. Node start-up (5 runs): median ${cliTimes[2]!.toFixed(0)} ms`);
