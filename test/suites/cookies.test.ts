/**
 * The http-state cookie parser suite (the cases WPT runs as cookies/http-state), every case three ways:
 * the suite's expected Cookie header, what our parser + storage verdict lead to (cookie-model-jar.ts),
 * and what Debian's Chromium actually sends (the oracle). Ours must equal Chromium except for the
 * deliberate differences listed in cookies/expected-differences.json; where the 2011 suite and today's
 * Chromium disagree, Chromium wins and the case is listed there too, so a change either way is noticed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadHttpStateCases, modelCookieHeader, type HttpStateCase } from './cookie-model-jar.js';
import { startCookieOracle, type CookieOracle } from './cookie-chromium.js';

const dir = fileURLToPath(new URL('./cookies/', import.meta.url));
interface Listed {
  case: string;
  suite?: string;
  ours?: string;
  chromium: string;
  reason: string;
}
const listed: { suiteVsChromium: Listed[]; oursVsChromium: Listed[] } = JSON.parse(readFileSync(`${dir}expected-differences.json`, 'utf8'));
const cases: HttpStateCase[] = loadHttpStateCases(`${dir}http-state`);

let oracle: CookieOracle;
beforeAll(async () => {
  expect(existsSync('/usr/bin/chromium'), 'Debian chromium must be installed').toBe(true);
  oracle = await startCookieOracle(cases);
}, 60_000);
afterAll(async () => oracle?.close());

/** Agreeing cases Chromium also checks, so the oracle harness is itself proven on known answers. */
const SAMPLE_EVERY = 10;

describe('cookies: http-state parser suite against our parser and Chromium', () => {
  it('every case: ours equals the suite, or Chromium sides with us; listed differences only', async () => {
    const rows = cases.map((c, i) => ({ c, i, name: c.name, suite: c.expected, ours: modelCookieHeader(c, oracle.port), chromium: undefined as string | undefined }));
    // Chromium settles every disagreement, and checks a fixed sample of agreements.
    for (const r of rows) if (r.ours !== r.suite || r.i % SAMPLE_EVERY === 0) r.chromium = await oracle.cookieHeader(r.c);
    const checked = rows.filter((r) => r.chromium !== undefined);
    const show = ({ name, suite, ours, chromium }: (typeof rows)[number]) => JSON.stringify({ name, suite, ours, chromium });
    const oursOff = checked.filter((r) => r.ours !== r.chromium);
    const suiteOff = checked.filter((r) => r.suite !== r.chromium);
    const agree = rows.filter((r) => r.ours === r.suite).length;
    const browserSidesWithUs = rows.filter((r) => r.ours !== r.suite && r.ours === r.chromium).length;
    console.log(
      `[conformance] cookies http-state: ${rows.length} cases; ours = suite in ${agree}; of the ${rows.length - agree} others Chromium sides with us in ${browserSidesWithUs}; Chromium checked ${checked.length} cases; ours ≠ Chromium in ${oursOff.length} (listed: ${listed.oursVsChromium.length})`,
    );
    expect(oursOff.filter((r) => !listed.oursVsChromium.some((l) => l.case === r.name && l.chromium === r.chromium && l.ours === r.ours)).map(show)).toEqual([]);
    expect(listed.oursVsChromium.filter((l) => !oursOff.some((r) => r.name === l.case)).map((l) => `${l.case} listed but now agrees`)).toEqual([]);
    expect(suiteOff.filter((r) => !listed.suiteVsChromium.some((l) => l.case === r.name && l.chromium === r.chromium)).map(show)).toEqual([]);
    expect(listed.suiteVsChromium.filter((l) => !suiteOff.some((r) => r.name === l.case)).map((l) => `${l.case} listed but suite and Chromium now agree`)).toEqual([]);
    expect(rows.length).toBeGreaterThan(200);
  }, 120_000);
});
