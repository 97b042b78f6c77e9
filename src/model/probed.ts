/**
 * Every probe result is either data or an explained absence. Errors are not findings: a probe that
 * could not run says why, and scoring reports that category as not measured instead of guessing.
 */
export type Probed<T> =
  | { status: 'ok'; data: T }
  | { status: 'unavailable'; reason: string; code?: string };

export const ok = <T>(data: T): Probed<T> => ({ status: 'ok', data });
export const unavailable = <T = never>(reason: string, code?: string): Probed<T> => ({
  status: 'unavailable',
  reason,
  ...(code ? { code } : {}),
});
