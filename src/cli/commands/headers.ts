import type { Command } from 'commander';
import { scan } from '../../engine/scan.js';
import { addNetOptions } from '../net-options.js';
import { netOptionsFrom, type NetCliOptions } from '../../engine/net-options.js';
import { addFormatOptions, exitCodeFor, outputFormat, printReport, type ReportOutputOptions } from './scan.js';

/**
 * Focused tool: only the HTTP probe, so only the security-headers and HTTPS-behaviour rules. The other
 * categories show as not measured, which is the truth for this tool.
 */
export function registerHeaders(program: Command): void {
  addFormatOptions(addNetOptions(program.command('headers').argument('<url>', 'URL or host name').description('check the security headers and HTTPS redirects of one URL')))
    .option('--verbose', 'show all evidence lines')
    .action(async (url: string, opts: NetCliOptions & ReportOutputOptions) => {
      outputFormat(opts);
      const { report } = await scan(url, { ...netOptionsFrom(opts), probes: ['http'] });
      const focused = { ...report, categories: report.categories.filter((c) => c.id === 'headers' || c.id === 'tls') };
      await printReport(focused, opts, { title: 'Security headers and HTTPS', categories: ['headers', 'tls'] });
      process.exitCode = exitCodeFor(report);
    });
}
