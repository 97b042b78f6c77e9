import { describe, expect, it } from 'vitest';
import { SIGNATURES } from '../../src/checks/exposure/signatures.js';
import { judgeAgainstBaselines, normaliseBody, resemblesBaseline } from '../../src/checks/exposure/baseline.js';
import { EXPOSURE_CATALOGUE, SOURCE_MAP_PROBE } from '../../src/probes/exposure-catalogue.js';
import { shapeOf } from '../../src/model/exposure.js';
import { EXPOSURE_RULES } from '../../src/scoring/rules/exposure.js';
import type { ExposureResponse } from '../../src/model/exposure.js';

function resp(probe: string, body: string, type = 'text/plain', status = 200, path = '/x'): ExposureResponse {
  return { probe, path, url: `https://shop.example${path}`, method: 'GET', shape: shapeOf(path), sent: [], status, headers: [['Content-Type', type]], body, bodyBytes: body.length, bodyTruncated: false };
}

/** One real sample per probe name: each must match, and must stop matching as an HTML page or a 404. */
const SAMPLES: Record<string, [string, string?]> = {
  git_head: ['ref: refs/heads/main\n'],
  git_config: ['[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n'],
  svn_entries: ['12\n'],
  svn_wcdb: ['SQLite format 3\u0000\u0010\u0000', 'application/octet-stream'],
  hg_requires: ['dotencode\nfncache\ngeneraldelta\nrevlogv1\nstore\n'],
  env: ['APP_ENV=prod\nAPP_KEY=abc\n'],
  env_local: ['DB_HOST=db\nDB_PASSWORD=x\n'],
  env_production: ['export STRIPE_SECRET_KEY=sk\nNODE_ENV=production\n'],
  ds_store: ['\u0000\u0000\u0000\u0001Bud1\u0000\u0000', 'application/octet-stream'],
  htpasswd: ['admin:$apr1$abc$defghijklmnop\n'],
  web_config: ['<?xml version="1.0"?>\n<configuration>\n<connectionStrings><add name="db"/></connectionStrings></configuration>', 'application/xml'],
  aws_credentials: ['[default]\naws_access_key_id = AKIA\naws_secret_access_key = xyz\n'],
  npmrc: ['//registry.npmjs.org/:_authToken=npm_abcdef\n'],
  docker_compose: ['services:\n  db:\n    image: postgres\n    environment:\n      - POSTGRES_PASSWORD=pw\n', 'application/yaml'],
  id_rsa: ['-----BEGIN RSA PRIVATE KEY-----\nMIIE\n'],
  ssh_id_rsa: ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n'],
  phpinfo: ['<html><body><table><tr><td>PHP Version 8.1.2</td></tr><tr><td>PHP Extension</td></tr></table></body></html>', 'text/html'],
  info_php: ['<html><body><table><tr><td>PHP Version 7.4.3</td></tr><tr><td>Zend Engine</td></tr></table></body></html>', 'text/html'],
  server_status: ['<html><body><h1>Apache Server Status for x</h1><dt>Server Version: Apache/2.4</dt></body></html>', 'text/html'],
  server_info: ['<html><body><h1>Apache Server Information</h1><dt><strong>Server Version:</strong> Apache</dt></body></html>', 'text/html'],
  nginx_status: ['Active connections: 2 \nserver accepts handled requests\n 1 1 1 \n'],
  actuator: ['{"_links":{"self":{"href":"/actuator"},"health":{"href":"/actuator/health"}}}', 'application/json'],
  actuator_env: ['{"activeProfiles":[],"propertySources":[]}', 'application/json'],
  actuator_heapdump: ['JAVA PROFILE 1.0.2\u0000', 'application/octet-stream'],
  elmah: ['<html><body><h1>Error Log for ROOT on WEB01</h1><p>Powered by ELMAH</p></body></html>', 'text/html'],
  trace_axd: ['<html><body><h1>Application Trace</h1><a>clear current trace</a><p>Requests to this Application</p></body></html>', 'text/html'],
  swagger_json: ['{"swagger":"2.0","paths":{"/a":{}}}', 'application/json'],
  openapi_json: ['{"openapi":"3.0.1","paths":{}}', 'application/json'],
  swagger_ui: ['<html><body><div id="swagger-ui"></div><script src="swagger-ui-bundle.js"></script></body></html>', 'text/html'],
  backup_zip: ['PK\u0003\u0004\u0014\u0000', 'application/zip'],
  backup_targz: ['\u001f\ufffd\u0008\u0000', 'application/gzip'],
  backup_sql: ['-- dump\nCREATE TABLE users (id int);\n'],
  dump_sql: ['INSERT INTO users VALUES (1);\n'],
  config_php_bak: ["<?php\ndefine('DB_PASSWORD', 'x');\n"],
  debug_log: ['[25-Nov-2026 10:00:00 UTC] PHP Fatal error:  Uncaught Error in /var/www/a.php:3\n'],
  laravel_log: ['[2026-11-25 10:00:00] production.ERROR: boom {"exception":"x"}\n'],
  crossdomain: ['<cross-domain-policy><allow-access-from domain="*"/></cross-domain-policy>', 'text/xml'],
  listing_backup: ['<html><head><title>Index of /backup</title></head><body><a href="db.sql">db.sql</a></body></html>', 'text/html'],
  listing_uploads: ['<html><head><title>Directory listing for /uploads/</title></head><body><a href="a.png">a</a></body></html>', 'text/html'],
  source_map: ['{"version":3,"sources":["a.ts"],"mappings":"AAAA"}', 'application/json'],
};

const HTML_PAGE = (inner: string) => `<!doctype html><html><head><title>Shop</title></head><body><p>${inner}</p></body></html>`;

describe('exposure signatures', () => {
  it('every catalogue entry (and the source-map probe) has a signature and a sample, and every id a scoring rule', () => {
    const names = [...EXPOSURE_CATALOGUE.map((e) => e.name).filter((n) => !n.startsWith('security_txt')), SOURCE_MAP_PROBE];
    for (const name of names) {
      expect(SIGNATURES[name], name).toBeDefined();
      expect(SAMPLES[name], name).toBeDefined();
    }
    for (const sig of Object.values(SIGNATURES)) expect(EXPOSURE_RULES[sig.id]?.category, sig.id).toBe('exposure');
  });

  for (const [name, [body, type]] of Object.entries(SAMPLES)) {
    it(`${name}: matches the real thing, not a 404, not an HTML page quoting it`, () => {
      const sig = SIGNATURES[name]!;
      expect(sig.match(resp(name, body, type)), 'sample').toBeDefined();
      expect(sig.match(resp(name, body, type, 404)), '404').toBeUndefined();
      expect(sig.match(resp(name, body, type, 302)), '302').toBeUndefined();
      if (type !== 'text/html' && !['ds_store', 'actuator_heapdump', 'svn_wcdb', 'backup_zip', 'backup_targz'].includes(name)) {
        expect(sig.match(resp(name, HTML_PAGE(body), 'text/html')), 'html page quoting it').toBeUndefined();
      }
      expect(sig.match(resp(name, '', type)), 'empty').toBeUndefined();
    });
  }

  it('restricted crossdomain.xml and a map without mappings do not match', () => {
    expect(SIGNATURES['crossdomain']!.match(resp('crossdomain', '<cross-domain-policy><allow-access-from domain="*.shop.example"/></cross-domain-policy>'))).toBeUndefined();
    expect(SIGNATURES['source_map']!.match(resp('source_map', '{"version":3}', 'application/json'))).toBeUndefined();
  });
});

describe('soft-404 baseline comparison', () => {
  it('blanks the echoed path, ids and numbers', () => {
    const a = resp('x', 'Sorry, /.git/HEAD was not found (request 1234)', 'text/html', 200, '/.git/HEAD');
    const b = resp('baseline', 'Sorry, /.0b3c5e0a-1111-4222-8333-444455556666 was not found (request 98)', 'text/html', 200, '/.0b3c5e0a-1111-4222-8333-444455556666');
    expect(normaliseBody(a)).toBe(normaliseBody(b));
    expect(resemblesBaseline(a, b)).toBe(true);
  });

  it('different status or different content is distinct; a baseline matching the signature suppresses', () => {
    const hit = resp('git_head', 'ref: refs/heads/main\n', 'text/plain', 200, '/.git/HEAD');
    const notFound = resp('baseline', 'no', 'text/plain', 404, '/.abc');
    const catchAll = resp('baseline', 'ref: refs/heads/main\n', 'text/plain', 200, '/.abc');
    const match = (r: ExposureResponse) => SIGNATURES['git_head']!.match(r) !== undefined;
    expect(judgeAgainstBaselines(hit, [notFound], match)).toBe('distinct');
    expect(judgeAgainstBaselines(hit, [catchAll], match)).toBe('baseline_matches_signature');
    expect(judgeAgainstBaselines(hit, [resp('baseline', 'ref: refs/heads/main\n', 'text/plain', 200, '/abc')], () => false)).toBe('like_baseline');
  });

  it('path shapes', () => {
    expect(['/abc', '/abc.php', '/.abc', '/abc/', '/.git/HEAD', '/wp-config.php.bak', '/a/.env'].map(shapeOf)).toEqual(['file', 'php', 'dotfile', 'dir', 'dotfile', 'php', 'dotfile']);
  });
});

describe('which origin the probes go to', () => {
  it('follows the main page within the same site, never to a third party', async () => {
    const { siteOrigin } = await import('../../src/probes/path-fetch.js');
    expect(siteOrigin('https://www.shop.example.com/home', 'http://shop.example.com/')).toBe('https://www.shop.example.com');
    expect(siteOrigin('https://login.identity-provider.example.net/', 'https://shop.example.com/')).toBe('https://shop.example.com');
    expect(siteOrigin('https://127.0.0.1:8443/', 'http://127.0.0.1:8080/')).toBe('https://127.0.0.1:8443');
    expect(siteOrigin('https://127.0.0.2/', 'http://127.0.0.1/')).toBe('http://127.0.0.1');
    expect(siteOrigin(undefined, 'https://shop.example.com/x')).toBe('https://shop.example.com');
  });
});
