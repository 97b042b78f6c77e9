import type { Command } from 'commander';
import { addDnsOptions, runDnsCommand } from './dns-options.js';
import type { DnsCliOptions } from '../../engine/dns-options.js';

/** `scorifya email DOMAIN`: the SPF tree, DMARC, MTA-STS, TLS-RPT, BIMI and DKIM hints for a mail domain. */
export function registerEmail(program: Command): void {
  addDnsOptions(
    program
      .command('email')
      .argument('<domain>', 'mail domain to check')
      .description('check e-mail authentication for a domain: SPF tree, DMARC, MTA-STS, TLS-RPT, BIMI, DKIM hints'),
  ).action((domain: string, opts: DnsCliOptions) => runDnsCommand(domain, opts, 'email'));
}
