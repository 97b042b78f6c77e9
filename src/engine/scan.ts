/**
 * The engine's entry point for a full scan: target → net → probes → evidence → checks → scoring →
 * report. The CLI, the web app, the queue workers, batch and library users all call `scan()`; a focused
 * tool that is a scan restricted to some probes (`scorifya headers`, the web app's tools) passes `probes`.
 */
import type { Evidence } from '../model/evidence.js';
import type { Report } from '../model/report.js';
import { createNetContext, type NetOptions } from '../net/index.js';
import { InputError, parseTargetInput } from '../net/target-input.js';
import { ALL_PROBES, runProbes, selectProbes, type ProbeProgress } from '../probes/index.js';
import type { Probe } from '../probes/probe.js';
import type { DnsProbeOptions } from '../probes/dns.js';
import { firstPacket } from './first-packet.js';

export interface ScanOptions extends Omit<NetOptions, 'lookup'> {
  /** Restrict the scan to these probe keys and what they depend on (focused tools, `--only`); default: all. */
  probes?: string[];
  /** DNS servers and trust anchor for the DNS & email probe (`--dns-server`, `--dnssec-anchor`). */
  dns?: Pick<DnsProbeOptions, 'dnsServers' | 'dnssecAnchor' | 'nameServerPort' | 'nameServerAllowList'>;
  onProgress?: (event: ProbeProgress) => void;
  signal?: AbortSignal;
}

/** `scan()` or a caller's wrapper of it (the web app's tests wrap it). */
export type ScanFn = (input: string, options: ScanOptions) => Promise<ScanResult>;

export interface ScanResult {
  report: Report;
  evidence: Evidence;
}

/**
 * Scan one target. Throws InputError for unusable input and TargetRefusedError when the policy refuses
 * the target (before any connection). Everything that goes wrong on the wire ends up in the report.
 */
export async function scan(input: string, options: ScanOptions = {}): Promise<ScanResult> {
  const target = parseTargetInput(input);
  let probes: Probe[] = ALL_PROBES;
  if (options.probes) {
    const selected = selectProbes(options.probes);
    if (selected.unknown.length) {
      throw new InputError(`unknown probe '${selected.unknown[0]}': choose from ${ALL_PROBES.map((p) => p.key).join(', ')}`);
    }
    probes = selected.probes;
  }
  // The DNS tool (tools/dns.ts) gives its DNS client the per-request time limit; so does a scan, so
  // that the DNS & email row of a scan and the DNS tool's verdict agree for the same options.
  const dnsOptions = { ...options.dns, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) };
  if (Object.keys(dnsOptions).length) {
    probes = probes.map((p) => {
      if (p.key === 'dns') return { ...p, run: async (ctx) => (await import('../probes/dns.js')).createDnsProbe(dnsOptions).run(ctx) };
      // The mail probe reads MX records and MX addresses from the same servers as the DNS probe.
      if (p.key === 'mail') return { ...p, run: async (ctx) => (await import('../probes/mail.js')).createMailProbe(dnsOptions).run(ctx) };
      return p;
    });
  }
  const started = new Date();
  const t0 = performance.now();
  // The HTTP probe's first packet goes before the other probes and the checks load (first-packet.ts).
  const first = firstPacket(options.onConnect);
  probes = first.httpFirst(probes);
  const net = createNetContext({ ...options, siteHost: target.host, onConnect: first.onConnect });
  try {
    // Resolve and check the target once, up front: a refused target opens no socket at all. Which
    // address the scan keeps is settled by its first connection (Happy Eyeballs: net/happy-eyeballs.ts).
    const addresses = await net.resolver.addresses(target.host, target.port);
    target.pinned = addresses[0]!;
    target.resolved = net.resolver.seen.get(target.host) ?? addresses;
    const evidence: Evidence = { schemaVersion: 1, target, startedAt: started.toISOString(), durationMs: 0 };
    const probing = runProbes(probes, { target, net, evidence, ...(options.signal ? { signal: options.signal } : {}) }, options.onProgress);
    // The checks (~200 ms of modules) load once the first packet is out, or when probing ends without one.
    const scoring = Promise.race([first.sent, probing.then(() => undefined, () => undefined)]).then(() => import('./rescore.js'));
    await probing;
    target.pinned = await net.resolver.settled(target.host, target.port);
    evidence.durationMs = Math.round(performance.now() - t0);
    // DNS servers and anchors shape a result only when the DNS probe ran.
    const dnsRan = probes.some((p) => p.key === 'dns' || p.key === 'mail');
    const choices = (await import('./choices.js')).recordChoices({
      ...options,
      ...(dnsRan && options.dns?.dnsServers ? { dnsServers: options.dns.dnsServers } : {}),
      ...(dnsRan && options.dns?.dnssecAnchor !== undefined ? { dnssecAnchor: options.dns.dnssecAnchor } : {}),
    });
    if (choices) evidence.options = choices;
    return { report: (await scoring).rescore(evidence), evidence };
  } finally {
    await net.close();
  }
}

/** The probe keys a scan knows (`--only`, the web app's tools): `http`, `tls`, `dns`, `cors` … */
export function probeKeys(): string[] {
  return ALL_PROBES.map((p) => p.key);
}

/** Progress types for callers (the CLI, the queue) that show a scan's progress without reaching into its stages. */
export type { ProbeProgress } from '../probes/index.js';
export type { RequestActivity } from '../net/request-activity.js';
