/**
 * Lab pages for the page-content checks (Subresource Integrity, mixed content). One loopback server
 * answers http and https on one port (api.target.test; any name works, Chromium maps every name to
 * loopback), serves each scenario's page over https, and serves the subresources under /r/ on both
 * schemes, recording which scheme each request came in on. Each scenario says which findings the
 * scanner must give and how many URLs its HTML names; the Chromium test loads the same pages.
 */
import type { RawHeader } from '../../src/model/http.js';
import { createLabCa } from './ca.js';
import { startLabServer, type LabServer, type RouteResponse } from './http-server.js';

export const PAGE_HOST = 'api.target.test';

export interface PageContentScenario {
  headers: RawHeader[];
  /** The page's HTML; `o` is http://host:port (the same server in plain http), `s` its https twin. */
  body: (o: { http: string; https: string }) => string;
  expected: string[];
  /** How many URL-bearing attributes the extractor must record. */
  resources: number;
}

const HASH = 'sha384-zTm/dblzLXQNp3CgY+hfaC/WJ6h4XtNrePh2CW2+rO9GPuNiPb9jmthvAL+oI/dQ';
const page = (head: string, body = ''): string => `<!doctype html><html><head><title>lab</title>${head}</head><body>${body}</body></html>`;
const ACTIVE = (h: string) => `<script src="${h}/r/lib.js"></script><link rel="stylesheet" href="${h}/r/style.css">`;
const ACTIVE_BODY = (h: string) => `<iframe src="${h}/r/frame.html"></iframe>`;
const PASSIVE = (h: string) => `<img src="${h}/r/pixel.png"><video src="${h}/r/clip.webm"></video>`;
const FORM = (h: string) => `<form method="post" action="${h}/r/post"><input name="q" value="secret"><button id="send">send</button></form>`;
const UIR: RawHeader = ['Content-Security-Policy', 'upgrade-insecure-requests'];

export const PAGE_CONTENT_SCENARIOS: Record<string, PageContentScenario> = {
  '/sri-clean': {
    headers: [],
    body: () => page(`<script src="/r/lib.js"></script><script src="https://cdn.target.test/lib.js" integrity="${HASH}" crossorigin="anonymous"></script>`),
    expected: [],
    resources: 2,
  },
  '/sri-missing': {
    headers: [],
    body: () => page('<base href="https://cdn.target.test/v1/"><script src="lib.js"></script><link rel="stylesheet" href="//fonts.target.test/f.css">'),
    expected: ['sri_missing_cross_origin'],
    resources: 2,
  },
  '/sri-http-script': {
    headers: [],
    body: () => page(`<script src="http://cdn.target.test/lib.js" integrity="${HASH}"></script>`),
    expected: ['sri_script_over_http', 'mixed_content_active'],
    resources: 1,
  },
  '/mixed-active': {
    headers: [],
    body: (o) => page(ACTIVE(o.http), ACTIVE_BODY(o.http)),
    // The http script is also a script over plain http, the http style sheet one without a hash.
    expected: ['mixed_content_active', 'sri_script_over_http', 'sri_missing_cross_origin'],
    resources: 3,
  },
  '/mixed-passive': {
    headers: [],
    body: (o) => page('', PASSIVE(o.http)),
    expected: ['mixed_content_passive'],
    resources: 2,
  },
  '/mixed-form': {
    headers: [],
    body: (o) => page('', FORM(o.http)),
    expected: ['form_posts_to_http'],
    resources: 1,
  },
  '/mixed-all-upgraded': {
    headers: [UIR],
    body: (o) => page(ACTIVE(o.http), ACTIVE_BODY(o.http) + PASSIVE(o.http) + FORM(o.http)),
    // Upgraded, the http URLs of this server are its https URLs: same origin, nothing left to judge.
    expected: [],
    resources: 6,
  },
  '/mixed-meta-upgraded': {
    headers: [],
    body: (o) => page(`<meta http-equiv="Content-Security-Policy" content="upgrade-insecure-requests">${ACTIVE(o.http)}`, PASSIVE(o.http)),
    expected: [],
    resources: 4,
  },
  '/mixed-loopback': {
    headers: [],
    // http://localhost and http://127.0.0.1 are potentially trustworthy: not mixed content for browsers.
    body: (o) => page(`<script src="${o.http.replace(PAGE_HOST, 'localhost')}/r/lib.js"></script>`, `<img src="${o.http.replace(PAGE_HOST, '127.0.0.1')}/r/pixel.png">`),
    expected: ['sri_script_over_http'],
    resources: 2,
  },
};

const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const RESOURCES: Record<string, RouteResponse> = {
  '/r/lib.js': { status: 200, headers: [['Content-Type', 'text/javascript'], ['Access-Control-Allow-Origin', '*']], body: 'window.libRan = true;' },
  '/r/style.css': { status: 200, headers: [['Content-Type', 'text/css']], body: 'body { color: rgb(1, 2, 3); }' },
  '/r/frame.html': { status: 200, headers: [['Content-Type', 'text/html']], body: '<p>frame</p>' },
  '/r/pixel.png': { status: 200, headers: [['Content-Type', 'image/png']], body: PIXEL },
  '/r/clip.webm': { status: 200, headers: [['Content-Type', 'video/webm']], body: '' },
  '/r/post': { status: 200, headers: [['Content-Type', 'text/html']], body: '<p id="posted">posted</p>' },
};

export interface PageContentSite {
  server: LabServer;
  scanOptions: { allowPrivate: true; resolve: string[]; ca: string[]; timeoutMs: number };
  url(path: string, scheme?: 'http' | 'https', host?: string): string;
  close(): Promise<void>;
}

export async function startPageContentSite(): Promise<PageContentSite> {
  const ca = await createLabCa();
  const cert = await ca.issue({ dnsNames: [PAGE_HOST, 'localhost'], ipAddresses: ['127.0.0.1'] });
  let port = 0;
  const routes: Record<string, RouteResponse | ((req: import('node:http').IncomingMessage, scheme: 'http' | 'https') => RouteResponse)> = { ...RESOURCES };
  for (const [path, s] of Object.entries(PAGE_CONTENT_SCENARIOS)) {
    routes[path] = () => ({
      status: 200,
      headers: [['Content-Type', 'text/html; charset=utf-8'], ...s.headers],
      body: s.body({ http: `http://${PAGE_HOST}:${port}`, https: `https://${PAGE_HOST}:${port}` }),
    });
  }
  const server = await startLabServer({ cert, routes });
  port = server.port;
  return {
    server,
    scanOptions: { allowPrivate: true, resolve: [`${PAGE_HOST}:${port}:127.0.0.1`], ca: [ca.certPem], timeoutMs: 3000 },
    url: (path, scheme = 'https', host = PAGE_HOST) => `${scheme}://${host}:${port}${path}`,
    close: () => server.close(),
  };
}
