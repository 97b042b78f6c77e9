/** The stylesheet and client script, under content-hashed URLs so they can be cached for a year. */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STYLESHEET } from '../assets/stylesheet.js';
import { CLIENT_SCRIPT } from '../assets/client-script.js';

interface Asset {
  body: string;
  type: string;
}

/** A small mark for the tab, so browsers do not log a 404 for /favicon.ico. */
const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#2f5bd3"/><path d="M21.5 10.5c-1.3-1.4-3.2-2-5.3-2-3.3 0-5.6 1.7-5.6 4.3 0 5.6 10.4 3.6 10.4 7.6 0 1.5-1.6 2.7-4.3 2.7-2.2 0-4.1-.8-5.4-2.3" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round"/></svg>';

export interface StaticAssets {
  urls: { css: string; js: string; icon: string };
  byPath: Map<string, Asset>;
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

export function staticAssets(): StaticAssets {
  const css = `/static/style.${hash(STYLESHEET)}.css`;
  const js = `/static/app.${hash(CLIENT_SCRIPT)}.js`;
  const icon = `/static/icon.${hash(ICON)}.svg`;
  return {
    urls: { css, js, icon },
    byPath: new Map([
      [css, { body: STYLESHEET, type: 'text/css; charset=utf-8' }],
      [js, { body: CLIENT_SCRIPT, type: 'text/javascript; charset=utf-8' }],
      [icon, { body: ICON, type: 'image/svg+xml' }],
      ['/favicon.ico', { body: ICON, type: 'image/svg+xml' }],
    ]),
  };
}

export function registerStatic(app: FastifyInstance, assets: StaticAssets): void {
  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const asset = assets.byPath.get(request.url.split('?')[0]!);
    if (!asset) return reply.callNotFound();
    const immutable = request.url.startsWith('/static/');
    return reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=86400').type(asset.type).send(asset.body);
  };
  app.get('/static/:file', { config: { rateLimit: false } }, serve);
  app.get('/favicon.ico', { config: { rateLimit: false } }, serve);
}
