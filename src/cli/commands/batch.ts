/** `scorifya batch FILE`: scan an inventory, locally or through the PostgreSQL queue. Logic in src/batch/. */
import type { Command } from 'commander';
import { addNetOptions } from '../net-options.js';
import type { BatchCliOptions } from '../../batch/run.js';
import { DEFAULT_QUEUE_SCHEMA } from '../../queue/schema-name.js';
import { countOption, secondsOption } from '../../engine/option-values.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerBatch(program: Command): void {
  addNetOptions(
    program
      .command('batch')
      .argument('<targets-file>', 'one URL or host per line (# comments, blank lines skipped), or a CSV file with a url column')
      .description('scan many targets: results as JSON lines or CSV, progress on stderr, a summary at the end'),
  )
    .option('--out <file>', 'write results here: .csv gives one row per target, anything else JSON lines (default: JSON lines on stdout)')
    .option('--resume', 'skip targets already in the --out file and append the rest')
    .option('--concurrency <n>', 'scans at once (default: 8 per CPU core, at most 64)', countOption('--concurrency'))
    .option('--processes <n>', 'scan processes sharing the work (JavaScript runs on one core per process; full scans are CPU-bound)', countOption('--processes'), 1)
    .option('--only <probes>', 'run only these probes (comma-separated: http, tls, cors, exposure, wordpress, dns, mail, ipv6) and what they need')
    .option('--dns-server <host:port>', 'DNS server for the DNS & email checks (repeatable)', collect)
    .option('--dnssec-anchor <file>', 'DNSSEC trust anchor file with DS or DNSKEY lines; default: the IANA root anchor')
    .option('--scan-timeout <seconds>', 'stop a target scan that runs longer than this', secondsOption('--scan-timeout'), 120)
    .option('--db <url>', 'postgres:// URL: queue the batch for `scorifya worker` processes instead of scanning here')
    .option('--wait', 'with --db: follow the batch in the database and write the results like a local run')
    .option('--batch-id <id>', 'with --db: name of the batch; re-using one attaches to it and queues only the missing targets')
    .option('--queue-schema <name>', 'with --db: PostgreSQL schema of the job queue', DEFAULT_QUEUE_SCHEMA)
    .option('--job-expiry <seconds>', 'with --db: a job running this long counts as abandoned (its worker died) and is retried; keep it above the scan cap', secondsOption('--job-expiry'), 300)
    .action(async (file: string, opts: BatchCliOptions) => {
      const { runBatch } = await import('../../batch/run.js');
      await runBatch(file, opts);
    });
}
