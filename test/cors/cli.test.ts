/** `scorifya cors` end to end against the CORS lab (built CLI, loopback guard loaded). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { CORS_LAB_HOST, FIXTURES, startCorsSite, type CorsSite } from '../lab/cors/cors-site.js';

let site: CorsSite;
let caFile: string;
beforeAll(async () => {
  site = await startCorsSite({ '/reflect-credentials': FIXTURES['/reflect-credentials']!.policy, '/strict': FIXTURES['/strict']!.policy,
    '/app': { ...FIXTURES['/strict']!.policy, allowOrigin: (o) => (o === 'https://app.target.test' ? o : undefined) },
  });
  const dir = mkdtempSync(join(tmpdir(), 'scorifya-cors-'));
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, site.ca.certPem);
});
afterAll(() => site?.close());

// A CLI start costs seconds on a loaded two-core machine: generous limits, the assertions stay exact.
const SLOW = 120_000;
const cli = (args: string[]) => runCli(args, {}, SLOW);
const lab = () => ['--resolve', `${CORS_LAB_HOST}:${site.server.port}:127.0.0.1`, '--allow-private', '--ca', caFile];

describe('scorifya cors', () => {
  it('prints the probe matrix and the findings', async () => {
    const r = await cli(['cors', site.url('/reflect-credentials'), ...lab()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/arbitrary\s+https:\/\/sfy-[a-z0-9]{8}\.com\s+200\s+https:\/\/sfy-/);
    expect(r.stdout).toContain('[CRITICAL] cors_origin_reflected_credentials');
    expect(r.stdout).toContain("Attack: a page on https://sfy-");
    expect(r.stdout).toContain('/learn/cors');
  }, SLOW);

  it('answers "would this request from this origin work?" with the reason', async () => {
    const yes = await cli(['cors', site.url('/app'), ...lab(), '--origin', 'https://app.target.test', '--method', 'PUT', '--header', 'Authorization: Bearer x', '--credentials']);
    expect(yes.stdout).toContain('No CORS findings');
    expect(yes.stdout).toMatch(/YES — Allowed: a page on https:\/\/app\.target\.test can read this 200 response with the user's cookies/);
    expect(yes.stdout).toContain('A preflight is needed because method PUT is not one of GET, HEAD, POST; header authorization is not CORS-safelisted');
    expect(yes.stdout).toMatch(/sent actual PUT → 200 \(GET with the same Origin/);
    const no = await cli(['cors', site.url('/strict'), ...lab(), '--origin', 'https://other.example', '--json']);
    const json = JSON.parse(no.stdout);
    expect(json.question.verdict.allowed).toBe(false);
    expect(json.question.verdict.blocked.code).toBe('ACAO_MISSING');
    expect(json.findings).toEqual([]);
  }, 2 * SLOW);

  it('refuses a malformed --origin and private targets without --allow-private', async () => {
    const bad = await cli(['cors', site.url('/strict'), ...lab(), '--origin', 'https://a.example/path']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--origin must be a serialised origin');
    const refused = await cli(['cors', `http://127.0.0.1:${site.server.port}/strict`]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/refus|private|loopback/i);
  }, 2 * SLOW);
});
