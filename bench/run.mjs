#!/usr/bin/env node
// `npm run bench`: runs every bench script in this folder (*.bench.ts / *.mjs / *.ts other than this
// file) one after another, with tsx so they can use the TypeScript lab. Each prints its own lines.
// Benchmarks only ever contact loopback addresses.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
/** Flags after the name go to the script: `npm run bench -- rtt --full-only`. */
const flags = process.argv.slice(3);
const scripts = readdirSync(here)
  .filter((f) => /\.(mjs|ts)$/.test(f) && f !== 'run.mjs' && !f.startsWith('_'))
  .filter((f) => !only || f.startsWith(only))
  .sort();
// A name that is a whole script's name runs that one alone (`mail` is not also `mail-rtt`).
const exact = scripts.filter((f) => f.replace(/\.(mjs|ts)$/, '') === only);
if (exact.length) scripts.splice(0, scripts.length, ...exact);
let failed = 0;
for (const script of scripts) {
  console.log(`\n=== ${script}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, script), ...flags], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
