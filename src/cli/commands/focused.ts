/**
 * Running a focused tool from the CLI: `scorifya headers URL` and `scorifya scan URL --tool ID` run
 * the tool's one definition (engine/focused-tools.ts), the same the web app and the API run, and print
 * its verdict with the same renderers as a full report.
 */
import { writeFileSync } from 'node:fs';
import { focusedTool, isNarrow, toolIds, toolMeasured, type FocusedTool } from '../../engine/focused-tools.js';
import { runFocusedTool } from '../../engine/run-tool.js';
import type { ScanOptions } from '../../engine/scan.js';
import { InputError } from '../../engine/errors.js';
import { EXIT } from '../../engine/exit-codes.js';
import type { Report } from '../../model/report.js';
import type { TerminalOptions } from '../../report/terminal.js';
import { exitCodeFor, printReport, type ReportOutputOptions } from '../report-output.js';

export function toolById(id: string): FocusedTool {
  const tool = focusedTool(id);
  if (!tool) throw new InputError(`--tool: unknown tool '${id}': choose from ${toolIds().join(', ')}`);
  return tool;
}

/** How the terminal shows a tool's verdict: its title, its categories, and for a narrow tool its findings count. */
export function focusOf(tool: FocusedTool, report: Report): NonNullable<TerminalOptions['focus']> {
  return { title: tool.title, categories: tool.categories, ...(isNarrow(tool) ? { narrow: { measured: toolMeasured(report, tool) } } : {}) };
}

/** Exit 3 when the tool measured nothing, 1 below `--fail-under` (tools with a total), else 0. */
export function toolExitCode(report: Report, tool: FocusedTool, failUnder?: number): number {
  if (!toolMeasured(report, tool)) return EXIT.NOT_MEASURED;
  return isNarrow(tool) ? EXIT.OK : exitCodeFor(report, failUnder);
}

export async function runToolCommand(
  tool: FocusedTool,
  url: string,
  options: Omit<ScanOptions, 'probes'>,
  opts: ReportOutputOptions & { saveEvidence?: string; failUnder?: number },
  beforePrint?: () => void,
): Promise<void> {
  const { report, evidence } = await runFocusedTool(tool, url, options);
  beforePrint?.();
  if (opts.saveEvidence) writeFileSync(opts.saveEvidence, JSON.stringify(evidence, null, 2));
  await printReport(report, opts, focusOf(tool, report));
  process.exitCode = toolExitCode(report, tool, opts.failUnder);
}
