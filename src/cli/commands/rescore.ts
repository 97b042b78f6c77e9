import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { rescore } from '../../engine/rescore.js';
import { InputError } from '../../engine/errors.js';
import { scoreOption } from '../../engine/option-values.js';
import { focusedTool } from '../../engine/focused-tools.js';
import { focusOf, toolExitCode } from './focused.js';
import { addFormatOptions, exitCodeFor, outputFormat, printReport, type ReportOutputOptions } from './scan.js';

export function registerRescore(program: Command): void {
  addFormatOptions(program.command('rescore'))
    .argument('<evidence-file>', 'a file written by `scorifya scan --save-evidence`')
    .description('re-run checks and scoring on saved evidence, offline')
    .option('--json', 'print the JSON report')
    .option('--fail-under <score>', 'exit with code 1 when the score is below this number (0–100)', scoreOption('--fail-under'))
    .option('--verbose', 'show all evidence lines')
    .action(async (file: string, opts: ReportOutputOptions & { failUnder?: number }) => {
      outputFormat(opts);
      let evidence;
      try {
        evidence = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new InputError(`cannot read evidence from ${file}: ${(error as Error).message}`);
      }
      let report;
      try {
        report = rescore(evidence);
      } catch (error) {
        throw new InputError(`${file}: ${(error as Error).message}`);
      }
      // Evidence of a focused tool is shown as that tool's verdict, as when it ran.
      const tool = report.options?.tool ? focusedTool(report.options.tool) : undefined;
      if (tool) {
        await printReport(report, opts, focusOf(tool, report));
        process.exitCode = toolExitCode(report, tool, opts.failUnder);
        return;
      }
      await printReport(report, opts);
      process.exitCode = exitCodeFor(report, opts.failUnder);
    });
}
