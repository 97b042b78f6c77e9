import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { rescore } from '../../engine/rescore.js';
import { diffReports } from '../../report/diff.js';
import { renderDiffTerminal } from '../../report/diff-terminal.js';
import { InputError } from '../../engine/errors.js';
import type { Report } from '../../model/report.js';
import type { Evidence } from '../../model/evidence.js';
import { useColor } from '../net-options.js';
import { EXIT } from '../../engine/exit-codes.js';

/** `scorifya diff OLD NEW`: what changed between two scans, from JSON reports or saved evidence files. */
export function registerDiff(program: Command): void {
  program
    .command('diff')
    .argument('<old>', 'the older scan: a JSON report (`scan --format json`) or an evidence file (`scan --save-evidence`)')
    .argument('<new>', 'the newer scan, in either form')
    .description('compare two scans: new, fixed and unchanged findings and the score change')
    .option('--json', 'print the comparison as JSON')
    .option('--fail-on-new', 'exit with code 1 when the newer scan has a finding the older one did not')
    .action((oldFile: string, newFile: string, opts: { json?: boolean; failOnNew?: boolean }) => {
      const diff = diffReports(loadReport(oldFile), loadReport(newFile));
      process.stdout.write(opts.json ? JSON.stringify(diff, null, 2) + '\n' : renderDiffTerminal(diff, { color: useColor(process.stdout) }));
      process.exitCode = opts.failOnNew && diff.added.length > 0 ? EXIT.BELOW_THRESHOLD : EXIT.OK;
    });
}

/** A JSON report is used as it is; an evidence file is scored now, with this version's checks. */
export function loadReport(file: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (looksLikeReport(data)) return data;
  if (data && typeof data === 'object' && 'target' in data && !('findings' in data)) {
    try {
      return rescore(data as Evidence);
    } catch (error) {
      throw new InputError(`${file}: ${(error as Error).message}`);
    }
  }
  throw new InputError(`${file} is neither a Scorifya JSON report nor an evidence file`);
}

function looksLikeReport(data: unknown): data is Report {
  if (!data || typeof data !== 'object') return false;
  const r = data as Partial<Report>;
  const isFinding = (f: unknown) => {
    const x = f as Record<string, unknown> | null;
    return !!x && typeof x.id === 'string' && typeof x.title === 'string' && typeof x.location === 'string' && typeof x.severity === 'string' && typeof x.pointsLost === 'number';
  };
  const isCategory = (c: unknown) => {
    const x = c as Record<string, unknown> | null;
    return !!x && typeof x.id === 'string' && typeof x.name === 'string' && typeof x.weight === 'number' && typeof x.pointsLost === 'number' && (x.status === 'measured' || x.status === 'not_measured');
  };
  return (
    typeof r.target?.url === 'string' &&
    typeof r.startedAt === 'string' &&
    (r.score === null || typeof r.score === 'number') &&
    Array.isArray(r.categories) &&
    r.categories.every(isCategory) &&
    Array.isArray(r.findings) &&
    r.findings.every(isFinding)
  );
}
