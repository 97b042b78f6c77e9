import { parseDictionary } from 'structured-headers';
import { headerValues } from '../../model/headers.js';
import { pageHeaderCheck, showHeader } from './page-headers.js';

/**
 * Permissions-Policy is a structured-field dictionary (RFC 9651). Browsers join repeated headers with
 * ", " and discard the whole header when it does not parse — as happens with Feature-Policy syntax
 * such as `camera 'none'`.
 */
export function parsePermissionsPolicy(values: readonly string[]): { ok: true; features: string[] } | { ok: false; reason: string } {
  try {
    const dict = parseDictionary(values.join(', '));
    return { ok: true, features: [...dict.keys()] };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

export const permissionsPolicyCheck = pageHeaderCheck(
  'headers/permissions-policy',
  ['missing_permissions_policy', 'invalid_permissions_policy'],
  (page) => {
    const raw = headerValues(page.headers, 'permissions-policy');
    if (raw.length === 0) {
      const legacy = headerValues(page.headers, 'feature-policy');
      return [
        {
          id: 'missing_permissions_policy',
          // A Feature-Policy already says what to restrict: the fix is translating it, not starting over.
          cause: legacy.length ? 'feature_policy_only' : 'header_absent',
          title: legacy.length ? 'No Permissions-Policy (only the retired Feature-Policy header, which browsers no longer read)' : 'No Permissions-Policy',
          evidence: showHeader('Permissions-Policy', raw),
          location: page.url,
        },
      ];
    }
    const parsed = parsePermissionsPolicy(raw);
    if (parsed.ok) return [];
    return [
      {
        id: 'invalid_permissions_policy',
        title: 'Permissions-Policy is not a valid structured-field dictionary, so browsers ignore all of it',
        evidence: `${showHeader('Permissions-Policy', raw)}\nparse error: ${parsed.reason}`,
        location: page.url,
      },
    ];
  },
  { missing_permissions_policy: ['header_absent', 'feature_policy_only'] },
);
