/**
 * The pg-boss schema a node's job queue lives in. Web nodes and workers of one installation must name
 * the same one; installations sharing a database each take their own, or their workers take each
 * other's jobs.
 */
import { InputError } from '../engine/errors.js';

export const DEFAULT_QUEUE_SCHEMA = 'pgboss';

/** Throws InputError unless `name` is a plain lower-case SQL identifier (it is spliced into SQL by pg-boss). */
export function checkQueueSchema(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new InputError(`--queue-schema expects a lower-case SQL name, got '${name}'`);
  return name;
}
