import type { Command } from 'commander';
import { addDnsOptions, runDnsCommand } from './dns-options.js';
import type { DnsCliOptions } from '../../engine/dns-options.js';

/** `scorifya dns DOMAIN`: DNSSEC, CAA, name servers, dangling CNAMEs, and the mail records. */
export function registerDns(program: Command): void {
  addDnsOptions(
    program
      .command('dns')
      .argument('<domain>', 'domain or host name to check')
      .description('check DNS & email for a domain: DNSSEC, CAA, name servers, CNAMEs, SPF, DMARC, MTA-STS'),
  ).action((domain: string, opts: DnsCliOptions) => runDnsCommand(domain, opts, 'dns'));
}
