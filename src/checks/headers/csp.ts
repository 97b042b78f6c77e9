import { CspEvaluator } from 'csp_evaluator/dist/evaluator.js';
import { CspParser } from 'csp_evaluator/dist/parser.js';
import { suggestCsp } from './csp-suggest.js';
import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { HttpEvidence } from '../../model/http.js';
import { headerValues, primaryResponse } from '../../model/headers.js';
import type { CheckResult } from '../../model/finding.js';
import {
  effectiveSources,
  isBroadSource,
  isInsecureSource,
  isNonceOrHash,
  parsePolicyList,
  type ParsedPolicy,
} from './csp-parse.js';
import { CSP_DEPTH_IDS, depthWeaknesses, type DepthWeakness } from './csp-depth.js';

/** The kinds of weakness weak_csp tells apart: each is its cause, and each has its own fix. */
export const CSP_WEAKNESSES = ['no_script_restriction', 'unsafe_inline', 'unsafe_eval', 'broad_sources', 'insecure_sources', 'object_src_open'] as const;
export type CspWeakness = (typeof CSP_WEAKNESSES)[number];

interface Weakness {
  kind: CspWeakness;
  text: string;
}

/** Problems of one script source list (script-src, or the CSP3 -elem / -attr lists that override it). */
function scriptListWeaknesses(script: string[], scriptsRun: boolean): Weakness[] {
  const problems: Weakness[] = [];
  const lower = script.map((s) => s.toLowerCase());
  const hasNonceOrHash = script.some(isNonceOrHash);
  const strictDynamic = lower.includes("'strict-dynamic'") && hasNonceOrHash;
  if (lower.includes("'unsafe-inline'") && !hasNonceOrHash) {
    problems.push({ kind: 'unsafe_inline', text: "'unsafe-inline' lets any injected inline script run (no nonce or hash cancels it)" });
  }
  // eval() needs a running script to call it: under a policy that lets no script run at all
  // (`default-src 'unsafe-eval'`), there is no sink to reach (proven in test/suites/csp-chromium.test.ts).
  if (lower.includes("'unsafe-eval'") && scriptsRun) problems.push({ kind: 'unsafe_eval', text: "'unsafe-eval' allows eval() and similar string-to-code sinks" });
  // With 'strict-dynamic' and a nonce or hash, browsers ignore host and scheme sources.
  if (!strictDynamic) {
    const broad = script.filter(isBroadSource);
    if (broad.length) problems.push({ kind: 'broad_sources', text: `script sources allow almost any origin: ${broad.join(' ')}` });
    const insecure = script.filter((s) => isInsecureSource(s) && !isBroadSource(s));
    if (insecure.length) problems.push({ kind: 'insecure_sources', text: `scripts may load over plain http: ${insecure.join(' ')}` });
  }
  return problems;
}

/** Keywords that by themselves let no script run: a list of only these blocks every script. */
const NO_SCRIPT_KEYWORDS = new Set(["'none'", "'unsafe-eval'", "'wasm-unsafe-eval'", "'report-sample'", "'unsafe-hashes'", "'strict-dynamic'"]);

/** Can any script run under the policy: a <script> element (script-src-elem) or an inline handler (script-src-attr)? */
function anyScriptRuns(policy: ParsedPolicy): boolean {
  const fallback = policy.directives.get('script-src') ?? policy.directives.get('default-src');
  const lists = [policy.directives.get('script-src-elem') ?? fallback, policy.directives.get('script-src-attr') ?? fallback];
  return lists.some((list) => list === undefined || list.some((s) => !NO_SCRIPT_KEYWORDS.has(s.toLowerCase())));
}

/** Why a policy fails to contain script injection, with the kind of each weakness; empty when it holds. */
export function policyWeaknesses(policy: ParsedPolicy): Weakness[] {
  const problems: Weakness[] = [];
  const script = effectiveSources(policy, 'script-src');
  if (!script) {
    problems.push({ kind: 'no_script_restriction', text: 'no script-src or default-src, so scripts are not restricted' });
  } else {
    problems.push(...scriptListWeaknesses(script, anyScriptRuns(policy)));
  }
  // CSP3: <script> elements obey script-src-elem and inline handlers script-src-attr when present, so a
  // strict script-src does not help if one of them re-opens the door (csp_evaluator vector
  // "script-src 'nonce-…' strict-dynamic; script-src-elem 'unsafe-inline'").
  for (const name of ['script-src-elem', 'script-src-attr'] as const) {
    const list = policy.directives.get(name);
    if (!list) continue;
    for (const p of scriptListWeaknesses(list, anyScriptRuns(policy))) {
      const text = `${name}: ${p.text}`;
      if (!problems.some((x) => x.text === text)) problems.push({ kind: p.kind, text });
    }
  }
  const object = effectiveSources(policy, 'object-src');
  const broadObject = object?.filter((s) => isBroadSource(s) || isInsecureSource(s)) ?? [];
  if (broadObject.length) problems.push({ kind: 'object_src_open', text: `object-src allows plugins from anywhere: ${broadObject.join(' ')}` });
  return problems;
}

/** Why a policy fails to contain script injection; empty when it holds. */
export function scriptWeaknesses(policy: ParsedPolicy): string[] {
  return policyWeaknesses(policy).map((w) => w.text);
}

/** csp_evaluator's high-severity notes, kept as explanation beside our own verdict. */
function evaluatorNotes(policy: ParsedPolicy): string[] {
  try {
    const findings = new CspEvaluator(new CspParser(policy.raw).csp).evaluate();
    return findings.filter((f) => f.severity <= 10).map((f) => `${f.directive}: ${f.description}`);
  } catch {
    return [];
  }
}

export const cspCheck: Check = {
  name: 'headers/csp',
  category: 'headers',
  ids: ['missing_csp', 'weak_csp', 'csp_report_only', ...CSP_DEPTH_IDS],
  causes: { weak_csp: [...CSP_WEAKNESSES, 'several_weaknesses'] },
  reads: ['http'],
  run(evidence) {
    const http = dataOf<HttpEvidence>(evidence, 'http');
    const page = primaryResponse(http);
    if (!page) return [];
    const headerPolicies = parsePolicyList(headerValues(page.headers, 'content-security-policy'), 'header');
    const metaPolicies = parsePolicyList(http.meta.csp, 'meta');
    const enforced = [...headerPolicies, ...metaPolicies];
    const reportOnly = headerValues(page.headers, 'content-security-policy-report-only');

    if (enforced.length === 0) {
      if (reportOnly.length > 0) {
        return [
          {
            id: 'csp_report_only',
            title: 'CSP is only in report-only mode: violations are reported, nothing is blocked',
            evidence: reportOnly.map((v) => `Content-Security-Policy-Report-Only: ${v}`).join('\n'),
            location: page.url,
            details: { suggestedCsp: suggestCsp(page.body, page.url) },
          },
        ];
      }
      return [
        {
          id: 'missing_csp',
          title: 'No Content-Security-Policy',
          evidence: 'no Content-Security-Policy header or <meta http-equiv> policy',
          location: page.url,
          // The fix for this page: a policy built from the sources its HTML loads (report-only first).
          details: { suggestedCsp: suggestCsp(page.body, page.url) },
        },
      ];
    }

    const results: CheckResult[] = [];
    const served = enforced.map((p) => `${p.source === 'meta' ? '<meta> ' : ''}Content-Security-Policy: ${p.raw}`).join('\n');
    const weak = weakCsp(enforced);
    if (weak) {
      results.push({
        id: 'weak_csp',
        cause: weak.cause,
        title: `CSP does not stop injected scripts: ${weak.problems[0]![0]}`,
        evidence: served,
        location: page.url,
        details: { problems: weak.problems, evaluator: enforced.map(evaluatorNotes) },
      });
    }
    for (const d of depthWeaknesses(enforced)) {
      results.push({ id: d.id, title: DEPTH_TITLES[d.id](d), evidence: served, location: page.url, details: depthDetails(d) });
    }
    return results;
  },
};

/** weak_csp: can an injected script run? All enforced policies apply, so it is contained when any one policy contains it. */
function weakCsp(enforced: ParsedPolicy[]): { cause: string; problems: string[][] } | undefined {
  const judged = enforced.map(policyWeaknesses);
  if (judged.some((w) => w.length === 0)) return undefined;
  // One kind of weakness has its own targeted fix; several at once are better fixed by replacing
  // the policy with a strict one than by patching each.
  const kinds = new Set(judged.flat().map((w) => w.kind));
  return { cause: kinds.size === 1 ? [...kinds][0]! : 'several_weaknesses', problems: judged.map((w) => w.map((x) => x.text)) };
}

const DEPTH_TITLES: Record<DepthWeakness['id'], (d: DepthWeakness) => string> = {
  csp_allowlist_bypass: (d) => `CSP allows a script host known to serve a bypass: ${d.text}`,
  csp_host_allowlist: (d) => `CSP trusts script hosts by name: ${d.sources.slice(0, 3).join(' ')}${d.sources.length > 3 ? ' …' : ''}`,
  csp_missing_object_src: () => 'CSP sets no object-src: <object> and <embed> are not restricted',
  csp_missing_base_uri: () => 'CSP uses nonces but sets no base-uri: an injected <base> can re-point your own scripts',
};

function depthDetails(d: DepthWeakness): Record<string, unknown> {
  return d.bypasses ? { problem: d.text, sources: d.sources, bypasses: d.bypasses } : { problem: d.text, sources: d.sources };
}

/**
 * Every CSP weakness finding of these enforced policies, by id: what the check reports, short of the
 * missing and report-only cases (for comparison with other evaluators).
 */
export function cspWeaknessIds(enforced: ParsedPolicy[]): string[] {
  return [...(weakCsp(enforced) ? ['weak_csp'] : []), ...depthWeaknesses(enforced).map((d) => d.id)];
}
