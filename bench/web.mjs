#!/usr/bin/env node
// Web app throughput: requests/s for a finished (cached) result page and for GET /api/v1/scans/:id,
// measured with autocannon. The app (with a tiny scan target on 127.0.0.1) runs in a child process so
// the load generator does not share its thread. Loopback only.
// Run: `npm run bench -- web`, or `npm run build && node bench/web.mjs`
// (BENCH_SECONDS, BENCH_CONNECTIONS override the defaults).
import http from 'node:http';
import os from 'node:os';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

if (process.argv[2] === '--serve') {
  const { createServer } = await import('../dist/server/app.js');
  const target = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html', 'strict-transport-security': 'max-age=600', 'x-frame-options': '<b>hostile</b>' });
    res.end('<!doctype html><title>bench</title>');
  });
  await new Promise((r) => target.listen(0, '127.0.0.1', r));
  const server = await createServer({ db: ':memory:', logger: false, allowPrivate: true, requestRateLimit: { max: 1e9, windowMs: 60_000 } });
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const res = await fetch(`${base}/api/v1/scans`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `http://127.0.0.1:${target.address().port}/` }) });
  const { id } = await res.json();
  await server.queue.idle();
  const scan = await (await fetch(`${base}/api/v1/scans/${id}`)).json();
  process.stdout.write(JSON.stringify({ base, id, status: scan.status, findings: scan.report?.findings.length ?? 0 }) + '\n');
  process.stdin.resume();
  process.stdin.on('end', async () => {
    await server.close();
    target.close();
  });
} else {
  const { default: autocannon } = await import('autocannon');
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const info = await new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (d) => {
      buffer += d;
      if (buffer.includes('\n')) resolve(JSON.parse(buffer.split('\n')[0]));
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  if (info.status !== 'done') throw new Error(`bench scan did not finish: ${info.status}`);

  const measure = async (label, path) => {
    const r = await autocannon({ url: `${info.base}${path}`, connections: CONNECTIONS, duration: DURATION });
    console.log(
      `${label.padEnd(34)} ${Math.round(r.requests.average).toString().padStart(7)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   ${(r.throughput.average / 1e6).toFixed(1)} MB/s   non-2xx/errors ${r.non2xx + r.errors}`,
    );
  };
  console.log(`web bench: ${CONNECTIONS} connections, ${DURATION} s each, Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}, ${info.findings} findings on the page`);
  await measure('GET /scans/:id (result page)', `/scans/${info.id}`);
  await measure('GET /api/v1/scans/:id (JSON)', `/api/v1/scans/${info.id}`);
  await measure('GET /badge/:host.svg', `/badge/127.0.0.1.svg`);
  child.stdin.end();
}
