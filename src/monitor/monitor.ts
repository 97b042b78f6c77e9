/**
 * Monitoring: watched sites are re-scanned on their interval, each finished scan is compared with the
 * previous one, and a regression (score down, or a new finding) becomes alert deliveries — a signed
 * webhook and/or an e-mail — retried with backoff. One `tick()` does all of it; it is driven by a
 * timer in-process (SQLite) or by a pg-boss schedule (PostgreSQL, one tick per minute for the cluster).
 * Deliveries run beside the tick with a time limit each, so a stalled receiver holds nothing up.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { ScanStore } from '../store/scan-store.js';
import type { Report } from '../model/report.js';
import { parseTargetInput } from '../engine/inputs.js';
import { alertEmail, detectRegression, type AlertPayload } from './alerts.js';
import { DEFAULT_MONITOR_CONFIG, type MonitorConfig } from './config.js';
import { sendMail, isEmailAddress } from './mail.js';
import { verifyOwnership, type OwnershipResult } from './ownership.js';
import { INTERVAL_MS, type WatchInterval } from './schema.js';
import { newToken, WatchStore, type Delivery, type Watch } from './watch-store.js';
import { checkWebhookUrl, sendWebhook } from './webhook.js';

export interface MonitorDeps {
  db: Kysely<Database>;
  store: ScanStore;
  /** Start (or reuse) a full scan of a URL; returns the scan id. */
  submit(url: string): Promise<string>;
  /** The scanner's network settings: webhooks and ownership checks obey the same policy. */
  net: { allowPrivate: boolean; resolve: string[]; ca: string[]; timeoutMs?: number };
  config?: Partial<MonitorConfig>;
  /** Look for the DNS TXT ownership record (off in tests: no resolver outside loopback). */
  dnsVerification?: boolean;
  onError?: (error: unknown, context: string) => void;
  now?: () => number;
}

export class WatchInputError extends Error {
  readonly code = 'WATCH_INPUT';
}

export interface NewWatch {
  url: string;
  interval: WatchInterval;
  webhookUrl?: string;
  email?: string;
}

const CLAIM_PREFIX = 'c-';
const STALE_CLAIM_MS = 5 * 60_000;

export class Monitor {
  readonly watches: WatchStore;
  readonly config: MonitorConfig;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly now: () => number;

  constructor(private readonly deps: MonitorDeps) {
    this.watches = new WatchStore(deps.db);
    this.config = { ...DEFAULT_MONITOR_CONFIG, ...deps.config };
    this.now = deps.now ?? Date.now;
  }

  private get allowPrivateWebhooks(): boolean {
    return this.config.allowPrivateWebhooks ?? this.deps.net.allowPrivate;
  }

  /** Validate and store a watch. Daily needs verified ownership; until then it runs weekly. */
  async create(input: NewWatch): Promise<Watch> {
    let target;
    try {
      target = parseTargetInput(input.url);
    } catch (error) {
      throw new WatchInputError((error as Error).message);
    }
    if (input.interval !== 'daily' && input.interval !== 'weekly') throw new WatchInputError('the interval must be daily or weekly');
    const webhookUrl = input.webhookUrl?.trim() || null;
    const email = input.email?.trim() || null;
    if (!webhookUrl && !email) throw new WatchInputError('give a webhook URL, an e-mail address, or both, so alerts have somewhere to go');
    if (email && !isEmailAddress(email)) throw new WatchInputError('that is not an e-mail address');
    if (email && !this.config.smtpUrl) throw new WatchInputError('this server has no SMTP server configured, so it cannot send e-mail alerts');
    const checkedWebhook = webhookUrl ? await checkWebhookUrl(webhookUrl, { allowPrivate: this.allowPrivateWebhooks, resolve: this.deps.net.resolve }).catch((e: Error) => {
      throw new WatchInputError(e.message);
    }) : null;
    const baseline = await this.watches.latestDoneScanOf(target.url);
    const now = this.now();
    return this.watches.create({
      host: target.host,
      url: target.url,
      interval: input.interval,
      webhookUrl: checkedWebhook,
      email,
      lastScanId: baseline ?? null,
      nextRunAt: baseline ? now + INTERVAL_MS.weekly : now,
      now,
    });
  }

  /** The interval in force: the requested one once ownership is verified, weekly before. */
  static effectiveInterval(w: Watch): WatchInterval {
    return w.verified_at ? w.interval : 'weekly';
  }

  async verify(id: string): Promise<OwnershipResult> {
    const w = await this.watches.get(id);
    if (!w) return { verified: false, reasons: ['no such watch'] };
    const result = await verifyOwnership(w.url, w.verify_token, {
      allowPrivate: this.deps.net.allowPrivate,
      resolve: this.deps.net.resolve,
      ca: this.deps.net.ca,
      timeoutMs: this.deps.net.timeoutMs ?? 10_000,
      dns: this.deps.dnsVerification ?? true,
    });
    if (result.verified) {
      await this.watches.markVerified(id, this.now());
      // A shorter interval takes effect from the last run, not a week later.
      if (w.interval === 'daily') await this.watches.setNextRun(id, Math.min(w.next_run_at, this.now() + INTERVAL_MS.daily));
    }
    return result;
  }

  async unsubscribe(token: string): Promise<Watch | undefined> {
    const w = await this.watches.byUnsubscribeToken(token);
    if (w) await this.watches.remove(w.id);
    return w;
  }

  /** Schedule a watch to run at the next tick (tests, and an owner's "check now"). */
  async runNow(id: string): Promise<void> {
    await this.watches.setNextRun(id, this.now());
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.config.tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    await Promise.allSettled([...this.inFlight]);
  }

  /** One pass: evaluate finished scans, start due ones, launch due deliveries. Never overlaps itself. */
  tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = (async () => {
      try {
        await this.evaluatePending();
        await this.startDue();
        await this.launchDeliveries();
      } catch (error) {
        this.deps.onError?.(error, 'monitor tick');
      } finally {
        this.ticking = undefined;
      }
    })();
    return this.ticking;
  }

  private async startDue(): Promise<void> {
    const now = this.now();
    for (const w of await this.watches.due(now)) {
      const placeholder = `${CLAIM_PREFIX}${now.toString(36)}-${newToken(6)}`;
      if (!(await this.watches.claimRun(w, placeholder, now + INTERVAL_MS[Monitor.effectiveInterval(w)]))) continue;
      try {
        const scanId = await this.deps.submit(w.url);
        await this.watches.setPending(w.id, placeholder, scanId);
      } catch (error) {
        await this.watches.setPending(w.id, placeholder, null);
        this.deps.onError?.(error, `watch ${w.id}: could not start a scan`);
      }
    }
  }

  private async evaluatePending(): Promise<void> {
    for (const w of await this.watches.pending()) {
      const scanId = w.pending_scan_id!;
      if (scanId.startsWith(CLAIM_PREFIX)) {
        // A node that died between claiming and starting the scan leaves its claim: release it later.
        const claimedAt = parseInt(scanId.slice(CLAIM_PREFIX.length).split('-')[0]!, 36);
        if (!(this.now() - claimedAt < STALE_CLAIM_MS)) {
          await this.watches.setPending(w.id, scanId, null);
          await this.watches.setNextRun(w.id, this.now());
        }
        continue;
      }
      const scan = await this.deps.store.get(scanId);
      if (!scan || scan.status === 'failed') {
        await this.watches.setPending(w.id, scanId, null);
        continue;
      }
      if (scan.status !== 'done' || !scan.report) continue;
      if (!(await this.watches.finishRun(w.id, scanId))) continue;
      const previous = w.last_scan_id && w.last_scan_id !== scanId ? await this.deps.store.get(w.last_scan_id) : undefined;
      if (!previous?.report) continue;
      const regression = detectRegression(previous.report, scan.report);
      if (regression) await this.queueAlerts(w, previous.report, scan.report, { previous: previous.id, current: scanId }, regression);
    }
  }

  private async queueAlerts(w: Watch, before: Report, after: Report, ids: { previous: string; current: string }, regression: NonNullable<ReturnType<typeof detectRegression>>): Promise<void> {
    const base = this.config.publicUrl.replace(/\/+$/, '');
    const now = this.now();
    const payload: AlertPayload = {
      event: 'scorifya.regression',
      watch: { id: w.id, host: w.host, url: w.url },
      previous: { scanId: ids.previous, url: `${base}/scans/${ids.previous}`, score: before.score, grade: before.grade, gradePartial: before.gradePartial ?? false },
      current: { scanId: ids.current, url: `${base}/scans/${ids.current}`, score: after.score, grade: after.grade, gradePartial: after.gradePartial ?? false },
      scoreDelta: regression.scoreDelta,
      newFindings: regression.newFindings,
      unsubscribeUrl: `${base}/unsubscribe/${w.unsubscribe_token}`,
      sentAt: new Date(now).toISOString(),
    };
    const body = JSON.stringify(payload);
    if (w.webhook_url) await this.watches.addDelivery(w.id, 'webhook', body, now);
    if (w.email) await this.watches.addDelivery(w.id, 'email', body, now);
  }

  private async launchDeliveries(): Promise<void> {
    const free = this.config.deliveryConcurrency - this.inFlight.size;
    if (free <= 0) return;
    const now = this.now();
    for (const d of await this.watches.dueDeliveries(now, free)) {
      // The lease outlasts one attempt, so a slow attempt is never started twice.
      if (!(await this.watches.claimDelivery(d, now + this.config.deliveryTimeoutMs * 2 + 5_000))) continue;
      const attempt = this.attempt(d).finally(() => this.inFlight.delete(attempt));
      this.inFlight.add(attempt);
    }
  }

  private async attempt(d: Delivery): Promise<void> {
    const attempts = d.attempts + 1;
    try {
      const w = await this.watches.get(d.watch_id);
      if (!w) throw new Error('the watch was removed');
      if (d.channel === 'webhook') {
        if (!w.webhook_url || !w.webhook_secret) throw new Error('the watch has no webhook any more');
        await withTimeout(
          sendWebhook(w.webhook_url, w.webhook_secret, d.id, d.payload, { allowPrivate: this.allowPrivateWebhooks, timeoutMs: this.config.deliveryTimeoutMs, resolve: this.deps.net.resolve }),
          this.config.deliveryTimeoutMs + 1_000,
        );
      } else {
        if (!w.email || !this.config.smtpUrl) throw new Error('no e-mail address or no SMTP server');
        const mail = alertEmail(JSON.parse(d.payload) as AlertPayload);
        await withTimeout(sendMail(w.email, mail.subject, mail.text, { smtpUrl: this.config.smtpUrl, from: this.config.mailFrom, timeoutMs: this.config.deliveryTimeoutMs }), this.config.deliveryTimeoutMs + 1_000);
      }
      await this.watches.deliveryDone(d.id, attempts, this.now());
    } catch (error) {
      const delay = this.config.retryDelaysMs[attempts - 1];
      await this.watches.deliveryFailed(d.id, attempts, (error as Error).message, delay === undefined ? null : this.now() + delay).catch((e) => this.deps.onError?.(e, 'delivery bookkeeping'));
    }
  }
}

/** A last guard above the clients' own timeouts: no attempt outlives its slot. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
