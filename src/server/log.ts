/**
 * What `serve` prints. By default only errors, one human line each on stderr (`scorifya: error: …`);
 * the JSON line per request (fastify's pino logger on stdout) only when asked for (`--log-requests`
 * or SCORIFYA_LOG_REQUESTS=1), for a log collector.
 */
import type { FastifyBaseLogger } from 'fastify';

/** `requests`: JSON lines for every request and event; `errors`: human error lines only; false: nothing. */
export type LogMode = false | 'errors' | 'requests';

/** Fastify's `logger` / `loggerInstance` options for a mode. */
export function loggerOptions(mode: LogMode | true): { logger: false | { level: string } } | { loggerInstance: FastifyBaseLogger } {
  if (mode === 'requests' || mode === true) return { logger: { level: 'info' } };
  if (mode === 'errors') return { loggerInstance: errorLinesLogger((line) => process.stderr.write(line)) };
  return { logger: false };
}

/** The text of a log call's arguments: pino's `(obj, msg)` or `(msg)`, an `err` inside `obj` named with its message. */
export function errorLine(args: unknown[]): string {
  const [first, second] = args;
  const parts: string[] = [];
  if (typeof first === 'string') parts.push(first);
  else if (first instanceof Error) parts.push(first.message || first.name);
  else if (first && typeof first === 'object') {
    const { err, ...rest } = first as { err?: unknown } & Record<string, unknown>;
    if (typeof second === 'string') parts.push(second);
    if (err instanceof Error) parts.push(err.message || err.name);
    else if (err !== undefined) parts.push(String(err));
    const context = Object.entries(rest)
      .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
      .map(([k, v]) => `${k}=${v}`);
    if (context.length) parts.push(`(${context.join(', ')})`);
  }
  return `scorifya: error: ${parts.join(': ').replace(/: \(/, ' (') || 'unknown error'}\n`;
}

/** A fastify-compatible logger that writes error and fatal calls as one human line each, and drops the rest. */
export function errorLinesLogger(write: (line: string) => void): FastifyBaseLogger {
  const drop = () => undefined;
  const logger = {
    level: 'error',
    fatal: (...args: unknown[]) => write(errorLine(args)),
    error: (...args: unknown[]) => write(errorLine(args)),
    warn: drop,
    info: drop,
    debug: drop,
    trace: drop,
    silent: drop,
    child: () => logger,
  };
  return logger as unknown as FastifyBaseLogger;
}
