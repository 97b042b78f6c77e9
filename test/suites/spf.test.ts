/**
 * The openspf / pyspf conformance suites for RFC 7208 and RFC 4408, run case by case through our
 * check_host() (evaluateSpf) over an in-memory resolver serving each scenario's zone data. A result the
 * suite lists as acceptable counts as a pass; explanations are compared where the suite gives one. Cases
 * we judge differently on purpose are listed, with the reason, in spf/expected-differences.json.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateSpf } from '../../src/net/dns/spf-evaluate.js';
import { loadSuite, ZoneResolver } from './spf-zone.js';

const dir = fileURLToPath(new URL('./spf/', import.meta.url));
const SUITES = ['rfc7208-tests.yml', 'rfc4408-tests.yml'];
interface Difference {
  suite: string;
  test: string;
  ours: string;
  reason: string;
}
const expected: Difference[] = JSON.parse(readFileSync(`${dir}expected-differences.json`, 'utf8'));

interface Outcome {
  suite: string;
  test: string;
  ok: boolean;
  ours: string;
  wanted: string;
}

async function runSuite(file: string): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const scenario of loadSuite(`${dir}${file}`)) {
    for (const [name, t] of Object.entries(scenario.tests)) {
      const resolver = new ZoneResolver(scenario.zonedata ?? {});
      const r = await evaluateSpf({ ip: t.host, mailFrom: t.mailfrom ?? '', helo: t.helo, ...(t.receiver ? { receiver: t.receiver } : {}) }, resolver, {
        defaultExplanation: 'DEFAULT',
      });
      const allowed = Array.isArray(t.result) ? t.result : [t.result];
      const resultOk = allowed.includes(r.result);
      const expOk = t.explanation === undefined || r.result !== 'fail' || r.explanation === t.explanation;
      const ours = expOk ? r.result : `${r.result} (explanation "${r.explanation}")`;
      const wanted = allowed.join('|') + (t.explanation !== undefined ? ` (explanation "${t.explanation}")` : '');
      out.push({ suite: file, test: name, ok: resultOk && expOk, ours: `${ours}${r.reason ? ` — ${r.reason}` : ''}`, wanted });
    }
  }
  return out;
}

describe('SPF conformance (openspf / pyspf suites)', () => {
  for (const file of SUITES) {
    it(`${file}: every case passes or is a listed deliberate difference`, async () => {
      const outcomes = await runSuite(file);
      const listed = expected.filter((d) => d.suite === file);
      const failures = outcomes.filter((o) => !o.ok);
      const unexpected = failures.filter((f) => !listed.some((d) => d.test === f.test));
      const stale = listed.filter((d) => !failures.some((f) => f.test === d.test));
      const passed = outcomes.length - failures.length;
      console.log(`[conformance] spf ${file}: ${outcomes.length} cases, ${passed} passed, ${failures.length - unexpected.length} deliberate differences`);
      expect(unexpected.map((u) => `${u.test}: ours ${u.ours}; suite ${u.wanted}`)).toEqual([]);
      expect(stale.map((s) => `${s.test} is listed as a difference but now passes`)).toEqual([]);
      expect(outcomes.length).toBeGreaterThan(100);
    });
  }
});
