/**
 * Browser truth: every lab cookie is set in Debian's Chromium from a lab server, and our verdict
 * "the browser stores / drops this cookie" must equal what Chromium's jar holds afterwards.
 * Host names are mapped to 127.0.0.1 inside Chromium (--host-resolver-rules), so http:// pages are
 * not "potentially trustworthy" the way http://127.0.0.1 would be; the lab certificate is accepted
 * with --ignore-certificate-errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { createLabCa } from '../lab/ca.js';
import { startLabServer, type LabServer } from '../lab/http-server.js';
import { parseSetCookie } from '../../src/checks/cookies/parse.js';
import { browserVerdict, type RejectReason } from '../../src/checks/cookies/verdict.js';
import { REJECT_CAUSES } from '../../src/checks/cookies/rejected.js';
import { SET_HOST, loadHttpStateCases } from '../suites/cookie-model-jar.js';
import { fileURLToPath } from 'node:url';
import { BROWSER_COOKIE_CASES, LAB_HOSTS } from './browser-cases.js';
import { CHROMIUM_ARGS, LOOPBACK_ONLY_ARGS } from '../support/chromium.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  ...CHROMIUM_ARGS,
  // Every name resolves to loopback: nothing can leave the machine whatever a page asks for.
  ...LOOPBACK_ONLY_ARGS,
  '--ignore-certificate-errors',
];

let server: LabServer;
let browser: Browser;

beforeAll(async () => {
  expect(existsSync(CHROMIUM), 'Debian chromium must be installed (apt-get install -y chromium)').toBe(true);
  const ca = await createLabCa();
  const cert = await ca.issue({ dnsNames: LAB_HOSTS });
  const routes = Object.fromEntries(
    BROWSER_COOKIE_CASES.map((c, i) => [
      `/set/${i}`,
      { status: 200, headers: [['Content-Type', 'text/html'], ['Set-Cookie', c.raw]] as [string, string][], body: '<p>ok</p>' },
    ]),
  );
  server = await startLabServer({ cert, routes });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('cookie verdicts against Chromium', () => {
  it('stores exactly the cookies our verdict says it stores', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const setAt = new Date();
    for (const [i, c] of BROWSER_COOKIE_CASES.entries()) {
      const response = await page.goto(`${c.scheme}://${c.host}:${server.port}/set/${i}`);
      expect(response?.status(), `lab page for ${c.key}`).toBe(200);
    }
    const jar = await context.cookies();
    const mismatches: string[] = [];
    for (const [i, c] of BROWSER_COOKIE_CASES.entries()) {
      const inJar = jar.some((k) => (c.nameless ? k.name === '' && k.value === c.key : k.name === c.key));
      const url = `${c.scheme}://${c.host}:${server.port}/set/${i}`;
      const verdict = browserVerdict(parseSetCookie(c.raw), url, setAt);
      if (verdict.stored !== inJar) {
        mismatches.push(`${c.key} (${c.scheme}://${c.host}): Chromium ${inJar ? 'stored' : 'dropped'} it, we said ${verdict.stored ? 'stored' : `dropped: ${verdict.reasons.join(',')}`}`);
      }
    }
    // Chromium also asks for /favicon.ico; count only the lab pages.
    expect(server.requests.filter((r) => r.url.startsWith('/set/')).length).toBe(BROWSER_COOKIE_CASES.length);
    expect(mismatches).toEqual([]);
    // Both outcomes must occur, or the comparison proves nothing.
    const storedCount = BROWSER_COOKIE_CASES.filter((c) => jar.some((k) => (c.nameless ? k.name === '' && k.value === c.key : k.name === c.key))).length;
    expect(storedCount).toBeGreaterThan(5);
    expect(storedCount).toBeLessThan(BROWSER_COOKIE_CASES.length - 5);
    await context.close();
  }, 120_000);

  it('every reason a finding can name is proven against Chromium: by the cases above, or by the http-state suite', () => {
    const named: RejectReason[] = [...REJECT_CAUSES, 'samesite_none_without_secure', 'secure_prefix', 'host_prefix', 'nameless_prefix', 'too_large'];
    const seen = new Set(BROWSER_COOKIE_CASES.flatMap((c) => browserVerdict(parseSetCookie(c.raw), `${c.scheme}://${c.host}/`, new Date()).reasons));
    // Control characters and "=a=b" need bytes node:http refuses to send: the http-state suite
    // (test/suites/cookies.test.ts) serves its cases byte for byte to Chromium and compares jars.
    for (const c of loadHttpStateCases(fileURLToPath(new URL('../suites/cookies/http-state/', import.meta.url)))) {
      for (const raw of c.setCookies) for (const r of browserVerdict(parseSetCookie(raw), `http://${SET_HOST}/cookie-parser-result`, new Date()).reasons) seen.add(r);
    }
    expect(named.filter((r) => !seen.has(r))).toEqual([]);
  });
});
