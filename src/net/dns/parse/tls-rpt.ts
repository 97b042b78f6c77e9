/**
 * SMTP TLS Reporting record parser (RFC 8460 §3). Pure and total.
 */
export interface ParsedTlsRpt {
  rua: string[];
  errors: string[];
}

export function isTlsRptRecord(text: string): boolean {
  return /^v=TLSRPTv1(?:\s*;|\s*$)/.test(text);
}

export function parseTlsRpt(text: string): ParsedTlsRpt {
  const errors: string[] = [];
  const rua: string[] = [];
  const fields = text.split(';').map((f) => f.trim());
  if (fields[fields.length - 1] === '') fields.pop();
  const seen = new Set<string>();
  fields.slice(0, 32).forEach((field, index) => {
    const m = /^([A-Za-z0-9_.-]+)=(.*)$/.exec(field);
    if (!m) {
      errors.push(`"${field.slice(0, 60)}" is not key=value`);
      return;
    }
    const key = m[1]!;
    if (seen.has(key)) errors.push(`"${key}" appears more than once`);
    seen.add(key);
    if (index === 0 && key !== 'v') errors.push('the record must start with v=TLSRPTv1');
    if (key === 'v' && m[2] !== 'TLSRPTv1') errors.push('v must be TLSRPTv1');
    if (key === 'rua') {
      for (const raw of m[2]!.split(',').slice(0, 20)) {
        const uri = raw.trim();
        if (/^mailto:[^@\s]+@[^@\s]+$/i.test(uri) || /^https:\/\/[^\s]+$/i.test(uri)) rua.push(uri);
        else errors.push(`rua "${uri.slice(0, 60)}" must be a mailto: or https: URI`);
      }
    }
  });
  if (!seen.has('rua')) errors.push('the required rua= field is missing');
  return { rua, errors };
}
