/** Every CORS finding id has a lab fixture that triggers it; a strict allow-list triggers none. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../../src/engine/index.js';
import { CORS_RULES } from '../../../src/scoring/rules/cors.js';
import { FIXTURES, startCorsSite, type CorsSite } from './cors-site.js';

let site: CorsSite;
beforeAll(async () => {
  site = await startCorsSite(Object.fromEntries(Object.entries(FIXTURES).map(([path, f]) => [path, f.policy])));
});
afterAll(() => site?.close());

describe('CORS lab fixtures through scan()', () => {
  it('cover every CORS finding id', () => {
    const covered = new Set(Object.values(FIXTURES).flatMap((f) => f.expect));
    expect([...covered].sort()).toEqual(Object.keys(CORS_RULES).sort());
  });

  it.each(Object.entries(FIXTURES))('%s yields exactly its findings', async (path, fixture) => {
    const { report, evidence } = await scan(site.url(path), { ...site.scanOptions, probes: ['cors'] });
    expect((evidence.cors as { status: string }).status).toBe('ok');
    const ids = [...new Set(report.findings.filter((f) => f.id.startsWith('cors_')).map((f) => f.id))].sort();
    expect(ids).toEqual([...fixture.expect].sort());
    // `probes: ['cors']` also runs the HTTP probe it depends on; its HTTPS-behaviour findings are not ours here.
    for (const f of report.findings.filter((x) => x.id.startsWith('cors_'))) {
      expect(f.category).toBe('headers');
      expect(f.evidence).toMatch(/^(GET|OPTIONS) https:\/\/api\.target\.test:\d+\//);
      expect(f.evidence).toMatch(/\nAttack: /);
    }
  });

  it('sends every probe even when the first origin is refused, with a fresh attacker domain per scan', async () => {
    const before = site.server.requests.length;
    const a = await scan(site.url('/strict'), { ...site.scanOptions, probes: ['cors'] });
    const sent = site.server.requests.slice(before).filter((r) => r.url === '/strict');
    const cors = (a.evidence.cors as { data: { probes: unknown[]; attackerDomain: string } }).data;
    // Besides the CORS probe's requests, the HTTP probe it depends on fetched the page over http and https.
    const http = (a.evidence.http as { data: { http: { hops: { url: string }[] }; https: { hops: { url: string }[] } } }).data;
    const pageFetches = [...http.http.hops, ...http.https.hops].filter((h) => new URL(h.url).pathname === '/strict').length;
    expect(sent.length).toBe(pageFetches + 1 + cors.probes.length * 2);
    expect(sent.filter((r) => r.method === 'OPTIONS').every((r) => r.headers['access-control-request-headers'] === 'authorization,content-type')).toBe(true);
    const b = await scan(site.url('/strict'), { ...site.scanOptions, probes: ['cors'] });
    expect((b.evidence.cors as { data: { attackerDomain: string } }).data.attackerDomain).not.toBe(cors.attackerDomain);
  });

  it('credentialed reflection on an error page is one step milder', async () => {
    const errSite = await startCorsSite({ '/e': { allowOrigin: (o) => o, credentials: 'true', vary: true, status: 404 } });
    try {
      const { report } = await scan(errSite.url('/e'), { ...errSite.scanOptions, probes: ['cors'] });
      const f = report.findings.find((x) => x.id === 'cors_origin_reflected_credentials');
      expect(f?.severity).toBe('high');
      const ok = await scan(site.url('/reflect-credentials'), { ...site.scanOptions, probes: ['cors'] });
      expect(ok.report.findings.find((x) => x.id === 'cors_origin_reflected_credentials')?.severity).toBe('critical');
    } finally {
      await errSite.close();
    }
  });
});
