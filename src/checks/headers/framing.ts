import { headerValues } from '../../model/headers.js';
import { parsePolicyList } from './csp-parse.js';
import { XFO_KNOWN, xfoSet } from './duplicates.js';
import { pageHeaderCheck, showHeader } from './page-headers.js';

/** frame-ancestors sources that let any site frame the page: a wildcard or a bare http(s) scheme. */
const allowsEveryone = (sources: readonly string[]) => sources.some((s) => /^(\*|https?:|(https?:\/\/)?\*(:\*)?\/?)$/i.test(s));

/**
 * Clickjacking protection, as the HTML standard's X-Frame-Options processing decides it. An enforced
 * CSP with frame-ancestors (header only: it is ignored in <meta>) makes browsers ignore X-Frame-Options
 * entirely, so `frame-ancestors *` beside `X-Frame-Options: DENY` leaves the page open to framing. Every
 * enforced policy must allow a framing, so one restrictive frame-ancestors is enough. X-Frame-Options
 * values are split on commas into a set: several distinct values including a known one block every
 * framing (as DENY); one value that is not DENY or SAMEORIGIN (ALLOW-FROM included) is ignored.
 */
export const framingCheck = pageHeaderCheck('headers/framing', ['missing_frame_protection', 'invalid_xfo'], (page, http) => {
  const policies = parsePolicyList(headerValues(page.headers, 'content-security-policy'), 'header');
  const ancestors = policies.flatMap((p) => (p.directives.has('frame-ancestors') ? [p.directives.get('frame-ancestors')!] : []));
  const raw = headerValues(page.headers, 'x-frame-options');
  if (ancestors.length > 0) {
    if (!ancestors.every(allowsEveryone)) return [];
    const shown = ancestors.map((a) => `frame-ancestors ${a.join(' ')}`).join('\n');
    return [
      {
        id: 'missing_frame_protection',
        title: `CSP frame-ancestors allows every site to frame the page${raw.length ? ', and browsers then ignore X-Frame-Options' : ''}`,
        evidence: `Content-Security-Policy: … ${shown}\n${showHeader('X-Frame-Options', raw)}${raw.length ? ' (ignored: frame-ancestors takes precedence)' : ''}`,
        location: page.url,
      },
    ];
  }

  const values = xfoSet(raw);
  if (values.size === 0) {
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
  // Disagreeing values block framing altogether (duplicates.ts reports them); only a lone unknown
  // value, or several values none of which is known, leaves the page unprotected.
  if (values.size > 1 && [...values].some((v) => XFO_KNOWN.includes(v))) return [];
  const first = [...values][0]!;
  if (values.size === 1 && (first === 'deny' || first === 'sameorigin')) return [];
  // ALLOW-FROM is an allow-list that only frame-ancestors can express now; anything else is a value to correct.
  const cause = values.size === 1 && first.startsWith('allow-from') ? 'allow_from' : 'unknown_value';
  const why = {
    allow_from: 'ALLOW-FROM is not supported by modern browsers, which ignore the header',
    unknown_value: values.size > 1 ? 'none of its values is DENY or SAMEORIGIN, so browsers ignore it' : `'${first}' is not DENY or SAMEORIGIN, so browsers ignore it`,
  }[cause];
  return [{ id: 'invalid_xfo', cause, title: `X-Frame-Options gives no protection: ${why}`, evidence: showHeader('X-Frame-Options', raw), location: page.url }];
}, { invalid_xfo: ['allow_from', 'unknown_value'] });
