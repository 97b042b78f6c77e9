/**
 * The house rules of .dependency-cruiser.cjs (run on src/ by `npm run lint:deps` in `npm test`) must
 * really catch what they are for. Each case builds a tiny tree with one wrong import and runs the
 * same command with the same configuration on it; the well-layered tree is the negative control.
 * Beside them: no source file grows past 400 lines (split it by concern instead).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A well-layered tree: model ← net ← probes ← engine ← batch ← cli, and a server route with its context. */
const GOOD: Record<string, string> = {
  'src/model/report.ts': 'export interface Report { score: number }\n',
  'src/net/index.ts': "import type { Report } from '../model/report.js';\nexport const connect = (r?: Report) => r;\n",
  'src/probes/http.ts': "import { connect } from '../net/index.js';\nexport const probe = () => connect();\n",
  'src/engine/scan.ts': "import { probe } from '../probes/http.js';\nexport const scan = () => probe();\n",
  'src/engine/exit-codes.ts': 'export const EXIT = { OK: 0 };\n',
  'src/batch/run.ts': "import { scan } from '../engine/scan.js';\nimport { EXIT } from '../engine/exit-codes.js';\nexport const run = () => (scan(), EXIT.OK);\n",
  'src/server/context.ts': 'export interface AppContext { name: string }\n',
  'src/server/routes/api.ts': "import type { AppContext } from '../context.js';\nexport const registerApi = (ctx: AppContext) => ctx.name;\n",
  'src/server/app.ts': "import { registerApi } from './routes/api.js';\nimport type { AppContext } from './context.js';\nexport const app = (ctx: AppContext) => registerApi(ctx);\n",
  'src/cli/main.ts': "import { run } from '../batch/run.js';\nimport { app } from '../server/app.js';\nexport const main = () => (run(), app({ name: 'x' }));\n",
  'src/index.ts': "export { scan } from './engine/scan.js';\n",
};

function violations(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'scorifya-layers-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src/**/*.ts'] }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  let out: string;
  try {
    out = execFileSync(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'json'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // depcruise exits non-zero when it finds errors; its JSON is still on stdout.
    out = (error as { stdout: string }).stdout;
  }
  const result = JSON.parse(out) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

/** One wrong import per file, each breaking one rule; the rest of the tree is GOOD. */
const WRONG: Record<string, string> = {
  'src/batch/reaches-cli.ts': "import { main } from '../cli/main.js';\nexport const run = () => main;\n",
  'src/engine/reaches-server.ts': "import type { AppContext } from '../server/context.js';\nexport const x = (c?: AppContext) => c;\n",
  'src/engine/reaches-batch.ts': "import { run } from '../batch/run.js';\nexport const y = () => run;\n",
  // A cycle whose back edge is a type-only import.
  'src/server/routes/cycle.ts': "import type { Loop } from '../loop.js';\nexport interface Route { loop?: Loop }\n",
  'src/server/loop.ts': "import type { Route } from './routes/cycle.js';\nexport interface Loop { route?: Route }\n",
  'src/server/reaches-net.ts': "import { connect } from '../net/index.js';\nexport const z = () => connect();\n",
  'src/checks/hsts.ts': "import { probe } from '../probes/http.js';\nexport const check = () => probe;\n",
  'src/run-scan.ts': "import { probe } from './probes/http.js';\nexport const scan = () => probe();\n",
};

describe('the layer rules', () => {
  const bad = () => (found ??= violations({ ...GOOD, ...WRONG }));
  let found: string[] | undefined;

  it('a well-layered tree passes (negative control)', () => {
    expect(violations(GOOD)).toEqual([]);
  });

  it('a lower layer importing cli/ fails', () => {
    expect(bad()).toContain('layer-batch: src/batch/reaches-cli.ts → src/cli/main.ts');
  });

  it('engine/ importing server/ or batch/ fails', () => {
    expect(bad()).toEqual(expect.arrayContaining(['layer-engine: src/engine/reaches-server.ts → src/server/context.ts', 'layer-engine: src/engine/reaches-batch.ts → src/batch/run.ts']));
  });

  it('a cycle fails, also when one side is a type-only import', () => {
    // A cycle is reported once, from one of its files.
    expect(bad().filter((v) => v.startsWith('no-circular: '))).toEqual(['no-circular: src/server/loop.ts → src/server/routes/cycle.ts']);
  });

  it('a top layer reaching into net/ or probes/ instead of the engine fails', () => {
    expect(bad()).toContain('top-layers-through-the-engine: src/server/reaches-net.ts → src/net/index.ts');
  });

  it('a check importing a probe fails', () => {
    expect(bad()).toContain('checks-are-pure: src/checks/hsts.ts → src/probes/http.ts');
  });

  it('a file loose at src/ root fails', () => {
    expect(bad()).toContain('no-loose-files: src/run-scan.ts → src/probes/http.ts');
  });

  it('nothing else is flagged: each wrong file breaks exactly its rule', () => {
    expect(bad()).toHaveLength(Object.keys(WRONG).length - 1);
  });
});

describe('file size', () => {
  it('no source file is longer than 400 lines', () => {
    const long: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts') && readFileSync(path, 'utf8').split('\n').length - 1 > 400) long.push(relative(ROOT, path));
      }
    };
    walk(join(ROOT, 'src'));
    expect(long).toEqual([]);
  });
});
