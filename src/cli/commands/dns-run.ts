/** The DNS and e-mail tools at run time: option validation, the engine call, and the record summary. */
import pc from 'picocolors';
import type { DnsEvidence, SpfNode } from '../../model/dns.js';
import { escapeTerminal } from '../../report/escape.js';
import { renderTerminal } from '../../report/terminal.js';
import { withArithmetic } from '../../report/arithmetic.js';
import { useColor } from '../net-options.js';
import { netOptionsFrom } from '../../engine/net-options.js';
import { focusedTool, toolScope } from '../../engine/focused-tools.js';
import { runFocusedTool } from '../../engine/run-tool.js';
import { focusOf, toolExitCode } from './focused.js';
import { validateDnsOptions, type DnsCliOptions } from '../../engine/dns-options.js';
import { combinedVerdict, dnssecNotMeasured } from '../../checks/dns/dnssec.js';

function spfLines(node: SpfNode, depth: number, out: string[]): void {
  const pad = '    '.repeat(depth);
  const state = node.loop ? ' (loop)' : node.lookup === 'found' ? '' : ` (${node.lookup === 'none' ? 'no SPF record' : node.lookup})`;
  out.push(`${pad}${escapeTerminal(node.domain)}${state}${node.record ? `: ${escapeTerminal(node.record.slice(0, 300))}` : ''}`);
  for (const t of node.terms) out.push(`${pad}  · ${escapeTerminal(t.term)} — 1 lookup${t.void ? ', void' : ''}`);
  for (const child of node.children) spfLines(child, depth + 1, out);
}

/** The records behind the findings, shown above the report. */
export function renderDnsSummary(d: DnsEvidence, mode: 'dns' | 'email', color: boolean): string {
  const c = pc.createColors(color);
  const out: string[] = [];
  const first = (records: { text: string }[]) => (records[0] ? escapeTerminal(records[0].text.slice(0, 300)) : c.dim('none'));
  const m = d.mail;
  out.push(c.bold(`DNS servers: ${d.servers.join(', ')}`));
  if (mode === 'dns') {
    out.push(`${c.bold('Addresses')}  A: ${d.ipv4.records.join(', ') || c.dim(d.ipv4.status)}  AAAA: ${d.ipv6.records.join(', ') || c.dim(d.ipv6.status)}`);
    out.push(`${c.bold('Name servers')} (${escapeTerminal(d.nsZone)}): ${d.nameServers.records.map((n) => escapeTerminal(n.name)).join(', ') || c.dim(d.nameServers.status)}`);
    const notMeasured = dnssecNotMeasured(d);
    if (notMeasured) out.push(`${c.bold('DNSSEC')} ${c.yellow('not measured')} — ${escapeTerminal(notMeasured)}`);
    else if (d.dnssec) out.push(`${c.bold('DNSSEC')} ${combinedVerdict(d.dnssec)} — ${escapeTerminal(d.dnssec.chain.explanation)}`);
    out.push(`${c.bold('CAA')} ${d.caa.relevantAt ? `at ${escapeTerminal(d.caa.relevantAt)}: ${d.caa.records.map((r) => escapeTerminal(`${r.flags} ${r.tag} "${r.value}"`)).join('; ')}` : c.dim('none')}`);
  }
  out.push(`${c.bold('Mail domain')} ${escapeTerminal(m.domain)}  MX: ${m.mx.records.map((r) => (r.exchange ? `${r.priority} ${escapeTerminal(r.exchange)}` : 'null MX')).join(', ') || c.dim(m.mx.status)}`);
  out.push(c.bold('SPF'));
  if (m.spfTree) spfLines(m.spfTree, 1, out);
  out.push(`${c.bold('DMARC')} ${first([...m.dmarc.records, ...(m.dmarcOrg?.records ?? [])].filter((r) => /^v\s*=\s*DMARC1/i.test(r.text)))}`);
  out.push(`${c.bold('MTA-STS')} ${first(m.mtaSts.records.filter((r) => r.text.startsWith('v=STSv1')))}${m.mtaStsPolicy ? `  policy: ${escapeTerminal(m.mtaStsPolicy.url)} ${m.mtaStsPolicy.status ?? escapeTerminal(m.mtaStsPolicy.error ?? '')}` : ''}`);
  out.push(`${c.bold('TLS-RPT')} ${first(m.tlsRpt.records.filter((r) => r.text.startsWith('v=TLSRPTv1')))}`);
  out.push(`${c.bold('BIMI')} ${first(m.bimi.records.filter((r) => /^v=BIMI1/i.test(r.text)))}`);
  out.push(`${c.bold('DKIM')} ${m.dkimSelectors.length ? m.dkimSelectors.map((s) => escapeTerminal(s.selector)).join(', ') : c.dim(`no key at the common selectors (${m.dkimSelectorsTried.length} tried); a custom selector may still exist`)}`);
  return out.join('\n') + '\n\n';
}

export async function runDns(domain: string, opts: DnsCliOptions, mode: 'dns' | 'email'): Promise<void> {
  validateDnsOptions(opts);
  // The `dns` and `email` tools of engine/focused-tools.ts: the same verdicts as the web app's checkers.
  const tool = focusedTool(mode)!;
  const { report, evidence } = await runFocusedTool(tool, domain, {
    ...netOptionsFrom(opts),
    ...(opts.dnsServer?.length || opts.dnssecAnchor
      ? { dns: { ...(opts.dnsServer?.length ? { dnsServers: opts.dnsServer } : {}), ...(opts.dnssecAnchor ? { dnssecAnchor: opts.dnssecAnchor } : {}) } }
      : {}),
  });
  const dns = evidence.dns?.status === 'ok' ? evidence.dns.data : undefined;
  const focus = { ...focusOf(tool, report), title: mode === 'dns' ? 'DNS check' : 'Email security check' };
  if (opts.json) {
    process.stdout.write(JSON.stringify({ report: withArithmetic(report, toolScope(tool)), dns: dns ?? null }, null, 2) + '\n');
  } else {
    const color = useColor(process.stdout);
    if (dns) process.stdout.write(renderDnsSummary(dns, mode, color));
    process.stdout.write(renderTerminal(report, { color, verbose: opts.verbose ?? false, focus }));
  }
  process.exitCode = toolExitCode(report, tool);
}
