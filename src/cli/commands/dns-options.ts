/** Options shared by `scorifya dns` and `scorifya email`. Kept light: the engine loads only when one runs. */
import type { Command } from 'commander';
import { addNetOptions } from '../net-options.js';
import type { DnsCliOptions } from '../../engine/dns-options.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addDnsOptions(cmd: Command): Command {
  return addNetOptions(cmd)
    .option('--dns-server <host:port>', 'ask this DNS server (IP address, optional port; repeatable); default: the system resolver', collect)
    .option('--dnssec-anchor <file>', 'DNSSEC trust anchor file with DS or DNSKEY lines; default: the IANA root anchor')
    .option('--verbose', 'show all evidence lines');
}

/** Loads the DNS engine on demand, so other commands do not pay for it at start-up. */
export async function runDnsCommand(domain: string, opts: DnsCliOptions, mode: 'dns' | 'email'): Promise<void> {
  const { runDns } = await import('./dns-run.js');
  await runDns(domain, opts, mode);
}
