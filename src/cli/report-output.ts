/**
 * How a command that prints a report writes it: `--format`, `--output` (and `--json`, from the net
 * options), and the exit code a report gives. Shared by `scan`, `rescore`, `headers` and `--tool`.
 */
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { TerminalOptions } from '../report/terminal.js';
import { useColor } from './net-options.js';
import { EXIT } from '../engine/exit-codes.js';
import type { Report } from '../model/report.js';
// The renderers load after the scan, not before its first request: see printReport.
import { EXPORT_FORMATS, type ExportFormat } from '../report/export-formats.js';
import { InputError } from '../engine/errors.js';

/** What a command that prints a report accepts: `--format`, `--output` (and `--json`, from the net options). */
export interface ReportOutputOptions {
  json?: boolean;
  format?: 'text' | ExportFormat;
  output?: string;
  verbose?: boolean;
}

/** `--format` and `--output`; `--json` (from the net options) stays as the alias of `--format json`. */
export function addFormatOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--format <format>', 'output format').choices(['text', ...EXPORT_FORMATS]))
    .option('-o, --output <file>', 'write the report to this file instead of standard output');
}

export function outputFormat(opts: ReportOutputOptions): 'text' | ExportFormat {
  if (opts.json && opts.format && opts.format !== 'json') throw new InputError(`--json asks for JSON but --format asks for ${opts.format}: give one of them`);
  return opts.format ?? (opts.json ? 'json' : 'text');
}

/** Loads only the renderer the format needs, once the report exists (they cost ~50 ms to load). */
export async function printReport(report: Report, opts: ReportOutputOptions, focus?: TerminalOptions['focus']): Promise<void> {
  const format = outputFormat(opts);
  const text =
    format === 'text'
      ? (await import('../report/terminal.js')).renderTerminal(report, { color: !opts.output && useColor(process.stdout), verbose: opts.verbose ?? false, ...(focus ? { focus } : {}) })
      : format === 'json'
        ? JSON.stringify((await import('../report/arithmetic.js')).withArithmetic(report, focus ? { categories: focus.categories, ...(focus.narrow ? { findingsOnly: true } : {}) } : {}), null, 2) + '\n'
        : (await import('../report/formats.js')).renderExport(report, format);
  if (!opts.output) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(opts.output, text);
  } catch (error) {
    throw new InputError(`--output: cannot write ${opts.output} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

export function exitCodeFor(report: Report, failUnder?: number): number {
  if (report.score === null) return EXIT.NOT_MEASURED;
  if (failUnder !== undefined && report.score < failUnder) return EXIT.BELOW_THRESHOLD;
  return EXIT.OK;
}
