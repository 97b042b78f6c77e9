/**
 * `openssl s_server` on a loopback port with extra flags, for behaviour Node's TLS server cannot be
 * configured to show: refusing client renegotiation (OpenSSL 3's default), allowing it
 * (-client_renegotiation), and tickets that allow early data (-max_early_data).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LeafFixture } from './certs.js';
import { freePort, waitForPort, type RunningServer } from './servers.js';

export async function startOpensslServer(cert: LeafFixture, flags: string[]): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'scorifya-openssl-'));
  writeFileSync(join(dir, 'cert.pem'), cert.chainPem);
  writeFileSync(join(dir, 'key.pem'), cert.keyPem);
  const port = await freePort();
  const child: ChildProcess = spawn(
    'openssl',
    ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', join(dir, 'cert.pem'), '-key', join(dir, 'key.pem'), '-www', '-quiet', ...flags],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, 5000);
  } catch (err) {
    child.kill();
    throw new Error(`openssl s_server did not start: ${(err as Error).message} ${stderr}`);
  }
  return {
    port,
    close: async () => {
      child.kill();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
