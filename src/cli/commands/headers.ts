import type { Command } from 'commander';
import { addNetOptions } from '../net-options.js';
import { netOptionsFrom, type NetCliOptions } from '../../engine/net-options.js';
import { focusedTool } from '../../engine/focused-tools.js';
import { addFormatOptions, outputFormat, type ReportOutputOptions } from '../report-output.js';
import { runToolCommand } from './focused.js';

/**
 * Focused tool: the `headers` tool of engine/focused-tools.ts (the HTTP probe, the Security headers
 * category), the same verdict as the web app's headers checker and the API's `{ "tool": "headers" }`.
 */
export function registerHeaders(program: Command): void {
  addFormatOptions(addNetOptions(program.command('headers').argument('<url>', 'URL or host name').description('check the security headers of one URL (the Security headers category of a scan)'), { siteHeaders: true }))
    .option('--verbose', 'show all evidence lines')
    .action(async (url: string, opts: NetCliOptions & ReportOutputOptions) => {
      outputFormat(opts);
      await runToolCommand(focusedTool('headers')!, url, netOptionsFrom(opts), opts);
    });
}
