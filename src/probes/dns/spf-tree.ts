/**
 * Gathers the SPF include/redirect tree for a domain: every record reached, which terms made DNS
 * queries, and which of those queries came back empty (void). It records facts only; the checks
 * decide what the counts mean (RFC 7208 §4.6.4 limits). Bounded in depth and total queries.
 */
import type { SpfResolver } from '../../net/dns/spf-evaluate.js';
import type { Lookup, SpfNode, TxtRecord } from '../../model/dns.js';
import { hasMacro, isSpfRecord, parseSpf } from '../../net/dns/parse/spf.js';

const MAX_DEPTH = 10;
/** More than enough to show a tree that breaks the 10-lookup limit, without letting it run away. */
const MAX_QUERIES = 40;

interface Walk {
  queries: number;
}

const isVoid = (l: Lookup<unknown>): boolean => l.status === 'nodata' || l.status === 'nxdomain';

export async function buildSpfTree(client: SpfResolver, domain: string, txt?: Lookup<TxtRecord>): Promise<SpfNode> {
  return walk(client, domain.toLowerCase().replace(/\.$/, ''), [], { queries: 0 }, txt);
}

async function walk(client: SpfResolver, domain: string, ancestors: string[], state: Walk, known?: Lookup<TxtRecord>): Promise<SpfNode> {
  const txt = known ?? (state.queries++, await client.txt(domain));
  const spf = txt.records.filter((r) => isSpfRecord(r.text));
  const node: SpfNode = { domain, lookup: 'none', lookups: 0, voidLookups: 0, terms: [], children: [] };
  if (txt.status === 'error') {
    node.lookup = 'error';
    return node;
  }
  if (spf.length === 0) return node;
  node.record = spf[0]!.text;
  node.lookup = spf.length > 1 ? 'multiple' : 'found';
  if (spf.length > 1) return node;
  const parsed = parseSpf(node.record);
  const path = [...ancestors, domain];
  for (const term of parsed.lookupTerms) {
    const entry: SpfNode['terms'][number] = { term: term.raw, lookups: 1 };
    node.lookups++;
    node.terms.push(entry);
    const isRedirect = term.kind === 'modifier';
    if (isRedirect && parsed.all !== undefined) continue; // redirect is ignored when "all" is present
    const target = (term.kind === 'modifier' ? term.value : term.domain ?? domain).toLowerCase().replace(/\.$/, '');
    if (term.kind === 'mechanism' && term.name === 'ptr') continue; // needs the sender's address
    if (hasMacro(target)) continue; // needs the sender: cannot be expanded here
    if (path.length > MAX_DEPTH || state.queries >= MAX_QUERIES) {
      node.stopped = path.length > MAX_DEPTH ? `depth limit ${MAX_DEPTH}` : `query budget ${MAX_QUERIES}`;
      continue;
    }
    if (isRedirect || (term.kind === 'mechanism' && term.name === 'include')) {
      if (path.includes(target)) {
        node.children.push({ domain: target, lookup: 'found', lookups: 0, voidLookups: 0, terms: [], children: [], loop: true });
        continue;
      }
      state.queries++;
      const childTxt = await client.txt(target);
      if (isVoid(childTxt)) {
        entry.void = true;
        node.voidLookups++;
      }
      node.children.push(await walk(client, target, path, state, childTxt));
      continue;
    }
    if (term.kind !== 'mechanism') continue;
    if (term.name === 'mx') {
      state.queries++;
      const mx = await client.mx(target);
      if (isVoid(mx)) {
        entry.void = true;
        node.voidLookups++;
      }
    } else {
      // a and exists: an address query (a also accepts AAAA, so both must be empty to be void).
      state.queries += 2;
      const [v4, v6] = await Promise.all([client.a(target), term.name === 'a' ? client.aaaa(target) : Promise.resolve(undefined)]);
      if (isVoid(v4) && (!v6 || isVoid(v6))) {
        entry.void = true;
        node.voidLookups++;
      }
    }
  }
  return node;
}
