/**
 * Accepting a scan request: validate the URL, refuse targets the policy forbids (before anything is
 * stored or queued), reuse a recent or running scan of the same URL (the per-target cooldown), then
 * store and enqueue. Requests for the same normalised URL and tool that arrive while one is still
 * being admitted share its outcome, so a burst of identical requests starts exactly one scan (the
 * store's check alone would let every request of the burst through before the first row exists).
 *
 * A signed-in or staging scan (`siteHeaders`: Authorization, Cookie …) is never reused and never
 * shared with another request: its credentials are its own and it sees what they unlock. Its row holds
 * the header names; the values wait in memory (queue/site-credentials.ts) for the job, which takes them.
 */
import { InputError } from '../engine/errors.js';
import { checkTargetAllowed, parseTargetInput } from '../engine/inputs.js';
import type { TargetInfo } from '../model/evidence.js';
import type { JobQueue } from '../queue/queue.js';
import { QueueFullError } from '../queue/queue.js';
import type { SiteCredentials } from '../queue/site-credentials.js';
import type { RawHeader } from '../model/http.js';
import type { ScanStore, ScanSummary } from '../store/scan-store.js';
import type { ServerConfig } from './config.js';
import { HttpProblem } from './problem.js';

export interface SubmitResult {
  scan: ScanSummary;
  /** True when an earlier scan was returned instead of starting a new one. */
  reused: boolean;
}

export interface SubmitOptions {
  force?: boolean;
  /** Probe keys to restrict the scan to (checked by the caller: the API's schema). */
  probes?: readonly string[];
  /** Headers for a signed-in or staging scan, checked (engine/inputs.ts `siteHeadersFrom`). */
  siteHeaders?: readonly RawHeader[];
}

/** Why a server whose jobs may run elsewhere refuses signed-in scans (docs/web-app-and-api.md). */
export const SIGNED_IN_UNAVAILABLE =
  'This server queues scans in PostgreSQL for workers that may run on other machines, and the headers of a signed-in scan would have to be stored in the queue to reach them: it refuses such scans rather than store credentials. Run the scan with the CLI (`scorifya scan URL --header …`), or on a server that uses SQLite and its own in-process queue.';

export class ScanService {
  constructor(
    private readonly store: ScanStore,
    private readonly queue: JobQueue,
    private readonly config: ServerConfig,
    /** Absent when jobs may run in another process (pg-boss): signed-in scans are then refused. */
    private readonly credentials?: SiteCredentials,
  ) {}

  /** Admissions in progress, by normalised URL, tool and force. */
  private readonly admitting = new Map<string, Promise<SubmitResult>>();

  /**
   * `force`: the visitor saw the recent result and asked for a fresh one. A finished scan is then not
   * reused (the per-client rate limit still applies), but a scan of the URL that is still running is.
   * `tool` (a focused tool id) and `probes` (a scan restricted to these probes) are the choices a
   * visitor may make per scan; a recent scan is reused only when it was made with the same choice.
   */
  async submit(input: string, tool: string | null = null, options: SubmitOptions = {}): Promise<SubmitResult> {
    let target;
    try {
      target = parseTargetInput(input);
    } catch (error) {
      if (error instanceof InputError) throw new HttpProblem(422, 'Invalid URL', error.message, '/problems/invalid-url');
      throw error;
    }
    const probes = options.probes?.length ? [...new Set(options.probes)].sort() : null;
    if (options.siteHeaders?.length) return this.admitSignedIn(target, tool, probes, options.siteHeaders);
    const key = `${options.force ? 'force' : ''} ${tool ?? ''} ${probes?.join(',') ?? ''} ${target.url}`;
    const pending = this.admitting.get(key);
    if (pending) return { scan: (await pending).scan, reused: true };
    const admission = this.admit(target, tool, probes, options);
    this.admitting.set(key, admission);
    try {
      return await admission;
    } finally {
      this.admitting.delete(key);
    }
  }

  private async admit(target: TargetInfo, tool: string | null, probes: string[] | null, options: SubmitOptions): Promise<SubmitResult> {
    await this.checkPolicy(target.host, target.port);
    const since = options.force ? Date.now() + 1 : Date.now() - this.config.cooldownSeconds * 1000;
    const existing = await this.store.reusable(target.url, tool, since, probes);
    if (existing) return { scan: existing, reused: true };

    const created = await this.store.create({ host: target.host, url: target.url, tool, probes });
    try {
      await this.queue.enqueue(created.id, target.host);
    } catch (error) {
      await this.store.fail(created.id, (error as Error).message);
      if (error instanceof QueueFullError) throw new HttpProblem(503, 'Too many scans waiting', error.message, '/problems/queue-full');
      throw error;
    }
    const { report: _r, progress: _p, ...summary } = created;
    return { scan: summary, reused: false };
  }

  /** A signed-in scan: always a new row (never reused, never shared), its values held for the job. */
  private async admitSignedIn(target: TargetInfo, tool: string | null, probes: string[] | null, headers: readonly RawHeader[]): Promise<SubmitResult> {
    if (!this.credentials) throw new HttpProblem(422, 'Signed-in scans are not available here', SIGNED_IN_UNAVAILABLE, '/problems/signed-in-scans-unavailable');
    await this.checkPolicy(target.host, target.port);
    const created = await this.store.create({ host: target.host, url: target.url, tool, probes, siteHeaders: headers.map(([name]) => name) });
    // Held before the job is queued: the in-process queue may start it during enqueue().
    this.credentials.put(created.id, headers);
    try {
      await this.queue.enqueue(created.id, target.host);
    } catch (error) {
      this.credentials.discard(created.id);
      await this.store.fail(created.id, (error as Error).message);
      if (error instanceof QueueFullError) throw new HttpProblem(503, 'Too many scans waiting', error.message, '/problems/queue-full');
      throw error;
    }
    const { report: _r, progress: _p, ...summary } = created;
    return { scan: summary, reused: false };
  }

  /**
   * The engine re-checks at scan time; this early check lets the API answer "refused" at once and
   * keeps refused targets out of the database. Names are resolved here with the same pins.
   */
  private async checkPolicy(host: string, port: number | undefined): Promise<void> {
    try {
      await checkTargetAllowed(host, port, { allowPrivate: this.config.allowPrivate, resolve: this.config.resolve });
    } catch (error) {
      const err = error as Error & { code?: string };
      if (err.name === 'TargetRefusedError') throw new HttpProblem(422, 'Target refused', err.message, '/problems/target-refused');
      throw new HttpProblem(422, 'Target cannot be resolved', err.message, '/problems/unresolvable');
    }
  }
}
