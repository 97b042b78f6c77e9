/**
 * Two hand-written evidence files of the same site, a week apart: HSTS added, X-Content-Type-Options
 * dropped, the `token` cookie gone while `sid` still lacks Secure. Used by the pure diff tests and,
 * written to disk, by the CLI tests of `scorifya diff`.
 */
import type { Evidence } from '../../src/model/evidence.js';
import { GOOD_HEADERS, siteWithHeaders, withHeader } from '../support/evidence.js';

export function beforeEvidence(): Evidence {
  const headers = withHeader('Strict-Transport-Security', null, GOOD_HEADERS);
  return { ...siteWithHeaders([...headers, ['Set-Cookie', 'sid=1; Path=/; HttpOnly; SameSite=Lax'], ['Set-Cookie', 'token=2; Path=/; HttpOnly; SameSite=Lax']]), startedAt: '2026-11-18T12:00:00.000Z' };
}

export function afterEvidence(): Evidence {
  const headers = withHeader('X-Content-Type-Options', null, GOOD_HEADERS);
  return { ...siteWithHeaders([...headers, ['Set-Cookie', 'sid=1; Path=/; HttpOnly; SameSite=Lax']]), startedAt: '2026-11-25T12:00:00.000Z' };
}
