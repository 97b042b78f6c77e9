/**
 * Soft-404 defence: a probe's answer only counts when it differs from what the same server says for
 * a random path of the same shape. Bodies are compared after removing what naturally varies between
 * two requests (the requested path echoed back, random ids, numbers such as timestamps or nonces).
 */
import type { ExposureResponse } from '../../model/exposure.js';
import { shapeOf } from '../../model/exposure.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const SIMILARITY_THRESHOLD = 0.9;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The body with the echoed path, ids and numbers blanked, whitespace collapsed, case folded. */
export function normaliseBody(r: Pick<ExposureResponse, 'body' | 'path'>): string {
  let text = r.body;
  const pathVariants = new Set([r.path, encodeURI(r.path), r.path.replace(/^\//, '')]);
  for (const variant of [...pathVariants].filter((v) => v.length > 1).sort((a, b) => b.length - a.length)) {
    text = text.replace(new RegExp(escapeRegExp(variant), 'g'), '\u0001');
  }
  return text.replace(UUID, '\u0002').replace(/\d+/g, '0').replace(/\s+/g, ' ').trim().toLowerCase();
}

function tokens(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of text.split(/[^a-z0-9\u0001\u0002_]+/)) {
    if (t) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return counts;
}

/** Weighted Jaccard similarity of the two token bags, 1 for identical bodies. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const ta = tokens(a);
  const tb = tokens(b);
  let shared = 0;
  let total = 0;
  for (const key of new Set([...ta.keys(), ...tb.keys()])) {
    const x = ta.get(key) ?? 0;
    const y = tb.get(key) ?? 0;
    shared += Math.min(x, y);
    total += Math.max(x, y);
  }
  return total === 0 ? (a.length === b.length ? 1 : 0) : shared / total;
}

const statusClass = (s: number) => (s === 206 ? 200 : s);

/** Does this answer look like the server's "anything else" answer for this shape of path? */
export function resemblesBaseline(hit: ExposureResponse, baseline: ExposureResponse): boolean {
  if (statusClass(hit.status) !== statusClass(baseline.status)) return false;
  const a = normaliseBody(hit);
  const b = normaliseBody(baseline);
  if (a === b) return true;
  const lengthRatio = Math.min(a.length, b.length) / Math.max(a.length, b.length, 1);
  return lengthRatio >= 0.8 && similarity(a, b) >= SIMILARITY_THRESHOLD;
}

export function baselineFor(path: string, baselines: readonly ExposureResponse[]): ExposureResponse | undefined {
  const shape = shapeOf(path);
  return baselines.find((b) => b.shape === shape);
}

export type BaselineVerdict = 'distinct' | 'like_baseline' | 'baseline_matches_signature';

/**
 * Judge a response that matched a signature: it counts only when it is distinct from the baseline of
 * its shape, and the baseline itself does not satisfy the same signature (a server that echoes
 * anything would otherwise "have" every file).
 */
export function judgeAgainstBaselines(
  hit: ExposureResponse,
  baselines: readonly ExposureResponse[],
  signatureMatches: (r: ExposureResponse) => boolean,
): BaselineVerdict {
  const sameShape = baselines.filter((b) => b.shape === shapeOf(hit.path));
  for (const b of sameShape) {
    if (signatureMatches({ ...b, probe: hit.probe })) return 'baseline_matches_signature';
    if (resemblesBaseline(hit, b)) return 'like_baseline';
  }
  // Across shapes too: a catch-all that answers every path with one page is one page whatever the shape.
  if (baselines.some((b) => resemblesBaseline(hit, b))) return 'like_baseline';
  return 'distinct';
}
