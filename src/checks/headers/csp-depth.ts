/**
 * The CSP weaknesses beyond "can an injected inline script run?" (weak_csp): the ones csp_evaluator
 * (and with it Lighthouse's "CSP is effective against XSS" audit) fails a policy for.
 *
 * - csp_allowlist_bypass: a script host on csp_evaluator's lists of hosts serving JSONP endpoints or
 *   AngularJS; an attacker who can inject markup loads that URL, and the allowed script runs theirs.
 * - csp_host_allowlist: script sources are host names without 'strict-dynamic'; any JSONP endpoint,
 *   old library or user upload on those hosts is a bypass (Weichselbaum et al., "CSP Is Dead, Long
 *   Live CSP!", CCS 2016: 94.7 % of host allow-list policies were bypassable).
 * - csp_missing_object_src: nothing restricts <object>/<embed>.
 * - csp_missing_base_uri: a nonce policy without base-uri; an injected <base href> re-points the
 *   page's own relative nonce'd scripts at the attacker's server, and they run with the nonce.
 *
 * Several enforced policies all apply (CSP3 §4.1), so a weakness counts only when every policy that
 * restricts scripts has it. A policy that does not restrict scripts at all is weak_csp's business.
 */
import type { ParsedPolicy } from './csp-parse.js';
import { isBroadSource, isNonceOrHash } from './csp-parse.js';
import { knownBypass, parseHostSource, type KnownBypass } from './csp-source.js';

export const CSP_DEPTH_IDS = ['csp_allowlist_bypass', 'csp_host_allowlist', 'csp_missing_object_src', 'csp_missing_base_uri'] as const;
export type CspDepthId = (typeof CSP_DEPTH_IDS)[number];

export interface DepthWeakness {
  id: CspDepthId;
  text: string;
  /** The sources that prove it (allow-lists), or the directive that is missing. */
  sources: string[];
  bypasses?: KnownBypass[];
}

const lower = (list: readonly string[]) => list.map((s) => s.toLowerCase());

/**
 * The source list <script src> elements obey (CSP3 effective directive for a script element:
 * script-src-elem, else script-src, else default-src), with what CSP3 ignores removed: host sources
 * under 'strict-dynamic' (§8.2), and 'none' beside other sources (it is only meaningful alone;
 * Chromium ignores it and warns, proven in test/suites/csp-chromium.test.ts).
 */
export function scriptElementSources(policy: ParsedPolicy): string[] | undefined {
  const list = policy.directives.get('script-src-elem') ?? policy.directives.get('script-src') ?? policy.directives.get('default-src');
  if (!list) return undefined;
  const l = lower(list);
  if (l.includes("'strict-dynamic'")) return [];
  if (l.length === 1 && l[0] === "'none'") return [];
  return list.filter((s) => s.toLowerCase() !== "'none'");
}

/** Host sources in a script list; bare `*` and schemes are weak_csp's broad sources, not a host list. */
function hostSources(list: readonly string[]): string[] {
  return list.filter((s) => !isBroadSource(s) && parseHostSource(s) !== undefined);
}

function allowlistWeakness(policy: ParsedPolicy): DepthWeakness | undefined {
  const list = scriptElementSources(policy);
  if (!list) return undefined;
  const hosts = hostSources(list);
  if (hosts.length === 0) return undefined;
  const scriptList = policy.directives.get('script-src') ?? policy.directives.get('default-src') ?? [];
  const allowsEval = lower([...list, ...scriptList]).includes("'unsafe-eval'");
  const bypasses = hosts.map((h) => knownBypass(h, allowsEval)).filter((b): b is KnownBypass => b !== undefined);
  if (bypasses.length) {
    const first = bypasses[0]!;
    const what = first.kind === 'jsonp' ? 'a JSONP endpoint' : 'AngularJS';
    return {
      id: 'csp_allowlist_bypass',
      text: `script source ${first.source} allows ${first.url.replace(/^\/\//, '')}, ${what} an injected tag can use to run any script`,
      sources: bypasses.map((b) => b.source),
      bypasses,
    };
  }
  return {
    id: 'csp_host_allowlist',
    text: `scripts are allowed by host name without 'strict-dynamic': ${hosts.join(' ')}`,
    sources: hosts,
  };
}

/** object-src, else default-src; a list of only broad sources is weak_csp's object_src_open. */
function restrictsObjects(policy: ParsedPolicy): boolean {
  return (policy.directives.get('object-src') ?? policy.directives.get('default-src')) !== undefined;
}

/** Nonces (anywhere scripts are listed), or hashes with 'strict-dynamic': what base-uri then protects. */
function needsBaseUri(policy: ParsedPolicy): boolean {
  // The lists that govern scripts: a nonce in default-src means nothing once script-src is set.
  const scriptList = policy.directives.get('script-src') ?? policy.directives.get('default-src') ?? [];
  const lists = [scriptList, policy.directives.get('script-src-elem') ?? []];
  return lists.some((l) => {
    const hasNonce = l.some((s) => isNonceOrHash(s) && /^'nonce-/i.test(s));
    const hasHashAndDynamic = l.some((s) => isNonceOrHash(s)) && lower(l).includes("'strict-dynamic'");
    return hasNonce || hasHashAndDynamic;
  });
}

/** base-uri restricts <base> when it is set to something narrower than any origin. */
function restrictsBase(policy: ParsedPolicy): boolean {
  const list = policy.directives.get('base-uri');
  return list !== undefined && !list.some(isBroadSource);
}

/** The depth weaknesses of the enforced policies together (empty when none restricts scripts). */
export function depthWeaknesses(enforced: readonly ParsedPolicy[]): DepthWeakness[] {
  const scriptPolicies = enforced.filter((p) => p.directives.has('script-src') || p.directives.has('default-src'));
  if (scriptPolicies.length === 0) return [];
  const out: DepthWeakness[] = [];
  const allowlists = scriptPolicies.map(allowlistWeakness);
  // A script must satisfy every policy, so a host list matters only if every policy has one.
  if (allowlists.every((w) => w !== undefined)) {
    out.push(allowlists.find((w) => w!.id === 'csp_allowlist_bypass') ?? allowlists[0]!);
  }
  if (!enforced.some(restrictsObjects)) {
    out.push({ id: 'csp_missing_object_src', text: 'no object-src (nor default-src), so <object> and <embed> may load anything', sources: ['object-src'] });
  }
  if (enforced.some(needsBaseUri) && !enforced.some(restrictsBase)) {
    out.push({
      id: 'csp_missing_base_uri',
      text: 'nonce-based policy without a restrictive base-uri: an injected <base href> re-points relative nonce\'d scripts at another server',
      sources: ['base-uri'],
    });
  }
  return out;
}
