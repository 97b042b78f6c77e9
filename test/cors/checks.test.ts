/** The CORS checks on hand-written evidence: no network, exact inputs, exact findings. */
import { describe, expect, it } from 'vitest';
import type { CorsEvidence, CorsExchange, CorsProbeKind, CorsProbeResult } from '../../src/model/cors.js';
import type { RawHeader } from '../../src/model/http.js';
import type { Evidence } from '../../src/model/evidence.js';
import { runChecks } from '../../src/checks/run.js';
import { CORS_CHECKS } from '../../src/checks/cors/index.js';
import { originProbes, unescapedDot, registrableDomainOf } from '../../src/probes/cors-origins.js';

const URL_ = 'https://api.shop.test/me';
const SELF = 'https://api.shop.test';
const ATTACKER = 'sfy-abcdefgh.com';

type Policy = (origin: string | undefined, preflight: boolean) => { status?: number; headers: RawHeader[] } | undefined;

function exchange(method: string, origin: string | undefined, policy: Policy, preflight = false): CorsExchange {
  const headers: RawHeader[] = origin === undefined ? [] : [['Origin', origin]];
  if (preflight) headers.push(['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', 'authorization,content-type']);
  const answer = policy(origin, preflight);
  const request = { method, url: URL_, headers };
  if (!answer) return { request, error: { code: 'TIMEOUT', message: 'no response' } };
  return { request, response: { status: answer.status ?? (preflight ? 204 : 200), headers: answer.headers, totalHeaders: answer.headers.length + 3, durationMs: 5 } };
}

function evidenceFor(policy: Policy): Evidence {
  const probes: CorsProbeResult[] = originProbes(URL_, ATTACKER).map((o) => ({
    kind: o.kind as CorsProbeKind,
    label: o.label,
    origin: o.origin,
    get: exchange('GET', o.origin, policy),
    preflight: exchange('OPTIONS', o.origin, policy, true),
  }));
  const cors: CorsEvidence = {
    url: URL_, siteOrigin: SELF, registrableDomain: 'shop.test', attackerDomain: ATTACKER,
    preflightAsks: { method: 'PUT', headers: ['authorization', 'content-type'] },
    baseline: exchange('GET', undefined, policy), probes, skipped: 0,
  };
  return { schemaVersion: 1, target: { input: URL_, url: URL_, host: 'api.shop.test', schemeGiven: true, resolved: [] }, startedAt: '2026-01-01T00:00:00Z', durationMs: 0, cors: { status: 'ok', data: cors } };
}

const run = (policy: Policy) => runChecks(CORS_CHECKS, evidenceFor(policy)).flatMap((r) => r.results);
const ids = (policy: Policy) => run(policy).map((r) => r.id).sort();

const reflect = (extra: RawHeader[] = [], status?: number): Policy => (o) => ({ status, headers: o ? [['Access-Control-Allow-Origin', o], ...extra] : [] });

describe('origin trust', () => {
  it('reflection with credentials: critical, with the exact exchange and an attack story', () => {
    const [f, ...rest] = run(reflect([['Access-Control-Allow-Credentials', 'true'], ['Vary', 'Origin']]));
    expect(f!.id).toBe('cors_origin_reflected_credentials');
    expect(f!.severity).toBe('critical');
    expect(f!.evidence).toContain(`GET ${URL_}\n> Origin: https://${ATTACKER}\n< HTTP 200\n< Access-Control-Allow-Origin: https://${ATTACKER}\n< Access-Control-Allow-Credentials: true`);
    expect(f!.evidence).toContain(`Attack: a page on https://${ATTACKER} can read ${URL_} with the visitor's cookies`);
    expect(rest.map((r) => r.id)).toEqual(['cors_null_origin']); // bypass ids are folded into the reflection
  });
  it('reflection on a 404 is one step milder; ACAC "True" means no credentials', () => {
    expect(run(reflect([['Access-Control-Allow-Credentials', 'true'], ['Vary', 'Origin']], 404))[0]!.severity).toBe('high');
    const r = run(reflect([['Access-Control-Allow-Credentials', 'True'], ['Vary', 'Origin']]));
    expect(r.map((x) => x.id).sort()).toEqual(['cors_credentials_value_invalid', 'cors_null_origin', 'cors_origin_reflected']);
    expect(r.find((x) => x.id === 'cors_origin_reflected')!.severity).toBe('medium');
  });
  it('a reflected origin that the browser still refuses (two ACAO lines) is not reported as trust', () => {
    const twice: Policy = (o) => ({ headers: o ? [['Access-Control-Allow-Origin', o], ['Access-Control-Allow-Origin', o], ['Vary', 'Origin']] : [] });
    expect(ids(twice)).toEqual([]);
  });
  it('each bypass pattern maps to its id', () => {
    const only = (test: (o: string) => boolean): Policy => (o) => ({ headers: o && test(o) ? [['Access-Control-Allow-Origin', o], ['Access-Control-Allow-Credentials', 'true'], ['Vary', 'Origin']] : [['Vary', 'Origin']] });
    expect(ids(only((o) => o.startsWith(SELF)))).toEqual(['cors_prefix_bypass']);
    expect(ids(only((o) => o.endsWith('shop.test') && o.startsWith('https://') && !o.endsWith('.api.shop.test')))).toEqual(['cors_suffix_bypass', 'cors_unescaped_dot']); // apixshop.test also ends in shop.test
    expect(ids(only((o) => /^https:\/\/api.shop.test$/.test(o)))).toEqual(['cors_unescaped_dot']);
    expect(ids(only((o) => o === 'http://api.shop.test'))).toEqual(['cors_http_origin_trusted']);
    expect(ids(only((o) => o.endsWith('.api.shop.test')))).toEqual(['cors_subdomain_trusted']);
    expect(ids(only((o) => o === 'https://jsfiddle.net'))).toEqual(['cors_third_party_trusted']);
    expect(ids(only((o) => o === 'null'))).toEqual(['cors_null_origin']);
    expect(ids(only((o) => o === SELF))).toEqual([]);
  });
  it('severity follows credentials for bypasses', () => {
    const noCreds: Policy = (o) => ({ headers: o?.startsWith(SELF) ? [['Access-Control-Allow-Origin', o], ['Vary', 'Origin']] : [['Vary', 'Origin']] });
    expect(run(noCreds)[0]).toMatchObject({ id: 'cors_prefix_bypass', severity: 'medium' });
  });
});

describe('wildcard, preflight, credentials value, vary', () => {
  it('"*" alone is info; with ACAC true it is flagged twice (response and preflight)', () => {
    expect(ids(() => ({ headers: [['Access-Control-Allow-Origin', '*']] }))).toEqual(['cors_wildcard']);
    expect(ids(() => ({ headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true']] }))).toEqual([
      'cors_preflight_wildcard_credentials', 'cors_wildcard', 'cors_wildcard_credentials_invalid',
    ]);
  });
  it('preflight "*" lists with credentials, and Max-Age beyond the caps', () => {
    const strict = (extra: RawHeader[]): Policy => (o, pf) => ({
      headers: o === SELF ? [['Access-Control-Allow-Origin', o], ['Access-Control-Allow-Credentials', 'true'], ['Vary', 'Origin'], ...(pf ? extra : [])] : [['Vary', 'Origin']],
    });
    expect(ids(strict([['Access-Control-Allow-Methods', '*'], ['Access-Control-Allow-Headers', 'authorization, content-type']]))).toEqual(['cors_preflight_wildcard_credentials']);
    const age = run(strict([['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Max-Age', '86400']]));
    expect(age.map((f) => f.id)).toEqual(['cors_max_age_excessive']);
    expect(age[0]!.details).toMatchObject({ declared: 86400, chromium: 7200, firefox: 86400 });
    expect(ids(strict([['Access-Control-Max-Age', '7200']]))).toEqual([]);
  });
  it('ACAC "false" is harmless; repeated "true" is invalid', () => {
    const p = (acac: RawHeader[]): Policy => (o) => ({ headers: o === SELF ? [['Access-Control-Allow-Origin', o], ...acac, ['Vary', 'Origin']] : [['Vary', 'Origin']] });
    expect(ids(p([['Access-Control-Allow-Credentials', 'false']]))).toEqual([]);
    expect(ids(p([['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Credentials', 'true']]))).toEqual(['cors_credentials_value_invalid']);
  });
  it('Vary: Origin is required once ACAO depends on Origin', () => {
    const allowSelf = (vary: boolean): Policy => (o) => ({ headers: [...(o === SELF ? [['Access-Control-Allow-Origin', o] as RawHeader] : []), ...(vary ? [['Vary', 'Accept-Encoding, Origin'] as RawHeader] : [])] });
    expect(ids(allowSelf(false))).toEqual(['cors_vary_missing']);
    expect(ids(allowSelf(true))).toEqual([]);
  });
  it('no response at all: nothing to report, no crash', () => {
    expect(ids(() => undefined)).toEqual([]);
  });
});

describe('probe origins', () => {
  it('derive attacker origins from host, registrable domain and the random domain', () => {
    const o = Object.fromEntries(originProbes('https://api.shop.test:8443/x', ATTACKER).map((p) => [`${p.kind}:${p.origin}`, 1]));
    for (const k of [
      'own_origin:https://api.shop.test:8443', `arbitrary:https://${ATTACKER}`, 'null:null', `prefix:https://api.shop.test.${ATTACKER}`,
      'suffix:https://sfy-abcdefghshop.test', 'unescaped_dot:https://apixshop.test:8443', `special_chars:https://api.shop.test_.${ATTACKER}`,
      'subdomain:https://sfy-abcdefgh.api.shop.test:8443', 'http_origin:http://api.shop.test:8443', 'third_party:https://codepen.io',
    ]) expect(o[k]).toBe(1);
    expect(originProbes('http://api.shop.test/', ATTACKER).some((p) => p.kind === 'http_origin')).toBe(false);
  });
  it('handle public suffixes, bare domains and IP literals', () => {
    expect(registrableDomainOf('www.example.co.uk')).toBe('example.co.uk');
    expect(unescapedDot('www.example.co.uk', 'example.co.uk')).toBe('wwwxexample.co.uk');
    expect(unescapedDot('example.co.uk', 'example.co.uk')).toBe('examplexco.uk');
    expect(registrableDomainOf('127.0.0.1')).toBe('127.0.0.1');
    expect(() => originProbes('https://[::1]:8443/', ATTACKER)).not.toThrow();
  });
});
