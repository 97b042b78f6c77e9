/** The stylesheet and client script, under content-hashed URLs so they can be cached for a year. */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { STYLESHEET } from '../assets/stylesheet.js';
import { CLIENT_SCRIPT } from '../assets/client-script.js';

interface Asset {
  body: string;
  type: string;
}

export interface StaticAssets {
  urls: { css: string; js: string };
  byPath: Map<string, Asset>;
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

export function staticAssets(): StaticAssets {
  const css = `/static/style.${hash(STYLESHEET)}.css`;
  const js = `/static/app.${hash(CLIENT_SCRIPT)}.js`;
  return {
    urls: { css, js },
    byPath: new Map([
      [css, { body: STYLESHEET, type: 'text/css; charset=utf-8' }],
      [js, { body: CLIENT_SCRIPT, type: 'text/javascript; charset=utf-8' }],
    ]),
  };
}

export function registerStatic(app: FastifyInstance, assets: StaticAssets): void {
  app.get('/static/:file', { config: { rateLimit: false } }, async (request, reply) => {
    const asset = assets.byPath.get(request.url.split('?')[0]!);
    if (!asset) return reply.callNotFound();
    return reply.header('cache-control', 'public, max-age=31536000, immutable').type(asset.type).send(asset.body);
  });
}
