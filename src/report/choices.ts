/**
 * The options recorded in a report (model/options.ts), in words: what a reader needs to reproduce the
 * result ("DNS through 127.0.0.1:5353"). The web page shows them; the words name no command-line
 * flag, so they read the same whichever surface made the report.
 */
import type { ScanChoices } from '../model/options.js';

export function describeChoices(options: ScanChoices | undefined): string[] {
  if (!options) return [];
  const out: string[] = [];
  if (options.tool) out.push(`focused tool: ${options.tool}`);
  if (options.probes?.length) out.push(`only the probes ${options.probes.join(', ')}`);
  if (options.dnsServers?.length) out.push(`DNS through ${options.dnsServers.join(', ')}`);
  if (options.dnssecAnchor?.length) out.push(`DNSSEC trust anchor ${options.dnssecAnchor.join('; ')}`);
  if (options.resolve?.length) out.push(`names pinned: ${options.resolve.map(pinWords).join(', ')}`);
  if (options.ca?.length) out.push(`also trusting ${options.ca.length === 1 ? 'the CA' : 'the CAs'} ${options.ca.join('; ')}`);
  if (options.allowPrivate) out.push('private and loopback addresses allowed');
  if (options.timeoutMs !== undefined) out.push(`${options.timeoutMs} ms per request`);
  return out;
}

/** `host:443:192.0.2.1` → `host:443 → 192.0.2.1` (an IPv6 address keeps its colons). */
function pinWords(pin: string): string {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+):(.+)$/.exec(pin);
  return m ? `${m[1]}:${m[2]} → ${m[3]}` : pin;
}
