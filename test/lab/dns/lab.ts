/**
 * Starts the DNS lab (knotd authoritative + unbound validating, both on 127.0.0.1 with free high
 * ports) in a fresh temp directory, and stops it again. Used from beforeAll in the DNS tests.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DnsLab {
  dir: string;
  /** knotd, authoritative for every lab zone. */
  auth: { host: string; port: number };
  /** unbound, validating with the lab root anchor. */
  resolver: { host: string; port: number };
  /** `HOST:PORT` of the resolver, as `--dns-server` takes it. */
  resolverSpec: string;
  /** Path of the root DS anchor file (one DS line). */
  anchorFile: string;
  anchorText: string;
  stop(): Promise<void>;
}

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'build-lab.sh');

/** Whether the Debian packages the lab needs are installed. */
export function dnsLabAvailable(): boolean {
  try {
    execFileSync('bash', ['-c', 'command -v knotd && command -v unbound && command -v kdig && command -v ldns-signzone'], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

/** Whether a port is free for TCP and UDP on one loopback address. */
async function portFree(port: number, host: '127.0.0.1' | '::1'): Promise<boolean> {
  const tcpOk = await new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
  if (!tcpOk) return false;
  return new Promise<boolean>((resolve) => {
    const s = createSocket(host === '::1' ? 'udp6' : 'udp4');
    s.once('error', () => resolve(false));
    s.bind(port, host, () => s.close(() => resolve(true)));
  });
}

/**
 * A port free for both UDP and TCP (DNS needs both) on 127.0.0.1 and on ::1: the authoritative server
 * also listens on ::1, where the IPv6 checks ask the name servers directly.
 */
async function freeDnsPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    if ((await portFree(port, '127.0.0.1')) && (await portFree(port, '::1'))) return port;
  }
  throw new Error('no free loopback port for the DNS lab');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // Zombies (PID 1 here does not reap) still answer signal 0; check their state.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

export interface DnsLabOptions {
  /**
   * Run the daemons inside this network namespace (`ip netns exec NAME`): the mail lab's scanner runs
   * there too, and the root namespace's 127.0.0.1 never sees the lab.
   */
  netns?: string;
  /**
   * Extra unsigned zones, delegated from test. (name without trailing dot → zone file text, with
   * $ORIGIN and SOA): the mail lab's one zone per case.
   */
  extraZones?: Record<string, string>;
}

export async function startDnsLab(options: DnsLabOptions = {}): Promise<DnsLab> {
  const dir = mkdtempSync(join(tmpdir(), 'scorifya-dnslab-'));
  const authPort = await freeDnsPort();
  let resPort = await freeDnsPort();
  while (resPort === authPort) resPort = await freeDnsPort();
  const extra = Object.entries(options.extraZones ?? {});
  if (extra.length) {
    mkdirSync(join(dir, 'zones'), { recursive: true });
    for (const [name, text] of extra) writeFileSync(join(dir, 'zones', `${name}.zone`), text);
  }
  const [cmd, args] = options.netns ? ['ip', ['netns', 'exec', options.netns, 'bash', SCRIPT]] : ['bash', [SCRIPT]];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: { ...process.env, LAB: dir, AUTH_PORT: String(authPort), RES_PORT: String(resPort), EXTRA_ZONES: extra.map(([n]) => n).join(' ') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`DNS lab failed (${code}): ${stderr}`))));
  });
  const anchorFile = join(dir, 'root.ds');
  const stop = async (): Promise<void> => {
    const pids: number[] = [];
    for (const f of ['knotd.pid', 'unbound.pid']) {
      try {
        const pid = Number(readFileSync(join(dir, f), 'utf8').trim());
        process.kill(pid, 'SIGTERM');
        pids.push(pid);
      } catch {
        /* already gone */
      }
    }
    // Wait (bounded) for the daemons to exit before removing their files.
    for (let i = 0; i < 40 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 50));
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  };
  return {
    dir,
    auth: { host: '127.0.0.1', port: authPort },
    resolver: { host: '127.0.0.1', port: resPort },
    resolverSpec: `127.0.0.1:${resPort}`,
    anchorFile,
    anchorText: readFileSync(anchorFile, 'utf8'),
    stop,
  };
}
