import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { scan } from '../../scan.js';
import { renderTerminal, type TerminalOptions } from '../../report/terminal.js';
import { withArithmetic } from '../../report/arithmetic.js';
import { addNetOptions, netOptionsFrom, useColor, type NetCliOptions } from '../net-options.js';
import { EXIT } from '../exit-codes.js';
import { terminalProgress } from '../progress-line.js';
import type { Report } from '../../model/report.js';

interface ScanCliOptions extends NetCliOptions {
  saveEvidence?: string;
  failUnder?: number;
  verbose?: boolean;
  only?: string;
  dnsServer?: string[];
  dnssecAnchor?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerScan(program: Command): void {
  addNetOptions(program.command('scan').argument('<url>', 'URL or host name to scan').description('run the full scan and print the scorecard'))
    .option('--save-evidence <file>', 'write the raw evidence as JSON (re-score it later with `scorifya rescore`)')
    .option('--fail-under <score>', 'exit with code 1 when the score is below this number', (v) => Number(v))
    .option('--verbose', 'show all evidence lines')
    .option('--only <probes>', 'run only these probes (comma-separated: http, tls, cors, exposure, wordpress, dns …) and what they need')
    .option('--dns-server <host:port>', 'DNS server for the DNS & email checks (repeatable); default: the system resolver', collect)
    .option('--dnssec-anchor <file>', 'DNSSEC trust anchor file with DS or DNSKEY lines; default: the IANA root anchor')
    .action(async (url: string, opts: ScanCliOptions) => {
      if (opts.dnsServer?.length || opts.dnssecAnchor) {
        const { validateDnsOptions } = await import('./dns-run.js');
        validateDnsOptions(opts);
      }
      const progress = process.stderr.isTTY && !opts.json;
      const { report, evidence } = await scan(url, {
        ...netOptionsFrom(opts),
        ...(opts.dnsServer?.length || opts.dnssecAnchor
          ? { dns: { ...(opts.dnsServer?.length ? { dnsServers: opts.dnsServer } : {}), ...(opts.dnssecAnchor ? { dnssecAnchor: opts.dnssecAnchor } : {}) } }
          : {}),
        ...(opts.only ? { probes: opts.only.split(',').map((p) => p.trim()).filter(Boolean) } : {}),
        ...(progress ? terminalProgress((t) => process.stderr.write(t), url) : {}),
      });
      if (progress) process.stderr.write('\r\x1b[2K');
      if (opts.saveEvidence) writeFileSync(opts.saveEvidence, JSON.stringify(evidence, null, 2));
      printReport(report, opts);
      process.exitCode = exitCodeFor(report, opts.failUnder);
    });
}

export function printReport(report: Report, opts: { json?: boolean; verbose?: boolean }, focus?: TerminalOptions['focus']): void {
  if (opts.json) process.stdout.write(JSON.stringify(withArithmetic(report, focus ? { categories: focus.categories } : {}), null, 2) + '\n');
  else process.stdout.write(renderTerminal(report, { color: useColor(process.stdout), verbose: opts.verbose ?? false, ...(focus ? { focus } : {}) }));
}

export function exitCodeFor(report: Report, failUnder?: number): number {
  if (report.score === null) return EXIT.NOT_MEASURED;
  if (failUnder !== undefined && Number.isFinite(failUnder) && report.score < failUnder) return EXIT.BELOW_THRESHOLD;
  return EXIT.OK;
}
