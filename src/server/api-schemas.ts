/**
 * Request shapes, written once in zod. The JSON Schema fastify validates with (and that the OpenAPI
 * document publishes) is generated from these, so docs and validation cannot disagree.
 */
import { z } from 'zod';
import { probeKeys } from '../engine/scan.js';
import { MAX_SITE_HEADERS } from '../engine/inputs.js';
import { availableTools } from './tools.js';

const TOOL_IDS = availableTools().map((t) => t.id) as [string, ...string[]];
const PROBE_KEYS = probeKeys() as [string, ...string[]];

/**
 * What a visitor may choose per scan: the target, and which verdict (a full scan, a focused tool, or
 * a scan restricted to some probes). How targets are reached (private addresses, pins, CAs, DNS
 * servers and trust anchors) is the operator's configuration and never a request field: a
 * per-request DNS server or CA would let anyone aim this server's resolver at internal hosts.
 */
export const ScanRequest = z
  .object({
    url: z.string().min(1).max(2048).describe('URL or host name to scan, e.g. https://example.com'),
    tool: z
      .enum(TOOL_IDS)
      .optional()
      .describe(`Give this focused tool's verdict instead of a full scan, as the /tools pages and the CLI's \`--tool\` do: ${TOOL_IDS.join(', ')}`),
    probes: z
      .array(z.enum(PROBE_KEYS))
      .min(1)
      .max(PROBE_KEYS.length)
      .optional()
      .describe(`Run only these probes and what they need, like the CLI's \`--only\` (${PROBE_KEYS.join(', ')}); the categories they do not measure are reported as not measured. Not together with \`tool\``),
    headers: z
      .array(z.string().max(8 * 1024 + 256))
      .max(MAX_SITE_HEADERS)
      .optional()
      .describe(
        "A signed-in or staging scan: `Name: value` headers sent only to the scanned host (never to a host a redirect leads to), e.g. `Authorization: Bearer …`, like the CLI's `--header`. The values are never stored: not in the database, the report, the exports or the logs; the scan records the names only (`headerNames`). Such a scan is never reused for another request, and is listed nowhere: only its link reaches it. Framing headers (`Host`, `Content-Length`, `Transfer-Encoding`, `Connection`, `Proxy-*` …) and values with control characters are refused (422)",
      ),
    cookie: z
      .string()
      .max(8 * 1024)
      .optional()
      .describe('A `Cookie` header (`sessionid=…; theme=dark`) sent only to the scanned host, like the CLI\'s `--cookie`; never stored. Not together with a `Cookie:` line in `headers`'),
  })
  .strict();
export type ScanRequest = z.infer<typeof ScanRequest>;

export const ScanIdParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{8,32}$/).describe('Scan id') });
export const HostParams = z.object({ host: z.string().min(1).max(260).regex(/^[A-Za-z0-9.:_\-[\]]+$/).describe('Host name or IP literal') });

/** draft-07 JSON Schema for fastify's validator (Ajv), without the `$schema` key. */
export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-7' }) as Record<string, unknown>;
  return rest;
}

const problem = {
  type: 'object',
  description: 'RFC 9457 problem document (application/problem+json)',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
  },
  required: ['type', 'title', 'status'],
  additionalProperties: true,
} as const;

const scanSummary = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    url: { type: 'string' },
    host: { type: 'string' },
    tool: { type: ['string', 'null'] },
    probes: { type: ['array', 'null'], items: { type: 'string' } },
    headerNames: { type: ['array', 'null'], items: { type: 'string' }, description: 'A signed-in scan: the names of the headers it sent (the values are never stored)' },
    status: { type: 'string', enum: ['queued', 'running', 'done', 'failed'] },
    score: { type: ['integer', 'null'] },
    grade: { type: ['string', 'null'] },
    gradePartial: { type: 'boolean', description: 'The grade is A or above on less than 90 % of the points measured: shown as "A (partial)"' },
    error: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    startedAt: { type: ['string', 'null'], format: 'date-time' },
    finishedAt: { type: ['string', 'null'], format: 'date-time' },
    links: { type: 'object', additionalProperties: { type: 'string' } },
  },
  additionalProperties: true,
} as const;

export const SCHEMAS = { problem, scanSummary };
