/**
 * Monitoring on PostgreSQL: the tick is a pg-boss cron schedule for the cluster, and the same tick
 * (driven by hand here rather than waiting a minute) re-scans, compares and alerts.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresTestUrl } from '../support/databases.js';
import { startHeaderSite, type HeaderSite, type Scenario } from '../lab/header-site.js';
import { startWebhookReceiver, type WebhookReceiver } from '../lab/webhook-receiver.js';
import { GOOD_HEADERS, withHeader } from '../support/evidence.js';
import { createServer, type Server } from '../../src/server/app.js';
import { MONITOR_TICK_QUEUE } from '../../src/monitor/pg-schedule.js';

const url = postgresTestUrl();

/** Our own queue schema: the workers of other test files on this database must not take our jobs. */
const SCHEMA = 'test_monitor_queue';

describe.skipIf(!url)('monitoring on PostgreSQL', () => {
  let site: HeaderSite;
  let hook: WebhookReceiver;
  let server: Server;
  const page: Scenario = { headers: GOOD_HEADERS };

  beforeAll(async () => {
    [site, hook] = await Promise.all([startHeaderSite({ '/pg-watch': page }), startWebhookReceiver('ok')]);
    server = await createServer({ db: url!, logger: false, work: true, queueSchema: SCHEMA, ...site.scanOptions, cooldownSeconds: 0, monitor: { dnsVerification: false, deliveryTimeoutMs: 2000 } });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await Promise.all([site?.close(), hook?.close()]);
  });

  const tickUntil = async (what: string, ok: () => boolean | Promise<boolean>) => {
    const end = Date.now() + 30_000;
    while (!(await ok())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await server.monitor.tick();
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('registers the cron schedule and alerts on a regression through the same tick', async () => {
    const schedules = await sql<{ name: string; cron: string }>`select name, cron from ${sql.table(`${SCHEMA}.schedule`)} where name = ${MONITOR_TICK_QUEUE}`.execute(server.store.db);
    expect(schedules.rows).toEqual([{ name: MONITOR_TICK_QUEUE, cron: '* * * * *' }]);

    const w = await server.monitor.create({ url: site.url('/pg-watch', 'https'), interval: 'weekly', webhookUrl: hook.url });
    // Other tests may have scanned this URL on the shared database: a baseline of our own comes first.
    await server.monitor.runNow(w.id);
    await tickUntil('the baseline run', async () => {
      const x = await server.monitor.watches.get(w.id);
      return !!x?.last_scan_id && x.last_scan_id !== w.last_scan_id && x.pending_scan_id === null;
    });
    page.headers = withHeader('Content-Security-Policy', null);
    await server.monitor.runNow(w.id);
    await tickUntil('the webhook', () => hook.received.length === 1);
    expect(JSON.parse(hook.received[0]!.body).newFindings.map((f: { id: string }) => f.id)).toContain('missing_csp');
    await server.monitor.unsubscribe(w.unsubscribe_token);
  });
});
