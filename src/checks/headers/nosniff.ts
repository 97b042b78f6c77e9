import { headerValues } from '../../model/headers.js';
import { pageHeaderCheck, showHeader } from './page-headers.js';

/** Browsers honour X-Content-Type-Options only when its first value is exactly `nosniff` (any case). */
export const nosniffCheck = pageHeaderCheck('headers/nosniff', ['missing_nosniff'], (page) => {
  const raw = headerValues(page.headers, 'x-content-type-options');
  const first = raw.flatMap((v) => v.split(','))[0]?.trim().toLowerCase();
  if (first === 'nosniff') return [];
  return [
    {
      id: 'missing_nosniff',
      title: raw.length ? `X-Content-Type-Options is not 'nosniff' and is ignored` : 'No X-Content-Type-Options: nosniff',
      evidence: showHeader('X-Content-Type-Options', raw),
      location: page.url,
    },
  ];
});
