import { headerValues } from '../../model/headers.js';
import { parsePolicyList } from './csp-parse.js';
import { pageHeaderCheck, showHeader } from './page-headers.js';

/**
 * Clickjacking protection. CSP frame-ancestors (header only: it is ignored in <meta>) overrides
 * X-Frame-Options. X-Frame-Options follows the HTML standard: the values are split on commas; if they
 * disagree, or the value is not DENY or SAMEORIGIN (ALLOW-FROM included), browsers ignore the header.
 */
export const framingCheck = pageHeaderCheck('headers/framing', ['missing_frame_protection', 'invalid_xfo'], (page, http) => {
  const policies = parsePolicyList(headerValues(page.headers, 'content-security-policy'), 'header');
  if (policies.some((p) => p.directives.has('frame-ancestors'))) return [];

  const raw = headerValues(page.headers, 'x-frame-options');
  const values = raw.flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean);
  if (values.length === 0) {
    const metaNote = http.meta.xFrameOptions.length ? ' (an X-Frame-Options <meta> tag is present, but browsers ignore it there)' : '';
    return [
      {
        id: 'missing_frame_protection',
        title: `Neither X-Frame-Options nor CSP frame-ancestors protects against framing${metaNote}`,
        evidence: `${showHeader('X-Frame-Options', raw)}\nno frame-ancestors in a Content-Security-Policy header`,
        location: page.url,
      },
    ];
  }
  const first = values[0]!;
  const consistent = values.every((v) => v === first);
  if (consistent && (first === 'deny' || first === 'sameorigin')) return [];
  // Disagreeing values come from two layers each adding the header; ALLOW-FROM is an allow-list that
  // only frame-ancestors can express now; anything else is a value to correct.
  const cause = !consistent ? 'conflicting_values' : first.startsWith('allow-from') ? 'allow_from' : 'unknown_value';
  const why = {
    conflicting_values: 'the values disagree, so browsers ignore the header',
    allow_from: 'ALLOW-FROM is not supported by modern browsers, which ignore the header',
    unknown_value: `'${first}' is not DENY or SAMEORIGIN, so browsers ignore it`,
  }[cause];
  return [{ id: 'invalid_xfo', cause, title: `X-Frame-Options gives no protection: ${why}`, evidence: showHeader('X-Frame-Options', raw), location: page.url }];
}, { invalid_xfo: ['conflicting_values', 'allow_from', 'unknown_value'] });
