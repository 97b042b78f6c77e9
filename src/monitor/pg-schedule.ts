/**
 * On PostgreSQL the monitor tick is a pg-boss cron schedule: pg-boss creates one job per minute for
 * the whole cluster, and whichever node works it runs the tick. Several web nodes therefore do not
 * scan a watched site several times (the tick's conditional claims guard the rest).
 */
import PgBoss from 'pg-boss';

export const MONITOR_TICK_QUEUE = 'scorifya-monitor-tick';

export class PgBossMonitorSchedule {
  private readonly boss: PgBoss;
  private started = false;

  constructor(
    connectionString: string,
    private readonly tick: () => Promise<void>,
    onError?: (error: unknown) => void,
    schema = 'pgboss',
  ) {
    this.boss = new PgBoss({ connectionString, schema });
    this.boss.on('error', (error) => onError?.(error));
  }

  async start(cron = '* * * * *'): Promise<void> {
    await this.boss.start();
    this.started = true;
    await this.boss.createQueue(MONITOR_TICK_QUEUE, { name: MONITOR_TICK_QUEUE, retryLimit: 0, expireInSeconds: 300 });
    await this.boss.schedule(MONITOR_TICK_QUEUE, cron);
    await this.boss.work(MONITOR_TICK_QUEUE, { batchSize: 1, pollingIntervalSeconds: 5 }, async () => {
      await this.tick();
    });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 30_000 });
  }
}
