/**
 * Proof: the simulator agrees with real Chromium on every generated case — whether the page can read
 * the response, its status, which headers script sees, and what went over the wire (preflights,
 * Origin values incl. "null" after redirects, Access-Control-Request-Headers, cookies).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { simulate } from '../../src/cors/index.js';
import { generateGrid, responderFor, type GridCase } from './grid.js';
import { startHarness, type Harness } from './chromium-harness.js';

const CASES = Number(process.env.CORS_GRID_CASES ?? 800);
const COMPARED_HEADERS = ['x-a', 'x-b', 'content-type', 'vary', 'access-control-allow-origin', 'access-control-expose-headers'];

const haveChromium = existsSync('/usr/bin/chromium');

describe.skipIf(!haveChromium)('CORS simulator vs Chromium', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it(`agrees on ${CASES} generated cases`, async () => {
    const grid = generateGrid(CASES);
    const outcomes = await harness.run(grid);
    const disagreements: string[] = [];
    for (const c of grid) {
      const problem = compare(c, outcomes.get(c.id), harness);
      if (problem) disagreements.push(problem);
    }
    const allowed = grid.filter((c) => outcomes.get(c.id)?.ok).length;
    console.log(`CORS grid: ${grid.length} cases, ${allowed} allowed by Chromium, ${disagreements.length} disagreements`);
    if (disagreements.length) console.log(disagreements.slice(0, 40).join('\n'));
    expect(disagreements.slice(0, 15)).toEqual([]);
    // The grid must exercise both outcomes substantially, or agreement proves little.
    expect(allowed).toBeGreaterThan(grid.length * 0.1);
    expect(allowed).toBeLessThan(grid.length * 0.85);
  }, 110_000);
});

function compare(c: GridCase, browser: { ok: boolean; status?: number; headerNames?: string[]; error?: string } | undefined, harness: Harness): string | null {
  const origins = harness.origins;
  const verdict = simulate(
    { origin: origins.page, url: `${origins.api}/c/${c.id}/start`, method: c.client.method, headers: c.client.headers, credentials: c.client.credentials },
    responderFor(c.server, origins),
  );
  const label = `${c.id} ${JSON.stringify(c.server)} ${JSON.stringify({ ...c.client, headers: c.client.headers.map(([n, v]) => [n, v.length > 20 ? `${v.slice(0, 10)}…(${v.length})` : v]) })}`;
  if (!browser) return `${label}: no browser result`;
  if (process.env.CORS_DEBUG && c.client.method === process.env.CORS_DEBUG) console.log("DBG", c.client.credentials, c.server.acam, c.server.acao, c.server.preflightStatus, c.server.preflightCors, browser.ok, verdict.allowed, verdict.blocked?.code, JSON.stringify(harness.received.filter((r) => r.caseId === c.id)));
  if (browser.ok !== verdict.allowed) return `${label}: chromium ${browser.ok ? 'allowed' : 'blocked'}, simulator ${verdict.allowed ? 'allowed' : `blocked (${verdict.blocked?.code})`}`;
  if (browser.ok) {
    if (browser.status !== verdict.status) return `${label}: status chromium ${browser.status} simulator ${verdict.status}`;
    const seen = (browser.headerNames ?? []).filter((n) => COMPARED_HEADERS.includes(n)).sort().join(',');
    const predicted = verdict.exposedHeaders.filter((n) => COMPARED_HEADERS.includes(n)).sort().join(',');
    if (seen !== predicted) return `${label}: exposed chromium [${seen}] simulator [${predicted}]`;
  }
  const wire = harness.received
    .filter((r) => r.caseId === c.id)
    .map((r) => `${r.acrm !== undefined && r.method === 'OPTIONS' ? 'preflight' : 'actual'} ${r.method} ${r.path} origin=${r.origin ?? '-'} acrh=${r.acrh ?? '-'} cookie=${r.cookie}`)
    .join(' | ');
  const predictedWire = verdict.sent
    .map((s) => {
      const get = (n: string) => s.headers.find(([k]) => k === n)?.[1];
      return `${s.kind} ${s.method} ${new URL(s.url).pathname} origin=${get('origin') ?? '-'} acrh=${get('access-control-request-headers') ?? '-'} cookie=${s.kind === 'actual' && s.withCredentials}`;
    })
    .join(' | ');
  if (wire !== predictedWire) return `${label}: wire chromium [${wire}] simulator [${predictedWire}]`;
  return null;
}
