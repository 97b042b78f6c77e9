/** Reads and writes of the monitoring tables. Claims are conditional updates, so several nodes can tick. */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { monitorDb, type MonitorDatabase, type WatchDeliveriesTable, type WatchesTable, type WatchInterval } from './schema.js';

export type Watch = WatchesTable;
export type Delivery = WatchDeliveriesTable;

export const newToken = (bytes = 18) => randomBytes(bytes).toString('base64url');

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
function toWatch(row: Watch): Watch {
  return { ...row, verified_at: num(row.verified_at), created_at: Number(row.created_at), next_run_at: Number(row.next_run_at) };
}

export class WatchStore {
  readonly db: Kysely<MonitorDatabase>;
  constructor(db: Kysely<Database>) {
    this.db = monitorDb(db);
  }

  async create(input: { host: string; url: string; interval: WatchInterval; webhookUrl: string | null; email: string | null; lastScanId: string | null; nextRunAt: number; now: number }): Promise<Watch> {
    const row: Watch = {
      id: newToken(12),
      host: input.host,
      url: input.url,
      interval: input.interval,
      webhook_url: input.webhookUrl,
      webhook_secret: input.webhookUrl ? newToken(24) : null,
      email: input.email,
      unsubscribe_token: newToken(24),
      verify_token: newToken(12).replace(/[-_]/g, 'x'),
      verified_at: null,
      created_at: input.now,
      next_run_at: input.nextRunAt,
      pending_scan_id: null,
      last_scan_id: input.lastScanId,
    };
    await this.db.insertInto('watches').values(row).execute();
    return row;
  }

  /** The newest finished full scan of exactly this URL: the baseline of a new watch. */
  async latestDoneScanOf(url: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('scans').select('id').where('url', '=', url).where('tool', 'is', null).where('probes', 'is', null).where('site_headers', 'is', null).where('status', '=', 'done').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    return row?.id;
  }

  async get(id: string): Promise<Watch | undefined> {
    const row = await this.db.selectFrom('watches').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toWatch(row) : undefined;
  }

  async byUnsubscribeToken(token: string): Promise<Watch | undefined> {
    const row = await this.db.selectFrom('watches').selectAll().where('unsubscribe_token', '=', token).executeTakeFirst();
    return row ? toWatch(row) : undefined;
  }

  async byHost(host: string): Promise<Watch[]> {
    return (await this.db.selectFrom('watches').selectAll().where('host', '=', host).orderBy('created_at', 'asc').execute()).map(toWatch);
  }

  async remove(id: string): Promise<void> {
    await this.db.deleteFrom('watch_deliveries').where('watch_id', '=', id).where('status', '=', 'pending').execute();
    await this.db.deleteFrom('watches').where('id', '=', id).execute();
  }

  async markVerified(id: string, now: number): Promise<void> {
    await this.db.updateTable('watches').set({ verified_at: now }).where('id', '=', id).execute();
  }

  async setNextRun(id: string, at: number): Promise<void> {
    await this.db.updateTable('watches').set({ next_run_at: at }).where('id', '=', id).execute();
  }

  async due(now: number, limit = 20): Promise<Watch[]> {
    const rows = await this.db.selectFrom('watches').selectAll().where('pending_scan_id', 'is', null).where('next_run_at', '<=', now).orderBy('next_run_at', 'asc').limit(limit).execute();
    return rows.map(toWatch);
  }

  async pending(limit = 50): Promise<Watch[]> {
    return (await this.db.selectFrom('watches').selectAll().where('pending_scan_id', 'is not', null).limit(limit).execute()).map(toWatch);
  }

  /** Take a due watch for this node: true only for the one caller whose update matched. */
  async claimRun(w: Watch, scanPlaceholder: string, nextRunAt: number): Promise<boolean> {
    const r = await this.db
      .updateTable('watches')
      .set({ pending_scan_id: scanPlaceholder, next_run_at: nextRunAt })
      .where('id', '=', w.id)
      .where('pending_scan_id', 'is', null)
      .where('next_run_at', '=', w.next_run_at)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async setPending(id: string, from: string, to: string | null): Promise<void> {
    await this.db.updateTable('watches').set({ pending_scan_id: to }).where('id', '=', id).where('pending_scan_id', '=', from).execute();
  }

  /** The pending scan was evaluated: it becomes the baseline. False when another node got there first. */
  async finishRun(id: string, scanId: string): Promise<boolean> {
    const r = await this.db.updateTable('watches').set({ pending_scan_id: null, last_scan_id: scanId }).where('id', '=', id).where('pending_scan_id', '=', scanId).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async addDelivery(watchId: string, channel: Delivery['channel'], payload: string, now: number): Promise<Delivery> {
    const row: Delivery = { id: newToken(12), watch_id: watchId, channel, payload, status: 'pending', attempts: 0, next_attempt_at: now, last_error: null, created_at: now, sent_at: null };
    await this.db.insertInto('watch_deliveries').values(row).execute();
    return row;
  }

  async dueDeliveries(now: number, limit: number): Promise<Delivery[]> {
    const rows = await this.db.selectFrom('watch_deliveries').selectAll().where('status', '=', 'pending').where('next_attempt_at', '<=', now).orderBy('next_attempt_at', 'asc').limit(limit).execute();
    return rows.map((r) => ({ ...r, attempts: Number(r.attempts), next_attempt_at: Number(r.next_attempt_at), created_at: Number(r.created_at) }));
  }

  /** Lease a delivery until `until` so no other tick picks it while this attempt runs. */
  async claimDelivery(d: Delivery, until: number): Promise<boolean> {
    const r = await this.db.updateTable('watch_deliveries').set({ next_attempt_at: until }).where('id', '=', d.id).where('status', '=', 'pending').where('next_attempt_at', '=', d.next_attempt_at).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async deliveryDone(id: string, attempts: number, now: number): Promise<void> {
    await this.db.updateTable('watch_deliveries').set({ status: 'sent', attempts, sent_at: now, last_error: null }).where('id', '=', id).execute();
  }

  async deliveryFailed(id: string, attempts: number, error: string, retryAt: number | null): Promise<void> {
    await this.db
      .updateTable('watch_deliveries')
      .set({ attempts, last_error: error.slice(0, 500), ...(retryAt === null ? { status: 'failed' as const } : { next_attempt_at: retryAt }) })
      .where('id', '=', id)
      .execute();
  }

  async deliveries(watchId: string): Promise<Delivery[]> {
    return (await this.db.selectFrom('watch_deliveries').selectAll().where('watch_id', '=', watchId).orderBy('created_at', 'asc').execute()).map((r) => ({ ...r, attempts: Number(r.attempts), next_attempt_at: Number(r.next_attempt_at) }));
  }
}
