/**
 * Through the library's scan(): one careless WordPress lab site that also sets every kind of bad
 * cookie and leaks files, and one tidy site as negative control. The report must carry the cookies,
 * exposure and WordPress categories with points, and the tidy site none of their findings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/index.js';
import { createLabCa, type LabCa } from '../lab/ca.js';
import { startLabServer, type LabServer, type RouteHandler, type RouteResponse } from '../lab/http-server.js';
import { carelessWordPress, hardenedWordPress } from '../lab/wordpress/sites.js';
import { leakyRoutes } from '../lab/exposure/sites.js';

const HOST = 'shop.lab.test';
const BAD_COOKIES = [
  'theme=dark; Path=/',
  'sid=abc; Secure; Path=/',
  'csrftoken=t; Secure; HttpOnly; Path=/',
  'lang=en; Secure; SameSite=Sometimes; Path=/',
  'widget=1; SameSite=None; Path=/',
  '__Host-pref=1; Secure; Path=/; Domain=shop.lab.test',
  'auth_session=x; Secure; HttpOnly; SameSite=Lax; Domain=lab.test; Path=/',
  'remember_login=y; Secure; HttpOnly; SameSite=Lax; Max-Age=63072000; Path=/',
  `blob=${'z'.repeat(4200)}; Secure; Path=/`,
  // Chromium refuses a partitioned cookie without Secure; it used to vanish from the report.
  'embed_state=1; Partitioned; HttpOnly; SameSite=Lax; Path=/',
];
const GOOD_COOKIES = ['__Host-session=abc; Secure; HttpOnly; SameSite=Lax; Path=/', 'theme=dark; Secure; SameSite=Lax; Path=/'];

function withCookies(routes: Record<string, RouteHandler | RouteResponse>, cookies: string[], upgradeHttp = false) {
  const home = routes['/']!;
  return {
    ...routes,
    '/': ((req, scheme) => {
      // A tidy site sends plain http straight to https (cookies set over http could never be Secure).
      if (upgradeHttp && scheme === 'http') return { status: 301, headers: [['Location', `https://${req.headers.host}${req.url}`]], body: '' };
      const r = typeof home === 'function' ? home(req, scheme) : home;
      if (r.status !== undefined && r.status !== 200) return r;
      return { ...r, headers: [...(r.headers ?? []), ...cookies.map((c): [string, string] => ['Set-Cookie', c])] };
    }) as RouteHandler,
  };
}

let ca: LabCa;
let leaky: LabServer;
let tidy: LabServer;
beforeAll(async () => {
  ca = await createLabCa();
  const cert = await ca.issue({ dnsNames: [HOST] });
  const leakyWp = { ...leakyRoutes(), ...carelessWordPress(), '*': leakyRoutes()['*']! };
  leaky = await startLabServer({ cert, routes: withCookies(leakyWp, BAD_COOKIES) });
  let origin = '';
  const hardened = hardenedWordPress();
  tidy = await startLabServer({
    cert,
    routes: withCookies(
      {
        ...hardened,
        '/.well-known/security.txt': () => ({
          status: 200,
          headers: [['Content-Type', 'text/plain; charset=utf-8']],
          body: `Contact: mailto:security@shop.example\nExpires: 2099-01-01T00:00:00Z\nCanonical: ${origin}/.well-known/security.txt\n`,
        }),
      },
      GOOD_COOKIES,
      true,
    ),
  });
  origin = `https://${HOST}:${tidy.port}`;
}, 60_000);
afterAll(async () => {
  await leaky?.close();
  await tidy?.close();
});

const options = (server: LabServer) => ({
  allowPrivate: true as const,
  resolve: [`${HOST}:${server.port}:127.0.0.1`],
  ca: [ca.certPem],
  probes: ['http', 'exposure', 'wordpress'],
});

describe('scan() with the cookie, exposure and WordPress lab', () => {
  it('reports every cookie id and the three categories with points', async () => {
    const { report } = await scan(`https://${HOST}:${leaky.port}/`, options(leaky));
    const cookieIds = [...new Set(report.findings.filter((f) => f.category === 'cookies').map((f) => f.id))].sort();
    expect(cookieIds).toEqual([
      'cookie_domain_broad',
      'cookie_long_expiry',
      'cookie_no_httponly',
      'cookie_no_samesite',
      'cookie_no_secure',
      'cookie_oversized',
      'cookie_prefix_invalid',
      'cookie_rejected',
      'cookie_samesite_invalid',
      'cookie_samesite_none_insecure',
    ]);
    for (const id of ['cookies', 'exposure', 'wordpress'] as const) {
      const category = report.categories.find((c) => c.id === id)!;
      expect(category.status, id).toBe('measured');
      expect(category.pointsLost, id).toBeGreaterThan(0);
    }
    const rejected = report.findings.find((f) => f.id === 'cookie_rejected' && f.title.includes('embed_state'))!;
    expect(rejected.title).toContain('Partitioned requires the Secure attribute');
    expect(rejected.evidence).toContain('Partitioned requires the Secure attribute');
    expect(report.findings.some((f) => f.category === 'exposure' && f.id === 'exposed_env')).toBe(true);
    expect(report.findings.some((f) => f.id === 'wp_config_backup')).toBe(true);
    expect(report.caps.map((c) => c.id)).toEqual(expect.arrayContaining(['exposed_env', 'wp_config_backup']));
  });

  it('the tidy site: no cookie, exposure or WordPress finding beyond the detection note', async () => {
    const { report } = await scan(`https://${HOST}:${tidy.port}/`, options(tidy));
    const ours = report.findings.filter((f) => ['cookies', 'exposure', 'wordpress'].includes(f.category)).map((f) => f.id);
    expect(ours).toEqual(['wp_detected']);
    expect(report.categories.find((c) => c.id === 'wordpress')?.score).toBe(100);
    expect(report.categories.find((c) => c.id === 'cookies')?.score).toBe(100);
    expect(report.categories.find((c) => c.id === 'exposure')?.score).toBe(100);
  });
});
