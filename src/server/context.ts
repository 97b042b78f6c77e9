/**
 * What every route and page of the web app shares: the configuration, the store, the scan service, the
 * progress hub, the queue and the monitor. app.ts builds it; routes receive it. Its own module so that
 * routes depend on this description, not on app.ts (which imports every route).
 */
import type { FastifyRequest } from 'fastify';
import type { ServerConfig } from './config.js';
import type { ScanStore } from '../store/scan-store.js';
import type { ScanService } from './scan-service.js';
import type { ProgressHub } from '../queue/progress-hub.js';
import type { JobQueue } from '../queue/queue.js';
import type { Monitor } from '../monitor/monitor.js';
import type { OpenStreams } from './open-streams.js';
import type { PageContext } from './html/layout.js';

declare module 'fastify' {
  interface FastifyRequest {
    nonce: string;
  }
}

export interface AppContext {
  config: ServerConfig;
  store: ScanStore;
  service: ScanService;
  hub: ProgressHub;
  queue: JobQueue;
  monitor: Monitor;
  /** Event streams open per client address (the cap is config.sseMaxPerClient). */
  streams: OpenStreams;
  pageContext(request: FastifyRequest): PageContext;
}
