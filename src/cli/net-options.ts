import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { NetOptions } from '../net/index.js';
import { InputError } from '../net/target-input.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The options every command that contacts a target shares. */
export function addNetOptions(cmd: Command): Command {
  return cmd
    .option('--allow-private', 'allow loopback, private and other non-public target addresses')
    .option('--resolve <host:port:addr>', "pin a name to an address, like curl's --resolve (repeatable)", collect)
    .option('--ca <file>', 'also trust the CA certificates in this PEM file (repeatable)', collect)
    .option('--timeout <ms>', 'per-request time limit in milliseconds', (v) => Number(v))
    .option('--json', 'print the JSON report instead of the terminal report');
}

export interface NetCliOptions {
  allowPrivate?: boolean;
  resolve?: string[];
  ca?: string[];
  timeout?: number;
  json?: boolean;
}

export function netOptionsFrom(opts: NetCliOptions): NetOptions {
  return {
    allowPrivate: opts.allowPrivate ?? false,
    resolve: opts.resolve ?? [],
    ca: (opts.ca ?? []).map(readCaFile),
    ...(opts.timeout && Number.isFinite(opts.timeout) ? { timeoutMs: opts.timeout } : {}),
  };
}

/** Colours only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '') && process.env.TERM !== 'dumb';
}

function readCaFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`--ca: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new InputError(`--ca: ${file} holds no PEM certificate`);
  return text;
}
