/**
 * Running a focused tool (focused-tools.ts) on one target: the engine entry point its definition names,
 * then its verdict. The CLI's tool commands and `scan --tool`, the web app's tools (through the queue
 * runner) and library users call this one function.
 */
import type { ScanFn, ScanOptions, ScanResult } from './scan.js';
import { focusReport, type FocusedTool } from './focused-tools.js';
import { runTlsTool, scanDns } from './tools.js';

export type { ScanFn } from './scan.js';

/**
 * Run a focused tool on one target: the engine entry point its definition names, then its verdict.
 * `options` are a scan's (network options, DNS servers and anchor, progress, abort signal); `scanFn`
 * lets a caller that wraps `scan()` (the web app's tests) keep its wrapper.
 */
export async function runFocusedTool(tool: FocusedTool, input: string, options: Omit<ScanOptions, 'probes'> = {}, scanFn?: ScanFn): Promise<ScanResult> {
  const { dns, onProgress, probes: _probes, ...net } = options as ScanOptions;
  let result: ScanResult;
  if (tool.via === 'scan') {
    const scan = scanFn ?? (await import('./scan.js')).scan;
    result = await scan(input, { ...options, probes: tool.probes });
  } else {
    // The TLS and DNS tools run one probe outside the probe runner: say when it starts and ends, as a scan would.
    const label = tool.via === 'tls' ? 'TLS protocols, ciphers and certificate' : 'DNS & email records';
    const key = tool.probes[0]!;
    onProgress?.({ probe: key, label, state: 'start', finished: 0, total: 1 });
    if (tool.via === 'tls') {
      const { signal, ...rest } = net;
      result = await runTlsTool(input, { ...rest, ...(signal ? { signal } : {}) });
    } else {
      const { signal: _signal, onConnect: _onConnect, ...rest } = net;
      result = await scanDns(input, {
        ...rest,
        mode: tool.via,
        ...(dns?.dnsServers?.length ? { dnsServers: dns.dnsServers } : {}),
        ...(dns?.dnssecAnchor !== undefined ? { dnssecAnchor: dns.dnssecAnchor } : {}),
      });
    }
    const failed = (result.evidence[key] as { status?: string } | undefined)?.status !== 'ok';
    onProgress?.({ probe: key, label, state: failed ? 'unavailable' : 'done', finished: 1, total: 1 });
  }
  result.evidence.options = { tool: tool.id, ...result.evidence.options };
  return { evidence: result.evidence, report: focusReport(result.report, tool) };
}
