/**
 * Real web servers (nginx, Apache, Caddy) started on 127.0.0.1 for lab tests: each in its own temp
 * directory with its own config, pid and log files, on free high ports, as a child process of the
 * test that is stopped by its own pid. Nothing here reads or touches the system's default configs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** Throws a clear error when a server binary is missing: tests must fail, never skip silently. */
export function requireBinary(name: string, versionArgs: string[], aptPackage: string): void {
  const r = spawnSync(name, versionArgs, { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(
      `${name} is needed by this test but could not be run (${r.error?.message ?? r.stderr.trim()}); ` +
        `install it with 'apt-get install -y ${aptPackage}' (listed in .ci/apt/content.txt)`,
    );
  }
}

/** A port that was free a moment ago (the kernel picks it; another process could take it first). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface RunningServer {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Ports that must accept connections before the server counts as started. */
  ports: number[];
  /** Log file(s) whose tail is shown when the server fails to start. */
  logFiles: string[];
  startTimeoutMs?: number;
}

/** Start a foreground server process and wait until all its ports accept connections. */
export async function startServerProcess(options: StartOptions): Promise<RunningServer> {
  const output: string[] = [];
  const child = spawn(options.command, options.args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  let exited: number | string | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = code ?? signal;
      resolve();
    }),
  );
  child.once('error', (err) => output.push(String(err)));

  const explain = (what: string) => {
    const logs = options.logFiles
      .filter((f) => existsSync(f))
      .map((f) => `${f}:\n${readFileSync(f, 'utf8').split('\n').slice(-15).join('\n')}`);
    return new Error(`${options.name} ${what}\n${output.join('').slice(-3000)}\n${logs.join('\n')}`);
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
  for (;;) {
    if (exited !== undefined) throw explain(`exited during start-up (${String(exited)})`);
    const up = await Promise.all(options.ports.map(canConnect));
    if (up.every(Boolean)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw explain(`did not open ports ${options.ports.join(', ')} in time`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }

  return {
    name: options.name,
    child,
    async stop() {
      if (exited !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    },
  };
}

export interface Demux {
  port: number;
  close(): Promise<void>;
}

/**
 * One loopback port that forwards TLS connections (first byte 0x16, a handshake record) to one port
 * and everything else to another. The scanner tries http:// and https:// on the same explicit port,
 * as a site on 80/443 would be tried on both default ports; real servers listen for the two schemes on
 * separate ports, so this byte-for-byte TCP relay puts them behind one.
 */
export async function startDemux(plainPort: number, tlsPort: number): Promise<Demux> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.once('data', (first: Buffer) => {
      client.pause();
      const upstream = net.connect({ host: '127.0.0.1', port: first[0] === 0x16 ? tlsPort : plainPort });
      sockets.add(upstream);
      upstream.on('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
      upstream.once('connect', () => {
        upstream.write(first);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
