/**
 * The network options as a user gives them (the CLI's flags, a batch's options), and how they become
 * the engine's NetOptions. Shared by cli/ and batch/, so it lives here, below both.
 */
import { readFileSync } from 'node:fs';
import type { NetOptions } from '../net/index.js';
import { InputError } from '../net/target-input.js';
import { siteHeadersFrom } from '../net/site-headers.js';

export interface NetCliOptions {
  allowPrivate?: boolean;
  resolve?: string[];
  /** Paths of PEM files (read here: a file that cannot be read or holds no certificate is bad input). */
  ca?: string[];
  /** Milliseconds, already checked (engine/option-values.ts). */
  timeout?: number;
  /** `Name: value` lines sent to the scanned host (authenticated and staging scans). */
  header?: string[];
  /** A Cookie header value sent to the scanned host. */
  cookie?: string;
  json?: boolean;
}

/** The options of one scan, for ScanOptions and the focused tools. */
export type EngineNetOptions = Omit<NetOptions, 'lookup'>;

export function netOptionsFrom(opts: NetCliOptions): EngineNetOptions {
  return {
    allowPrivate: opts.allowPrivate ?? false,
    resolve: opts.resolve ?? [],
    ca: (opts.ca ?? []).map(readCaFile),
    ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}),
    ...(opts.header?.length || opts.cookie !== undefined ? { siteHeaders: siteHeadersFrom(opts.header, opts.cookie) } : {}),
  };
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
