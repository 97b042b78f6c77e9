// `npm run bench -- cli-start`: the CLI's start-up, cold (a new Node process each run), interleaved
// with `node -e 0` so that the machine's load shows next to the numbers: `--help` to exit, and
// `scan` from spawn to its first TCP connection (a loopback listener that accepts and closes), for
// `--only http` and for the full scan. Each scan is killed once its connection arrives, so no run
// competes with the previous one's leftover work. Loopback only. Flags: --runs N (default 10).
import '../test/support/loopback-guard.mjs';
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import net from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 10;
const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function firstConnection(extra: string[]): Promise<number> {
  return new Promise((resolve) => {
    let t0 = 0;
    let child: ReturnType<typeof spawn> | undefined;
    const server = net.createServer((socket) => {
      resolve(performance.now() - t0);
      socket.destroy();
      server.close();
      child?.kill();
    });
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      t0 = performance.now();
      child = spawn(process.execPath, [cli, 'scan', `http://example.test:${port}/`, '--allow-private', '--resolve', `example.test:${port}:127.0.0.1`, ...extra, '--json'], { stdio: 'ignore' });
    });
  });
}

const rows: Record<string, number[]> = { 'node -e 0 (to exit)': [], 'scorifya --help (to exit)': [], 'scan --only http, to first TCP connection': [], 'scan (every probe), to first TCP connection': [] };
const [bare, help, http, full] = Object.values(rows);
for (let i = 0; i < RUNS; i++) {
  bare!.push(await timed(() => run(process.execPath, ['-e', '0'])));
  help!.push(await timed(() => run(process.execPath, [cli, '--help'])));
  http!.push(await firstConnection(['--only', 'http']));
  full!.push(await firstConnection([]));
}
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${RUNS} runs each, interleaved`);
for (const [label, xs] of Object.entries(rows)) {
  const s = [...xs].sort((a, b) => a - b);
  console.log(`${label.padEnd(46)} median ${s[Math.floor(s.length / 2)]!.toFixed(0).padStart(4)} ms, range ${s[0]!.toFixed(0)}–${s.at(-1)!.toFixed(0)} ms`);
}
