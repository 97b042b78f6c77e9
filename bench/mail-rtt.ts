// `npm run bench -- mail-rtt [--runs N] [--h2]`: issue 24's speed requirement, measured. A full scan of the
// round-trip bench's site (test/lab/rtt-site.ts, example.test) whose MX is a real, responsive postfix
// (the mail lab's good case), with the latency proxy (test/lab/latency-proxy.ts) in front of the site,
// the DNS lab's resolver AND the MX's port 25, at 0, 50 and 250 ms round trip; the full scan's wall
// time with the mail probe and without it (`--only` every other probe), runs interleaved, medians.
//
// How: the MX name of example.test is mail.example.test → 127.0.0.1 and ::1, port 25 (the probe always
// talks on 25). So the scan runs inside the mail lab's network namespace (loopback only: nothing can
// leave the machine), where the proxy listens on 127.0.0.1:25 and [::1]:25 and relays to the good
// postfix on 127.0.0.11:25, whose certificate also names mail.example.test. The outer process starts
// the mail lab (with its DNS lab, which serves example.test too) and runs this file again inside the
// namespace with `--inner`.
import '../test/support/loopback-guard.mjs';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { probeKeys, scan, type ScanOptions } from '../src/engine/index.js';
import { startLatencyProxy, type LatencyProxy } from '../test/lab/latency-proxy.js';
import { startRttSite, RTT_HOST } from '../test/lab/rtt-site.js';
import { CASES, mailLabAvailable, startMailLab } from '../test/lab/mail/lab.js';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const RUNS = Number(arg('--runs')) || 3;
const MX_NAME = `mail.${RTT_HOST}`;
const GOOD = CASES.find((c) => c.name === 'good-mx')!;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

interface Run {
  wall: number;
  /** When the mail probe ended, and when the last other probe ended (ms after the scan started). */
  mailDone?: number;
  webDone: number;
  mailOutcome?: string;
  mailElapsed?: number;
  /** TCP connections to the MX and UDP queries to the resolver that crossed the proxies. */
  mxConnections: number;
  datagrams: number;
}

async function inner(): Promise<void> {
  const [dnsHost, dnsPort] = arg('--dns')!.split(':');
  const mailCa = readFileSync(arg('--ca')!, 'utf8');
  const site = await startRttSite({ h2: args.includes('--h2') });
  const proxies: LatencyProxy[] = [];
  try {
    const siteProxy = await startLatencyProxy({ target: { host: '127.0.0.1', port: site.port } });
    const dnsProxy = await startLatencyProxy({ target: { host: dnsHost!, port: Number(dnsPort) }, udp: true });
    // mail.example.test has A 127.0.0.1 and AAAA ::1: the proxy answers on port 25 of both.
    const mxProxy = await startLatencyProxy({ target: { host: GOOD.address, port: 25 }, listen: { port: 25 }, dualStack: true });
    proxies.push(siteProxy, dnsProxy, mxProxy);
    const options: ScanOptions = {
      allowPrivate: true,
      resolve: [`${RTT_HOST}:${siteProxy.port}:127.0.0.1`, `mta-sts.${RTT_HOST}:443:127.0.0.1`],
      ca: [site.ca.certPem, mailCa],
      timeoutMs: 5000,
      dns: { dnsServers: [`127.0.0.1:${dnsProxy.port}`], dnssecAnchor: arg('--anchor')! },
    };
    const url = `http://${RTT_HOST}:${siteProxy.port}/`;
    const withoutMail = probeKeys().filter((k) => k !== 'mail');
    const once = async (mail: boolean): Promise<Run> => {
      for (const p of proxies) p.reset();
      const ends = new Map<string, number>();
      const t0 = performance.now();
      const { report, evidence } = await scan(url, {
        ...options,
        ...(mail ? {} : { probes: withoutMail }),
        onProgress: (e) => {
          if (e.state !== 'start') ends.set(e.probe, performance.now() - t0);
        },
      });
      const wall = performance.now() - t0;
      const mx = (evidence as { mail?: { status: string; data?: { mx: { outcome: string; reasonCode?: string; elapsedMs?: number }[] } } }).mail;
      const row = mx?.status === 'ok' ? mx.data?.mx[0] : undefined;
      if (mail && row?.outcome !== 'measured') console.log(`  warning: the MX was not measured (${JSON.stringify(report.mailTransport?.[0] ?? mx)})`);
      return {
        wall,
        mxConnections: mxProxy.counters.connections,
        datagrams: dnsProxy.counters.datagrams,
        webDone: Math.max(...[...ends].filter(([k]) => k !== 'mail').map(([, t]) => t)),
        ...(ends.has('mail') ? { mailDone: ends.get('mail')! } : {}),
        ...(row ? { mailOutcome: `${row.outcome}${row.reasonCode ? ` (${row.reasonCode})` : ''}`, ...(row.elapsedMs !== undefined ? { mailElapsed: row.elapsedMs } : {}) } : {}),
      };
    };
    await once(true); // warm-up: module loading and JIT
    await once(false);
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString()}; site ${args.includes('--h2') ? 'h2 offered' : 'HTTP/1.1 only'}`);
    console.log(`full scan of ${url} (MX ${MX_NAME} → postfix good-mx), medians of ${RUNS} interleaved runs; load = 1/5/15 min load average before the row`);
    let last: Run | undefined;
    const walls: Record<number, { with: number[]; without: number[] }> = {};
    for (const half of [0, 25, 125]) {
      const before = load();
      for (const p of proxies) p.delayMs = half;
      const w = (walls[half] = { with: [] as number[], without: [] as number[] });
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        // Alternate which goes first, so neither always runs on a machine the other just warmed or loaded.
        for (const mail of i % 2 ? [false, true] : [true, false]) {
          const r = await once(mail);
          (mail ? w.with : w.without).push(r.wall);
          if (mail) runs.push((last = r));
        }
      }
      const m = median(runs.map((r) => r.mailDone ?? NaN));
      const web = median(runs.map((r) => r.webDone));
      console.log(
        `RTT ${String(2 * half).padStart(3)} ms: with mail ${median(w.with).toFixed(0).padStart(5)} ms, without ${median(w.without).toFixed(0).padStart(5)} ms` +
          ` (with mail: mail probe done at ${m.toFixed(0)} ms, last other probe at ${web.toFixed(0)} ms; MX ${runs[0]?.mailOutcome ?? '?'}, its SMTP part ${median(runs.map((r) => r.mailElapsed ?? NaN)).toFixed(0)} ms)` +
          `  load ${before}  [with: ${w.with.map((x) => x.toFixed(0)).join(' ')}; without: ${w.without.map((x) => x.toFixed(0)).join(' ')}]`,
      );
    }
    const slope = (k: 'with' | 'without') => (median(walls[125]![k]) - median(walls[25]![k])) / 200;
    const trips = (k: 'with' | 'without') => (median(walls[25]![k]) - median(walls[0]![k])) / 50;
    console.log(`trips (50 − 0) / 50 ms: with mail ${trips('with').toFixed(1)}, without ${trips('without').toFixed(1)}; slope (250 − 50) / 200 ms: with mail ${slope('with').toFixed(1)}, without ${slope('without').toFixed(1)}`);
    console.log(`through the proxies in the last scan with mail: ${last?.mxConnections} TCP connections to the MX, ${last?.datagrams} DNS queries`);
  } finally {
    for (const p of proxies) await p.close().catch(() => undefined);
    await site.close();
  }
}

if (!args.includes('--inner')) {
  if (!mailLabAvailable()) {
    console.log('mail-rtt: skipped (needs root, ip netns, postfix and the DNS lab daemons)');
    process.exit(0);
  }
  const lab = await startMailLab({ extraNames: { 'good-mx': [MX_NAME] } });
  try {
    const self = fileURLToPath(import.meta.url);
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        'ip',
        ['netns', 'exec', lab.netns, process.execPath, '--import', 'tsx', self, '--inner', '--dns', lab.dns.resolverSpec, '--anchor', lab.dns.anchorFile, '--ca', lab.caFile, ...args],
        { stdio: 'inherit' },
      );
      child.on('exit', resolve);
    });
    process.exitCode = code ?? 1;
  } finally {
    await lab.stop();
  }
} else {
  await inner();
}
