/** The versioned JSON API under /api/v1, plus the OpenAPI document. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { HostParams, ScanIdParams, ScanRequest, SCHEMAS, jsonSchema } from '../api-schemas.js';
import { scanJson, scanSummaryJson } from '../api-views.js';
import { HttpProblem, JSON_ONLY } from '../problem.js';
import { signedInHeaders, SIGNED_IN_BODY_LIMIT } from './shared.js';
import { SCORING_TABLE } from '../../scoring/table.js';
import { capClassFor, capsBySeverity, type CapSpec } from '../../scoring/caps.js';
import { findingContent } from '../../content/load.js';
import { streamScanEvents } from '../sse.js';

/**
 * The API's bodies are JSON and nothing else. A body of another type (urlencoded, multipart,
 * text/plain) is what a cross-site HTML form can send without the visitor's browser asking first, so
 * accepting one would let any page start scans in its visitors' name; a JSON body needs a CORS
 * preflight this server never grants. The web app's own forms post to its page routes, not here.
 */
async function jsonBodyOnly(request: FastifyRequest): Promise<void> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpProblem(415, 'Unsupported Media Type', JSON_ONLY, '/problems/unsupported-media-type');
}

const problemResponses = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, { ...SCHEMAS.problem, description: 'Problem' }]));

export function registerApi(app: FastifyInstance, ctx: AppContext): void {
  const scanLimit = { max: ctx.config.scanRateLimit.max, timeWindow: ctx.config.scanRateLimit.windowMs };

  app.post<{ Body: ScanRequest }>(
    '/api/v1/scans',
    {
      config: { rateLimit: scanLimit },
      onRequest: jsonBodyOnly,
      // Room for the headers of a signed-in scan (32 of up to 8 kB); other routes keep 16 kB.
      bodyLimit: SIGNED_IN_BODY_LIMIT,
      schema: {
        tags: ['scans'],
        summary: 'Start a scan',
        description:
          'Queues a scan of the URL and answers 202 with its id: a full scan, a focused tool (`tool`) or a scan restricted to some probes (`probes`). A scan of the same URL with the same choice that is still running, or that finished within the cooldown, is returned instead (200, `reused: true`). The report lists the options that shaped it (`report.options`: tool, probes, the names of the headers of a signed-in scan, and the DNS servers, trust anchors, pins and CAs this server is configured with). A signed-in or staging scan (`headers`, `cookie`) is always a new scan (202), never reused; a server whose queue runs on PostgreSQL refuses it (422, `/problems/signed-in-scans-unavailable`), because the values would have to be stored for its workers.',
        body: jsonSchema(ScanRequest),
        response: {
          202: { description: 'Scan queued', ...SCHEMAS.scanSummary },
          200: { description: 'A recent or running scan of the same URL', ...SCHEMAS.scanSummary },
          ...problemResponses(400, 413, 415, 422, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const { url, tool, probes, headers, cookie } = request.body;
      if (tool && probes) throw new HttpProblem(400, 'Invalid request', 'give `tool` or `probes`, not both: a tool runs the probes it needs', '/problems/validation');
      const siteHeaders = signedInHeaders(headers, cookie, { header: 'headers', cookie: 'cookie' });
      const { scan, reused } = await ctx.service.submit(url, tool ?? null, { ...(probes ? { probes } : {}), ...(siteHeaders.length ? { siteHeaders } : {}) });
      return reply
        .code(reused ? 200 : 202)
        .header('location', `/api/v1/scans/${scan.id}`)
        .send({ ...scanSummaryJson(scan), reused });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/scans/:id',
    {
      schema: {
        tags: ['scans'],
        summary: 'Read a scan',
        description: 'Status, progress and, once done, the full report (score, grade, categories, findings with evidence and points).',
        params: jsonSchema(ScanIdParams),
        response: { 200: { description: 'The scan', ...SCHEMAS.scanSummary }, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const scan = await ctx.store.get(request.params.id);
      if (!scan) throw new HttpProblem(404, 'Not Found', 'No scan with this id (it may have expired under the retention setting).');
      reply.header('cache-control', scan.status === 'done' || scan.status === 'failed' ? 'public, max-age=60' : 'no-store');
      return scanJson(scan);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/scans/:id/events',
    {
      schema: {
        tags: ['scans'],
        summary: 'Follow a scan (server-sent events)',
        description:
          'A text/event-stream: `status` events ({status}), `progress` events ({probe, label, state: start|active|done|unavailable, at, and when known finished and total steps, its request count and meanMs per response}) and a final `end` event ({status, score, grade, gradePartial}), after which the stream closes.',
        params: jsonSchema(ScanIdParams),
        response: { 200: { description: 'text/event-stream', type: 'string' }, ...problemResponses(400, 404, 429) },
      },
    },
    async (request, reply) => {
      const scan = await ctx.store.get(request.params.id);
      if (!scan) throw new HttpProblem(404, 'Not Found', 'No scan with this id.');
      const release = ctx.streams.tryOpen(request.ip);
      if (!release) {
        reply.header('retry-after', '10');
        throw new HttpProblem(429, 'Too Many Requests', `This address already follows ${ctx.config.sseMaxPerClient} scans at once; close one of those event streams first.`);
      }
      streamScanEvents(ctx, request, reply, scan.id, release);
    },
  );

  app.get<{ Params: { host: string } }>(
    '/api/v1/hosts/:host/scans',
    {
      schema: {
        tags: ['hosts'],
        summary: 'List the scans of a host',
        description: 'Full scans of the host, newest first, without their reports.',
        params: jsonSchema(HostParams),
        response: {
          200: {
            description: 'Scans of the host',
            type: 'object',
            properties: { host: { type: 'string' }, scans: { type: 'array', items: SCHEMAS.scanSummary } },
          },
          ...problemResponses(400),
        },
      },
    },
    async (request) => {
      const host = request.params.host.toLowerCase().replace(/\.$/, '');
      const scans = await ctx.store.byHost(host);
      return { host, scans: scans.map(scanSummaryJson) };
    },
  );

  app.get(
    '/api/v1/checks',
    {
      schema: {
        tags: ['checks'],
        summary: 'List every check',
        description:
          'Every finding id with its category, default severity, points and score caps, from the scoring table (`cap` at the default severity, `caps` per severity with the cap class: see /methodology#caps); its general fix steps; and, for an id whose cause can differ, each cause with its own fix steps. A finding in a report names its cause in `cause`: show the steps of that cause, or `fix` when it names none.',
        response: {
          200: {
            description: 'The scoring table',
            type: 'object',
            properties: {
              checks: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    title: { type: ['string', 'null'] },
                    category: { type: 'string' },
                    severity: { type: 'string' },
                    points: {},
                    cap: { type: ['integer', 'null'] },
                    caps: {
                      type: ['object', 'null'],
                      additionalProperties: { type: 'object', properties: { class: { type: 'string' }, cap: { type: 'integer' } } },
                    },
                    url: { type: 'string' },
                    fix: { type: 'array', items: { type: 'string' }, description: 'The general fix steps (Markdown), for a finding without a cause' },
                    causes: {
                      type: 'array',
                      description: 'Empty for an id with one cause',
                      items: {
                        type: 'object',
                        properties: {
                          id: { type: 'string' },
                          summary: { type: 'string' },
                          steps: { type: 'array', items: { type: 'string' } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (_request, reply) => {
      const content = findingContent();
      reply.header('cache-control', 'public, max-age=300');
      return {
        checks: Object.entries(SCORING_TABLE)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([id, rule]) => ({
            id,
            title: content.get(id)?.title ?? null,
            category: rule.category,
            severity: rule.severity,
            points: rule.points,
            cap: capClassFor(rule.cap, rule.severity)?.cap ?? null,
            caps: capsJson(rule.cap),
            url: `/checks/${id}`,
            fix: content.get(id)?.steps ?? [],
            causes: [...(content.get(id)?.causes.values() ?? [])].map((c) => ({ id: c.id, summary: c.summary, steps: c.steps })),
          })),
      };
    },
  );

  app.get('/api/openapi.json', async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return app.swagger();
  });
}

/** A rule's caps per severity, `{ critical: { class, cap } }`; null when it never caps. */
function capsJson(spec: CapSpec | undefined): Record<string, { class: string; cap: number }> | null {
  const entries = capsBySeverity(spec);
  return entries.length ? Object.fromEntries(entries.map((e) => [e.severity, { class: e.capClass.id, cap: e.capClass.cap }])) : null;
}
