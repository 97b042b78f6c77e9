/**
 * Protection lab on loopback. One server answers each layer's block, challenge or rate-limit answer at
 * its own path on both schemes (as a layer that blocks the scanner does: before any redirect), plus
 * the site's own answers (a plain 403, a 200 page behind Cloudflare). A second server is a tidy site
 * with its own 403 on one probed path and one path blocked by Cloudflare's WAF. A third and fourth
 * make a site whose every request is redirected to a login page on another host.
 */
import type { RouteHandler, RouteResponse } from '../http-server.js';
import { startLabServer, type LabServer } from '../http-server.js';
import { createLabCa, type LabCa } from '../ca.js';
import { LAYER_ANSWERS, SITE_OWN_ANSWERS } from './answers.js';

export const SITE_HOST = 'shop.lab.test';
export const LOGIN_HOST = 'login.idp.test';

export interface ProtectionLab {
  ca: LabCa;
  /** Every layer's answer at /<name>, the site's own answers at /own/<name>. */
  answers: LabServer;
  /** A normal site: weak headers on /, its own 403 on /server-status, Cloudflare's block on /.env. */
  tidy: LabServer;
  /** Every request redirected to the login host. */
  app: LabServer;
  login: LabServer;
  /** Scan options pointing the site host at one server (and the login host at its server). */
  options(server: LabServer): { allowPrivate: true; resolve: string[]; ca: string[]; timeoutMs: number };
  url(server: LabServer, path: string, scheme?: 'http' | 'https'): string;
  close(): Promise<void>;
}

const HTML: [string, string] = ['Content-Type', 'text/html; charset=utf-8'];
const NOT_FOUND: RouteResponse = { status: 404, headers: [HTML], body: '<!doctype html><html><head><title>Not found</title></head><body><h1>Not found</h1></body></html>' };

export async function startProtectionLab(): Promise<ProtectionLab> {
  const ca = await createLabCa();
  const cert = await ca.issue({ dnsNames: [SITE_HOST, LOGIN_HOST] });

  const answerRoutes: Record<string, RouteResponse> = {};
  for (const [name, fixture] of Object.entries(LAYER_ANSWERS)) answerRoutes[`/${name}`] = fixture.response;
  for (const [name, response] of Object.entries(SITE_OWN_ANSWERS)) answerRoutes[`/own/${name}`] = response;
  const answers = await startLabServer({ cert, routes: { ...answerRoutes, '*': NOT_FOUND } });

  const tidy = await startLabServer({
    cert,
    routes: {
      '/': ((req, scheme) =>
        scheme === 'http'
          ? { status: 301, headers: [['Location', `https://${req.headers.host}/`]], body: '' }
          : { status: 200, headers: [HTML, ['X-Content-Type-Options', 'nosniff']], body: '<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1></body></html>' }) as RouteHandler,
      '/server-status': SITE_OWN_ANSWERS['plain-403']!,
      '/.env': LAYER_ANSWERS['cloudflare-block']!.response,
      '*': NOT_FOUND,
    },
  });

  let loginPort = 0;
  const login = await startLabServer({
    cert,
    routes: {
      '/oauth2/authorize': {
        status: 200,
        headers: [HTML, ['Set-Cookie', 'idp_flow=abc; Path=/']],
        body: '<!doctype html><html><head><title>Sign in</title></head><body><form method="post"><input name="username"><input type="password" name="password"><button>Sign in</button></form></body></html>',
      },
      '*': NOT_FOUND,
    },
  });
  loginPort = login.port;
  const app = await startLabServer({
    cert,
    routes: {
      '*': ((req) => ({
        status: 302,
        headers: [['Location', `https://${LOGIN_HOST}:${loginPort}/oauth2/authorize?client_id=shop&redirect_uri=${encodeURIComponent(`https://${SITE_HOST}${req.url}`)}`]],
        body: '',
      })) as RouteHandler,
    },
  });

  return {
    ca,
    answers,
    tidy,
    app,
    login,
    options: (server) => ({
      allowPrivate: true,
      resolve: [`${SITE_HOST}:${server.port}:127.0.0.1`, `${LOGIN_HOST}:${login.port}:127.0.0.1`],
      ca: [ca.certPem],
      timeoutMs: 3000,
    }),
    url: (server, path, scheme = 'https') => `${scheme}://${SITE_HOST}:${server.port}${path}`,
    close: async () => {
      await Promise.all([answers.close(), tidy.close(), app.close(), login.close()]);
    },
  };
}
