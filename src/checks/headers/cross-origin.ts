import { parseItem } from 'structured-headers';
import { headerValues } from '../../model/headers.js';
import { pageHeaderCheck, showHeader } from './page-headers.js';

/** Parse a single structured-field token header; repeated headers join with a comma and fail. */
function tokenValue(values: readonly string[]): string | undefined {
  if (values.length !== 1) return undefined;
  try {
    const [value] = parseItem(values[0]!);
    return typeof value === 'object' && value !== null && 'toString' in value ? String(value) : undefined;
  } catch {
    return undefined;
  }
}

const COOP_ISOLATING = new Set(['same-origin', 'same-origin-allow-popups', 'noopener-allow-popups']);
const CORP_VALID = new Set(['same-origin', 'same-site', 'cross-origin']);

export const coopCheck = pageHeaderCheck('headers/coop', ['missing_coop'], (page) => {
  const raw = headerValues(page.headers, 'cross-origin-opener-policy');
  const token = tokenValue(raw);
  if (token && COOP_ISOLATING.has(token)) return [];
  const title =
    raw.length === 0
      ? 'No Cross-Origin-Opener-Policy'
      : token === 'unsafe-none'
        ? "Cross-Origin-Opener-Policy is 'unsafe-none', which keeps cross-origin windows connected"
        : 'Cross-Origin-Opener-Policy is not a value browsers recognise, so it is ignored';
  return [{ id: 'missing_coop', title, evidence: showHeader('Cross-Origin-Opener-Policy', raw), location: page.url }];
});

export const corpCheck = pageHeaderCheck('headers/corp', ['missing_corp'], (page) => {
  const raw = headerValues(page.headers, 'cross-origin-resource-policy');
  // CORP is a plain value, not a structured field: exactly one of three tokens.
  const value = raw.length === 1 ? raw[0]!.trim().toLowerCase() : undefined;
  if (value && CORP_VALID.has(value)) return [];
  const title = raw.length === 0 ? 'No Cross-Origin-Resource-Policy' : 'Cross-Origin-Resource-Policy is invalid and ignored';
  return [{ id: 'missing_corp', title, evidence: showHeader('Cross-Origin-Resource-Policy', raw), location: page.url }];
});

const COEP_VALID = new Set(['require-corp', 'credentialless', 'unsafe-none']);

/**
 * A Cross-Origin-Embedder-Policy that browsers cannot parse is ignored (the page is then not
 * cross-origin isolated). Its absence is not a finding: COEP is an opt-in for pages that need
 * isolation, and the MDN Observatory gives no penalty for it either, only for an invalid value.
 */
export const coepCheck = pageHeaderCheck('headers/coep', ['invalid_coep'], (page) => {
  const raw = headerValues(page.headers, 'cross-origin-embedder-policy');
  if (raw.length === 0) return [];
  const token = tokenValue(raw);
  if (token && COEP_VALID.has(token)) return [];
  const why = raw.length > 1 ? 'it is sent more than once, and the joined value is not one token' : `'${raw[0]!.trim()}' is not require-corp, credentialless or unsafe-none`;
  return [{ id: 'invalid_coep', title: `Cross-Origin-Embedder-Policy is invalid and ignored: ${why}`, evidence: showHeader('Cross-Origin-Embedder-Policy', raw), location: page.url }];
});
