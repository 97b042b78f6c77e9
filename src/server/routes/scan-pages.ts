/** Home, scan submission, progress/result pages, JSON download, host history and compare. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { HttpProblem } from '../problem.js';
import { homePage } from '../pages/home.js';
import { progressPage, failedPage } from '../pages/scan-progress.js';
import { resultPage } from '../pages/scan-result.js';
import { historyPage, comparePage } from '../pages/history.js';
import { compareReports } from '../compare.js';
import type { Report } from '../../model/report.js';
import type { ScanRecord } from '../../store/scan-store.js';
import { withArithmetic } from '../../report/arithmetic.js';
import { toolScope } from '../api-views.js';
import { previousScan, sendHtml, originOf, assertSameOrigin, reusedLocation, normaliseHost, loadScan, signedInHeaders, SIGNED_IN_BODY_LIMIT } from './shared.js';

/**
 * Finished result pages never change, so each is rendered once with a random stand-in for the nonce;
 * a request only swaps in its own nonce. Targets cannot know the stand-in, so it cannot be smuggled in.
 */
class RenderedPages {
  private readonly pages = new Map<string, string>();
  readonly placeholder = randomBytes(18).toString('base64url');
  constructor(private readonly max = 200) {}
  get(key: string, nonce: string, render: () => string): string {
    let page = this.pages.get(key);
    if (page === undefined) {
      page = render();
      if (this.pages.size >= this.max) this.pages.delete(this.pages.keys().next().value!);
      this.pages.set(key, page);
    }
    return page.split(this.placeholder).join(nonce);
  }
}

export function registerScanPages(app: FastifyInstance, ctx: AppContext): void {
  const rendered = new RenderedPages();
  const scanLimit = { max: ctx.config.scanRateLimit.max, timeWindow: ctx.config.scanRateLimit.windowMs };

  app.get('/', async (request, reply) => sendHtml(reply, homePage(ctx.pageContext(request), await ctx.store.recent(12))));

  app.post<{ Body: Record<string, string> | undefined }>('/scans', { config: { rateLimit: scanLimit }, bodyLimit: SIGNED_IN_BODY_LIMIT }, async (request, reply) => {
    assertSameOrigin(request);
    const url = String(request.body?.url ?? '').trim();
    const recent = () => ctx.store.recent(12);
    // The signed-in fields are never filled in again on an error page: the values are not echoed anywhere.
    if (request.body?.allowed !== 'yes') {
      return sendHtml(reply, homePage(ctx.pageContext(request), await recent(), { url, error: 'Please confirm that you are allowed to test this site.' }), 400);
    }
    try {
      const lines = String(request.body?.headers ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
      const siteHeaders = signedInHeaders(lines, String(request.body?.cookie ?? ''), { header: 'Headers', cookie: 'Cookie' });
      const { scan, reused } = await ctx.service.submit(url, null, { force: request.body?.force === 'yes', ...(siteHeaders.length ? { siteHeaders } : {}) });
      return reply.redirect(reusedLocation(scan, reused), 303);
    } catch (error) {
      if (error instanceof HttpProblem && error.status < 500 && error.status !== 429) {
        const aboutHeaders = error.type === '/problems/invalid-headers' || error.type === '/problems/signed-in-scans-unavailable';
        return sendHtml(reply, homePage(ctx.pageContext(request), await recent(), { url, error: error.detail ?? error.title, signedInOpen: aboutHeaders }), error.status);
      }
      throw error;
    }
  });

  app.get<{ Params: { id: string }; Querystring: { reused?: string } }>('/scans/:id', async (request, reply) => {
    const scan = await loadScan(ctx, request.params.id);
    const pc = ctx.pageContext(request);
    if (scan.status === 'done' && scan.report) {
      const origin = originOf(request);
      const hasPrevious = !scan.tool && (await previousScan(ctx, scan)) !== undefined;
      // The notice about a reused result carries the time since the scan, so that page is not cached.
      if (request.query.reused === '1') return sendHtml(reply, resultPage(pc, scan as ScanRecord & { report: Report }, origin, { reusedNow: Date.now(), hasPrevious }));
      const body = rendered.get(`${scan.id} ${origin} ${hasPrevious}`, pc.nonce, () =>
        resultPage({ ...pc, nonce: rendered.placeholder }, scan as ScanRecord & { report: Report }, origin, { hasPrevious }),
      );
      return sendHtml(reply, body);
    }
    if (scan.status === 'failed') return sendHtml(reply, failedPage(pc, scan));
    return sendHtml(reply, progressPage(pc, scan));
  });

  app.get<{ Params: { id: string } }>('/scans/:id/report.json', async (request, reply) => {
    const scan = await loadScan(ctx, request.params.id);
    if (!scan.report) throw new HttpProblem(404, 'Not Found', 'This scan has no report yet.');
    const name = `scorifya-${scan.host.replace(/[^a-z0-9.-]/g, '_')}-${new Date(scan.createdAt).toISOString().slice(0, 10)}.json`;
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(JSON.stringify(withArithmetic(scan.report, toolScope(scan.tool)), null, 2));
  });

  app.get<{ Params: { host: string } }>('/hosts/:host', async (request, reply) => {
    const host = normaliseHost(request.params.host);
    return sendHtml(reply, historyPage(ctx.pageContext(request), host, await ctx.store.byHost(host)));
  });

  app.get<{ Params: { host: string }; Querystring: { a?: string; b?: string } }>('/hosts/:host/compare', async (request, reply) => {
    const host = normaliseHost(request.params.host);
    const { a, b } = request.query;
    if (!a || !b) throw new HttpProblem(400, 'Bad Request', 'Pick two scans to compare.');
    let [older, newer] = await Promise.all([loadScan(ctx, a), loadScan(ctx, b)]);
    if (older.host !== host || newer.host !== host) throw new HttpProblem(400, 'Bad Request', 'Both scans must be of this host.');
    if (!older.report || !newer.report) throw new HttpProblem(400, 'Bad Request', 'Both scans must be finished.');
    if (older.createdAt > newer.createdAt) [older, newer] = [newer, older];
    const cmp = compareReports(older.report!, newer.report!);
    return sendHtml(reply, comparePage(ctx.pageContext(request), host, older as never, newer as never, cmp));
  });
}
