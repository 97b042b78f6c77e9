/** Pages generated from content/ and the scoring table: checks, learn, guides, tools, methodology, FAQ, API docs. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { SCORING_TABLE } from '../../scoring/table.js';
import { findingContent } from '../../content/load.js';
import { HttpProblem } from '../problem.js';
import { checkPage, checksIndexPage, docPage, docsIndexPage } from '../pages/content.js';
import { methodologyPage } from '../pages/methodology.js';
import { faqPage } from '../pages/faq.js';
import { toolPage, toolsIndexPage } from '../pages/tools.js';
import { apiDocsPage } from '../pages/api-docs.js';
import { contentDocs, GUIDE_STACKS, GUIDE_TOPICS } from '../content-files.js';
import { availableTools, findTool } from '../tools.js';
import { assertSameOrigin, reusedLocation, sendHtml } from './shared.js';

const notFound = (what: string) => new HttpProblem(404, 'Not Found', `There is no ${what} here.`);

export function registerContentPages(app: FastifyInstance, ctx: AppContext): void {
  const checkIds = new Set(Object.keys(SCORING_TABLE));
  const scanLimit = { max: ctx.config.scanRateLimit.max, timeWindow: ctx.config.scanRateLimit.windowMs };

  app.get('/checks', async (request, reply) => {
    const content = findingContent();
    const rows = Object.entries(SCORING_TABLE)
      .sort(([a, ra], [b, rb]) => ra.category.localeCompare(rb.category) || a.localeCompare(b))
      .map(([id, rule]) => ({ id, rule, ...(content.get(id) ? { title: content.get(id)!.title } : {}) }));
    return sendHtml(reply, checksIndexPage(ctx.pageContext(request), rows));
  });

  app.get<{ Params: { id: string } }>('/checks/:id', async (request, reply) => {
    const { id } = request.params;
    const rule = Object.hasOwn(SCORING_TABLE, id) ? SCORING_TABLE[id] : undefined;
    if (!rule) throw notFound(`check called '${id}'`);
    const content = findingContent().get(id);
    const learn = content ? contentDocs('learn').get(content.explainer) : undefined;
    return sendHtml(reply, checkPage(ctx.pageContext(request), id, rule, content, checkIds, learn?.title));
  });

  app.get('/learn', async (request, reply) =>
    sendHtml(reply, docsIndexPage(ctx.pageContext(request), 'Learn', 'Explainers for the ideas behind each check, in plain words.', '/learn', [...contentDocs('learn').values()])),
  );
  app.get<{ Params: { topic: string } }>('/learn/:topic', async (request, reply) => {
    const doc = contentDocs('learn').get(request.params.topic);
    if (!doc) throw notFound('explainer with that name');
    const tools = availableTools().filter((t) => t.learn === doc.slug);
    return sendHtml(reply, docPage(ctx.pageContext(request), ['/learn', 'Learn'], doc, checkIds, tools));
  });

  app.get('/guides', async (request, reply) =>
    sendHtml(reply, docsIndexPage(ctx.pageContext(request), 'Stack guides', 'Step-by-step configuration for your web server or framework.', '/guides', [...contentDocs('guides').values()])),
  );
  app.get<{ Params: { slug: string } }>('/guides/:slug', async (request, reply) => {
    const [stack, ...rest] = request.params.slug.split('-');
    const topic = rest.join('-');
    const doc = contentDocs('guides').get(request.params.slug);
    if (!doc || !GUIDE_STACKS[stack!] || !GUIDE_TOPICS[topic]) throw notFound('guide with that name');
    return sendHtml(reply, docPage(ctx.pageContext(request), ['/guides', 'Guides'], doc, checkIds));
  });

  app.get('/tools', async (request, reply) => sendHtml(reply, toolsIndexPage(ctx.pageContext(request), availableTools())));
  app.get<{ Params: { tool: string } }>('/tools/:tool', async (request, reply) => {
    const tool = findTool(request.params.tool);
    if (!tool) throw notFound('tool with that name');
    return sendHtml(reply, toolPage(ctx.pageContext(request), tool, Boolean(tool.learn && contentDocs('learn').has(tool.learn))));
  });
  app.post<{ Params: { tool: string }; Body: Record<string, string> | undefined }>('/tools/:tool', { config: { rateLimit: scanLimit } }, async (request, reply) => {
    assertSameOrigin(request);
    const tool = findTool(request.params.tool);
    if (!tool) throw notFound('tool with that name');
    const url = String(request.body?.url ?? '').trim();
    const hasLearn = Boolean(tool.learn && contentDocs('learn').has(tool.learn));
    if (request.body?.allowed !== 'yes') {
      return sendHtml(reply, toolPage(ctx.pageContext(request), tool, hasLearn, { url, error: 'Please confirm that you are allowed to test this site.' }), 400);
    }
    try {
      const { scan, reused } = await ctx.service.submit(url, tool.id, { force: request.body?.force === 'yes' });
      return reply.redirect(reusedLocation(scan, reused), 303);
    } catch (error) {
      if (error instanceof HttpProblem && error.status < 500 && error.status !== 429) {
        return sendHtml(reply, toolPage(ctx.pageContext(request), tool, hasLearn, { url, error: error.detail ?? error.title }), error.status);
      }
      throw error;
    }
  });

  app.get('/methodology', async (request, reply) => sendHtml(reply, methodologyPage(ctx.pageContext(request))));
  app.get('/faq', async (request, reply) => sendHtml(reply, faqPage(ctx.pageContext(request), ctx.config)));
  app.get('/api/docs', async (request, reply) => sendHtml(reply, apiDocsPage(ctx.pageContext(request), app.swagger() as never)));
}
