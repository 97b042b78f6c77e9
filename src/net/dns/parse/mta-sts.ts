/**
 * MTA-STS TXT record and policy file parsers (RFC 8461 §3.1, §3.2, §4.1). Pure and total.
 */
export interface ParsedStsRecord {
  id?: string;
  errors: string[];
}

export function isStsRecord(text: string): boolean {
  return /^v=STSv1(?:\s*;|\s*$)/.test(text);
}

export function parseStsRecord(text: string): ParsedStsRecord {
  const errors: string[] = [];
  const fields = text.split(';').map((f) => f.trim()).filter((f, i, all) => f !== '' || i < all.length - 1);
  let id: string | undefined;
  const seen = new Set<string>();
  fields.slice(0, 32).forEach((field, index) => {
    const m = /^([A-Za-z0-9_.-]+)=([\x21-\x3a\x3c\x3e-\x7e]*)$/.exec(field);
    if (!m) {
      if (field) errors.push(`"${field.slice(0, 60)}" is not key=value`);
      return;
    }
    const key = m[1]!;
    if (seen.has(key)) errors.push(`"${key}" appears more than once`);
    seen.add(key);
    if (index === 0 && key !== 'v') errors.push('the record must start with v=STSv1');
    if (key === 'v' && m[2] !== 'STSv1') errors.push('v must be STSv1');
    if (key === 'id') {
      if (!/^[A-Za-z0-9]{1,32}$/.test(m[2]!)) errors.push(`id "${m[2]!.slice(0, 40)}" must be 1–32 letters and digits`);
      else id = m[2];
    }
  });
  if (!seen.has('id')) errors.push('the required id= field is missing');
  return { ...(id ? { id } : {}), errors };
}

export type StsMode = 'enforce' | 'testing' | 'none';

export interface ParsedStsPolicy {
  version?: string;
  mode?: StsMode;
  maxAge?: number;
  mx: string[];
  errors: string[];
}

export const MAX_STS_MAX_AGE = 31_557_600;

/**
 * `key: value` on an already trimmed line, as `/^([A-Za-z0-9_.-]+):\s*(.*?)\s*$/` read it, without
 * the regex: its lazy middle against the trailing `\s*` was quadratic on a value with a long run
 * of inner spaces (64 kB: 18 s).
 */
function keyValueLine(line: string): [string, string, string] | undefined {
  const colon = line.indexOf(':');
  if (colon <= 0 || !/^[A-Za-z0-9_.-]+$/.test(line.slice(0, colon))) return undefined;
  const value = line.slice(colon + 1).trimStart();
  if (/[\r\u2028\u2029]/.test(value)) return undefined; // '.' in the regex stopped at these
  return [line, line.slice(0, colon), value];
}

export function parseStsPolicy(body: string): ParsedStsPolicy {
  const errors: string[] = [];
  const mx: string[] = [];
  const policy: ParsedStsPolicy = { mx, errors };
  const seen = new Set<string>();
  const lines = body.split(/\r?\n/);
  for (const raw of lines.slice(0, 1000)) {
    const line = raw.trim();
    if (!line) continue;
    const m = keyValueLine(line);
    if (!m) {
      errors.push(`line "${line.slice(0, 60)}" is not "key: value"`);
      continue;
    }
    const key = m[1]!;
    const value = m[2]!;
    if (key !== 'mx' && seen.has(key)) errors.push(`"${key}" appears more than once`);
    seen.add(key);
    if (key === 'version') {
      if (value !== 'STSv1') errors.push(`version "${value.slice(0, 40)}" is not STSv1`);
      else policy.version = value;
    } else if (key === 'mode') {
      if (value === 'enforce' || value === 'testing' || value === 'none') policy.mode = value;
      else errors.push(`mode "${value.slice(0, 40)}" is not enforce, testing or none`);
    } else if (key === 'max_age') {
      if (!/^\d{1,10}$/.test(value) || Number(value) > MAX_STS_MAX_AGE) errors.push(`max_age "${value.slice(0, 40)}" is not 0–${MAX_STS_MAX_AGE}`);
      else policy.maxAge = Number(value);
    } else if (key === 'mx') {
      if (!/^(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{1,63}\.?$/i.test(value)) errors.push(`mx pattern "${value.slice(0, 60)}" is not a host name`);
      else mx.push(value.toLowerCase().replace(/\.$/, ''));
    }
  }
  if (!seen.has('version')) errors.push('version: STSv1 is missing');
  if (!seen.has('mode')) errors.push('mode is missing');
  if (!seen.has('max_age')) errors.push('max_age is missing');
  if (policy.mode && policy.mode !== 'none' && mx.length === 0) errors.push('no mx patterns: senders would match no MX host');
  return policy;
}

/** RFC 8461 §4.1: a pattern `*.example.com` matches exactly one extra leftmost label. */
export function mxMatchesPattern(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const p = pattern.toLowerCase().replace(/\.$/, '');
  if (p.startsWith('*.')) {
    const suffix = p.slice(1);
    if (!h.endsWith(suffix)) return false;
    const head = h.slice(0, h.length - suffix.length);
    return head.length > 0 && !head.includes('.');
  }
  return h === p;
}
