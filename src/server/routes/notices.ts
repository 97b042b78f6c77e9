/** The Notices page and its JSON twin: advisories that affect software seen in stored scans. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { collectNotices } from '../notices.js';
import { noticesPage } from '../pages/notices.js';
import { sendHtml } from './shared.js';
import { defaultAdvisoryData } from '../../checks/cve/advisory-data.js';

export function registerNotices(app: FastifyInstance, ctx: AppContext): void {
  const datasets = () => {
    const d = defaultAdvisoryData();
    return [
      { name: 'retire.js', date: d.js.source.date },
      { name: 'servers', date: d.servers.updated },
      { name: 'WordPress core', date: d.wordpressCore.updated },
      { name: 'WordPress plugins', date: d.wordpressPlugins.updated },
    ];
  };
  app.get('/notices', async (request, reply) => {
    const view = await collectNotices(ctx.store.db, defaultAdvisoryData());
    return sendHtml(reply, noticesPage(ctx.pageContext(request), view, datasets()));
  });
  app.get('/api/v1/notices', async (_request, reply) => {
    const view = await collectNotices(ctx.store.db, defaultAdvisoryData());
    return reply.type('application/json').send({ ...view, datasets: datasets() });
  });
}
