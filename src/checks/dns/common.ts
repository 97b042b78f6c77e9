/** Small helpers shared by the DNS checks. */
import type { Evidence } from '../../model/evidence.js';
import type { DnsEvidence, Lookup, SpfNode, TxtRecord } from '../../model/dns.js';
import { dataOf } from '../check.js';

export const dns = (evidence: Evidence): DnsEvidence => dataOf<DnsEvidence>(evidence, 'dns');

export const texts = (lookup: Lookup<TxtRecord> | undefined, accept: (t: string) => boolean): string[] =>
  (lookup?.records ?? []).map((r) => r.text).filter(accept);

/** Does the domain receive mail (MX present and not a null MX)? */
export function receivesMail(d: DnsEvidence): boolean {
  return d.mail.mx.records.some((r) => r.exchange !== '');
}

export function isNullMx(d: DnsEvidence): boolean {
  const mx = d.mail.mx.records;
  return mx.length === 1 && mx[0]!.exchange === '';
}

/** Shorten target-controlled text for titles; evidence keeps more. */
export function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

export function spfTotals(node: SpfNode): { lookups: number; voids: number } {
  let lookups = node.lookups;
  let voids = node.voidLookups;
  for (const child of node.children) {
    const t = spfTotals(child);
    lookups += t.lookups;
    voids += t.voids;
  }
  return { lookups, voids };
}

/** The tree as indented text with per-record counts, for evidence. */
export function spfTreeText(node: SpfNode, depth = 0, lines: string[] = []): string[] {
  if (lines.length > 60) return lines;
  const pad = '  '.repeat(depth);
  const total = spfTotals(node).lookups;
  const state = node.loop ? ' (loop: already on this path)' : node.lookup === 'found' ? '' : ` (${node.lookup === 'none' ? 'no SPF record' : node.lookup})`;
  lines.push(`${pad}${node.domain}${state}${node.loop ? '' : ` — ${node.lookups} here, ${total} in subtree`}`);
  for (const child of node.children) spfTreeText(child, depth + 1, lines);
  return lines;
}
