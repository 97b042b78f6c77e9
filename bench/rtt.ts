// `npm run bench -- rtt`: what a scan costs on a real network. A latency-injecting proxy
// (test/lab/latency-proxy.ts) sits in front of the lab site and the DNS lab; every category and the
// full scan run at 0 and 50 ms round trip, and (wall at 50 − wall at 0) / 50 ms is the number of
// sequential round trips on the critical path. The same proxy sits in front of the peers' targets:
// sslscan and testssl.sh on TLS fixtures, the MDN HTTP Observatory on the header site. Last, the
// CLI's start-up. Loopback only; the DNS lab's resolver is the only DNS server asked.
//
// Flags: --runs N (default 3), --dual-stack (part 1 over both families), --testssl (adds testssl.sh: minutes per fixture), --no-peers, --no-dns,
// --no-categories (skip part 1), --full-only (part 1: the full scan alone), --h1-only / --h2-only (one site). Peers are timed at 0 and 50 ms only (at 250 ms sslscan alone takes minutes).
import '../test/support/loopback-guard.mjs';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scan, type ScanOptions } from '../src/engine/index.js';
import { probeTls } from '../src/probes/tls.js';
import { startLatencyProxy, type LatencyProxy } from '../test/lab/latency-proxy.js';
import { startRttSite, RTT_HOST } from '../test/lab/rtt-site.js';
import { dnsLabAvailable, startDnsLab, type DnsLab } from '../test/lab/dns/lab.js';
import { createTlsLabCerts } from '../test/lab/tls/certs.js';
import { startGnutls, startNodeTls, type RunningServer } from '../test/lab/tls/servers.js';
import { sslscan } from '../test/lab/tls/sslscan.js';
import { installObservatory } from './_observatory-install.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 3;
const HALF = 25; // one-way delay: 50 ms round trip
const RTT = 2 * HALF;
/** A second, longer delay (250 ms RTT) for a round-trip count that CPU time does not blur. */
const SLOW = 125;
const withPeers = !args.includes('--no-peers');
const withTestssl = args.includes('--testssl');
const withDns = !args.includes('--no-dns') && dnsLabAvailable();
const withCategories = !args.includes('--no-categories');
const withTlsPeers = !args.includes('--no-tls-peers');
/** --full-only: in part 1, only the full scan (quick iteration on the critical path). */
const fullOnly = args.includes('--full-only');
/**
 * --dual-stack: in part 1 the site's name has both families (::1 first, then 127.0.0.1) and the proxy
 * answers on both, so the scan races them (RFC 8305) before it settles; compare with a run without it.
 */
const dualStack = args.includes('--dual-stack');
/** --h2-only / --h1-only: in part 1, only the site with HTTP/2 offered, or only the HTTP/1.1 one. */
const sites = args.includes('--h2-only') ? [true] : args.includes('--h1-only') ? [false] : [false, true];
/** The Observatory starts a Node process per scan (seconds of start-up noise here): its slope uses 500 ms RTT. */
const OBSERVATORY_SLOW = 250;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const dir = mkdtempSync(join(tmpdir(), 'scorifya-bench-rtt-'));

interface Measured {
  ms0: number;
  ms50: number;
  /** (wall at 50 ms − wall at 0 ms) / 50 ms: the issue's definition; CPU time that overlaps the waits skews it. */
  trips: number;
  /** (wall at 250 ms − wall at 50 ms) / 200 ms: the same count, with CPU time on both sides of the difference. */
  slope: number;
  connections: number;
  tls: number;
  datagrams: number;
}

/** Median wall time at 0, 50 and 2 × `slow` ms RTT; counters from the last run of the last delay. */
async function measure(proxies: LatencyProxy[], once: () => Promise<unknown>, runs = RUNS, slow = SLOW): Promise<Measured> {
  const walls: Record<number, number[]> = { 0: [], [HALF]: [], [slow]: [] };
  let counters = { connections: 0, tls: 0, datagrams: 0 };
  for (const delay of [...new Set([0, HALF, slow])]) {
    for (const p of proxies) p.delayMs = delay;
    for (let i = 0; i < runs; i++) {
      for (const p of proxies) p.reset();
      const t0 = performance.now();
      await once();
      walls[delay]!.push(performance.now() - t0);
      counters = { connections: 0, tls: 0, datagrams: 0 };
      for (const p of proxies) {
        counters.connections += p.counters.connections;
        counters.tls += p.counters.tlsConnections;
        counters.datagrams += p.counters.datagrams;
      }
    }
  }
  const ms0 = median(walls[0]!);
  const ms50 = median(walls[HALF]!);
  const msSlow = median(walls[slow]!);
  return { ms0, ms50, trips: (ms50 - ms0) / RTT, slope: slow === HALF ? NaN : (msSlow - ms50) / (2 * (slow - HALF)), ...counters };
}

const fmt = (m: Measured) =>
  `${m.ms0.toFixed(0).padStart(6)} ms ${m.ms50.toFixed(0).padStart(6)} ms ${m.trips.toFixed(1).padStart(6)} RT ${(Number.isNaN(m.slope) ? '—' : m.slope.toFixed(1)).padStart(6)} RT ${String(m.connections).padStart(5)} TCP ${String(m.tls).padStart(4)} TLS ${String(m.datagrams).padStart(4)} DNS`;
const header = `${'what'.padEnd(44)} ${'0 ms RTT'.padStart(9)} ${'50 ms RTT'.padStart(9)} ${'trips'.padStart(9)} ${'slope'.padStart(9)}`;
const table: string[] = [];
const print = (label: string, m: Measured, extra = '') => {
  const line = `${label.padEnd(44)} ${fmt(m)}${extra ? `  ${extra}` : ''}`;
  table.push(line);
  console.log(line);
};

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString()} — shared with other jobs, timings are noisy`);
console.log(`medians of ${RUNS} runs; trips = (wall at 50 ms − wall at 0 ms) / 50 ms; slope = (wall at 250 ms − wall at 50 ms) / 200 ms;`);
console.log('TCP/TLS/DNS = connections, TLS handshakes and UDP queries through the proxy (last run)\n');
console.log(header);

let dnsLab: DnsLab | undefined;
let dnsProxy: LatencyProxy | undefined;
const cleanups: (() => Promise<unknown>)[] = [];
try {
  if (withDns) {
    dnsLab = await startDnsLab();
    cleanups.push(() => dnsLab!.stop());
    dnsProxy = await startLatencyProxy({ target: dnsLab.resolver, udp: true });
    cleanups.push(() => dnsProxy!.close());
  }

  // 1. Every category and the full scan, against the lab site with HTTP/1.1 only and with HTTP/2 offered.
  for (const h2 of withCategories ? sites : []) {
    const site = await startRttSite({ h2 });
    const proxy = await startLatencyProxy({ target: { host: '127.0.0.1', port: site.port }, dualStack });
    cleanups.push(() => site.close(), () => proxy.close());
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, site.ca.certPem);
    const options: ScanOptions = {
      allowPrivate: true,
      // mta-sts.example.test keeps port 443, where nothing listens: the policy fetch fails at once.
      resolve: [`${RTT_HOST}:${proxy.port}:${dualStack ? '::1,' : ''}127.0.0.1`, `mta-sts.${RTT_HOST}:443:127.0.0.1`],
      ca: [site.ca.certPem],
      timeoutMs: 5000,
      ...(dnsLab && dnsProxy ? { dns: { dnsServers: [`127.0.0.1:${dnsProxy.port}`], dnssecAnchor: dnsLab.anchorFile } } : {}),
    };
    const url = `http://${RTT_HOST}:${proxy.port}/`;
    const proxies = [proxy, ...(dnsProxy ? [dnsProxy] : [])];
    await scan(url, options); // warm-up: module loading and JIT
    const site1 = `${h2 ? 'h2 offered' : 'HTTP/1.1 only'}${dualStack ? ', dual-stack (::1 and 127.0.0.1)' : ''}`;
    const categories: [string, string[]][] = [
      ['headers & cookies (probe http)', ['http']],
      ['TLS (probe tls)', ['tls']],
      ['CORS (probe cors + http)', ['cors']],
      ['exposure (probe exposure + http)', ['exposure']],
      ['WordPress (probe wordpress + deps)', ['wordpress']],
      ...(withDns ? ([['DNS & email (probe dns)', ['dns']]] as [string, string[]][]) : []),
    ];
    for (const [label, probes] of fullOnly ? [] : categories) {
      let requests = 0;
      const m = await measure(proxies, async () => {
        const before = site.requests;
        await scan(url, { ...options, probes });
        requests = site.requests - before;
      });
      print(`${label}, ${site1}`, m, requests ? `${requests} requests` : '');
    }
    let findings = '';
    let requests = 0;
    const full = await measure(proxies, async () => {
      const before = site.requests;
      const { report } = await scan(url, options);
      requests = site.requests - before;
      findings = `score ${report.score}, measured: ${report.categories.filter((c) => c.status === 'measured').map((c) => c.id).join(',')}`;
      if (report.unavailable.length) findings += `; unavailable: ${report.unavailable.map((u) => `${u.probe} (${u.reason.slice(0, 80)})`).join(', ')}`;
    });
    print(`FULL SCAN, ${site1}`, full, `${requests} requests; ${findings}`);
    console.log('');
  }

  // 2. TLS peers through the same proxy, on the TLS fixtures.
  if (withPeers) {
    const certs = await createTlsLabCerts();
    writeFileSync(join(dir, 'root.pem'), certs.rootPem);
    const fixtures: [string, () => Promise<RunningServer>][] = [
      ['gnutls-serv TLS 1.0–1.3 + RC4/3DES', () => startGnutls(certs.good)],
      ['Node TLS 1.2–1.3 modern', () => startNodeTls(certs.good)],
    ];
    for (const [name, start] of withTlsPeers ? fixtures : []) {
      const server = await start();
      const proxy = await startLatencyProxy({ target: { host: '127.0.0.1', port: server.port } });
      try {
        let evidence: Awaited<ReturnType<typeof probeTls>> | undefined;
        const ours = await measure([proxy], async () => {
          evidence = await probeTls({ host: 'localhost', port: proxy.port, address: '127.0.0.1', ca: [certs.rootPem] });
        }, RUNS, HALF);
        let theirs: Awaited<ReturnType<typeof sslscan>> | undefined;
        const peer = await measure([proxy], async () => {
          theirs = await sslscan(proxy.port, 'localhost', 600_000);
        }, RUNS, HALF);
        const e = evidence?.status === 'ok' ? evidence.data : undefined;
        const same = (a: string[], b: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
        const protocols = e?.protocols.filter((p) => p.supported && p.protocol.startsWith('TLS')).map((p) => p.protocol) ?? [];
        const agree = e && theirs && same(protocols, theirs.protocols.filter((p) => p.startsWith('TLS'))) &&
          protocols.every((p) => same(e.ciphers.find((c) => c.protocol === p)!.suites.map((s) => s.name), theirs!.suites[p] ?? []));
        print(`TLS probe, ${name}`, ours);
        print(`sslscan, ${name}`, peer, `ours/sslscan at 50 ms: ${(ours.ms50 / peer.ms50).toFixed(2)}; same protocols and suites: ${agree}`);
        if (withTestssl) {
          // testssl limited to what our probe covers: protocols, each cipher, server defaults, renegotiation, compression, fallback SCSV.
          const t = await measure([proxy], () =>
            run('testssl', ['--quiet', '--color', '0', '--nodns', 'none', '--ip', '127.0.0.1', '--add-ca', join(dir, 'root.pem'), '-p', '-e', '-S', '-R', '-C', '-Z', `https://localhost:${proxy.port}`], {
              timeout: 1_800_000,
              maxBuffer: 64 * 1024 * 1024,
            }).catch(() => undefined), 1, HALF);
          print(`testssl.sh -p -e -S -R -C -Z, ${name}`, t, `testssl/ours at 50 ms: ${(t.ms50 / ours.ms50).toFixed(0)}×`);
        }
      } finally {
        await proxy.close();
        await server.close();
      }
    }
    console.log('');

    // 3. Headers: our HTTP probe vs the MDN HTTP Observatory, same site, same proxy.
    const pkg = await installObservatory();
    const site = await startRttSite({ h2: false });
    const proxy = await startLatencyProxy({ target: { host: '127.0.0.1', port: site.port } });
    cleanups.push(() => site.close(), () => proxy.close());
    writeFileSync(join(dir, 'site-ca.pem'), site.ca.certPem);
    const guard = fileURLToPath(new URL('../test/support/loopback-guard.mjs', import.meta.url));
    const driver = `import { scan } from ${JSON.stringify(join(pkg, 'src', 'index.js'))};
const r = await scan(process.argv[1]); process.stdout.write(String(Object.keys(r.tests).length));`;
    const ours = await measure([proxy], () =>
      scan(`http://${RTT_HOST}:${proxy.port}/`, { allowPrivate: true, resolve: [`${RTT_HOST}:${proxy.port}:127.0.0.1`], ca: [site.ca.certPem], probes: ['http'] }),
    RUNS, OBSERVATORY_SLOW);
    const theirs = await measure([proxy], () =>
      run(process.execPath, ['--import', guard, '--input-type=module', '-e', driver, `127.0.0.1:${proxy.port}`], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'site-ca.pem') },
        maxBuffer: 16 * 1024 * 1024,
      }),
    RUNS, OBSERVATORY_SLOW);
    print('headers category (probe http)', ours);
    print('MDN HTTP Observatory 1.4.8 (incl. Node start)', theirs, `round trips by slope (0.05→0.5 s RTT) ours/Observatory: ${ours.slope.toFixed(1)}/${theirs.slope.toFixed(1)}`);
    console.log('');
  }

  // 4. CLI start-up, cold (a new Node process each time).
  const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
  const bare: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await run(process.execPath, ['-e', '0']);
    bare.push(performance.now() - t0);
  }
  const help: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await run(process.execPath, [cli, '--help']);
    help.push(performance.now() - t0);
  }
  const first: number[] = [];
  for (let i = 0; i < 5; i++) {
    let t0 = 0;
    const accepted = new Promise<number>((resolve) => {
      const server = net.createServer((s) => {
        resolve(performance.now() - t0);
        s.destroy();
        server.close();
      });
      server.listen(0, '127.0.0.1', () => {
        const port = (server.address() as net.AddressInfo).port;
        t0 = performance.now();
        const child = spawn(process.execPath, [cli, 'scan', `http://${RTT_HOST}:${port}/`, '--allow-private', '--resolve', `${RTT_HOST}:${port}:127.0.0.1`, '--only', 'http', '--json'], { stdio: 'ignore' });
        // Stop each child once it has connected, so it does not load the machine while the next one starts.
        void accepted.then(() => child.kill());
        child.on('exit', () => undefined);
      });
    });
    first.push(await accepted);
  }
  const line0 = `Node itself (\`node -e 0\`, new process, to exit): median ${median(bare).toFixed(0)} ms of 5 — the floor for both lines below on this machine now`;
  const line1 = `CLI \`scorifya --help\` (new process, to exit): median ${median(help).toFixed(0)} ms of 5 (goal < 150 ms)`;
  const line2 = `CLI \`scorifya scan\` start to first TCP connection: median ${median(first).toFixed(0)} ms of 5 (goal < 300 ms)`;
  console.log(`${line0}\n${line1}\n${line2}`);
  table.push(line0, line1, line2);
} finally {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}
if (process.env.SCORIFYA_BENCH_OUT) writeFileSync(process.env.SCORIFYA_BENCH_OUT, `${header}\n${table.join('\n')}\n`);
