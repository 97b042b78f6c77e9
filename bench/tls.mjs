// `npm run bench -- tls` (or `node --import tsx bench/tls.mjs`): our full TLS probe vs sslscan vs
// testssl.sh (Debian packages) on the same loopback fixtures, timed in one run, with a check that the
// protocol and suite lists agree. Goal from issue 3: ≥ 20× faster than testssl.sh, no slower than sslscan.
// testssl runs once per fixture (minutes each); pass --no-testssl to skip it.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTlsLabCerts } from '../test/lab/tls/certs.ts';
import { startGnutls, freePort } from '../test/lab/tls/servers.ts';
import { sslscan } from '../test/lab/tls/sslscan.ts';
import { probeTls } from '../src/probes/tls.ts';

const run = promisify(execFile);
const withTestssl = !process.argv.includes('--no-testssl');
const certs = await createTlsLabCerts();
const dir = mkdtempSync(join(tmpdir(), 'scorifya-bench-tls-'));
writeFileSync(join(dir, 'root.pem'), certs.rootPem);
writeFileSync(join(dir, 'key.pem'), certs.good.keyPem);
writeFileSync(join(dir, 'chain.pem'), certs.good.chainPem);

/** A Node TLS server with Node's default settings, in its own process so it does not share our event loop. */
async function startNodeDefaultProcess() {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', `
    const tls = require('node:tls'); const fs = require('node:fs');
    tls.createServer({ key: fs.readFileSync(${JSON.stringify(join(dir, 'key.pem'))}), cert: fs.readFileSync(${JSON.stringify(join(dir, 'chain.pem'))}) },
      (s) => s.end('HTTP/1.1 200 OK\\r\\ncontent-length: 0\\r\\n\\r\\n')).on('tlsClientError', () => {}).listen(${port}, '127.0.0.1', () => console.log('ready'));
  `], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return { port, close: async () => { child.kill(); } };
}

const fixtures = [
  ['gnutls-serv RC4+3DES, TLS 1.0–1.3', () => startGnutls(certs.good)],
  ['Node defaults, TLS 1.2–1.3', startNodeDefaultProcess],
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sameList = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

for (const [name, start] of fixtures) {
  const server = await start();
  try {
    const ours = [];
    let evidence;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const r = await probeTls({ host: 'localhost', port: server.port, address: '127.0.0.1', ca: [certs.rootPem] });
      ours.push(performance.now() - t0);
      if (r.status !== 'ok') throw new Error(`${name}: ${r.reason}`);
      evidence = r.data;
    }
    const sslscanTimes = [];
    let theirs;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      theirs = await sslscan(server.port);
      sslscanTimes.push(performance.now() - t0);
    }
    const ourProtocols = evidence.protocols.filter((p) => p.supported && p.protocol.startsWith('TLS')).map((p) => p.protocol);
    const protocolsAgree = sameList(ourProtocols, theirs.protocols.filter((p) => p.startsWith('TLS')));
    const suitesAgree = ourProtocols.every((p) => sameList(evidence.ciphers.find((c) => c.protocol === p).suites.map((s) => s.name), theirs.suites[p] ?? []));
    const oursMs = median(ours);
    const sslscanMs = median(sslscanTimes);
    console.log(`tls ${name}: ours ${oursMs.toFixed(0)} ms median of 5 (${evidence.handshakes} connections, ${evidence.ciphers.reduce((n, c) => n + c.suites.length, 0)} suite entries) | sslscan ${sslscanMs.toFixed(0)} ms median of 3 → ${(sslscanMs / oursMs).toFixed(1)}× ours | protocols agree: ${protocolsAgree} | suites agree: ${suitesAgree}`);

    if (withTestssl) {
      // testssl limited to what our probe covers: protocols (-p), every cipher per protocol (-e),
      // server defaults incl. the certificate (-S), renegotiation (-R), compression/CRIME (-C),
      // fallback SCSV (-Z). Its full default run adds HTTP headers, vulnerabilities and simulations.
      const json = join(dir, `testssl-${server.port}.json`);
      rmSync(json, { force: true });
      const t0 = performance.now();
      let finished = true;
      await run('testssl', ['--quiet', '--color', '0', '--nodns', 'none', '--ip', '127.0.0.1', '--add-ca', join(dir, 'root.pem'), '-p', '-e', '-S', '-R', '-C', '-Z', '--jsonfile', json, `https://localhost:${server.port}`], {
        timeout: 1_800_000,
        maxBuffer: 64 * 1024 * 1024,
      }).catch((e) => {
        if (e.killed) finished = false; // timeout; testssl otherwise exits non-zero when it finds problems
      });
      const testsslMs = performance.now() - t0;
      if (!finished) {
        console.log(`tls ${name}: testssl.sh did not finish within ${(testsslMs / 1000).toFixed(0)} s (> ${(testsslMs / oursMs).toFixed(0)}× ours)`);
        continue;
      }
      const entries = JSON.parse(readFileSync(json, 'utf8'));
      const ids = { SSLv2: 'SSLv2', SSLv3: 'SSLv3', TLS1: 'TLSv1.0', TLS1_1: 'TLSv1.1', TLS1_2: 'TLSv1.2', TLS1_3: 'TLSv1.3' };
      const testsslProtocols = entries.filter((e) => ids[e.id] && /^offered/.test(e.finding)).map((e) => ids[e.id]);
      // testssl 3.0.8's -e tests each cipher against the server as a whole: ids are cipher_x<hex>,
      // so compare with the union of our per-protocol lists.
      const testsslSuites = new Set(entries.filter((e) => /^cipher_x[0-9a-f]+$/i.test(e.id)).map((e) => parseInt(e.id.slice(8), 16)));
      const ourUnion = new Set(evidence.ciphers.filter((c) => c.protocol !== 'SSLv2').flatMap((c) => c.suites.map((s) => s.id)));
      const suitesAgreeT = sameList([...ourUnion], [...testsslSuites]);
      const ourAll = evidence.protocols.filter((p) => p.supported).map((p) => p.protocol);
      const renego = entries.find((e) => e.id === 'secure_renego');
      const fallback = entries.find((e) => e.id === 'fallback_SCSV');
      const crime = entries.find((e) => e.id === 'CRIME_TLS');
      console.log(
        `tls ${name}: testssl.sh (-p -e -S -R -C -Z) ${(testsslMs / 1000).toFixed(1)} s → ${(testsslMs / oursMs).toFixed(0)}× ours | protocols agree: ${sameList(ourAll, testsslProtocols)} | suites agree: ${suitesAgreeT} (testssl ${testsslSuites.size}, ours ${ourUnion.size} distinct) | secure renegotiation: testssl "${renego?.finding}" / ours ${evidence.secureRenegotiation} | fallback SCSV: testssl "${fallback?.finding}" / ours ${evidence.fallbackScsv} | CRIME: testssl "${crime?.finding}" / ours compression ${evidence.compression}`,
      );
    }
  } finally {
    await server.close();
  }
}
rmSync(dir, { recursive: true, force: true });
