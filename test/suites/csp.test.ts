/**
 * csp_evaluator's test vectors (the policy strings of its own test files, extracted as data) judged two
 * ways: our verdict (any CSP weakness finding: weak_csp, csp_allowlist_bypass, csp_host_allowlist,
 * csp_missing_object_src, csp_missing_base_uri; src/checks/headers/csp.ts and csp-depth.ts) and
 * csp_evaluator's Lighthouse verdict (evaluateForFailure: the policy gives no real protection against
 * script injection). A disagreement must be listed, with why, in csp/expected-differences.json, and
 * agreement may not fall below 95 % (issue 23).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CspParser } from 'csp_evaluator/dist/parser.js';
import { evaluateForFailure } from 'csp_evaluator/dist/lighthouse/lighthouse_checks.js';
import { cspWeaknessIds, scriptWeaknesses } from '../../src/checks/headers/csp.js';
import { parsePolicy } from '../../src/checks/headers/csp-parse.js';

const dir = fileURLToPath(new URL('./csp/', import.meta.url));
const vectors: { source: string; test: string; policy: string }[] = JSON.parse(readFileSync(`${dir}csp-evaluator-vectors.json`, 'utf8'));
const listed: { policy: string; ours: string; evaluator: string; reason: string }[] = JSON.parse(readFileSync(`${dir}expected-differences.json`, 'utf8'));

export function judge(policy: string): { ours: 'weak_csp' | 'ok'; why: string[]; evaluator: 'fail' | 'pass'; evaluatorWhy: string[] } {
  const parsed = parsePolicy(policy, 'header');
  const why = [...scriptWeaknesses(parsed), ...cspWeaknessIds([parsed]).filter((id) => id !== 'weak_csp')];
  const failures = evaluateForFailure([new CspParser(policy).csp]);
  return { ours: why.length ? 'weak_csp' : 'ok', why, evaluator: failures.length ? 'fail' : 'pass', evaluatorWhy: failures.map((f) => `${f.directive}: ${f.description}`) };
}

describe('CSP: csp_evaluator test vectors', () => {
  it('our verdict agrees with csp_evaluator, or the difference is listed with its reason', () => {
    const rows = vectors.map((v) => ({ ...v, ...judge(v.policy) }));
    const agree = (r: (typeof rows)[number]) => (r.ours === 'weak_csp') === (r.evaluator === 'fail');
    const off = rows.filter((r) => !agree(r));
    console.log(`[conformance] csp csp_evaluator vectors: ${rows.length} policies; agree ${rows.length - off.length}; listed differences ${listed.length}`);
    expect(off.filter((r) => !listed.some((l) => l.policy === r.policy && l.ours === r.ours)).map((r) => JSON.stringify({ policy: r.policy, ours: r.ours, why: r.why, evaluator: r.evaluator, evaluatorWhy: r.evaluatorWhy }))).toEqual([]);
    expect(listed.filter((l) => !off.some((r) => r.policy === l.policy)).map((l) => `${l.policy} listed but now agrees`)).toEqual([]);
    expect((rows.length - off.length) / rows.length).toBeGreaterThanOrEqual(0.95);
    // Both verdicts occur, or the comparison proves nothing (csp_evaluator's vectors are mostly weak policies).
    expect(rows.filter((r) => r.ours === 'weak_csp').length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.ours === 'ok').length).toBeGreaterThanOrEqual(5);
  });
});
