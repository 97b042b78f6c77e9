/**
 * RFC 7208 check_host(): the result a receiver computes for one sending address, MAIL FROM and HELO.
 * It talks to DNS only through the SpfResolver interface (satisfied by DnsClient, and by the in-memory
 * resolver the conformance suite uses), so it has no I/O of its own. Limits follow §4.6.4: at most 10
 * DNS-querying terms, 2 void lookups, 10 MX names and 10 PTR names per mechanism.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { Lookup, MxRecord, TxtRecord } from '../../model/dns.js';
import { isSpfRecord, parseSpf, type SpfTerm } from './parse/spf.js';
import { expandIPv6, expandMacros, reverseName, SpfMacroError, type MacroValues } from './spf-macro.js';

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

export interface SpfResolver {
  txt(name: string): Promise<Lookup<TxtRecord>>;
  a(name: string): Promise<Lookup<string>>;
  aaaa(name: string): Promise<Lookup<string>>;
  mx(name: string): Promise<Lookup<MxRecord>>;
  /** PTR records at a reverse name (…in-addr.arpa / …ip6.arpa). */
  ptr(name: string): Promise<Lookup<string>>;
}

export interface SpfQuery {
  /** The SMTP client's address. */
  ip: string;
  /** MAIL FROM; empty for a bounce, in which case the HELO identity is checked. */
  mailFrom: string;
  helo: string;
  /** Receiving host name, for %{r} in explanations. */
  receiver?: string;
}

export interface SpfEvaluation {
  result: SpfResult;
  /** The term that decided the result, with the domain whose record held it; absent for the default. */
  matched?: { domain: string; term: string };
  /** Why a none / permerror / temperror happened. */
  reason?: string;
  /** Explanation text for a fail (from exp=, or the default). */
  explanation?: string;
  lookups: number;
  voidLookups: number;
}

export interface SpfOptions {
  /** Used when a fail has no exp= or its explanation cannot be built. */
  defaultExplanation?: string;
  /** Seconds since the epoch for %{t}; fixed by tests. */
  timestamp?: number;
}

const LOOKUP_LIMIT = 10;
const VOID_LIMIT = 2;
const MX_LIMIT = 10;
const PTR_LIMIT = 10;
/** Guards recursion depth independently of the lookup counter (which already bounds it). */
const DEPTH_LIMIT = 12;
const QUALIFIED: Record<string, SpfResult> = { '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' };

/** A terminal outcome thrown out of nested evaluation (permerror / temperror / none at the top). */
class Stop extends Error {
  constructor(readonly result: SpfResult, readonly reason: string) {
    super(reason);
  }
}

interface State {
  query: SpfQuery;
  sender: string;
  ip: string;
  resolver: SpfResolver;
  options: SpfOptions;
  lookups: number;
  voids: number;
}

interface Frame {
  result: SpfResult;
  matched?: { domain: string; term: string };
  explanation?: string;
}

/** RFC 7208 §4.3: a domain fit to query (FQDN, labels 1–63 bytes, not a literal). */
export function validSpfDomain(domain: string): boolean {
  const d = domain.replace(/\.$/, '');
  if (!d || d.length > 253 || d.startsWith('[')) return false;
  const labels = d.split('.');
  return labels.length >= 2 && labels.every((l) => l.length > 0 && l.length <= 63);
}

/** IPv4-mapped IPv6 senders are treated as IPv4 (RFC 7208 §5). */
function normaliseIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  // RFC 5952 text form (lower case, compressed): what %{c} shows and %{i} is built from.
  return isIPv6(ip) ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip;
}

function ipBits(ip: string): bigint {
  if (isIPv4(ip)) return ip.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
  return BigInt(`0x${expandIPv6(ip).replace(/:/g, '')}`);
}

export function inCidr(ip: string, network: string, prefix: number): boolean {
  const v4 = isIPv4(ip);
  if (v4 !== isIPv4(network) || (!v4 && !isIPv6(network))) return false;
  const width = v4 ? 32 : 128;
  const shift = BigInt(width - prefix);
  return ipBits(ip) >> shift === ipBits(network) >> shift;
}

export async function evaluateSpf(query: SpfQuery, resolver: SpfResolver, options: SpfOptions = {}): Promise<SpfEvaluation> {
  const ip = normaliseIp(query.ip);
  const state: State = { query, ip, resolver, options, lookups: 0, voids: 0, sender: '' };
  const base = () => ({ lookups: state.lookups, voidLookups: state.voids });
  if (!isIPv4(ip) && !isIPv6(ip)) return { result: 'permerror', reason: `"${query.ip}" is not an IP address`, ...base() };
  const mailFrom = query.mailFrom.trim();
  let sender: string;
  let domain: string;
  if (mailFrom) {
    const at = mailFrom.lastIndexOf('@');
    domain = at >= 0 ? mailFrom.slice(at + 1) : mailFrom;
    sender = at > 0 ? mailFrom : `postmaster@${domain}`;
  } else {
    domain = query.helo;
    sender = `postmaster@${domain}`;
  }
  state.sender = sender;
  if (!validSpfDomain(domain)) return { result: 'none', reason: `"${domain}" is not a domain SPF can be checked for`, ...base() };
  try {
    const frame = await checkHost(state, domain.replace(/\.$/, ''), 0);
    return { ...frame, ...base() };
  } catch (err) {
    if (err instanceof Stop) return { result: err.result, reason: err.reason, ...base() };
    throw err;
  }
}

function macroValues(state: State, domain: string): MacroValues {
  let validated: Promise<string> | undefined;
  return {
    sender: state.sender,
    domain,
    ip: state.ip,
    helo: state.query.helo,
    ...(state.query.receiver ? { receiver: state.query.receiver } : {}),
    ...(state.options.timestamp !== undefined ? { timestamp: state.options.timestamp } : {}),
    validatedName: () => (validated ??= validatedNames(state).then((names) => pickValidated(names, domain))),
  };
}

function pickValidated(names: string[], domain: string): string {
  const d = domain.toLowerCase();
  return names.find((n) => n === d) ?? names.find((n) => n.endsWith(`.${d}`)) ?? names[0] ?? 'unknown';
}

/** Expand a domain-spec and cut it to 253 bytes from the left, label by label (RFC 7208 §7.3). */
async function targetName(state: State, spec: string | undefined, domain: string): Promise<string> {
  if (spec === undefined) return domain;
  let name: string;
  try {
    name = await expandMacros(spec, macroValues(state, domain));
  } catch (err) {
    if (err instanceof SpfMacroError) throw new Stop('permerror', err.message);
    throw err;
  }
  name = name.replace(/\.$/, '');
  while (name.length > 253 && name.includes('.')) name = name.slice(name.indexOf('.') + 1);
  return name;
}

function countLookup(state: State, term: string): void {
  state.lookups++;
  if (state.lookups > LOOKUP_LIMIT) throw new Stop('permerror', `more than ${LOOKUP_LIMIT} DNS-querying terms (at "${term}")`);
}

function countVoid<T>(state: State, lookup: Lookup<T>, term: string): void {
  if (lookup.status !== 'nodata' && lookup.status !== 'nxdomain') return;
  state.voids++;
  if (state.voids > VOID_LIMIT) throw new Stop('permerror', `more than ${VOID_LIMIT} void lookups (at "${term}")`);
}

function failOnError<T>(lookup: Lookup<T>, what: string): Lookup<T> {
  if (lookup.status === 'error') throw new Stop('temperror', `DNS error${lookup.code ? ` ${lookup.code}` : ''} looking up ${what}`);
  return lookup;
}

/** A name the evaluator must not send to DNS (empty or over-long labels after expansion) matches nothing. */
function queryable(name: string): boolean {
  return name.length > 0 && name.split('.').every((l) => l.length > 0 && l.length <= 63);
}

async function addresses(state: State, name: string): Promise<Lookup<string>> {
  if (!queryable(name)) return { name, status: 'nxdomain', records: [] };
  return isIPv4(state.ip) ? state.resolver.a(name) : state.resolver.aaaa(name);
}

async function checkHost(state: State, domain: string, depth: number): Promise<Frame> {
  if (depth > DEPTH_LIMIT) throw new Stop('permerror', 'include/redirect nesting too deep');
  if (!queryable(domain)) return { result: 'none' };
  const txt = failOnError(await state.resolver.txt(domain), `TXT ${domain}`);
  const records = txt.records.filter((r) => isSpfRecord(r.text));
  if (records.length === 0) return { result: 'none' };
  if (records.length > 1) throw new Stop('permerror', `${domain} publishes ${records.length} SPF records`);
  const record = records[0]!.text;
  const parsed = parseSpf(record);
  if (parsed.errors.length) throw new Stop('permerror', `${domain}: ${parsed.errors[0]}`);
  const modifiers = parsed.terms.filter((t): t is Extract<SpfTerm, { kind: 'modifier' }> => t.kind === 'modifier');
  const redirect = modifiers.find((m) => m.name === 'redirect');
  const exp = modifiers.find((m) => m.name === 'exp');

  for (const term of parsed.terms) {
    if (term.kind !== 'mechanism') continue;
    if (await matches(state, term, domain, depth)) {
      const result = QUALIFIED[term.qualifier]!;
      const frame: Frame = { result, matched: { domain, term: term.raw } };
      if (result === 'fail') frame.explanation = await explain(state, exp?.value, domain);
      return frame;
    }
  }
  if (redirect && parsed.all === undefined) {
    countLookup(state, redirect.raw);
    const target = await targetName(state, redirect.value, domain);
    const inner = await checkHost(state, target, depth + 1);
    if (inner.result === 'none') throw new Stop('permerror', `redirect target ${target} has no SPF record`);
    return inner;
  }
  return { result: 'neutral' };
}

async function matches(state: State, term: Extract<SpfTerm, { kind: 'mechanism' }>, domain: string, depth: number): Promise<boolean> {
  const ip = state.ip;
  const v4 = isIPv4(ip);
  switch (term.name) {
    case 'all':
      return true;
    case 'ip4':
      return v4 && inCidr(ip, term.ip!, term.cidr4 ?? 32);
    case 'ip6':
      return !v4 && inCidr(ip, term.ip!, term.cidr6 ?? 128);
    case 'include': {
      countLookup(state, term.raw);
      const target = await targetName(state, term.domain, domain);
      const inner = await checkHost(state, target, depth + 1);
      if (inner.result === 'pass') return true;
      if (inner.result === 'none') throw new Stop('permerror', `include target ${target} has no SPF record`);
      return false;
    }
    case 'a': {
      countLookup(state, term.raw);
      const target = await targetName(state, term.domain, domain);
      const found = failOnError(await addresses(state, target), `${v4 ? 'A' : 'AAAA'} ${target}`);
      countVoid(state, found, term.raw);
      return found.records.some((addr) => inCidr(ip, addr, v4 ? term.cidr4 ?? 32 : term.cidr6 ?? 128));
    }
    case 'mx': {
      countLookup(state, term.raw);
      const target = await targetName(state, term.domain, domain);
      const mx = queryable(target) ? failOnError(await state.resolver.mx(target), `MX ${target}`) : ({ name: target, status: 'nxdomain', records: [] } as Lookup<MxRecord>);
      countVoid(state, mx, term.raw);
      const exchanges = mx.records.filter((r) => r.exchange !== '');
      if (exchanges.length > MX_LIMIT) throw new Stop('permerror', `${target} has ${exchanges.length} MX records; at most ${MX_LIMIT} may be looked up`);
      for (const r of exchanges) {
        const found = failOnError(await addresses(state, r.exchange), `address of ${r.exchange}`);
        if (found.records.some((addr) => inCidr(ip, addr, v4 ? term.cidr4 ?? 32 : term.cidr6 ?? 128))) return true;
      }
      return false;
    }
    case 'ptr': {
      countLookup(state, term.raw);
      const target = (await targetName(state, term.domain, domain)).toLowerCase();
      const names = await validatedNames(state, term.raw);
      return names.some((n) => n === target || n.endsWith(`.${target}`));
    }
    case 'exists': {
      countLookup(state, term.raw);
      const target = await targetName(state, term.domain, domain);
      const found = queryable(target) ? failOnError(await state.resolver.a(target), `A ${target}`) : ({ name: target, status: 'nxdomain', records: [] } as Lookup<string>);
      countVoid(state, found, term.raw);
      return found.records.length > 0;
    }
  }
}

/**
 * Names from the PTR lookup of the client address whose own addresses include it (RFC 7208 §5.5).
 * A DNS error on the PTR query means no names; on one name's address query, that name is skipped.
 */
async function validatedNames(state: State, term?: string): Promise<string[]> {
  const ptr = await state.resolver.ptr(reverseName(state.ip));
  if (term) countVoid(state, ptr, term);
  if (ptr.status !== 'ok') return [];
  const out: string[] = [];
  for (const raw of ptr.records.slice(0, PTR_LIMIT)) {
    const name = raw.toLowerCase().replace(/\.$/, '');
    if (!queryable(name)) continue;
    const found = await addresses(state, name);
    if (found.status === 'ok' && found.records.some((addr) => inCidr(state.ip, addr, isIPv4(state.ip) ? 32 : 128))) out.push(name);
  }
  return out;
}

/** RFC 7208 §6.2: the exp= text, or the default when anything about it goes wrong. */
async function explain(state: State, spec: string | undefined, domain: string): Promise<string | undefined> {
  const fallback = state.options.defaultExplanation;
  if (spec === undefined) return fallback;
  try {
    const name = await targetName(state, spec, domain);
    if (!queryable(name)) return fallback;
    const txt = await state.resolver.txt(name);
    if (txt.status !== 'ok' || txt.records.length !== 1) return fallback;
    const text = txt.records[0]!.text;
    if (/[^\x20-\x7e]/.test(text)) return fallback;
    return await expandMacros(text, macroValues(state, domain), true);
  } catch {
    return fallback;
  }
}
