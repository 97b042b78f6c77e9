import type { CategoryId } from '../model/finding.js';

export interface CategoryDef {
  id: CategoryId;
  name: string;
  /** Points this category contributes out of 100 (WordPress is added on top and the sum rescaled). */
  weight: number;
  /**
   * A conditional category applies only when its detector, the probe of this evidence key, finds what
   * it looks for. It does not apply when the probe was not run or answered with one of `absent` (nothing
   * detected, or nothing to look at: the categories judged from the missing page say why). When the probe
   * failed after it started looking, the category applies and is not measured, with the probe's reason.
   */
  conditional?: { detector: string; absent: readonly string[] };
  /**
   * The probe whose evidence the category stands on. When a scan restricted with `--only` (or the API's
   * `probes`) leaves it out, the category is not measured even if a side check of it ran on other
   * evidence: the HTTP probe's redirect checks alone must not show TLS & HTTPS at full marks.
   */
  standsOn: string;
}

/** The published weights. The five base categories sum to 100. */
export const CATEGORIES: readonly CategoryDef[] = [
  { id: 'tls', name: 'TLS & HTTPS', weight: 30, standsOn: 'tls' },
  { id: 'headers', name: 'Security headers', weight: 25, standsOn: 'http' },
  { id: 'exposure', name: 'Exposure & hygiene', weight: 15, standsOn: 'exposure' },
  { id: 'cookies', name: 'Cookies', weight: 10, standsOn: 'http' },
  { id: 'dns', name: 'DNS & email', weight: 20, standsOn: 'dns' },
  { id: 'wordpress', name: 'WordPress', weight: 10, standsOn: 'wordpress', conditional: { detector: 'wordpress', absent: ['NOT_DETECTED', 'NO_MAIN_PAGE'] } },
];

export function categoryDef(id: CategoryId): CategoryDef {
  const def = CATEGORIES.find((c) => c.id === id);
  if (!def) throw new Error(`unknown category ${id}`);
  return def;
}
