/**
 * Runs hostile servers in a child process, so that a server streaming 100 MB or building a bomb never
 * competes with the scanner for the test process's event loop (and the bench measures the scanner's
 * memory alone). The child prints one JSON line `{ id: port }` once every case listens, and exits when
 * its stdin closes (so it never outlives the test that started it).
 *
 * Child: `node --import tsx lab-process.ts CASE…`. Parent: `startLabProcess([...ids])`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HTTP_CASES, startHttpCase, type HttpCaseId } from './http-cases.js';

export interface LabProcess {
  port(id: HttpCaseId): number;
  url(id: HttpCaseId, path?: string, scheme?: 'http' | 'https'): string;
  close(): Promise<void>;
}

const SELF = fileURLToPath(import.meta.url);

export async function startLabProcess(ids: readonly HttpCaseId[]): Promise<LabProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, ...ids], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ports = await new Promise<Record<string, number>>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as Record<string, number>);
    });
    child.once('exit', (code) => reject(new Error(`hostile lab process exited early (${code})`)));
  });
  const port = (id: HttpCaseId) => {
    const p = ports[id];
    if (!p) throw new Error(`case ${id} was not started`);
    return p;
  };
  return {
    port,
    url: (id, path = '/', scheme = 'http') => `${scheme}://127.0.0.1:${port(id)}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

if (process.argv[1] === SELF) {
  const ids = process.argv.slice(2).filter((id): id is HttpCaseId => id in HTTP_CASES);
  const servers = await Promise.all(ids.map(async (id) => [id, await startHttpCase(id)] as const));
  process.stdout.write(`${JSON.stringify(Object.fromEntries(servers.map(([id, s]) => [id, s.port])))}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void Promise.all(servers.map(([, s]) => s.close())).then(() => process.exit(0));
  });
}
