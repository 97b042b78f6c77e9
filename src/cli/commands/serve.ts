/** `scorifya serve`: the web app and API on one port, with a SQLite file or PostgreSQL. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { monitorConfigFromEnv } from '../../monitor/config.js';
import { InputError } from '../../engine/errors.js';
import { countOption, daysOption, portOption, secondsOption } from '../../engine/option-values.js';
import type { ServerConfig } from '../../server/config.js';
import { checkQueueSchema, DEFAULT_QUEUE_SCHEMA } from '../../queue/schema-name.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface ServeCliOptions {
  port: number;
  host: string;
  db: string;
  allowPrivate?: boolean;
  resolve?: string[];
  ca?: string[];
  dnsServer?: string[];
  dnssecAnchor?: string;
  concurrency: number;
  cooldown: number;
  retentionDays: number;
  rateLimit: number;
  trustProxy?: boolean;
  worker: boolean;
  queueSchema: string;
  tlsCert?: string;
  tlsKey?: string;
  logRequests?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the web app and HTTP API (SQLite file and in-process queue by default)')
    .option('--port <n>', 'port to listen on', portOption('--port'), 8080)
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--db <file|url>', 'SQLite file, or a postgres:// URL (then jobs go through pg-boss)', process.env.SCORIFYA_DB ?? 'scorifya.db')
    .option('--allow-private', 'allow scans of loopback, private and other non-public addresses')
    .option('--resolve <host:port:addr>', "pin a name to an address for every scan, like curl's --resolve (repeatable)", collect)
    .option('--ca <file>', 'also trust the CA certificates in this PEM file (repeatable)', collect)
    .option('--dns-server <host:port>', 'DNS server for the DNS & email checks of every scan (repeatable); default: the system resolver', collect)
    .option('--dnssec-anchor <file>', 'DNSSEC trust anchor file with DS or DNSKEY lines for every scan; default: the IANA root anchor')
    .option('--concurrency <n>', 'scans running at once in this process', countOption('--concurrency'), 2)
    .option('--cooldown <seconds>', 'a scan of the same URL within this time returns the earlier result (0: always scan again)', secondsOption('--cooldown', 0), 300)
    .option('--retention-days <n>', 'delete scans older than this (0 keeps them)', daysOption('--retention-days', 0), 30)
    .option('--rate-limit <n>', 'scan requests per client address per minute', countOption('--rate-limit'), 10)
    .option('--trust-proxy', 'take client addresses from X-Forwarded-For (only behind your own proxy)')
    .option('--no-worker', 'with PostgreSQL: only enqueue jobs, let `scorifya worker` processes run them')
    .option('--queue-schema <name>', 'with PostgreSQL: schema of the job queue, the same for the web nodes and workers of one installation', DEFAULT_QUEUE_SCHEMA)
    .option('--tls-cert <file>', 'serve HTTPS with this certificate chain (PEM)')
    .option('--tls-key <file>', 'private key for --tls-cert (PEM)')
    .option('--log-requests', 'log every request and event as a JSON line on stdout (or SCORIFYA_LOG_REQUESTS=1); by default only errors, on stderr')
    .action(async (opts: ServeCliOptions) => {
      const config: Partial<ServerConfig> = {
        port: opts.port,
        host: opts.host,
        db: opts.db,
        allowPrivate: opts.allowPrivate ?? false,
        resolve: opts.resolve ?? [],
        ca: (opts.ca ?? []).map((f) => readPem(f, '--ca')),
        dnsServers: opts.dnsServer ?? [],
        ...(opts.dnssecAnchor ? { dnssecAnchor: opts.dnssecAnchor } : {}),
        concurrency: opts.concurrency,
        cooldownSeconds: opts.cooldown,
        retentionDays: opts.retentionDays,
        scanRateLimit: { max: opts.rateLimit, windowMs: 60_000 },
        trustProxy: opts.trustProxy ?? false,
        work: opts.worker,
        queueSchema: checkQueueSchema(opts.queueSchema),
        // Monitoring alerts: SCORIFYA_PUBLIC_URL, SCORIFYA_SMTP_URL, SCORIFYA_MAIL_FROM (secrets stay out of argv).
        monitor: monitorConfigFromEnv(),
        logger: opts.logRequests || /^(1|true|yes)$/i.test(process.env.SCORIFYA_LOG_REQUESTS ?? '') ? 'requests' : 'errors',
      };
      if (opts.tlsCert || opts.tlsKey) {
        if (!opts.tlsCert || !opts.tlsKey) throw new InputError('--tls-cert and --tls-key go together');
        config.tls = { cert: readPem(opts.tlsCert, '--tls-cert'), key: readPem(opts.tlsKey, '--tls-key') };
      }
      // Loaded on demand so other commands do not pay for the web stack at start-up.
      const { createServer } = await import('../../server/app.js');
      const server = await createServer(config);
      if (server.health) {
        const { surviveDatabaseRejections } = await import('../../store/db-health.js');
        surviveDatabaseRejections(server.health);
      }
      const address = await server.app.listen({ port: opts.port, host: opts.host });
      const dns = opts.dnsServer?.length ? `; DNS through ${opts.dnsServer.join(', ')}` : '';
      process.stderr.write(`scorifya: web app on ${address} (database: ${/^postgres/i.test(opts.db) ? 'PostgreSQL' : opts.db}${dns})\n`);
      await untilSignal();
      await server.close();
    });
}

export function readPem(file: string, option: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${option}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Resolves on the first SIGINT or SIGTERM so the caller can shut down cleanly. */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
