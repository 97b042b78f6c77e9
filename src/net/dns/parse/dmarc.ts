/**
 * DMARC record parser (RFC 7489 §6.3, with the RFC 9989 tags np, t and psd). Pure and total.
 * Unknown tags are ignored as the RFC requires, but reported so a typo is visible.
 */
export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

export interface DmarcUri {
  uri: string;
  scheme: string;
  /** Host part of a mailto: address, lower-case. */
  host?: string;
}

export interface ParsedDmarc {
  tags: Record<string, string>;
  errors: string[];
  unknownTags: string[];
  p?: DmarcPolicy;
  sp?: DmarcPolicy;
  np?: DmarcPolicy;
  pct?: number;
  testing?: boolean;
  rua: DmarcUri[];
  ruf: DmarcUri[];
}

export function isDmarcRecord(text: string): boolean {
  return /^v\s*=\s*DMARC1\b/i.test(text);
}

const KNOWN = new Set(['v', 'p', 'sp', 'np', 'pct', 'rua', 'ruf', 'adkim', 'aspf', 'fo', 'rf', 'ri', 't', 'psd']);
const POLICIES = new Set(['none', 'quarantine', 'reject']);

function parseUris(value: string, tag: string, errors: string[]): DmarcUri[] {
  const out: DmarcUri[] = [];
  for (const raw of value.split(',').slice(0, 50)) {
    const uri = raw.trim().replace(/!\d+[kmgt]?$/i, '');
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase();
    if (!scheme) {
      errors.push(`${tag}: "${raw.trim().slice(0, 80)}" is not a URI`);
      continue;
    }
    if (scheme !== 'mailto') errors.push(`${tag}: only mailto: URIs are used for reports, not "${scheme}:"`);
    const host = scheme === 'mailto' ? /@([^@?\s>]+)/.exec(uri)?.[1]?.toLowerCase().replace(/\.$/, '') : undefined;
    if (scheme === 'mailto' && !host) errors.push(`${tag}: "${uri.slice(0, 80)}" has no address`);
    out.push({ uri, scheme, ...(host ? { host } : {}) });
  }
  return out;
}

export function parseDmarc(record: string): ParsedDmarc {
  const errors: string[] = [];
  const tags: Record<string, string> = {};
  const unknownTags: string[] = [];
  const parts = record.split(';').map((p) => p.trim());
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  parts.slice(0, 64).forEach((part, index) => {
    const m = /^([A-Za-z]+)\s*=\s*(.*)$/s.exec(part);
    if (!m) {
      errors.push(`"${part.slice(0, 80)}" is not a tag=value pair`);
      return;
    }
    const tag = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (index === 0 && tag !== 'v') errors.push('the record must start with v=DMARC1');
    if (tag === 'v' && index !== 0) errors.push('v=DMARC1 must be the first tag');
    if (tag in tags) errors.push(`tag "${tag}" appears more than once`);
    else tags[tag] = value;
    if (!KNOWN.has(tag)) unknownTags.push(tag);
  });
  if (tags.v !== undefined && tags.v !== 'DMARC1') errors.push(`v must be exactly "DMARC1", not "${tags.v.slice(0, 40)}"`);
  const policy = (tag: string): DmarcPolicy | undefined => {
    const v = tags[tag];
    if (v === undefined) return undefined;
    if (!POLICIES.has(v.toLowerCase())) {
      errors.push(`${tag}="${v.slice(0, 40)}" is not none, quarantine or reject`);
      return undefined;
    }
    return v.toLowerCase() as DmarcPolicy;
  };
  const p = policy('p');
  if (tags.p === undefined) errors.push('the required p= tag is missing');
  const sp = policy('sp');
  const np = policy('np');
  let pct: number | undefined;
  if (tags.pct !== undefined) {
    if (!/^\d{1,3}$/.test(tags.pct) || Number(tags.pct) > 100) errors.push(`pct="${tags.pct.slice(0, 20)}" is not 0–100`);
    else pct = Number(tags.pct);
  }
  for (const tag of ['adkim', 'aspf']) {
    const v = tags[tag];
    if (v !== undefined && !/^[rs]$/i.test(v)) errors.push(`${tag}="${v.slice(0, 20)}" is not r or s`);
  }
  if (tags.fo !== undefined && !/^[01ds](?::[01ds])*$/i.test(tags.fo)) errors.push(`fo="${tags.fo.slice(0, 20)}" is not a list of 0, 1, d, s`);
  if (tags.ri !== undefined && !/^\d{1,10}$/.test(tags.ri)) errors.push(`ri="${tags.ri.slice(0, 20)}" is not a number`);
  if (tags.t !== undefined && !/^[yn]$/i.test(tags.t)) errors.push(`t="${tags.t.slice(0, 20)}" is not y or n`);
  // RFC 9989 psd: y (a public suffix operator), n (not one) or u (unknown, the default).
  if (tags.psd !== undefined && !/^[ynu]$/i.test(tags.psd)) errors.push(`psd="${tags.psd.slice(0, 20)}" is not y, n or u`);
  const rua = tags.rua !== undefined ? parseUris(tags.rua, 'rua', errors) : [];
  const ruf = tags.ruf !== undefined ? parseUris(tags.ruf, 'ruf', errors) : [];
  return {
    tags,
    errors,
    unknownTags,
    ...(p ? { p } : {}),
    ...(sp ? { sp } : {}),
    ...(np ? { np } : {}),
    ...(pct !== undefined ? { pct } : {}),
    ...(tags.t?.toLowerCase() === 'y' ? { testing: true } : {}),
    rua,
    ruf,
  };
}
