/**
 * CAA property validation (RFC 8659 §4, RFC 8657 parameters). Pure and total.
 */
export const KNOWN_CAA_TAGS = new Set(['issue', 'issuewild', 'iodef', 'issuemail', 'issuevmc', 'contactemail', 'contactphone']);

export interface CaaIssueValue {
  /** CA domain, lower-case; '' when the value authorizes no CA (`;`). */
  issuer: string;
  parameters: Record<string, string>;
}

export interface CaaProblem {
  record: string;
  problem: string;
  /** A critical unknown tag forbids issuance by every CA. */
  blocksIssuance?: boolean;
}

const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Parse `issuer-domain-name [; key=value]*` (RFC 8659 §4.2). */
export function parseIssueValue(value: string): CaaIssueValue | { error: string } {
  const [head = '', ...params] = value.split(';');
  const issuer = head.trim().toLowerCase();
  if (issuer && !DOMAIN.test(issuer)) return { error: `"${head.trim().slice(0, 80)}" is not a domain name` };
  const parameters: Record<string, string> = {};
  for (const raw of params) {
    const p = raw.trim();
    if (!p) continue;
    const m = /^([A-Za-z0-9]+)=([\x21-\x3a\x3c-\x7e]*)$/.exec(p);
    if (!m) return { error: `parameter "${p.slice(0, 80)}" is not key=value` };
    parameters[m[1]!.toLowerCase()] = m[2]!;
  }
  return { issuer, parameters };
}

export function describeCaa(r: { flags: number; tag: string; value: string }): string {
  return `${r.flags} ${r.tag} "${r.value}"`;
}

export function validateCaaRecords(records: readonly { flags: number; tag: string; value: string }[]): CaaProblem[] {
  const problems: CaaProblem[] = [];
  for (const r of records) {
    const text = describeCaa(r);
    const tag = r.tag.toLowerCase();
    const critical = (r.flags & 128) !== 0;
    if ((r.flags & ~128) !== 0) problems.push({ record: text, problem: `flags ${r.flags} set reserved bits (only 0 and 128 are defined)` });
    if (!/^[a-z0-9]{1,15}$/i.test(r.tag)) {
      problems.push({ record: text, problem: `tag "${r.tag.slice(0, 40)}" is not 1–15 letters or digits`, ...(critical ? { blocksIssuance: true } : {}) });
      continue;
    }
    if (!KNOWN_CAA_TAGS.has(tag)) {
      if (critical) problems.push({ record: text, problem: `unknown tag "${r.tag}" marked critical: no CA may issue for this name`, blocksIssuance: true });
      else problems.push({ record: text, problem: `unknown tag "${r.tag}" (ignored by CAs)` });
      continue;
    }
    if (tag === 'issue' || tag === 'issuewild' || tag === 'issuemail' || tag === 'issuevmc') {
      const parsed = parseIssueValue(r.value);
      if ('error' in parsed) problems.push({ record: text, problem: parsed.error });
    } else if (tag === 'iodef') {
      if (!/^(mailto:[^@\s]+@[^@\s]+|https?:\/\/\S+)$/i.test(r.value)) problems.push({ record: text, problem: 'iodef must be a mailto: or http(s): URL' });
    }
  }
  return problems;
}

/** CA domains the relevant CAA set allows for ordinary (non-wildcard) certificates; empty array: none. */
export function allowedIssuers(records: readonly { tag: string; value: string }[], wildcard = false): string[] | undefined {
  const pick = (tag: string) => records.filter((r) => r.tag.toLowerCase() === tag);
  let set = wildcard ? pick('issuewild') : [];
  if (set.length === 0) set = pick('issue');
  if (set.length === 0) return undefined; // no issue property: any CA may issue
  const out: string[] = [];
  for (const r of set) {
    const parsed = parseIssueValue(r.value);
    if (!('error' in parsed) && parsed.issuer) out.push(parsed.issuer);
  }
  return out;
}
