import type { CategoryId } from '../model/finding.js';

export interface CategoryDef {
  id: CategoryId;
  name: string;
  /** Points this category contributes out of 100 (WordPress is added on top and the sum rescaled). */
  weight: number;
  /** Conditional categories enter the score only when their detector says so. */
  conditional?: boolean;
}

/** The published weights. The five base categories sum to 100. */
export const CATEGORIES: readonly CategoryDef[] = [
  { id: 'tls', name: 'TLS & HTTPS', weight: 30 },
  { id: 'headers', name: 'Security headers', weight: 25 },
  { id: 'exposure', name: 'Exposure & hygiene', weight: 15 },
  { id: 'cookies', name: 'Cookies', weight: 10 },
  { id: 'dns', name: 'DNS & email', weight: 20 },
  { id: 'wordpress', name: 'WordPress', weight: 10, conditional: true },
];

export function categoryDef(id: CategoryId): CategoryDef {
  const def = CATEGORIES.find((c) => c.id === id);
  if (!def) throw new Error(`unknown category ${id}`);
  return def;
}
