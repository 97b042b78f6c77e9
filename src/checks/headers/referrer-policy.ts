import { headerValues } from '../../model/headers.js';
import { pageHeaderCheck, showHeader } from './page-headers.js';

const VALID = new Set([
  'no-referrer',
  'no-referrer-when-downgrade',
  'same-origin',
  'origin',
  'strict-origin',
  'origin-when-cross-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
]);
const LEAKY = new Set(['unsafe-url', 'no-referrer-when-downgrade']);

/** The policy a browser applies: the last recognised token of a comma-separated list wins. */
export function effectiveReferrerPolicy(values: readonly string[]): string | undefined {
  let policy: string | undefined;
  for (const token of values.flatMap((v) => v.split(','))) {
    const t = token.trim().toLowerCase();
    if (VALID.has(t)) policy = t;
  }
  return policy;
}

export const referrerPolicyCheck = pageHeaderCheck('headers/referrer-policy', ['missing_referrer_policy', 'weak_referrer_policy'], (page, http) => {
  const raw = headerValues(page.headers, 'referrer-policy');
  // A <meta name=referrer> is applied after the header and overrides it for the document.
  const policy = effectiveReferrerPolicy(http.meta.referrer) ?? effectiveReferrerPolicy(raw);
  const shown = [showHeader('Referrer-Policy', raw), ...http.meta.referrer.map((m) => `<meta name="referrer" content="${m}">`)].join('\n');
  if (!policy) {
    return [
      {
        id: 'missing_referrer_policy',
        title: raw.length ? 'Referrer-Policy has no value browsers recognise' : 'No Referrer-Policy',
        evidence: shown,
        location: page.url,
      },
    ];
  }
  if (LEAKY.has(policy)) {
    return [{ id: 'weak_referrer_policy', title: `Referrer-Policy '${policy}' sends full URLs (path and query) to other sites`, evidence: shown, location: page.url }];
  }
  return [];
});
