import type { Command } from 'commander';
import { addNetOptions } from '../net-options.js';
import { netOptionsFrom, type NetCliOptions } from '../../engine/net-options.js';
import { EXIT } from '../../engine/exit-codes.js';
import { escapeTerminal } from '../../report/escape.js';
import { explainScore, jsonArithmetic } from '../../report/arithmetic.js';

/** `scorifya tls HOST[:PORT]`: protocols × suites, the chain and the TLS findings for one host. */
export function registerTls(program: Command): void {
  addNetOptions(
    program
      .command('tls')
      .argument('<host>', 'host name, HOST:PORT or https:// URL')
      .description('check one TLS endpoint: protocol versions, cipher suites, certificate chain, findings'),
  ).action(async (host: string, opts: NetCliOptions) => {
    // Loaded on use: the certificate parser is large, and other commands should not pay for it.
    const [{ runTlsTool }, { renderTlsTerminal }] = await Promise.all([import('../../engine/tools.js'), import('../../report/tls-terminal.js')]);
    const { evidence, report } = await runTlsTool(host, netOptionsFrom(opts));
    const tls = evidence.tls;
    const arithmetic = explainScore(report, { categories: ['tls'] });
    const category = arithmetic.categories[0];
    const legacy = report.categories.find((c) => c.id === 'tls');
    if (opts.json) {
      process.stdout.write(JSON.stringify({ target: evidence.target, startedAt: evidence.startedAt, tls, score: legacy?.score ?? null, arithmetic: jsonArithmetic(arithmetic), findings: report.findings }, null, 2) + '\n');
    } else if (tls?.status === 'ok') {
      process.stdout.write(renderTlsTerminal(tls.data, report.findings, category));
    } else {
      process.stderr.write(`scorifya tls: not measured: ${escapeTerminal(tls?.reason ?? 'the TLS probe did not run')}\n`);
    }
    process.exitCode = tls?.status === 'ok' ? EXIT.OK : EXIT.NOT_MEASURED;
  });
}
