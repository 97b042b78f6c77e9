import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { scan } from '../../engine/scan.js';
import { addNetOptions } from '../net-options.js';
import { netOptionsFrom, type NetCliOptions } from '../../engine/net-options.js';
import { InputError } from '../../engine/errors.js';
import { scoreOption } from '../../engine/option-values.js';
import { addFormatOptions, exitCodeFor, outputFormat, printReport, type ReportOutputOptions } from '../report-output.js';

export { addFormatOptions, exitCodeFor, outputFormat, printReport, type ReportOutputOptions } from '../report-output.js';

interface ScanCliOptions extends NetCliOptions, ReportOutputOptions {
  saveEvidence?: string;
  failUnder?: number;
  only?: string;
  tool?: string;
  dnsServer?: string[];
  dnssecAnchor?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerScan(program: Command): void {
  addFormatOptions(addNetOptions(program.command('scan').argument('<url>', 'URL or host name to scan').description('run the full scan and print the scorecard'), { siteHeaders: true }))
    .option('--save-evidence <file>', 'write the raw evidence as JSON (re-score it later with `scorifya rescore`)')
    .option('--fail-under <score>', 'exit with code 1 when the score is below this number (0–100)', scoreOption('--fail-under'))
    .option('--verbose', 'show all evidence lines')
    .option('--only <probes>', 'run only these probes (comma-separated: http, tls, cors, exposure, wordpress, dns, mail …) and what they need')
    .option('--tool <id>', "give a focused tool's verdict, as the web app's /tools pages do (headers, https, cors, tls, cookies, dns, email, security-txt)")
    .option('--dns-server <host:port>', 'DNS server for the DNS & email checks (repeatable); default: the system resolver', collect)
    .option('--dnssec-anchor <file>', 'DNSSEC trust anchor file with DS or DNSKEY lines; default: the IANA root anchor')
    .action(async (url: string, opts: ScanCliOptions) => {
      if (opts.dnsServer?.length || opts.dnssecAnchor) {
        const { validateDnsOptions } = await import('../../engine/dns-options.js');
        validateDnsOptions(opts);
      }
      const format = outputFormat(opts);
      if (opts.tool && opts.only) throw new InputError('--tool runs the probes its tool needs: give --tool or --only, not both');
      const tool = opts.tool ? (await import('./focused.js')).toolById(opts.tool) : undefined;
      // Progress goes to stderr; it is left out when a machine format is piped through standard output.
      const progress = process.stderr.isTTY && (format === 'text' || Boolean(opts.output));
      const line = progress ? (await import('../progress-line.js')).terminalProgress((t) => process.stderr.write(t), url) : undefined;
      const options = {
        ...netOptionsFrom(opts),
        ...(opts.dnsServer?.length || opts.dnssecAnchor
          ? { dns: { ...(opts.dnsServer?.length ? { dnsServers: opts.dnsServer } : {}), ...(opts.dnssecAnchor ? { dnssecAnchor: opts.dnssecAnchor } : {}) } }
          : {}),
        ...(line ? { onProgress: line.onProgress, onRequestActivity: line.onRequestActivity } : {}),
      };
      if (tool) {
        try {
          await (await import('./focused.js')).runToolCommand(tool, url, options, opts, () => line?.clear());
        } finally {
          line?.clear();
        }
        return;
      }
      let result;
      try {
        result = await scan(url, { ...options, ...(opts.only ? { probes: opts.only.split(',').map((p) => p.trim()).filter(Boolean) } : {}) });
      } finally {
        // Erased on success and on failure alike: an error message must not follow a stale progress line.
        line?.clear();
      }
      const { report, evidence } = result;
      if (opts.saveEvidence) writeFileSync(opts.saveEvidence, JSON.stringify(evidence, null, 2));
      await printReport(report, opts);
      process.exitCode = exitCodeFor(report, opts.failUnder);
    });
}
