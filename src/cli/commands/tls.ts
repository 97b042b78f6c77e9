import type { Command } from 'commander';
import { addNetOptions } from '../net-options.js';
import { netOptionsFrom, type NetCliOptions } from '../../engine/net-options.js';
import { EXIT } from '../../engine/exit-codes.js';
import { escapeTerminal } from '../../report/escape.js';
import { explainScore, jsonArithmetic } from '../../report/arithmetic.js';

/**
 * `scorifya tls HOST[:PORT]`: protocols × suites, the chain and the TLS findings for one host. The
 * verdict is the `tls` tool's of engine/focused-tools.ts, the same as the web app's TLS checker.
 */
export function registerTls(program: Command): void {
  addNetOptions(
    program
      .command('tls')
      .argument('<host>', 'host name, HOST:PORT or https:// URL')
      .description('check one TLS endpoint: protocol versions, cipher suites, certificate chain, findings'),
  ).action(async (host: string, opts: NetCliOptions) => {
    // Loaded on use: the certificate parser is large, and other commands should not pay for it.
    const [{ runFocusedTool }, { focusedTool }, { renderTlsTerminal }] = await Promise.all([import('../../engine/run-tool.js'), import('../../engine/focused-tools.js'), import('../../report/tls-terminal.js')]);
    const { evidence, report } = await runFocusedTool(focusedTool('tls')!, host, netOptionsFrom(opts));
    const tls = evidence.tls;
    const arithmetic = explainScore(report, { categories: ['tls'] });
    const category = arithmetic.categories[0];
    if (opts.json) {
      const out = { target: evidence.target, ...(report.options ? { options: report.options } : {}), startedAt: evidence.startedAt, tls, score: report.score, grade: report.grade, arithmetic: jsonArithmetic(arithmetic), findings: report.findings };
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    } else if (tls?.status === 'ok') {
      process.stdout.write(renderTlsTerminal(tls.data, report.findings, category));
    } else {
      process.stderr.write(`scorifya tls: not measured: ${escapeTerminal(tls?.reason ?? 'the TLS probe did not run')}\n`);
    }
    process.exitCode = tls?.status === 'ok' ? EXIT.OK : EXIT.NOT_MEASURED;
  });
}
