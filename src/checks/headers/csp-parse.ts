/**
 * Content-Security-Policy parsing as the CSP3 spec describes it: a header value may hold several
 * policies separated by commas; a policy is directives separated by semicolons; a directive is a
 * lower-cased name and whitespace-separated values. Repeated directives: the first wins.
 * Hostile input never throws; odd tokens are kept for the checks to judge.
 */

export interface ParsedPolicy {
  /** The policy text as served. */
  raw: string;
  directives: Map<string, string[]>;
  /** Directives that appeared more than once (later copies ignored by browsers). */
  duplicates: string[];
  source: 'header' | 'meta';
}

/** Directives a `<meta>` policy may not set: browsers ignore them there. */
export const META_IGNORED_DIRECTIVES = ['frame-ancestors', 'report-uri', 'sandbox'] as const;

const DIRECTIVE_NAME = /^[a-z0-9-]+$/;

export function parsePolicy(text: string, source: 'header' | 'meta'): ParsedPolicy {
  const directives = new Map<string, string[]>();
  const duplicates: string[] = [];
  for (const token of text.split(';')) {
    const parts = token.trim().split(/[\t\n\f\r ]+/).filter(Boolean);
    if (parts.length === 0) continue;
    const name = parts[0]!.toLowerCase();
    if (!DIRECTIVE_NAME.test(name)) continue;
    if (source === 'meta' && (META_IGNORED_DIRECTIVES as readonly string[]).includes(name)) continue;
    if (directives.has(name)) {
      duplicates.push(name);
      continue;
    }
    directives.set(name, parts.slice(1));
  }
  return { raw: text, directives, duplicates, source };
}

/** Split one header value into its comma-separated policies and parse each. */
export function parsePolicyList(values: readonly string[], source: 'header' | 'meta'): ParsedPolicy[] {
  return values
    .flatMap((v) => (source === 'header' ? v.split(',') : [v]))
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => parsePolicy(p, source));
}

/** The source list that governs a fetch directive, following CSP's fallback to default-src. */
export function effectiveSources(policy: ParsedPolicy, directive: 'script-src' | 'object-src'): string[] | undefined {
  return policy.directives.get(directive) ?? policy.directives.get('default-src');
}

const NONCE_OR_HASH = /^'(nonce-[A-Za-z0-9+/_=-]+|sha(256|384|512)-[A-Za-z0-9+/_=-]+)'$/i;

export const isNonceOrHash = (source: string): boolean => NONCE_OR_HASH.test(source);

/** Sources that allow script from (nearly) anywhere: wildcards and bare schemes. */
export function isBroadSource(source: string): boolean {
  const s = source.toLowerCase();
  if (s === '*') return true;
  if (/^(https?|data|blob|filesystem|ftp|ws|wss):$/.test(s)) return true;
  return /^(https?:\/\/)?\*(\.\*)?(:\*)?\/?$/.test(s);
}

export const isInsecureSource = (source: string): boolean => /^(http|ftp|ws):/i.test(source);
