/**
 * Server-sent events for one scan. The stored row is the truth: each wake-up (a local progress
 * notification or a one-second tick, for scans run by another process) re-reads it and sends what is
 * new. The stream ends with an `end` event once the scan is done or failed.
 * A client that stops reading is dropped once more than `sseMaxBufferedBytes` wait unsent in this
 * process (the kernel's socket buffers take the first few MB), so it cannot make the server hoard.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from './context.js';
import { securityHeaders } from './security-headers.js';

const MAX_STREAM_MS = 10 * 60_000;

/** `release` is called once when the stream ends, however it ends (the per-client count in OpenStreams). */
export function streamScanEvents(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, scanId: string, release: () => void = () => undefined): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    ...securityHeaders(request.nonce),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  res.write('retry: 2000\n\n');

  let sentProgress = 0;
  let lastStatus = '';
  let closed = false;
  let busy = false;
  let again = false;

  // Judged before each batch of writes, never right after one: bytes written in the current tick
  // still count as buffered even when the kernel took them at once.
  const stalled = (): boolean => {
    if (res.writableLength <= ctx.config.sseMaxBufferedBytes) return false;
    request.log.warn({ buffered: res.writableLength }, 'event stream client is not reading; dropped');
    finish();
    res.destroy();
    return true;
  };
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

  const finish = () => {
    if (closed) return;
    closed = true;
    release();
    unsubscribe();
    clearInterval(tick);
    clearInterval(heartbeat);
    clearTimeout(limit);
    res.end();
  };

  const push = async (): Promise<void> => {
    if (closed) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        const scan = await ctx.store.get(scanId);
        if (!scan) return finish();
        if (closed || stalled()) return;
        if (scan.progress.length < sentProgress) sentProgress = 0; // a retried job restarts its progress
        for (const event of scan.progress.slice(sentProgress)) send('progress', event);
        sentProgress = scan.progress.length;
        if (scan.status !== lastStatus) {
          lastStatus = scan.status;
          send('status', { status: scan.status });
        }
        if (scan.status === 'done' || scan.status === 'failed') {
          send('end', { status: scan.status, score: scan.score, grade: scan.grade, gradePartial: scan.gradePartial, error: scan.error });
          return finish();
        }
      } while (again && !closed);
    } catch (error) {
      request.log.error({ err: error }, 'event stream failed');
      finish();
    } finally {
      busy = false;
    }
  };

  const unsubscribe = ctx.hub.subscribe(scanId, () => void push());
  const tick = setInterval(() => void push(), 1000);
  const heartbeat = setInterval(() => {
    if (!stalled()) res.write(': keep-alive\n\n');
  }, 15_000);
  const limit = setTimeout(finish, MAX_STREAM_MS);
  res.on('close', finish);
  // A client gone while the scan was being looked up: its 'close' came before anyone listened.
  if (res.destroyed || request.raw.destroyed) return finish();
  void push();
}
