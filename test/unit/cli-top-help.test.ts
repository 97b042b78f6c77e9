/**
 * `scorifya --help` is printed without commander (src/cli/top-help.ts); it must stay exactly what
 * commander prints for the same program, at every terminal width. And the built CLI answers `--help`
 * and `--version` without loading commander at all.
 */
import { expect, it } from 'vitest';
import { Command } from 'commander';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS, PROGRAM } from '../../src/cli/command-table.js';
import { quickAnswer, topLevelHelp } from '../../src/cli/top-help.js';

function commanderHelp(width: number): string {
  const program = new Command(PROGRAM.name).description(PROGRAM.description).version(PROGRAM.version).configureHelp({ helpWidth: width });
  for (const [usage, summary] of Object.values(COMMANDS)) program.command(usage).description(summary);
  return program.helpInformation();
}

it('prints what commander prints, at 80 columns and at every width from 30 to 200', () => {
  expect(topLevelHelp()).toBe(commanderHelp(80));
  for (let width = 30; width <= 200; width++) expect(topLevelHelp(width), `width ${width}`).toBe(commanderHelp(width));
});

it('answers only a lone --help, -h, help, --version or -V', () => {
  const ask = (...args: string[]) => quickAnswer(['node', 'scorifya', ...args]);
  expect([ask('--help'), ask('-h'), ask('help'), ask('--version'), ask('-V')]).toEqual(['help', 'help', 'help', 'version', 'version']);
  for (const other of [[], ['scan'], ['help', 'scan'], ['scan', '--help'], ['--help', '--version'], ['-x']]) expect(ask(...other)).toBeUndefined();
});

it('the built CLI answers --help and --version without loading commander', () => {
  // A copy of dist/ with no node_modules above it: importing commander there would fail.
  const dist = fileURLToPath(new URL('../../dist', import.meta.url));
  const copy = mkdtempSync(join(tmpdir(), 'scorifya-cli-'));
  try {
    cpSync(dist, join(copy, 'dist'), { recursive: true });
    const main = join(copy, 'dist/cli/main.js');
    for (const [arg, expected] of [['--help', topLevelHelp(80)], ['-h', topLevelHelp(80)], ['--version', `${PROGRAM.version}\n`]] as const) {
      const run = spawnSync(process.execPath, [main, arg], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(expected);
    }
    // The control: a command that needs commander does fail there, so the test can tell.
    expect(spawnSync(process.execPath, [main, 'diff', 'a', 'b'], { encoding: 'utf8' }).stderr).toMatch(/commander/);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
