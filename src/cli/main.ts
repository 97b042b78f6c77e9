#!/usr/bin/env node
/**
 * The `scorifya` command. Each sub-command lives in commands/ and is loaded only when it runs: the
 * engine, the web server and the queue are heavy, and `--help` or a scan should not pay for the
 * others. The table below names every command for the top-level help without loading any of them.
 */
import { Command, CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';

type Register = (program: Command) => void;

/** name → usage and one-line description (for `--help`), and the loader of the real command. */
const COMMANDS: Record<string, [usage: string, summary: string, load: () => Promise<Register>]> = {
  scan: ['scan <url>', 'run the full scan and print the scorecard', async () => (await import('./commands/scan.js')).registerScan],
  rescore: ['rescore <evidence-file>', 're-run checks and scoring on saved evidence, offline', async () => (await import('./commands/rescore.js')).registerRescore],
  serve: ['serve', 'start the web app and HTTP API (SQLite file and in-process queue by default)', async () => (await import('./commands/serve.js')).registerServe],
  worker: ['worker', 'run scan jobs from the PostgreSQL queue (pg-boss); start as many as you like', async () => (await import('./commands/worker.js')).registerWorker],
  headers: ['headers <url>', 'check the security headers and HTTPS redirects of one URL', async () => (await import('./commands/headers.js')).registerHeaders],
  tls: ['tls <host>', 'check one TLS endpoint: protocol versions, cipher suites, certificate chain, findings', async () => (await import('./commands/tls.js')).registerTls],
  cors: ['cors <url>', 'test the CORS policy of one URL against attacker origins, like a browser would', async () => (await import('./commands/cors.js')).registerCors],
  dns: ['dns <domain>', 'check DNS & email for a domain: DNSSEC, CAA, name servers, CNAMEs, SPF, DMARC, MTA-STS', async () => (await import('./commands/dns.js')).registerDns],
  email: ['email <domain>', 'check e-mail authentication for a domain: SPF tree, DMARC, MTA-STS, TLS-RPT, BIMI, DKIM hints', async () => (await import('./commands/email.js')).registerEmail],
  batch: ['batch <targets-file>', 'scan many targets: results as JSON lines or CSV, progress on stderr, a summary at the end', async () => (await import('./commands/batch.js')).registerBatch],
  'update-advisories': ['update-advisories', 'refresh the JavaScript library advisories (retire.js) used by the CVE checks', async () => (await import('./commands/update-advisories.js')).registerUpdateAdvisories],
  diff: ['diff <old> <new>', 'compare two scans: new, fixed and unchanged findings and the score change', async () => (await import('./commands/diff.js')).registerDiff],
};

const program = new Command('scorifya')
  .description('Website security scorecard: TLS, headers, exposure, cookies, DNS & email')
  .version('0.1.0')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

/** The command this run is for: the first word after the options, or the one `help NAME` asks about. */
function chosenCommand(argv: readonly string[]): string | undefined {
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? name : undefined;
}

try {
  const chosen = chosenCommand(process.argv);
  if (chosen) {
    (await COMMANDS[chosen]![2]())(program);
  } else {
    // Top-level help or an unknown command: list every command without loading one.
    for (const [usage, summary] of Object.values(COMMANDS)) program.command(usage).description(summary).allowUnknownOption();
  }
  await program.parseAsync(process.argv);
} catch (error) {
  // What tells the errors apart loads only when there is one: `--help` does not pay for it.
  const [{ InputError }, { NetError, TargetRefusedError }, { escapeTerminal }] = await Promise.all([
    import('../net/target-input.js'),
    import('../net/errors.js'),
    import('../report/escape.js'),
  ]);
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? EXIT.OK : EXIT.BAD_INPUT;
  } else if (error instanceof InputError || error instanceof TargetRefusedError) {
    process.stderr.write(`scorifya: ${escapeTerminal(error.message)}\n`);
    process.exitCode = EXIT.BAD_INPUT;
  } else if (error instanceof NetError) {
    process.stderr.write(`scorifya: ${escapeTerminal(error.message)}\n`);
    process.exitCode = EXIT.NOT_MEASURED;
  } else {
    process.stderr.write(`scorifya: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = EXIT.INTERNAL;
  }
}
