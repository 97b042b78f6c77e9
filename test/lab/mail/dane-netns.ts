/**
 * A network namespace with only loopback, holding the whole DANE mail lab: the DNS lab (knot and a
 * validating unbound on 127.0.0.1:53, so the system resolver inside the namespace is the lab's), and
 * the STARTTLS responder on 127.0.0.1:25, where every lab MX name points. posttls-finger and our own
 * lookups run inside it (`exec`), so neither can reach anything outside, and nothing on the machine's
 * own port 25 or 53 is touched. Needs root.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));

export interface DaneNetns {
  name: string;
  /** The DNS lab directory (root.ds, dane/leaf.pem, dane/chain.pem, dane/ca.pem …). */
  dir: string;
  /** Run a command inside the namespace. */
  exec(file: string, args: string[], timeoutMs?: number): Promise<{ stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

function waitForLine(child: ChildProcess, pattern: RegExp, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no "${pattern}" within ${ms} ms: ${seen}`)), ms);
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}: ${seen}`));
    });
  });
}

export async function startDaneNetns(): Promise<DaneNetns> {
  const name = `sfy-dane-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
  const dir = mkdtempSync(join(tmpdir(), 'scorifya-dane-netns-'));
  const etc = `/etc/netns/${name}`;
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    for (const f of ['knotd.pid', 'unbound.pid']) {
      try {
        process.kill(Number(readFileSync(join(dir, f), 'utf8').trim()), 'SIGTERM');
      } catch {
        /* gone already */
      }
    }
    await new Promise((r) => setTimeout(r, 200));
    await run('ip', ['netns', 'delete', name]).catch(() => undefined);
    rmSync(etc, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  };
  try {
    await run('ip', ['netns', 'add', name]);
    await run('ip', ['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
    mkdirSync(etc, { recursive: true });
    writeFileSync(join(etc, 'resolv.conf'), 'nameserver 127.0.0.1\n');
    await run('ip', ['netns', 'exec', name, 'bash', join(HERE, '../dns/build-lab.sh')], {
      env: { ...process.env, LAB: dir, AUTH_PORT: '5300', RES_PORT: '53' },
      timeout: 60_000,
    });
    const responder = spawn('ip', ['netns', 'exec', name, process.execPath, join(HERE, 'dane-starttls.mjs'), '127.0.0.1', '25', join(dir, 'dane/leaf.key'), join(dir, 'dane/chain.pem')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(responder);
    await waitForLine(responder, /listening 127\.0\.0\.1:25/, 10_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    name,
    dir,
    exec: (file, args, timeoutMs = 60_000) => run('ip', ['netns', 'exec', name, file, ...args], { timeout: timeoutMs, maxBuffer: 4 << 20 }),
    stop,
  };
}
