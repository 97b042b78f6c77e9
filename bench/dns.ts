// DNSSEC validation time: our own chain validation (node:crypto, through the lab's unbound) against
// BIND's delv with the same anchor and resolver, per lab zone; and the wall time of a whole
// `scorifya dns`-equivalent probe. Loopback only (the DNS lab on 127.0.0.1).
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startDnsLab } from '../test/lab/dns/lab.js';
import { parseTrustAnchors } from '../src/net/dns/anchor.js';
import { DnsClient } from '../src/net/dns/client.js';
import { validateChain } from '../src/net/dns/dnssec/chain.js';
import { runDnsProbe } from '../src/probes/dns.js';

const run = promisify(execFile);
const ZONES = ['example.test', 'single.test', 'nsec3iter.test', 'weakalg.test', 'insecure.test', 'dsmismatch.test', 'expired.test'];
const RUNS = 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const t0 = performance.now();
const lab = await startDnsLab();
console.log(`DNS lab start: ${(performance.now() - t0).toFixed(0)} ms`);
try {
  const anchors = parseTrustAnchors(lab.anchorText);
  const ds = anchors[0]!;
  if (ds.kind !== 'DS') throw new Error('lab anchor is not a DS');
  const conf = join(lab.dir, 'bench-anchors.conf');
  writeFileSync(conf, `trust-anchors { "." static-ds ${ds.keyTag} ${ds.algorithm} ${ds.digestType} "${ds.digest.toString('hex')}"; };\n`);
  const client = new DnsClient({ servers: [lab.resolverSpec], anchors });
  let oursTotal = 0;
  let delvTotal = 0;
  for (const zone of ZONES) {
    const ours: number[] = [];
    const delv: number[] = [];
    let verdict = '';
    for (let i = 0; i < RUNS; i++) {
      let s = performance.now();
      verdict = (await validateChain(client.dnssecQuery, zone, anchors)).verdict;
      ours.push(performance.now() - s);
      s = performance.now();
      await run('delv', ['@127.0.0.1', '-p', String(lab.resolver.port), '-a', conf, '+cdflag', zone, 'SOA']).catch(() => undefined);
      delv.push(performance.now() - s);
    }
    oursTotal += median(ours);
    delvTotal += median(delv);
    console.log(`${zone.padEnd(18)} ${verdict.padEnd(9)} ours ${median(ours).toFixed(1).padStart(6)} ms   delv ${median(delv).toFixed(1).padStart(6)} ms   ratio ${(median(ours) / median(delv)).toFixed(2)}`);
  }
  console.log(`all zones (median sums): ours ${oursTotal.toFixed(1)} ms, delv ${delvTotal.toFixed(1)} ms (delv includes its process start), ratio ${(oursTotal / delvTotal).toFixed(2)}`);
  const probe: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await runDnsProbe('example.test', { dnsServers: [lab.resolverSpec], dnssecAnchor: anchors });
    probe.push(performance.now() - s);
  }
  console.log(`whole DNS probe of example.test (records, 20 subdomains, SPF tree, DNSSEC): median ${median(probe).toFixed(1)} ms over ${RUNS} runs`);
} finally {
  await lab.stop();
}
