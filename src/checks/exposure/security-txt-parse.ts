/**
 * RFC 9116 security.txt parser. Total over any input: it reports what it found and what is wrong,
 * and never throws. Field names are case-insensitive; unknown fields are kept but carry no meaning.
 */

export interface SecurityTxtField {
  name: string;
  value: string;
  /** 1-based line number in the (unsigned) text. */
  line: number;
}

export interface SecurityTxt {
  fields: SecurityTxtField[];
  /** Lines that are neither blank, a comment, nor a `Name: value` field. */
  badLines: number[];
  /** The text was an OpenPGP cleartext-signed message (RFC 4880 §7). */
  signed: boolean;
  /**
   * For a signed text: is the signature block there and closed (BEGIN … END PGP SIGNATURE), and does
   * anything but blank lines follow it (text outside the signature, which it does not cover)?
   */
  signature?: { complete: boolean; textAfter: boolean };
}

const FIELD_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/**
 * `Name: value` on a trimmed line, as `/^(token+):[ \t]*(.*?)[ \t]*$/` read it, without the regex
 * (its lazy middle against the trailing `[ \t]*` is quadratic in a long run of inner spaces).
 */
function fieldLine(line: string): [string, string, string] | undefined {
  const colon = line.indexOf(':');
  if (colon <= 0 || !FIELD_NAME.test(line.slice(0, colon))) return undefined;
  let start = colon + 1;
  let end = line.length;
  while (start < end && (line[start] === ' ' || line[start] === '\t')) start++;
  while (end > start && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  const value = line.slice(start, end);
  if (/[\r\n\u2028\u2029]/.test(value)) return undefined; // '.' in the regex stopped at these
  return [line, line.slice(0, colon), value];
}

/** The message inside an OpenPGP cleartext signature, with dash-escaping undone. */
function unwrapSigned(lines: string[]): { lines: string[]; signed: boolean; signature?: SecurityTxt['signature'] } {
  if (lines[0]?.trim() !== '-----BEGIN PGP SIGNED MESSAGE-----') return { lines, signed: false };
  let i = 1;
  while (i < lines.length && lines[i]!.trim() !== '') i++; // armor headers (Hash: …) end at a blank line
  const body: string[] = [];
  for (i++; i < lines.length; i++) {
    if (lines[i]!.trim() === '-----BEGIN PGP SIGNATURE-----') break;
    body.push(lines[i]!.startsWith('- ') ? lines[i]!.slice(2) : lines[i]!);
  }
  let end = i + 1;
  while (end < lines.length && lines[end]!.trim() !== '-----END PGP SIGNATURE-----') end++;
  const complete = i < lines.length && end < lines.length;
  const textAfter = complete && lines.slice(end + 1).some((l) => l.trim() !== '');
  return { lines: body, signed: true, signature: { complete, textAfter } };
}

export function parseSecurityTxt(text: string): SecurityTxt {
  const unwrapped = unwrapSigned(text.replace(/^\uFEFF/, '').split(/\r?\n/));
  const fields: SecurityTxtField[] = [];
  const badLines: number[] = [];
  unwrapped.lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = fieldLine(line);
    if (!m || m[2] === '') badLines.push(index + 1);
    else fields.push({ name: m[1]!, value: m[2]!, line: index + 1 });
  });
  return { fields, badLines, signed: unwrapped.signed, ...(unwrapped.signature ? { signature: unwrapped.signature } : {}) };
}

/** All values of a field, case-insensitively by name. */
export function fieldValues(doc: SecurityTxt, name: string): string[] {
  const lower = name.toLowerCase();
  return doc.fields.filter((f) => f.name.toLowerCase() === lower).map((f) => f.value);
}

/** RFC 3339 date-time (the Internet profile of ISO 8601), e.g. 2026-12-31T23:59:59Z. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

export function parseRfc3339(value: string): Date | undefined {
  if (!RFC3339.test(value)) return undefined;
  const time = Date.parse(value.replace(' ', 'T'));
  return Number.isFinite(time) ? new Date(time) : undefined;
}

export interface SecurityTxtProblems {
  /** Violations of a MUST in RFC 9116. */
  errors: string[];
  /** SHOULD / RECOMMENDED items, shown in evidence but not failing the file. */
  advice: string[];
  expires?: Date;
}

const ONE_YEAR_MS = 366 * 86_400_000;
const WEB_URI_FIELDS = ['contact', 'encryption', 'policy', 'acknowledgments', 'hiring', 'canonical', 'csaf'];

/** Judge the content of a security.txt served at `url` (its location and type are judged by the caller). */
export function validateSecurityTxt(doc: SecurityTxt, url: string, now: Date): SecurityTxtProblems {
  const errors: string[] = [];
  const advice: string[] = [];
  const contacts = fieldValues(doc, 'Contact');
  if (contacts.length === 0) errors.push('no Contact field (required)');
  for (const contact of contacts) {
    if (!/^(mailto:|tel:|https:\/\/)/i.test(contact)) {
      errors.push(`Contact '${contact}' is not a mailto:, tel: or https:// URI`);
    }
  }
  for (const name of WEB_URI_FIELDS) {
    for (const value of fieldValues(doc, name)) {
      if (/^http:\/\//i.test(value)) errors.push(`${name} '${value}' uses http://; web URIs must be https`);
    }
  }
  const expiresValues = fieldValues(doc, 'Expires');
  let expires: Date | undefined;
  if (expiresValues.length === 0) errors.push('no Expires field (required)');
  else if (expiresValues.length > 1) errors.push(`Expires appears ${expiresValues.length} times (exactly once allowed)`);
  if (expiresValues.length >= 1) {
    expires = parseRfc3339(expiresValues[0]!);
    if (!expires) errors.push(`Expires '${expiresValues[0]}' is not an RFC 3339 date`);
    else if (expires.getTime() - now.getTime() > ONE_YEAR_MS) advice.push('Expires is more than a year ahead (RFC 9116 recommends less)');
  }
  if (fieldValues(doc, 'Preferred-Languages').length > 1) errors.push('Preferred-Languages appears more than once');
  const canonical = fieldValues(doc, 'Canonical');
  // Compared as URLs, so that a host's case or a default port written out does not count as a mismatch.
  const sameUrl = (a: string, b: string) => {
    try {
      return new URL(a).href === new URL(b).href;
    } catch {
      return false;
    }
  };
  if (canonical.length > 0 && !canonical.some((c) => sameUrl(c, url))) errors.push(`Canonical does not list this file's URL (${url})`);
  if (doc.badLines.length > 0) errors.push(`line${doc.badLines.length > 1 ? 's' : ''} ${doc.badLines.slice(0, 5).join(', ')} ${doc.badLines.length > 1 ? 'are' : 'is'} not 'Field: value'`);
  if (!doc.signed) advice.push('not OpenPGP-signed (recommended)');
  else if (!doc.signature?.complete) errors.push('begins as an OpenPGP signed message, but the signature block (BEGIN … END PGP SIGNATURE) is missing or not closed');
  else if (doc.signature.textAfter) errors.push('text follows the OpenPGP signature, which does not cover it');
  return { errors, advice, ...(expires ? { expires } : {}) };
}
