/**
 * A lab target for the web tests (header lab on 127.0.0.1 behind the name api.target.test) and a
 * Scorifya server pointed at it with private targets allowed, as an operator would for an intranet.
 */
import { startHeaderSite, type HeaderSite, type Scenario } from '../lab/header-site.js';
import { GOOD_HEADERS, withHeader } from '../support/evidence.js';
import { createServer, type Server } from '../../src/server/app.js';
import type { ServerConfig } from '../../src/server/config.js';
import type { RawHeader } from '../../src/model/http.js';

/** Payloads a hostile target puts into everything it controls. Each would call alert() if it ran. */
export const PAYLOADS = {
  script: '<script>alert("xss-script")</script>',
  img: '<img src=x onerror=alert("xss-img")>',
  js: 'javascript:alert("xss-js")',
  svg: '"><svg onload=alert("xss-svg")>',
};

export const HOSTILE_HEADERS: RawHeader[] = [
  ['Strict-Transport-Security', `max-age=10; ${PAYLOADS.script}`],
  ['Content-Security-Policy', `default-src 'self'; script-src 'unsafe-inline' ${PAYLOADS.script}`],
  ['X-Frame-Options', PAYLOADS.img],
  ['Referrer-Policy', PAYLOADS.js],
  ['Permissions-Policy', PAYLOADS.svg],
  ['X-Content-Type-Options', PAYLOADS.img],
  ['Set-Cookie', `${PAYLOADS.script}=1; Path=/`],
  ['Set-Cookie', `session=${PAYLOADS.img}; Path=/`],
];

export interface WebLab {
  site: HeaderSite;
  server: Server;
  /** Headers of the /evolving page; tests change them between scans. */
  evolving: Scenario;
  close(): Promise<void>;
}

export async function startWebLab(config: Partial<ServerConfig> = {}): Promise<WebLab> {
  const evolving: Scenario = { headers: withHeader('Strict-Transport-Security', null, withHeader('Content-Security-Policy', null)) };
  const site = await startHeaderSite({
    '/': { headers: withHeader('Content-Security-Policy', null, withHeader('Permissions-Policy', null)) },
    '/good': { headers: GOOD_HEADERS },
    '/evolving': evolving,
    // Old software a scan can name (a server banner and a script file name): the Notices page lists their advisories.
    '/old-software': {
      headers: [...GOOD_HEADERS.filter(([name]) => name.toLowerCase() !== 'server'), ['Server', 'nginx/1.20.0']],
      body: '<!doctype html><html><head><title>old software</title><script src="/js/jquery-1.8.1.min.js"></script></head><body>old</body></html>',
    },
    '/hostile': {
      headers: HOSTILE_HEADERS,
      body: `<!doctype html><html><head><title>${PAYLOADS.script}${PAYLOADS.img}</title><meta http-equiv="Content-Security-Policy" content="${PAYLOADS.js}"></head><body>hi</body></html>`,
    },
  });
  const server = await createServer({
    db: ':memory:',
    logger: false,
    allowPrivate: true,
    resolve: site.scanOptions.resolve,
    ca: site.scanOptions.ca,
    timeoutMs: site.scanOptions.timeoutMs,
    cooldownSeconds: 0,
    ...config,
  });
  return {
    site,
    server,
    evolving,
    close: async () => {
      await server.close();
      await site.close();
    },
  };
}

/** Poll the API until the scan has finished (the in-process queue runs it in the background). */
export async function waitForScan(server: Server, id: string, timeoutMs = 20_000): Promise<Record<string, any>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await server.app.inject({ url: `/api/v1/scans/${id}` });
    const body = res.json();
    if (body.status === 'done' || body.status === 'failed') return body;
    if (Date.now() > until) throw new Error(`scan ${id} still ${body.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
