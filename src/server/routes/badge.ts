/** `/badge/<host>.svg`: the grade of the host's latest finished scan, for READMEs and dashboards. */
import type { FastifyInstance } from 'fastify';
import { makeBadge } from 'badge-maker';
import type { AppContext } from '../context.js';
import { normaliseHost } from './shared.js';
import { gradeText } from '../../scoring/grade.js';

const COLORS: Record<string, string> = { 'A+': 'brightgreen', A: 'green', B: 'yellowgreen', C: 'yellow', D: 'orange', F: 'red' };

/** A partial grade (too little measured for its A to stand) is not shown in the colour of a verdict. */
export const badgeColor = (grade: string, partial: boolean): string => (partial ? 'lightgrey' : (COLORS[grade] ?? 'lightgrey'));

/** Few distinct badges exist (grade × score), and drawing one measures text, so they are memoised. */
const drawn = new Map<string, string>();
function badge(message: string, color: string): string {
  const key = `${message}|${color}`;
  let svg = drawn.get(key);
  if (!svg) {
    // badge-maker escapes label and message itself; the host never appears in the SVG anyway.
    svg = makeBadge({ label: 'scorifya', message, color });
    if (drawn.size < 1000) drawn.set(key, svg);
  }
  return svg;
}

export function registerBadge(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { file: string } }>('/badge/:file', async (request, reply) => {
    const file = request.params.file;
    if (!file.endsWith('.svg')) return reply.callNotFound();
    const host = normaliseHost(file.slice(0, -4));
    const latest = await ctx.store.latestDone(host);
    const svg = latest?.grade ? badge(`${gradeText(latest.grade, latest.gradePartial)} · ${latest.score}`, badgeColor(latest.grade, latest.gradePartial)) : badge('not scanned', 'lightgrey');
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      // Other sites embed the badge as an image, so it must be loadable cross-origin.
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(svg);
  });
}
