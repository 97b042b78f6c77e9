import type { Command } from 'commander';
import { millisecondsOption } from '../engine/option-values.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * The flags every command that contacts a target shares (their meaning: engine/net-options.ts).
 * `siteHeaders`: also `--header`/`--cookie` for a signed-in scan of the page (scan, headers); the TLS
 * and DNS tools send no HTTP to the page, and `cors` has its own `--header` (the page script's).
 */
export function addNetOptions(cmd: Command, { siteHeaders = false } = {}): Command {
  cmd
    .option('--allow-private', 'allow loopback, private and other non-public target addresses')
    .option('--resolve <host:port:addr>', "pin a name to an address, like curl's --resolve (repeatable)", collect)
    .option('--ca <file>', 'also trust the CA certificates in this PEM file (repeatable)', collect)
    .option('--timeout <ms>', 'per-request time limit in milliseconds', millisecondsOption('--timeout'));
  if (siteHeaders) {
    cmd
      .option('--header <name: value>', 'send this header to the scanned host, e.g. for a staging or logged-in scan (repeatable; never stored)', collect)
      .option('--cookie <cookies>', "send this Cookie header ('a=1; b=2') to the scanned host (never stored)");
  }
  return cmd.option('--json', 'print the JSON report instead of the terminal report');
}

/** Colours only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '') && process.env.TERM !== 'dumb';
}
