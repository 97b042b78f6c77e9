/**
 * `/healthz`: is this node able to do its work? "ok" when its database answers; "degraded" (HTTP 503)
 * while a PostgreSQL database is unreachable (a restart, a killed session, a network cut), with since
 * when and why. The process stays up and reconnects by itself, so the 503 is for a load balancer's
 * readiness check (send visitors elsewhere), not a reason to restart the process.
 */
import type { FastifyInstance } from 'fastify';
import type { DbHealth } from '../../store/db-health.js';

export function registerHealth(app: FastifyInstance, health: DbHealth | undefined): void {
  app.get('/healthz', { config: { rateLimit: false } }, async (_request, reply) => {
    // Tried now, so an idle node does not report a database it has not used since it went away.
    const db = health ? await health.check() : { state: 'ok' as const, since: undefined };
    const body = {
      status: db.state,
      database: {
        kind: health ? 'postgres' : 'sqlite',
        state: db.state,
        ...(db.since !== undefined ? { since: new Date(db.since).toISOString() } : {}),
        ...('reason' in db && db.reason ? { reason: db.reason } : {}),
      },
    };
    return reply.code(db.state === 'ok' ? 200 : 503).header('cache-control', 'no-store').send(body);
  });
}
