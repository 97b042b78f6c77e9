import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDictionary } from 'structured-headers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingContent } from '../../src/content/load.js';
import {
  type CertPair,
  type ValidationResult,
  checkApache,
  checkCaddy,
  checkExpressSyntax,
  checkNginx,
  headersSet,
  makeCertPair,
} from './snippet-harness.js';

const content = findingContent();
const snippets = [...content.values()].flatMap((c) => c.snippets.map((s) => ({ id: c.id, ...s })));

describe('header values in snippets', () => {
  it('extracts at least one header from most findings (the extractor itself works)', () => {
    // Only header findings are fixed with headers (TLS snippets configure protocols, ciphers, certificates).
    const headerFindings = [...content.values()].filter((c) => c.category === 'headers');
    const withHeaders = headerFindings.filter((c) => c.snippets.some((s) => headersSet(s.stack, s.code).length > 0));
    expect(withHeaders.length).toBeGreaterThanOrEqual(headerFindings.length - 3);
  });

  it('sets the same headers to the same values in nginx, Apache and Caddy', () => {
    const problems: string[] = [];
    for (const c of content.values()) {
      const byStack = ['nginx', 'Apache', 'Caddy'].map((stack) => {
        const code = c.snippets.find((s) => s.stack === stack)?.code ?? '';
        const pairs = headersSet(stack, code).map((h) => `${h.name.toLowerCase()}: ${h.value}`);
        return { stack, pairs: [...new Set(pairs)].sort() };
      });
      for (const other of byStack.slice(1)) {
        if (other.pairs.join('\n') !== byStack[0]!.pairs.join('\n')) {
          problems.push(`${c.id}: nginx sets [${byStack[0]!.pairs.join(' | ')}], ${other.stack} sets [${other.pairs.join(' | ')}]`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses well-formed values: HSTS of at least a year, parseable Permissions-Policy, no unsafe CSP keywords', () => {
    const problems: string[] = [];
    for (const s of snippets) {
      for (const h of headersSet(s.stack, s.code)) {
        const where = `${s.id}/${s.stack} ${h.name}`;
        const name = h.name.toLowerCase();
        if (name === 'strict-transport-security') {
          const m = /^max-age=(\d+)(; includeSubDomains)?(; preload)?$/.exec(h.value);
          if (!m) problems.push(`${where}: '${h.value}' is not in canonical form`);
          else if (Number(m[1]) < 31536000) problems.push(`${where}: max-age under a year`);
          else if (m[3] && !m[2]) problems.push(`${where}: preload without includeSubDomains`);
        }
        if (name === 'permissions-policy') {
          try {
            parseDictionary(h.value);
          } catch (err) {
            problems.push(`${where}: not a structured-field dictionary (${(err as Error).message})`);
          }
        }
        if (name.startsWith('content-security-policy') && /'unsafe-(inline|eval)'|script-src[^;]*\s(\*|https?:)(\s|;|$)/.test(h.value)) {
          problems.push(`${where}: recommends an unsafe source`);
        }
        if (name === 'x-frame-options' && !/^(DENY|SAMEORIGIN)$/.test(h.value)) problems.push(`${where}: '${h.value}'`);
        if (name === 'referrer-policy' && /unsafe-url|no-referrer-when-downgrade/.test(h.value)) problems.push(`${where}: weak value`);
      }
    }
    expect(problems).toEqual([]);
  });
});

/**
 * Each snippet, wrapped into a minimal config, must pass its own server's configuration test.
 * The servers come from .ci/apt/content.txt (nginx, apache2, caddy, openssl).
 */
describe('snippets pass their server’s own config check', () => {
  let base: string;
  let certs: CertPair;
  const results = new Map<string, ValidationResult>();

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'scorifya-snippets-'));
    certs = await makeCertPair(base);
    const queue = snippets.map((s, i) => async () => {
      const dir = join(base, String(i));
      mkdirSync(dir);
      const check =
        s.stack === 'nginx' ? checkNginx(s.code, dir, certs)
        : s.stack === 'Apache' ? checkApache(s.code, dir, certs)
        : s.stack === 'Caddy' ? checkCaddy(s.code, dir)
        : checkExpressSyntax(s.code, dir);
      results.set(`${s.id}/${s.stack}`, await check);
    });
    // A few at a time: each check is a short process, and CI has two cores.
    const workers = Array.from({ length: 4 }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) await job();
    });
    await Promise.all(workers);
    // Generous: about 20 s on an idle 2-core machine, but every check is a process start and a loaded
    // machine makes each one slow.
  }, 300_000);

  afterAll(() => {
    if (base) rmSync(base, { recursive: true, force: true });
  });

  for (const stack of ['nginx', 'Apache', 'Caddy', 'Express']) {
    it(`${stack} snippets are accepted`, () => {
      const failed = [...results]
        .filter(([key, r]) => key.endsWith(`/${stack}`) && !r.ok)
        .map(([key, r]) => `${key}: ${r.output.trim().split('\n').slice(0, 3).join(' / ')}`);
      expect(results.size).toBe(snippets.length);
      expect(failed).toEqual([]);
    });
  }

  it('the harness rejects broken config (negative control)', async () => {
    const dir = join(base, 'broken');
    mkdirSync(dir);
    mkdirSync(join(dir, 'n'));
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'c'));
    mkdirSync(join(dir, 'e'));
    expect((await checkNginx('add_header X-Test "1" sometimes;', join(dir, 'n'), certs)).ok).toBe(false);
    expect((await checkApache('Header always sett X-Test "1"', join(dir, 'a'), certs)).ok).toBe(false);
    expect((await checkCaddy('example.com {\n\theadr X-Test "1"\n}', join(dir, 'c'))).ok).toBe(false);
    expect((await checkExpressSyntax("app.use((req, res) => { res.setHeader('X', '1') ", join(dir, 'e'))).ok).toBe(false);
  });
});
