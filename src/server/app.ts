/**
 * Builds the web app and API around one store and one queue. `createServer()` is what `scorifya
 * serve` and the tests call; it wires the database (SQLite or PostgreSQL), the queue (in-process or
 * pg-boss), the engine's `scan()`, security headers, rate limits, the OpenAPI document and routes.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { scan as engineScan } from '../engine/scan.js';
import { validateDnsOptions } from '../engine/dns-options.js';
import { openDb, isPostgresUrl, type OpenedDb } from '../store/db.js';
import { ScanStore } from '../store/scan-store.js';
import type { DbHealth } from '../store/db-health.js';
import { InProcessQueue } from '../queue/in-process.js';
import { PgBossQueue } from '../queue/pg-boss.js';
import { ProgressHub } from '../queue/progress-hub.js';
import { ScanRunner, type ScanFn } from '../queue/runner.js';
import type { JobQueue } from '../queue/queue.js';
import { SiteCredentials } from '../queue/site-credentials.js';
import { scanOptionsOf, withDefaults, type ServerConfig } from './config.js';
import { HttpProblem, PROBLEM_TYPE, STATUS_TITLES, clientErrorResponse, frameworkProblem, problemDocument, validationProblem } from './problem.js';
import { newNonce, securityHeaders } from './security-headers.js';
import { ScanService } from './scan-service.js';
import { connectionLimits, nodeTimeouts } from './limits.js';
import { staticAssets, registerStatic } from './routes/static.js';
import { registerApi } from './routes/api.js';
import { registerScanPages } from './routes/scan-pages.js';
import { registerContentPages } from './routes/content-pages.js';
import { registerBadge } from './routes/badge.js';
import { registerNotices } from './routes/notices.js';
import { registerWatchPages } from './routes/watch.js';
import { Monitor } from '../monitor/monitor.js';
import { PgBossMonitorSchedule } from '../monitor/pg-schedule.js';
import { OpenStreams } from './open-streams.js';
import { registerExports } from './routes/exports.js';
import { registerHealth } from './routes/health.js';
import { errorPage } from './pages/error.js';
import { loggerOptions } from './log.js';
import type { AppContext } from './context.js';

export interface Server {
  app: FastifyInstance;
  store: ScanStore;
  queue: JobQueue;
  config: ServerConfig;
  monitor: Monitor;
  /** PostgreSQL: whether the database is reachable (the health endpoint reports it). */
  health?: DbHealth;
  /** Stops the queue (waiting for running scans), the HTTP server and the database. */
  close(): Promise<void>;
}

export interface CreateServerOptions {
  /** The engine entry point; tests may wrap it. */
  scan?: ScanFn;
}

export async function createServer(partial: Partial<ServerConfig> = {}, options: CreateServerOptions = {}): Promise<Server> {
  const config = withDefaults(partial);
  // A DNS server or anchor the operator mistyped fails here, at start, not in every scan.
  validateDnsOptions({ dnsServer: config.dnsServers, ...(config.dnssecAnchor ? { dnssecAnchor: config.dnssecAnchor } : {}) });
  const opened: OpenedDb = await openDb(config.db);
  const store = new ScanStore(opened.db);
  const hub = new ProgressHub();
  const app = Fastify({
    ...loggerOptions(config.logger),
    trustProxy: config.trustProxy,
    bodyLimit: 16 * 1024,
    // Request schemas are strict (api-schemas.ts): a field the API does not take is an error, not
    // silently dropped (fastify's default), and a value of the wrong type is not coerced.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
    // JSON.parse makes a `__proto__` or `constructor` key an own property, plain data: the strict
    // schemas then refuse it as an unknown field (400 naming it) instead of "not valid JSON".
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
    // A bad percent-encoding or an over-long path part: a problem document, not fastify's own body.
    frameworkErrors: (error, request, reply) => sendProblem(request, reply, frameworkProblem(error), false),
    clientErrorHandler: (error: Error & { code?: string }, socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      if (socket.writable) socket.write(clientErrorResponse(error.code));
      socket.destroy(error);
    },
    ...connectionLimits(config),
    ...(config.tls
      ? { https: { key: config.tls.key, cert: config.tls.cert, ...(config.requestTimeoutMs > 0 ? nodeTimeouts(config.requestTimeoutMs) : {}) } }
      : {}),
  }) as unknown as FastifyInstance;

  // Signed-in scans' headers wait in this process's memory for their job: only when jobs run here.
  const credentials = isPostgresUrl(config.db) ? undefined : new SiteCredentials();
  const health = opened.health;
  const runner = new ScanRunner({
    store,
    ...(credentials ? { credentials } : {}),
    hub,
    ...(health ? { health } : {}),
    scan: options.scan ?? engineScan,
    scanOptions: scanOptionsOf(config),
  });
  const onJobError = (scanId: string, error: unknown) => app.log.error({ scanId, err: error }, 'scan failed');
  const queue: JobQueue = isPostgresUrl(config.db)
    ? new PgBossQueue({ connectionString: config.db, concurrency: config.concurrency, schema: config.queueSchema, ...(config.work ? { runner, db: opened.db } : {}), ...(health ? { health } : {}), onError: (e) => app.log.error(e) })
    : new InProcessQueue({ runner, store, concurrency: config.concurrency, maxQueued: config.maxQueued, onError: onJobError });
  const service = new ScanService(store, queue, config, credentials);
  const { dnsVerification, ...monitorConfig } = config.monitor ?? {};
  const monitor = new Monitor({
    db: opened.db,
    store,
    submit: async (url) => (await service.submit(url)).scan.id,
    net: { allowPrivate: config.allowPrivate, resolve: config.resolve, ca: config.ca, ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}) },
    config: monitorConfig,
    ...(dnsVerification !== undefined ? { dnsVerification } : {}),
    onError: (err, context) => app.log.error({ err }, context),
  });
  const assets = staticAssets();
  const ctx: AppContext = {
    config,
    store,
    service,
    hub,
    queue,
    monitor,
    streams: new OpenStreams(config.sseMaxPerClient),
    pageContext: (request) => ({ nonce: request.nonce, path: request.url.split('?')[0]!, assets: assets.urls }),
  };

  app.decorateRequest('nonce', '');
  app.addHook('onRequest', async (request) => {
    request.nonce = newNonce();
  });
  app.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(securityHeaders(request.nonce))) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    return payload;
  });
  // Plain HTML forms post urlencoded bodies; a tiny parser avoids a dependency.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  await app.register(rateLimit, {
    global: true,
    max: config.requestRateLimit.max,
    timeWindow: config.requestRateLimit.windowMs,
    errorResponseBuilder: (_req, context) =>
      new HttpProblem(429, 'Too Many Requests', `Slow down: at most ${context.max} requests per ${context.after === '' ? 'window' : 'period'}; retry in ${context.after}.`, '/problems/rate-limited'),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Scorifya API', version: '1.0.0', description: 'Start website security scans, follow their progress and read the scored reports.' },
      tags: [{ name: 'scans' }, { name: 'hosts' }, { name: 'checks' }],
    },
    hideUntagged: true,
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string; validation?: unknown; validationContext?: string }, request, reply) => {
    let problem: HttpProblem;
    if (error instanceof HttpProblem) problem = error;
    else if (Array.isArray(error.validation)) problem = validationProblem(error.validationContext, error.validation);
    else if (health?.report(error)) problem = new HttpProblem(503, 'Service Unavailable', 'The database is unreachable for the moment; try again in a minute.');
    else if (error.code?.startsWith('FST_') && error.statusCode && error.statusCode < 500) problem = frameworkProblem(error);
    else if (error.statusCode && error.statusCode < 500) problem = new HttpProblem(error.statusCode, STATUS_TITLES[error.statusCode] ?? 'Error', error.message);
    else {
      request.log.error({ err: error }, 'unhandled error');
      problem = new HttpProblem(500, 'Internal Server Error', 'Something went wrong on our side.');
    }
    if (problem.status === 429) {
      const retry = reply.getHeader('retry-after');
      if (retry) problem.extra.retryAfter = Number(retry);
    }
    return sendProblemOrPage(ctx, request, reply, problem);
  });
  app.setNotFoundHandler((request, reply) => sendProblemOrPage(ctx, request, reply, new HttpProblem(404, 'Not Found', 'Nothing lives at this address.')));

  registerHealth(app, health);
  registerStatic(app, assets);
  registerApi(app, ctx);
  registerScanPages(app, ctx);
  registerContentPages(app, ctx);
  registerBadge(app, ctx);
  registerNotices(app, ctx);
  registerWatchPages(app, ctx);
  registerExports(app, ctx);

  await queue.start();
  const monitorSchedule = isPostgresUrl(config.db) && config.work ? new PgBossMonitorSchedule(config.db, () => monitor.tick(), (e) => void (health?.report(e) || app.log.error(e)), config.queueSchema) : undefined;
  if (monitorSchedule) await monitorSchedule.start();
  else if (!isPostgresUrl(config.db)) monitor.start();
  const purge = async () => {
    if (config.retentionDays <= 0) return;
    const removed = await store.purgeOlderThan(Date.now() - config.retentionDays * 86_400_000);
    if (removed) app.log.info({ removed }, 'retention: deleted old scans');
  };
  await purge();
  const retentionTimer = setInterval(() => void purge().catch((e) => app.log.error(e)), 3_600_000);
  retentionTimer.unref();

  return {
    app,
    store,
    queue,
    config,
    monitor,
    ...(health ? { health } : {}),
    close: async () => {
      clearInterval(retentionTimer);
      await monitorSchedule?.stop();
      await monitor.stop();
      await queue.stop();
      await app.close();
      await opened.close();
    },
  };
}

/** API callers get problem+json; browsers get an HTML error page with the same words. */
function sendProblemOrPage(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, problem: HttpProblem): FastifyReply {
  reply.code(problem.status);
  if (problem.status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '60');
  const wantsHtml = !request.url.startsWith('/api/') && !request.url.startsWith('/badge/') && /text\/html/.test(request.headers.accept ?? 'text/html');
  if (wantsHtml) return reply.type('text/html; charset=utf-8').send(errorPage(ctx.pageContext(request), problem));
  return sendProblem(request, reply, problem, true);
}

/**
 * A problem document. `withInstance: false` for the framework's refusals: their path is not a valid
 * or not a reasonable one, so it is not echoed. Those replies skip the hooks, so the headers are set here.
 */
function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: HttpProblem, withInstance: boolean): FastifyReply {
  if (!withInstance) {
    for (const [name, value] of Object.entries(securityHeaders(newNonce()))) reply.header(name, value);
  }
  return reply
    .code(problem.status)
    .type(PROBLEM_TYPE)
    .send(JSON.stringify(problemDocument(problem, withInstance ? request.url.split('?')[0] : undefined)));
}
