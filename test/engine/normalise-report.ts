/**
 * A report with what differs between two runs of the same lab masked: times, the lab's random ports,
 * and what a freshly generated certificate carries (dates, serials, fingerprints, keys). Everything
 * else — ids, severities, points, scores, titles, evidence text — is kept, so that it can be compared.
 */
import type { Report } from '../../src/model/report.js';

const DROP = new Set(['startedAt', 'durationMs']);
/** Numbers that are lab ports. */
const PORT_KEYS = new Set(['port']);

function maskText(text: string): string {
  return text
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, '<date>')
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, '<date>')
    .replace(/\b[A-Z][a-z]{2} {1,2}\d{1,2} \d{2}:\d{2}:\d{2} \d{4} GMT\b/g, '<date>')
    .replace(/(localhost|127\.0\.0\.1|\[::1\]|\.test):\d{2,5}\b/g, '$1:<port>')
    .replace(/\b(?:[0-9A-Fa-f]{2}:){15,}[0-9A-Fa-f]{2}\b/g, '<hex>')
    .replace(/\b[0-9A-Fa-f]{16,}\b/g, '<hex>')
    .replace(/\b\d+(?:\.\d+)? ?ms\b/g, '<n> ms')
    // The CORS probe's attacker origins carry a random label, so a site cannot allow-list them.
    .replace(/\bsfy-[a-z0-9]{8}/g, 'sfy-<random>')
    // Keys of the DNS lab are generated afresh: their tags change.
    .replace(/\b(DNSKEY|DS|key tag|tag) \d{1,5}\b/g, '$1 <tag>')
    // unbound names whichever query first met a failure it has cached.
    .replace(/previous validation failure <[^>]*>/g, 'previous validation failure <query>');
}

function mask(value: unknown): unknown {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map(mask);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (DROP.has(key)) continue;
      out[key] = PORT_KEYS.has(key) && typeof v === 'number' ? '<port>' : mask(v);
    }
    return out;
  }
  return value;
}

export function normaliseReport(report: Report): unknown {
  // The runtime is named in every report; which one ran the tests is not the engine's behaviour.
  const scanner = report.scanner && { ...report.scanner, runtime: '<runtime>', openssl: '<openssl>' };
  return mask({ ...report, ...(scanner ? { scanner } : {}) });
}
