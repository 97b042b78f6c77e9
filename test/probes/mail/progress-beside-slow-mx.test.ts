/**
 * Issue 24: "many MTAs delay their greeting on purpose: show the web categories' progress meanwhile".
 * The web probes (HTTP, TLS, CORS, exposure, WordPress) run against the round-trip bench's lab site
 * and the mail probe against an MX that withholds its greeting; the MX greets only once every web
 * probe's "done" progress event has arrived. So if progress waited for the mail probe, the MX would
 * never greet, the SMTP bound would run out, and the MX would be not measured: the test would fail.
 * It runs the probe runner as `scan()` does (same progress callback), because a scan cannot put the
 * mail probe on a port other than 25; the MX's name and address come from the DNS lab (example.test →
 * mail.example.test → 127.0.0.1), as in a scan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net, { type AddressInfo, type Socket } from 'node:net';
import { createNetContext } from '../../../src/net/index.js';
import { parseTargetInput } from '../../../src/net/target-input.js';
import { runProbes, selectProbes, type ProbeProgress } from '../../../src/probes/index.js';
import { createMailProbe } from '../../../src/probes/mail.js';
import type { Evidence } from '../../../src/model/evidence.js';
import type { MailTransportEvidence } from '../../../src/model/mail-transport.js';
import type { Probed } from '../../../src/model/probed.js';
import { dnsLabAvailable, startDnsLab, type DnsLab } from '../../lab/dns/lab.js';
import { startRttSite, RTT_HOST, type RttSite } from '../../lab/rtt-site.js';

const WEB = ['http', 'tls', 'cors', 'exposure', 'wordpress'];
const available = dnsLabAvailable();
let dns: DnsLab;
let site: RttSite;
let mx: net.Server;
let mxPort: number;
const sockets = new Set<Socket>();
/** Milliseconds after the scan started (set per test), so the events can be put in order. */
let t0 = 0;
const at = () => performance.now() - t0;
const mxLog: { accepted?: number; greeted?: number } = {};
let greet: () => void = () => undefined;

beforeAll(async () => {
  if (!available) return;
  [dns, site] = await Promise.all([startDnsLab(), startRttSite({ h2: false })]);
  // An MX that accepts, stays silent until told to greet, then answers EHLO (no STARTTLS) and QUIT.
  mx = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    mxLog.accepted ??= at();
    const hello = (): void => {
      mxLog.greeted ??= at();
      s.write('220 mail.example.test ESMTP slow greeter\r\n');
    };
    if (mxLog.greeted !== undefined) hello();
    else {
      const previous = greet;
      greet = () => (previous(), hello());
    }
    s.on('data', (d: Buffer) => {
      const line = d.toString('latin1');
      if (/^EHLO/i.test(line)) s.write('250-mail.example.test\r\n250 8BITMIME\r\n');
      else if (/^QUIT/i.test(line)) s.end('221 bye\r\n');
    });
  });
  await new Promise<void>((r) => mx.listen(0, '127.0.0.1', r));
  mxPort = (mx.address() as AddressInfo).port;
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => (mx ? mx.close(r) : r(undefined)));
  await site?.close();
  await dns?.stop();
});

describe.skipIf(!available)('progress beside a slow MX', () => {
  it("the web probes' progress arrives while the MX withholds its greeting; the MX is measured after it", async () => {
    const target = parseTargetInput(`http://${RTT_HOST}:${site.port}/`);
    const netCtx = createNetContext({ allowPrivate: true, resolve: [`${RTT_HOST}:${site.port}:127.0.0.1`], ca: [site.ca.certPem], timeoutMs: 5_000, siteHost: target.host });
    const addresses = await netCtx.resolver.addresses(target.host, target.port);
    target.pinned = addresses[0]!;
    target.resolved = addresses;
    const evidence = { schemaVersion: 1, target, startedAt: new Date().toISOString(), durationMs: 0 } as Evidence;
    const mail = createMailProbe({ dnsServers: [dns.resolverSpec], dnssecAnchor: dns.anchorFile, port: mxPort, boundMs: 15_000 });
    const events: (ProbeProgress & { at: number })[] = [];
    const webDone = new Set<string>();
    t0 = performance.now();
    try {
      await runProbes([...selectProbes(WEB).probes, mail], { target, net: netCtx, evidence }, (e) => {
        events.push({ ...e, at: at() });
        if (e.state !== 'start' && WEB.includes(e.probe)) webDone.add(e.probe);
        if (webDone.size === WEB.length) greet();
      });
    } finally {
      await netCtx.close();
    }
    const ended = (probe: string) => events.find((e) => e.probe === probe && e.state !== 'start');
    // The MX was connected to, and waiting, before any web probe finished.
    expect(mxLog.accepted).toBeDefined();
    const firstWebDone = Math.min(...WEB.map((p) => ended(p)!.at));
    expect(mxLog.accepted!).toBeLessThan(firstWebDone);
    // Every web probe reported done while the MX was silent; the greeting came after the last of them.
    for (const p of WEB) expect(ended(p), p).toMatchObject({ state: 'done' });
    expect(mxLog.greeted).toBeGreaterThanOrEqual(Math.max(...WEB.map((p) => ended(p)!.at)));
    // And the mail probe finished after the greeting, with the MX measured (within its bound).
    expect(ended('mail')).toMatchObject({ state: 'done' });
    expect(ended('mail')!.at).toBeGreaterThanOrEqual(mxLog.greeted!);
    const row = (evidence.mail as Probed<MailTransportEvidence>).status === 'ok' ? (evidence.mail as { data: MailTransportEvidence }).data.mx[0] : undefined;
    expect(row).toMatchObject({ host: 'mail.example.test', address: '127.0.0.1', outcome: 'measured', starttlsOffered: false });
  }, 60_000);
});
