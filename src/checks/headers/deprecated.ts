import { headerValues } from '../../model/headers.js';
import { pageHeaderCheck } from './page-headers.js';

/**
 * Headers browsers have retired. X-XSS-Protection is only harmless as `0`: the old auditor it
 * switched on could itself be abused to leak or block page content.
 */
export const deprecatedHeadersCheck = pageHeaderCheck('headers/deprecated', ['deprecated_header'], (page) => {
  const found: string[] = [];
  for (const v of headerValues(page.headers, 'x-xss-protection')) {
    if (v.trim() !== '0') found.push(`X-XSS-Protection: ${v} (should be 0 or absent)`);
  }
  for (const name of ['Expect-CT', 'Public-Key-Pins', 'Public-Key-Pins-Report-Only', 'Feature-Policy']) {
    for (const v of headerValues(page.headers, name)) found.push(`${name}: ${v}`);
  }
  if (found.length === 0) return [];
  const names = [...new Set(found.map((f) => f.split(':')[0]))].join(', ');
  return [{ id: 'deprecated_header', title: `Deprecated header${found.length > 1 ? 's' : ''} sent: ${names}`, evidence: found.join('\n'), location: page.url }];
});
