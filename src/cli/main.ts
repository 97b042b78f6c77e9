#!/usr/bin/env node
/** The `scorifya` command. Each sub-command lives in commands/ and registers itself here. */
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { registerScan } from './commands/scan.js';
import { registerRescore } from './commands/rescore.js';
import { registerServe } from './commands/serve.js';
import { registerWorker } from './commands/worker.js';
import { registerHeaders } from './commands/headers.js';
import { registerTls } from './commands/tls.js';
import { registerCors } from './commands/cors.js';
import { registerDns } from './commands/dns.js';
import { registerEmail } from './commands/email.js';
import { registerUpdateAdvisories } from './commands/update-advisories.js';
import { registerBatch } from './commands/batch.js';
import { registerDiff } from './commands/diff.js';
import { EXIT } from './exit-codes.js';
import { InputError } from '../net/target-input.js';
import { NetError, TargetRefusedError } from '../net/errors.js';
import { escapeTerminal } from '../report/escape.js';

const program = new Command('scorifya')
  .description('Website security scorecard: TLS, headers, exposure, cookies, DNS & email')
  .version('0.1.0')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

registerScan(program);
registerRescore(program);
registerServe(program);
registerWorker(program);
registerHeaders(program);
registerTls(program);
registerCors(program);
registerDns(program);
registerEmail(program);
registerUpdateAdvisories(program);
registerBatch(program);
registerDiff(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
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
