/** Run the built CLI (dist/) as a user would, with the loopback guard loaded into the process. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GUARD = fileURLToPath(new URL('./loopback-guard.mjs', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 90_000, netns?: string): Promise<CliResult> {
  // Inside a lab's network namespace (the mail lab), through `ip netns exec`: loopback there is the lab's.
  const [cmd, argv] = netns
    ? ['ip', ['netns', 'exec', netns, process.execPath, '--import', GUARD, `${ROOT}/dist/cli/main.js`, ...args]]
    : [process.execPath, ['--import', GUARD, `${ROOT}/dist/cli/main.js`, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not finish within ${timeoutMs} ms: ${args.join(' ')}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
