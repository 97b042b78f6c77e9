/**
 * SPF record parser (RFC 7208 §4.6, §5, §6, §7 macros). Pure and total: any input yields terms plus a
 * list of syntax errors, never an exception. Evaluation (lookups, counts) happens in the probe, which
 * follows include/redirect using these parsed terms.
 */
import { isIPv4, isIPv6 } from 'node:net';

export type SpfQualifier = '+' | '-' | '~' | '?';
export const SPF_MECHANISMS = ['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists'] as const;
export type SpfMechanismName = (typeof SPF_MECHANISMS)[number];

export type SpfTerm =
  | { kind: 'mechanism'; qualifier: SpfQualifier; name: SpfMechanismName; domain?: string; cidr4?: number; cidr6?: number; ip?: string; raw: string }
  | { kind: 'modifier'; name: string; value: string; raw: string };

export interface ParsedSpf {
  terms: SpfTerm[];
  errors: string[];
  /** Mechanisms and modifiers that make DNS queries (RFC 7208 §4.6.4). */
  lookupTerms: SpfTerm[];
  redirect?: string;
  all?: SpfQualifier;
}

/** Is this TXT string an SPF record (`v=spf1` then a space or the end)? */
export function isSpfRecord(text: string): boolean {
  return /^v=spf1(?: |$)/i.test(text);
}

/** Macros allowed in a domain-spec; c, r and t belong to explanation text only (RFC 7208 §7.1). */
const MACRO = /%(?:\{[slodiphvSLODIPHV]\d*[rR]?[.\-+,/_=]*\}|%|_|-)/g;
const ANY_MACRO = /%(?:\{[slodiphcrtvSLODIPHCRTV]\d*[rR]?[.\-+,/_=]*\}|%|_|-)/g;
/** RFC 7208 toplabel: alphanumerics with at least one letter, or a hyphenated name (never all digits). */
const TOPLABEL = /^(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9])$/;

/**
 * RFC 7208 domain-spec (§7.1): a macro-string (visible ASCII, "%" only in macros) ending in either a
 * macro or "." toplabel with an optional final dot, so "a:1.2.3.4" and "a:foo" are rejected.
 */
export function validDomainSpec(spec: string): boolean {
  if (!spec || spec.length > 253 * 2 || spec.includes('\u0000')) return false;
  const withoutMacros = spec.replace(MACRO, '\u0000');
  if (withoutMacros.includes('%')) return false;
  if (!/^[\x21-\x7e\u0000]+$/.test(withoutMacros)) return false;
  if (withoutMacros.endsWith('\u0000')) return true;
  const tail = withoutMacros.slice(withoutMacros.lastIndexOf('\u0000') + 1).replace(/\.$/, '');
  const dot = tail.lastIndexOf('.');
  return dot >= 0 && TOPLABEL.test(tail.slice(dot + 1));
}

/** RFC 7208 macro-string: visible ASCII where every "%" starts a well-formed macro (unknown modifiers' values). */
export function validMacroString(text: string): boolean {
  const withoutMacros = text.replace(ANY_MACRO, '');
  return !withoutMacros.includes('%') && /^[\x21-\x7e]*$/.test(withoutMacros);
}

export function hasMacro(spec: string): boolean {
  return /%\{/.test(spec);
}

function parseCidr(text: string, max: number): number | undefined {
  if (!/^(?:0|[1-9]\d{0,2})$/.test(text)) return undefined; // RFC 7208 §5.6: no leading zeros
  const n = Number(text);
  return n <= max ? n : undefined;
}

export function parseSpf(record: string): ParsedSpf {
  const errors: string[] = [];
  const terms: SpfTerm[] = [];
  if (!isSpfRecord(record)) return { terms, errors: ['record does not start with "v=spf1"'], lookupTerms: [] };
  if (/[^\x20-\x7e]/.test(record)) errors.push('record contains non-ASCII or control characters');
  const tokens = record.slice(6).split(' ').filter((t) => t.length > 0);
  let redirect: string | undefined;
  let exp = 0;
  let all: SpfQualifier | undefined;
  for (const token of tokens.slice(0, 512)) {
    const modifier = /^([A-Za-z][A-Za-z0-9\-_.]*)=(.*)$/.exec(token);
    if (modifier) {
      const name = modifier[1]!.toLowerCase();
      const value = modifier[2]!;
      terms.push({ kind: 'modifier', name, value, raw: token });
      if (name === 'redirect') {
        if (redirect !== undefined) errors.push('"redirect" appears more than once');
        if (!validDomainSpec(value)) errors.push(`"redirect=${value}" is not a valid domain`);
        redirect = value;
      } else if (name === 'exp') {
        exp++;
        if (exp > 1) errors.push('"exp" appears more than once');
        if (!validDomainSpec(value)) errors.push(`"exp=${value}" is not a valid domain`);
      } else if (!validMacroString(value)) {
        errors.push(`"${token.slice(0, 64)}" has a malformed value`);
      }
      continue;
    }
    const m = /^([+\-~?]?)([A-Za-z0-9]+)(.*)$/.exec(token);
    const name = m?.[2]?.toLowerCase();
    if (!m || !name || !(SPF_MECHANISMS as readonly string[]).includes(name)) {
      errors.push(`unknown term "${token.slice(0, 64)}"`);
      continue;
    }
    const qualifier = (m[1] || '+') as SpfQualifier;
    const rest = m[3]!;
    const mech = { kind: 'mechanism' as const, qualifier, name: name as SpfMechanismName, raw: token };
    switch (mech.name) {
      case 'all':
        if (rest) errors.push(`"${token}" takes no argument`);
        if (all === undefined) all = qualifier;
        terms.push(mech);
        break;
      case 'include':
      case 'exists': {
        const domain = rest.startsWith(':') ? rest.slice(1) : '';
        if (!validDomainSpec(domain)) errors.push(`"${token}" needs a valid domain`);
        terms.push({ ...mech, domain });
        break;
      }
      case 'ptr': {
        const domain = rest.startsWith(':') ? rest.slice(1) : undefined;
        if (rest && (!domain || !validDomainSpec(domain))) errors.push(`"${token}" has a bad domain`);
        terms.push({ ...mech, ...(domain ? { domain } : {}) });
        break;
      }
      case 'a':
      case 'mx': {
        // The domain-spec may itself contain "/" and ":", so the CIDR suffixes are taken from the end.
        const am = /^(?::(.*?))?(?:\/(\d+))?(?:\/\/(\d+))?$/.exec(rest);
        if (!am) {
          errors.push(`"${token}" is malformed`);
          terms.push(mech);
          break;
        }
        const domain = am[1];
        if (domain !== undefined && !validDomainSpec(domain)) errors.push(`"${token}" has a bad domain`);
        const cidr4 = am[2] !== undefined ? parseCidr(am[2], 32) : undefined;
        const cidr6 = am[3] !== undefined ? parseCidr(am[3], 128) : undefined;
        if (am[2] !== undefined && cidr4 === undefined) errors.push(`"${token}" has a bad IPv4 prefix length`);
        if (am[3] !== undefined && cidr6 === undefined) errors.push(`"${token}" has a bad IPv6 prefix length`);
        terms.push({ ...mech, ...(domain ? { domain } : {}), ...(cidr4 !== undefined ? { cidr4 } : {}), ...(cidr6 !== undefined ? { cidr6 } : {}) });
        break;
      }
      case 'ip4':
      case 'ip6': {
        const ipm = /^:([^/]+)(?:\/(\d+))?$/.exec(rest);
        const ip = ipm?.[1];
        const valid = ip !== undefined && (mech.name === 'ip4' ? isIPv4(ip) : isIPv6(ip));
        const max = mech.name === 'ip4' ? 32 : 128;
        const cidr = ipm?.[2] !== undefined ? parseCidr(ipm[2], max) : undefined;
        if (!valid) errors.push(`"${token}" is not a valid ${mech.name} address`);
        else if (ipm?.[2] !== undefined && cidr === undefined) errors.push(`"${token}" has a bad prefix length`);
        terms.push({ ...mech, ...(ip ? { ip } : {}), ...(cidr !== undefined ? (mech.name === 'ip4' ? { cidr4: cidr } : { cidr6: cidr }) : {}) });
        break;
      }
    }
  }
  if (tokens.length > 512) errors.push(`record has ${tokens.length} terms; only the first 512 were read`);
  const lookupTerms = terms.filter(
    (t) => (t.kind === 'mechanism' && ['include', 'a', 'mx', 'ptr', 'exists'].includes(t.name)) || (t.kind === 'modifier' && t.name === 'redirect'),
  );
  return { terms, errors, lookupTerms, ...(redirect !== undefined ? { redirect } : {}), ...(all !== undefined ? { all } : {}) };
}
