// `npm run bench -- cors-grid` (node bench/run.mjs cors-grid): the simulator-vs-Chromium grid at a
// larger size than the test run (CORS_GRID_CASES, default 5000; CORS_GRID_SEED picks another grid),
// printing agreement and throughput. Loopback only.
import { simulate } from '../src/cors/index.js';
import { generateGrid, responderFor } from '../test/cors/grid.js';
import { startHarness } from '../test/cors/chromium-harness.js';

const count = Number(process.env.CORS_GRID_CASES ?? 5000);
const seed = Number(process.env.CORS_GRID_SEED ?? 2026);
const harness = await startHarness();
try {
  const grid = generateGrid(count, seed);
  const t0 = performance.now();
  const outcomes = new Map<string, { ok: boolean; status?: number }>();
  for (let i = 0; i < grid.length; i += 1000) {
    for (const [k, v] of await harness.run(grid.slice(i, i + 1000))) outcomes.set(k, v);
  }
  const browserMs = performance.now() - t0;
  const t1 = performance.now();
  let agree = 0;
  let allowed = 0;
  const disagreements: string[] = [];
  for (const c of grid) {
    const v = simulate(
      { origin: harness.origins.page, url: `${harness.origins.api}/c/${c.id}/start`, method: c.client.method, headers: c.client.headers, credentials: c.client.credentials },
      responderFor(c.server, harness.origins),
    );
    const b = outcomes.get(c.id);
    if (b?.ok) allowed++;
    if (b && b.ok === v.allowed && (!b.ok || b.status === v.status)) agree++;
    else disagreements.push(`${c.id}: chromium ${b?.ok} simulator ${v.allowed} ${v.blocked?.code ?? ''}`);
  }
  const simMs = performance.now() - t1;
  console.log(`cases ${grid.length} (seed ${seed}), allowed by Chromium ${allowed}, agreement ${agree}/${grid.length}`);
  console.log(`chromium ${(browserMs / 1000).toFixed(1)} s (${Math.round(grid.length / (browserMs / 1000))} fetches/s), simulator ${simMs.toFixed(0)} ms (${Math.round(grid.length / (simMs / 1000))} cases/s)`);
  for (const d of disagreements.slice(0, 20)) console.log(`  ${d}`);
  process.exitCode = disagreements.length ? 1 : 0;
} finally {
  await harness.close();
}
