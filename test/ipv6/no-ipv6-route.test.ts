/**
 * A scanner without IPv6: in a network namespace of our own (loopback only, IPv6 disabled), a
 * connection to ::1 fails with an error about this machine (EADDRNOTAVAIL), which the race records and
 * the IPv6 checks treat as "not measured", never as the site's fault. The race module runs in a child
 * process inside the namespace, straight from source (Node 24 strips the types).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_NETWORK_CODES } from '../../src/net/happy-eyeballs.js';

const NS = `scorifya-noipv6-${process.pid}`;
const GUARD = fileURLToPath(new URL('../support/loopback-guard.mjs', import.meta.url));
const MODULE = fileURLToPath(new URL('../../src/net/happy-eyeballs.ts', import.meta.url));
const SCRIPT = `
import net from 'node:net';
const { raceConnect } = await import(${JSON.stringify(MODULE)});
const server = net.createServer((s) => s.destroy());
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const { race, socket } = await raceConnect(['::1', '127.0.0.1'], server.address().port, { timeoutMs: 2000 });
socket?.destroy();
server.close();
console.log(JSON.stringify(race));
`;

const canNetns = (() => {
  if (process.getuid?.() !== 0) return false;
  return spawnSync('ip', ['netns', 'list']).status === 0;
})();

describe.skipIf(!canNetns)('no IPv6 on the scanning machine', () => {
  beforeAll(() => {
    execFileSync('ip', ['netns', 'add', NS]);
    execFileSync('ip', ['netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'up']);
    execFileSync('ip', ['netns', 'exec', NS, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1']);
    execFileSync('ip', ['netns', 'exec', NS, 'sysctl', '-qw', 'net.ipv6.conf.lo.disable_ipv6=1']);
  });
  afterAll(() => {
    spawnSync('ip', ['netns', 'del', NS]);
  });

  it('the IPv6 attempt fails with a local-network code and IPv4 wins at once', () => {
    const out = execFileSync('ip', ['netns', 'exec', NS, process.execPath, '--import', GUARD, '--input-type=module', '-e', SCRIPT], { encoding: 'utf8', timeout: 20_000 });
    const race = JSON.parse(out) as { winner: string; attempts: { address: string; outcome: string; code?: string }[] };
    expect(race.winner).toBe('127.0.0.1');
    expect(race.attempts[0]).toMatchObject({ address: '::1', outcome: 'failed' });
    expect(LOCAL_NETWORK_CODES.has(race.attempts[0]!.code!)).toBe(true);
  });
});
