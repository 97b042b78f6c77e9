/**
 * The headers of signed-in and staging scans (Authorization, Cookie …) between the request that asks
 * for the scan and the job that runs it, held in this process's memory only and keyed by scan id. The
 * scans table records the header names; the values live here until the job starts, which takes them
 * (so they are gone before the first packet). A value never reaches the database, the job queue's
 * rows or a log. Only a queue whose jobs run in this process can use it: the in-process queue. With
 * PostgreSQL and pg-boss, a job may run on another machine, so the web app refuses such scans there.
 */
import type { RawHeader } from '../model/http.js';

export class SiteCredentials {
  private readonly held = new Map<string, readonly RawHeader[]>();

  put(scanId: string, headers: readonly RawHeader[]): void {
    this.held.set(scanId, headers.map(([n, v]) => [n, v] as RawHeader));
  }

  /** The headers of this scan, removed from the hold: a job reads them once. */
  take(scanId: string): RawHeader[] | undefined {
    const headers = this.held.get(scanId);
    this.held.delete(scanId);
    return headers ? headers.map(([n, v]) => [n, v] as RawHeader) : undefined;
  }

  discard(scanId: string): void {
    this.held.delete(scanId);
  }

  /** Scans whose credentials are waiting (tests check that nothing is left behind). */
  get size(): number {
    return this.held.size;
  }
}
