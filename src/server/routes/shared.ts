/** Helpers the route files share: HTML replies, same-origin form checks, and loading a scan or a host from the URL. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { HttpProblem } from '../problem.js';
import type { ScanRecord } from '../../store/scan-store.js';
import type { RawHeader } from '../../model/http.js';
import { InputError } from '../../engine/errors.js';
import { siteHeadersFrom } from '../../engine/inputs.js';

const SCAN_ID = /^[A-Za-z0-9_-]{8,32}$/;
const HOST = /^[a-z0-9.:_\-[\]]{1,260}$/;

export const sendHtml = (reply: FastifyReply, body: string, status = 200) =>
  reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(body);

/** The origin the visitor used, for share links. */
export function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Forms may only be posted from our own pages (a cross-site form cannot start scans in a visitor's name). */
export function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin && origin !== 'null' && origin !== originOf(request)) {
    throw new HttpProblem(403, 'Forbidden', 'Scan forms can only be submitted from this site.');
  }
}

/** Where a form submission lands: a reused finished scan says so on its page. */
export function reusedLocation(scan: { id: string; status: string }, reused: boolean): string {
  return `/scans/${scan.id}${reused && scan.status === 'done' ? '?reused=1' : ''}`;
}

export function normaliseHost(raw: string): string {
  const host = raw.toLowerCase().replace(/\.$/, '');
  if (!HOST.test(host)) throw new HttpProblem(400, 'Bad Request', 'That is not a host name.');
  return host;
}

export async function loadScan(ctx: AppContext, id: string): Promise<ScanRecord> {
  const scan = SCAN_ID.test(id) ? await ctx.store.get(id) : undefined;
  if (!scan) throw new HttpProblem(404, 'Not Found', 'No scan with this id (it may have expired under the retention setting).');
  return scan;
}

/** The finished full scan of the same host just before this one, if any: what "compare with the previous scan" opens. */
export async function previousScan(ctx: AppContext, scan: Pick<ScanRecord, 'id' | 'host' | 'createdAt'>): Promise<{ id: string } | undefined> {
  return (await ctx.store.byHost(scan.host)).find((s) => s.status === 'done' && s.createdAt < scan.createdAt && s.id !== scan.id);
}

/** The API's and the scan form's request body limit: room for a signed-in scan's headers (32 of up to 8 kB). */
export const SIGNED_IN_BODY_LIMIT = 320 * 1024;

/**
 * The headers of a signed-in scan from the API's `headers`/`cookie` or the form's fields, checked as
 * the CLI checks `--header`/`--cookie`; bad ones are a 422 problem that names the reason (and the
 * header's name, never its value). An empty cookie field means none.
 */
export function signedInHeaders(lines: readonly string[] | undefined, cookie: string | undefined, fields: { header: string; cookie: string }): RawHeader[] {
  try {
    return siteHeadersFrom(lines ?? [], cookie?.trim() ? cookie : undefined, fields);
  } catch (error) {
    if (error instanceof InputError) throw new HttpProblem(422, 'Invalid headers', error.message, '/problems/invalid-headers');
    throw error;
  }
}
