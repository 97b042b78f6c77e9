/** Row shapes of the monitoring tables (migrations in store/monitor-migrations.ts). */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

export type WatchInterval = 'daily' | 'weekly';

export interface WatchesTable {
  id: string;
  host: string;
  url: string;
  interval: WatchInterval;
  webhook_url: string | null;
  webhook_secret: string | null;
  email: string | null;
  unsubscribe_token: string;
  /** Token the owner publishes (DNS TXT or /.well-known/scorifya-verify-<token>). */
  verify_token: string;
  verified_at: number | null;
  created_at: number;
  next_run_at: number;
  /** The scan started for this watch and not yet evaluated. */
  pending_scan_id: string | null;
  /** The last evaluated scan: the baseline the next one is compared with. */
  last_scan_id: string | null;
}

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface WatchDeliveriesTable {
  id: string;
  watch_id: string;
  channel: 'webhook' | 'email';
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export interface MonitorDatabase extends Database {
  watches: WatchesTable;
  watch_deliveries: WatchDeliveriesTable;
}

export const monitorDb = (db: Kysely<Database>): Kysely<MonitorDatabase> => db as unknown as Kysely<MonitorDatabase>;

export const INTERVAL_MS: Record<WatchInterval, number> = { daily: 86_400_000, weekly: 7 * 86_400_000 };
