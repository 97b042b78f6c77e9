/**
 * The one formatter of the redirect chains for every human-readable renderer (terminal, HTML,
 * Markdown): plain lines, each renderer escaping them its own way. The JSON report carries the same
 * facts as `redirects`.
 */
import type { Report } from '../model/report.js';
import type { RedirectChainSummary, RedirectHopSummary } from '../model/redirect-summary.js';

function hopLine(h: RedirectHopSummary): string {
  const marks = [
    h.hsts !== undefined ? `HSTS ${h.hsts}` : h.url.startsWith('https:') ? 'no HSTS' : undefined,
    h.cookies.length ? `sets cookie${h.cookies.length > 1 ? 's' : ''} ${h.cookies.join(', ')}` : undefined,
    h.downgrade ? 'DOWNGRADES to http' : undefined,
    h.offHost ? 'LEAVES the host' : undefined,
  ].filter(Boolean);
  return `${h.status} ${h.url}${h.location ? ` → ${h.location}` : ''}${marks.length ? ` [${marks.join('; ')}]` : ''}`;
}

/** The chains as titled groups of lines: one group per chain that has something to show. */
export function redirectChainGroups(report: Report): { title: string; lines: string[] }[] {
  if (!report.redirects) return [];
  const group = (title: string, chain: RedirectChainSummary) => ({
    title: `${title} (${chain.start})`,
    lines: [...chain.hops.map((h, i) => `${i + 1}. ${hopLine(h)}`), ...(chain.error ? [`stopped: ${chain.error}`] : [])],
  });
  return [group('From http://', report.redirects.http), group('From https://', report.redirects.https)].filter((g) => g.lines.length > 0);
}
