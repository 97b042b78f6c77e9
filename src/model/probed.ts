/**
 * Every probe result is either data or an explained absence. Errors are not findings: a probe that
 * could not run says why, and scoring reports that category as not measured instead of guessing.
 */
export type Probed<T> =
  | { status: 'ok'; data: T }
  | { status: 'unavailable'; reason: string; code?: string };

/**
 * Codes of an absence that is the normal outcome, not a failure: the probe does not apply to this target
 * (no WordPress on the site; an IP address or an internal name has no public DNS to check). Progress shows
 * such a step as skipped, never with a warning.
 */
export const DOES_NOT_APPLY_CODES: ReadonlySet<string> = new Set(['NOT_DETECTED', 'DNS_IP_TARGET', 'DNS_PRIVATE_TARGET']);

export const ok = <T>(data: T): Probed<T> => ({ status: 'ok', data });
export const unavailable = <T = never>(reason: string, code?: string): Probed<T> => ({
  status: 'unavailable',
  reason,
  ...(code ? { code } : {}),
});
