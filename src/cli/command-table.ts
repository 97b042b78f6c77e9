/**
 * Every `scorifya` command by name, for the top-level help and for loading the one that runs. It loads
 * nothing itself (no commander, no command module): `--help` reads it and prints.
 */
import type { Command } from 'commander';
import { versionLine } from '../model/scanner.js';

export type Register = (program: Command) => void;

/** name → usage and one-line description (for `--help`), and the loader of the real command. */
export const COMMANDS: Record<string, [usage: string, summary: string, load: () => Promise<Register>]> = {
  scan: ['scan <url>', 'run the full scan and print the scorecard', async () => (await import('./commands/scan.js')).registerScan],
  rescore: ['rescore <evidence-file>', 're-run checks and scoring on saved evidence, offline', async () => (await import('./commands/rescore.js')).registerRescore],
  serve: ['serve', 'start the web app and HTTP API (SQLite file and in-process queue by default)', async () => (await import('./commands/serve.js')).registerServe],
  worker: ['worker', 'run scan jobs from the PostgreSQL queue (pg-boss); start as many as you like', async () => (await import('./commands/worker.js')).registerWorker],
  headers: ['headers <url>', 'check the security headers of one URL (the Security headers category of a scan)', async () => (await import('./commands/headers.js')).registerHeaders],
  tls: ['tls <host>', 'check one TLS endpoint: protocol versions, cipher suites, certificate chain, findings', async () => (await import('./commands/tls.js')).registerTls],
  cors: ['cors <url>', 'test the CORS policy of one URL against attacker origins, like a browser would', async () => (await import('./commands/cors.js')).registerCors],
  dns: ['dns <domain>', 'check DNS & email for a domain: DNSSEC, CAA, name servers, CNAMEs, SPF, DMARC, MTA-STS', async () => (await import('./commands/dns.js')).registerDns],
  email: ['email <domain>', 'check e-mail authentication for a domain: SPF tree, DMARC, MTA-STS, TLS-RPT, BIMI, DKIM hints', async () => (await import('./commands/email.js')).registerEmail],
  batch: ['batch <targets-file>', 'scan many targets: results as JSON lines or CSV, progress on stderr, a summary at the end', async () => (await import('./commands/batch.js')).registerBatch],
  'update-advisories': ['update-advisories', 'refresh the JavaScript library advisories (retire.js) used by the CVE checks', async () => (await import('./commands/update-advisories.js')).registerUpdateAdvisories],
  diff: ['diff <old> <new>', 'compare two scans: new, fixed and unchanged findings and the score change', async () => (await import('./commands/diff.js')).registerDiff],
};

export const PROGRAM = {
  name: 'scorifya',
  description: 'Website security scorecard: TLS, headers, exposure, cookies, DNS & email',
  /** `0.1.0 (Node.js 24.22.3, OpenSSL 3.5.9)`: the runtime is part of the answer (TLS verdicts depend on its OpenSSL). */
  version: versionLine(),
};
