/**
 * The DNS options as a user gives them (`--dns-server`, `--dnssec-anchor`), shared by the DNS and
 * e-mail tools and by batch. Bad values are usage errors (InputError), reported before any query.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../net/target-input.js';
import { parseDnsServer } from '../net/dns/servers.js';
import { parseTrustAnchors } from '../net/dns/anchor.js';
import type { NetCliOptions } from './net-options.js';

export interface DnsCliOptions extends NetCliOptions {
  dnsServer?: string[];
  dnssecAnchor?: string;
  verbose?: boolean;
}

export function validateDnsOptions(opts: Pick<DnsCliOptions, 'dnsServer' | 'dnssecAnchor'>): void {
  for (const spec of opts.dnsServer ?? []) {
    try {
      parseDnsServer(spec);
    } catch (error) {
      throw new InputError((error as Error).message);
    }
  }
  if (opts.dnssecAnchor) {
    let text: string;
    try {
      text = readFileSync(opts.dnssecAnchor, 'utf8');
    } catch (error) {
      throw new InputError(`--dnssec-anchor: cannot read ${opts.dnssecAnchor} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    try {
      parseTrustAnchors(text);
    } catch (error) {
      throw new InputError(`--dnssec-anchor: ${(error as Error).message}`);
    }
  }
}
