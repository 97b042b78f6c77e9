import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { scan } from '../../engine/scan.js';
import type { TerminalOptions } from '../../report/terminal.js';
import { addNetOptions, useColor } from '../net-options.js';
import { netOptionsFrom, type NetCliOptions } from '../../engine/net-options.js';
import { EXIT } from '../../engine/exit-codes.js';
import type { Report } from '../../model/report.js';
// The renderers load after the scan, not before its first request: see printReport.
import { EXPORT_FORMATS, type ExportFormat } from '../../report/export-formats.js';
import { InputError } from '../../engine/errors.js';

/** What a command that prints a report accepts: `--format`, `--output` (and `--json`, from the net options). */
export interface ReportOutputOptions {
  json?: boolean;
  format?: 'text' | ExportFormat;
  output?: string;
  verbose?: boolean;
}

interface ScanCliOptions extends NetCliOptions, ReportOutputOptions {
  saveEvidence?: string;
  failUnder?: number;
  only?: string;
  dnsServer?: string[];
  dnssecAnchor?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerScan(program: Command): void {
  addFormatOptions(addNetOptions(program.command('scan').argument('<url>', 'URL or host name to scan').description('run the full scan and print the scorecard')))
    .option('--save-evidence <file>', 'write the raw evidence as JSON (re-score it later with `scorifya rescore`)')
    .option('--fail-under <score>', 'exit with code 1 when the score is below this number', (v) => Number(v))
    .option('--verbose', 'show all evidence lines')
    .option('--only <probes>', 'run only these probes (comma-separated: http, tls, cors, exposure, wordpress, dns …) and what they need')
    .option('--dns-server <host:port>', 'DNS server for the DNS & email checks (repeatable); default: the system resolver', collect)
    .option('--dnssec-anchor <file>', 'DNSSEC trust anchor file with DS or DNSKEY lines; default: the IANA root anchor')
    .action(async (url: string, opts: ScanCliOptions) => {
      if (opts.dnsServer?.length || opts.dnssecAnchor) {
        const { validateDnsOptions } = await import('../../engine/dns-options.js');
        validateDnsOptions(opts);
      }
      const format = outputFormat(opts);
      // Progress goes to stderr; it is left out when a machine format is piped through standard output.
      const progress = process.stderr.isTTY && (format === 'text' || Boolean(opts.output));
      const { report, evidence } = await scan(url, {
        ...netOptionsFrom(opts),
        ...(opts.dnsServer?.length || opts.dnssecAnchor
          ? { dns: { ...(opts.dnsServer?.length ? { dnsServers: opts.dnsServer } : {}), ...(opts.dnssecAnchor ? { dnssecAnchor: opts.dnssecAnchor } : {}) } }
          : {}),
        ...(opts.only ? { probes: opts.only.split(',').map((p) => p.trim()).filter(Boolean) } : {}),
        ...(progress ? (await import('../progress-line.js')).terminalProgress((t) => process.stderr.write(t), url) : {}),
      });
      if (progress) process.stderr.write('\r\x1b[2K');
      if (opts.saveEvidence) writeFileSync(opts.saveEvidence, JSON.stringify(evidence, null, 2));
      await printReport(report, opts);
      process.exitCode = exitCodeFor(report, opts.failUnder);
    });
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
      ? (await import('../../report/terminal.js')).renderTerminal(report, { color: !opts.output && useColor(process.stdout), verbose: opts.verbose ?? false, ...(focus ? { focus } : {}) })
      : format === 'json'
        ? JSON.stringify((await import('../../report/arithmetic.js')).withArithmetic(report, focus ? { categories: focus.categories } : {}), null, 2) + '\n'
        : (await import('../../report/formats.js')).renderExport(report, format);
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
  if (failUnder !== undefined && Number.isFinite(failUnder) && report.score < failUnder) return EXIT.BELOW_THRESHOLD;
  return EXIT.OK;
}
