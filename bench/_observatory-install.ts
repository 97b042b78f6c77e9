/**
 * The MDN HTTP Observatory for side-by-side benches: installed once into a cache folder outside the
 * project (never a dependency), without install scripts. Offline it needs an empty HSTS preload list.
 * Files starting with `_` are helpers, not benches (bench/run.mjs skips them).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const OBSERVATORY_VERSION = '1.4.8';

/** Install (once) and return the package folder of @mdn/mdn-http-observatory. */
export async function installObservatory(): Promise<string> {
  const dir = process.env.SCORIFYA_OBSERVATORY_DIR ?? join(homedir(), '.cache', 'scorifya-bench', 'observatory');
  const pkg = join(dir, 'node_modules', '@mdn', 'mdn-http-observatory');
  if (!existsSync(pkg)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"observatory-bench","private":true}');
    console.log(`installing @mdn/mdn-http-observatory@${OBSERVATORY_VERSION} into the bench cache (once)…`);
    await promisify(execFile)('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', `@mdn/mdn-http-observatory@${OBSERVATORY_VERSION}`], { cwd: dir });
  }
  const preload = join(pkg, 'conf', 'hsts-preload.json');
  if (!existsSync(preload)) writeFileSync(preload, '{}');
  return pkg;
}
