/** "Watch this site": create a watch, manage it with its private link, verify ownership, unsubscribe. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { HttpProblem } from '../problem.js';
import { assertSameOrigin, normaliseHost, originOf, sendHtml } from './shared.js';
import { manageWatchPage, unsubscribePage, watchFormPage, type WatchFormValues } from '../pages/watch.js';
import { WatchInputError } from '../../monitor/monitor.js';

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export function registerWatchPages(app: FastifyInstance, ctx: AppContext): void {
  const monitor = ctx.monitor;
  const scanLimit = { max: ctx.config.scanRateLimit.max, timeWindow: ctx.config.scanRateLimit.windowMs };
  const emailAvailable = () => !!monitor.config.smtpUrl;

  const byToken = async (token: string) => {
    const w = TOKEN.test(token) ? await monitor.watches.byUnsubscribeToken(token) : undefined;
    if (!w) throw new HttpProblem(404, 'Not Found', 'No watch with this link (it may have been stopped).');
    return w;
  };

  app.get<{ Params: { host: string } }>('/hosts/:host/watch', async (request, reply) => {
    const host = normaliseHost(request.params.host);
    // The address last scanned, port and path included: `https://${host}/` would drop a non-default port.
    const latest = (await ctx.store.byHost(host, 1))[0];
    return sendHtml(reply, watchFormPage(ctx.pageContext(request), host, { url: latest?.url ?? `https://${host}/`, interval: 'weekly', webhookUrl: '', email: '' }, emailAvailable()));
  });

  app.post<{ Body: Record<string, string> | undefined }>('/watches', { config: { rateLimit: scanLimit } }, async (request, reply) => {
    assertSameOrigin(request);
    const values: WatchFormValues = {
      url: String(request.body?.url ?? '').trim(),
      interval: String(request.body?.interval ?? 'weekly'),
      webhookUrl: String(request.body?.webhookUrl ?? '').trim(),
      email: String(request.body?.email ?? '').trim(),
    };
    try {
      const w = await monitor.create({ url: values.url, interval: values.interval as 'daily' | 'weekly', webhookUrl: values.webhookUrl, email: values.email });
      return reply.redirect(`/watches/manage/${w.unsubscribe_token}`, 303);
    } catch (error) {
      if (!(error instanceof WatchInputError)) throw error;
      let host = 'this site';
      try {
        host = new URL(values.url).hostname;
      } catch {
        // keep the generic name
      }
      return sendHtml(reply, watchFormPage(ctx.pageContext(request), host, { ...values, error: error.message }, emailAvailable()), 400);
    }
  });

  app.get<{ Params: { token: string } }>('/watches/manage/:token', async (request, reply) => {
    const w = await byToken(request.params.token);
    return sendHtml(reply, manageWatchPage(ctx.pageContext(request), w, await monitor.watches.deliveries(w.id), originOf(request)));
  });

  app.post<{ Params: { token: string } }>('/watches/manage/:token/verify', { config: { rateLimit: scanLimit } }, async (request, reply) => {
    assertSameOrigin(request);
    const w = await byToken(request.params.token);
    const result = await monitor.verify(w.id);
    const message = result.verified ? { ok: true, text: `Ownership verified: ${result.how}.` } : { ok: false, text: `Not verified: ${result.reasons.join('; ')}.` };
    const fresh = (await monitor.watches.get(w.id)) ?? w;
    return sendHtml(reply, manageWatchPage(ctx.pageContext(request), fresh, await monitor.watches.deliveries(w.id), originOf(request), message), result.verified ? 200 : 400);
  });

  // GET only asks: mail scanners follow links, and a link alone must not stop the alerts. A token
  // that is malformed or names no watch (never issued, or already stopped) is a 404, never "stopped".
  app.get<{ Params: { token: string } }>('/unsubscribe/:token', async (request, reply) => {
    const w = await byToken(request.params.token);
    return sendHtml(reply, unsubscribePage(ctx.pageContext(request), w, false));
  });

  app.post<{ Params: { token: string } }>('/unsubscribe/:token', async (request, reply) => {
    assertSameOrigin(request);
    const w = TOKEN.test(request.params.token) ? await monitor.unsubscribe(request.params.token) : undefined;
    if (!w) throw new HttpProblem(404, 'Not Found', 'No watch with this link (it may have been stopped).');
    return sendHtml(reply, unsubscribePage(ctx.pageContext(request), w, true));
  });
}
