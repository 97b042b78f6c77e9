/** `scorifya worker`: pulls scan jobs from pg-boss and writes results to the shared PostgreSQL database. */
import type { Command } from 'commander';
import { InputError } from '../../engine/errors.js';
import { countOption, millisecondsOption, secondsOption } from '../../engine/option-values.js';
import { validateDnsOptions } from '../../engine/dns-options.js';
import { readPem, untilSignal } from './serve.js';
import { checkQueueSchema, DEFAULT_QUEUE_SCHEMA } from '../../queue/schema-name.js';
import { errorLine, surviveDatabaseRejections } from '../../store/db-health.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface WorkerCliOptions {
  db?: string;
  concurrency: number;
  allowPrivate?: boolean;
  resolve?: string[];
  ca?: string[];
  dnsServer?: string[];
  dnssecAnchor?: string;
  queueSchema: string;
  sweepInterval: number;
  timeout?: number;
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run scan jobs from the PostgreSQL queue (pg-boss); start as many as you like')
    .option('--db <url>', 'postgres:// URL of the shared database', process.env.SCORIFYA_DB)
    .option('--concurrency <n>', 'scans running at once in this worker', countOption('--concurrency'), 2)
    .option('--allow-private', 'allow scans of loopback, private and other non-public addresses')
    .option('--resolve <host:port:addr>', "pin a name to an address for every scan (repeatable)", collect)
    .option('--ca <file>', 'also trust the CA certificates in this PEM file (repeatable)', collect)
    .option('--dns-server <host:port>', 'DNS server for the DNS & email checks of every scan (repeatable); default: the system resolver', collect)
    .option('--dnssec-anchor <file>', 'DNSSEC trust anchor file with DS or DNSKEY lines for every scan; default: the IANA root anchor')
    .option('--queue-schema <name>', 'PostgreSQL schema of the job queue (one per installation sharing a database)', DEFAULT_QUEUE_SCHEMA)
    .option('--timeout <ms>', 'per-request time limit in milliseconds for every scan', millisecondsOption('--timeout'))
    .option('--sweep-interval <seconds>', 'how often to look for jobs whose worker died, so they are retried', secondsOption('--sweep-interval'), 120)
    .action(async (opts: WorkerCliOptions) => {
      if (!opts.db || !/^postgres(ql)?:\/\//i.test(opts.db)) throw new InputError('worker needs --db postgres://… (workers share a PostgreSQL database and queue)');
      const { concurrency, sweepInterval, timeout: timeoutMs } = opts;
      checkQueueSchema(opts.queueSchema);
      if (opts.dnsServer?.length || opts.dnssecAnchor) validateDnsOptions(opts);
      // Loaded on demand so other commands do not pay for the queue stack at start-up.
      const [{ scan }, { openDb }, { ScanStore }, { PgBossQueue }, { ScanRunner }, { scanOptionsOf }] = await Promise.all([
        import('../../engine/scan.js'),
        import('../../store/db.js'),
        import('../../store/scan-store.js'),
        import('../../queue/pg-boss.js'),
        import('../../queue/runner.js'),
        import('../../server/config.js'),
      ]);
      const log = (line: string) => void process.stderr.write(`scorifya worker: ${line}\n`);
      const opened = await openDb(opts.db, { log });
      if (opened.health) surviveDatabaseRejections(opened.health);
      const runner = new ScanRunner({
        store: new ScanStore(opened.db),
        ...(opened.health ? { health: opened.health } : {}),
        scan,
        // The same options a `scorifya serve` process gives its scans (server/config.ts).
        scanOptions: scanOptionsOf({
          allowPrivate: opts.allowPrivate ?? false,
          resolve: opts.resolve ?? [],
          ca: (opts.ca ?? []).map((f) => readPem(f, '--ca')),
          ...(timeoutMs !== undefined ? { timeoutMs } : {}),
          dnsServers: opts.dnsServer ?? [],
          ...(opts.dnssecAnchor ? { dnssecAnchor: opts.dnssecAnchor } : {}),
        }),
      });
      const queue = new PgBossQueue({
        connectionString: opts.db,
        runner,
        concurrency,
        schema: opts.queueSchema,
        maintenanceIntervalSeconds: sweepInterval,
        ...(opened.health ? { health: opened.health } : {}),
        db: opened.db,
        log,
        onError: (e) => log(errorLine(e)),
      });
      await queue.start();
      process.stderr.write(`scorifya: worker running ${concurrency} at a time\n`);
      await untilSignal();
      await queue.stop();
      await opened.close();
    });
}
