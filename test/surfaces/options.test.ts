/**
 * Each option that changes a result, on each surface where it makes sense: the API's per-scan choices
 * (`tool`, `probes`, with a strict schema), the DNS server and trust anchor of `scorifya serve`,
 * `scorifya worker` and `scorifya batch` (as `scorifya scan` has them), `scan --tool`, and the
 * options every report records so that it can be reproduced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer as netServer } from 'node:net';
import { scan } from '../../src/engine/scan.js';
import { rescore } from '../../src/engine/rescore.js';
import { recordChoices } from '../../src/engine/choices.js';
import { focusedTool } from '../../src/engine/focused-tools.js';
import { runFocusedTool } from '../../src/engine/run-tool.js';
import { createServer, type Server } from '../../src/server/app.js';
import { runCli } from '../support/cli.js';
import { postgresTestUrl } from '../support/databases.js';
import { dnsLabAvailable } from '../lab/dns/lab.js';
import { startWebLab, waitForScan, type WebLab } from '../web/web-lab.js';
import { startSurfaceLab, verdictOf, type SurfaceLab } from './surface-lab.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GUARD = fileURLToPath(new URL('../support/loopback-guard.mjs', import.meta.url));

describe('the API: what a visitor may choose per scan', () => {
  let lab: WebLab;
  const post = (payload: unknown) => lab.server.app.inject({ method: 'POST', url: '/api/v1/scans', payload: payload as Record<string, unknown> });
  beforeAll(async () => {
    lab = await startWebLab({ cooldownSeconds: 300 });
  });
  afterAll(() => lab?.close());

  it.each([
    ['an unknown field', { dnsServer: '127.0.0.1' }],
    ['an operator option (a CA)', { ca: ['-----BEGIN CERTIFICATE-----'] }],
    ['an unknown tool', { tool: 'ports' }],
    ['an unknown probe', { probes: ['http', 'portscan'] }],
    ['no probe at all', { probes: [] }],
    ['a tool and probes together', { tool: 'headers', probes: ['http'] }],
  ])('rejects %s with 400 before anything is queued', async (_what, extra) => {
    const res = await post({ url: lab.site.url('/'), ...extra });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ type: '/problems/validation' });
    expect(await lab.server.store.countActive()).toBe(0);
  });

  it('probes: a partial scan, recorded in the report, reused only for the same choice, kept out of the history', async () => {
    const first = await post({ url: lab.site.url('/'), probes: ['http'] });
    expect(first.statusCode).toBe(202);
    expect(first.json().probes).toEqual(['http']);
    const done = await waitForScan(lab.server, first.json().id);
    expect(done.report.options).toMatchObject({ probes: ['http'] });
    expect(done.report.categories.find((c: { id: string }) => c.id === 'dns').status).toBe('not_measured');
    // The same choice within the cooldown is that scan; another choice is another verdict.
    expect((await post({ url: lab.site.url('/'), probes: ['http'] })).json()).toMatchObject({ id: first.json().id, reused: true });
    const fullScan = await post({ url: lab.site.url('/') });
    expect(fullScan.statusCode).toBe(202);
    const tool = await post({ url: lab.site.url('/'), tool: 'headers' });
    expect(tool.statusCode).toBe(202);
    expect(new Set([first.json().id, fullScan.json().id, tool.json().id]).size).toBe(3);
    const toolDone = await waitForScan(lab.server, tool.json().id);
    expect(toolDone).toMatchObject({ tool: 'headers', report: { options: { tool: 'headers' } } });
    expect(toolDone.report.categories.map((c: { id: string }) => c.id)).toEqual(['headers']);
    await waitForScan(lab.server, fullScan.json().id);
    // The host's history (and its badge) is made of full scans only.
    const history = (await lab.server.app.inject({ url: `/api/v1/hosts/${new URL(lab.site.url('/')).hostname}/scans` })).json();
    expect(history.scans.map((s: { id: string }) => s.id)).toEqual([fullScan.json().id]);
  });

  it('the OpenAPI document lists the choices, and no operator option', async () => {
    const doc = (await lab.server.app.inject({ url: '/api/openapi.json' })).json();
    const body = doc.paths['/api/v1/scans'].post.requestBody.content['application/json'].schema;
    // headers and cookie: a signed-in scan's credentials, a visitor's choice (never stored).
    expect(Object.keys(body.properties).sort()).toEqual(['cookie', 'headers', 'probes', 'tool', 'url']);
    expect(body.properties.tool.enum).toEqual(expect.arrayContaining(['headers', 'tls', 'dns', 'email', 'cors']));
    expect(body.properties.probes.items.enum).toEqual(expect.arrayContaining(['http', 'tls', 'dns']));
    expect(body.additionalProperties).toBe(false);
  });
});

describe('scorifya scan --tool', () => {
  it('an unknown tool, or --tool with --only, is bad input (exit 2)', async () => {
    const [unknown, both] = await Promise.all([
      runCli(['scan', 'https://example.com/', '--tool', 'ports']),
      runCli(['scan', 'https://example.com/', '--tool', 'headers', '--only', 'http']),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown tool 'ports': choose from headers, https, cors, tls, cookies, dns, email, security-txt/);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give --tool or --only, not both/);
  });
});

describe('what every report records', () => {
  it('only the choices that differ from the defaults, in words a reader can act on', () => {
    expect(recordChoices({ allowPrivate: false, resolve: [], ca: [], timeoutMs: 10_000 })).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'scorifya-choices-'));
    try {
      const anchor = join(dir, 'root.ds');
      writeFileSync(anchor, '. IN DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n');
      expect(recordChoices({ dnsServers: ['127.0.0.1:53'], dnssecAnchor: anchor, timeoutMs: 3000, allowPrivate: true })).toEqual({
        dnsServers: ['127.0.0.1:53'],
        dnssecAnchor: ['. DS 12345 alg 13'],
        allowPrivate: true,
        timeoutMs: 3000,
      });
      writeFileSync(anchor, 'not an anchor');
      expect(recordChoices({ dnssecAnchor: anchor })).toEqual({ dnssecAnchor: ['an anchor file that could not be read'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!dnsLabAvailable())('the DNS server and trust anchor on every surface', () => {
  let lab: SurfaceLab;
  /** A DNS-only scan of the lab's signed zone: quick, and the anchor decides its DNSSEC verdict. */
  const dnsOnly = () => ({ url: lab.url, probes: ['dns'] });
  const dnsRow = (report: { categories: { id: string; status: string }[] }) => report.categories.find((c) => c.id === 'dns')!;
  const dnssecIds = (report: { findings: { id: string }[] }) => report.findings.map((f) => f.id).filter((id) => id.startsWith('dnssec_'));

  beforeAll(async () => {
    lab = await startSurfaceLab();
  }, 60_000);
  afterAll(() => lab?.close());

  it('library: rescore of saved evidence keeps the recorded options', async () => {
    const { report, evidence } = await scan(lab.url, { ...lab.net, dns: lab.dns, probes: ['dns'] });
    expect(report.options).toMatchObject({ probes: ['dns'], dnsServers: lab.dns.dnsServers });
    expect(rescore(JSON.parse(JSON.stringify(evidence))).options).toEqual(report.options);
    // Without the DNS probe, DNS servers shape nothing and are not recorded.
    expect((await scan(lab.url, { ...lab.net, dns: lab.dns, probes: ['http'] })).report.options).not.toHaveProperty('dnsServers');
  });

  it('library and CLI: a focused tool\'s saved evidence rescores to that tool\'s verdict', async () => {
    for (const id of ['headers', 'email']) {
      const { report, evidence } = await runFocusedTool(focusedTool(id)!, lab.url, { ...lab.net, dns: lab.dns });
      expect(verdictOf(rescore(JSON.parse(JSON.stringify(evidence)))), id).toEqual(verdictOf(report));
    }
    const file = join(lab.dir, 'cookies-evidence.json');
    const ran = await runCli(['scan', lab.url, '--tool', 'cookies', ...lab.netArgs, '--save-evidence', file, '--json'], {}, 60_000);
    const again = await runCli(['rescore', file, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(verdictOf(JSON.parse(again.stdout))).toEqual(verdictOf(JSON.parse(ran.stdout)));
    expect(JSON.parse(again.stdout).categories.map((c: { id: string }) => c.id)).toEqual(['cookies']);
  });

  it('web app: configured DNS servers and anchor are used, recorded and shown; without them DNS is not measured', async () => {
    let configured: Server | undefined;
    let plain: Server | undefined;
    try {
      configured = await createServer({ db: ':memory:', logger: false, cooldownSeconds: 0, ...lab.net, ...lab.dns });
      plain = await createServer({ db: ':memory:', logger: false, cooldownSeconds: 0, ...lab.net });
      const submit = async (server: Server) => {
        const res = await server.app.inject({ method: 'POST', url: '/api/v1/scans', payload: dnsOnly() });
        return waitForScan(server, res.json().id, 60_000);
      };
      const [withDns, without] = await Promise.all([submit(configured), submit(plain)]);
      expect(dnsRow(withDns.report).status).toBe('measured');
      expect(withDns.report.options).toMatchObject({ dnsServers: [lab.dnsLab.resolverSpec], probes: ['dns'] });
      expect(dnssecIds(withDns.report)).toEqual([]);
      expect(dnsRow(without.report)).toMatchObject({ status: 'not_measured' });
      expect(without.report.options).not.toHaveProperty('dnsServers');
      const page = (await configured.app.inject({ url: `/scans/${withDns.id}` })).body;
      expect(page).toContain(`Scanned with: only the probes dns · DNS through ${lab.dnsLab.resolverSpec} · DNSSEC trust anchor . DS`);
    } finally {
      await configured?.close();
      await plain?.close();
    }
  });

  it('web app: a DNS server or anchor the operator mistyped stops the start', async () => {
    await expect(createServer({ db: ':memory:', logger: false, dnsServers: ['resolver.example'] })).rejects.toThrow(/resolver\.example/);
    await expect(createServer({ db: ':memory:', logger: false, dnssecAnchor: join(lab.dir, 'missing.ds') })).rejects.toThrow(/--dnssec-anchor: cannot read/);
  });

  it('scorifya serve --dns-server --dnssec-anchor: every scan of the app asks that server', async () => {
    const port = await freePort();
    // serve takes the operator's network options except a time limit (lab.netArgs ends with --timeout N).
    const args = ['serve', '--port', String(port), '--db', join(lab.dir, 'serve.db'), ...lab.netArgs.slice(0, -2), ...lab.dnsArgs];
    const { child, stderr } = await startChild(args, 'web app on');
    try {
      expect(stderr()).toContain(`DNS through ${lab.dnsLab.resolverSpec}`);
      const base = `http://127.0.0.1:${port}`;
      const created = await (await fetch(`${base}/api/v1/scans`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(dnsOnly()) })).json();
      const done = await poll(`${base}/api/v1/scans/${created.id}`);
      expect(dnsRow(done.report).status).toBe('measured');
      expect(done.report.options).toMatchObject({ dnsServers: [lab.dnsLab.resolverSpec] });
      expect(done.report.options.dnssecAnchor[0]).toMatch(/^\. DS \d+ alg \d+$/);
    } finally {
      child.kill('SIGTERM');
    }
    const bad = await runCli(['serve', '--port', '8080', '--db', ':memory:', '--dns-server', 'resolver.example']);
    expect(bad.code).toBe(2);
  });

  it('scorifya batch --dnssec-anchor, like scan: the anchor changes the DNSSEC verdict, and the line records it', async () => {
    // expired.test's signatures have expired: bogus under the lab's root anchor; under the IANA root
    // anchor the lab's private tree cannot be validated at all, so there is no DNSSEC verdict.
    const target = 'http://expired.test:9/';
    const targets = join(lab.dir, 'expired.txt');
    writeFileSync(targets, `${target}\n`);
    const flags = ['--only', 'dns', '--allow-private', '--resolve', 'expired.test:9:127.0.0.1', '--timeout', '15000', '--dns-server', lab.dnsLab.resolverSpec];
    const [anchored, iana] = await Promise.all([
      runCli(['batch', targets, ...flags, '--dnssec-anchor', lab.dnsLab.anchorFile], {}, 60_000),
      runCli(['batch', targets, ...flags], {}, 60_000),
    ]);
    const withAnchor = JSON.parse(anchored.stdout);
    const withIana = JSON.parse(iana.stdout);
    expect(withAnchor.options.dnssecAnchor[0]).toMatch(/^\. DS \d+ alg \d+$/);
    expect(withIana.options).not.toHaveProperty('dnssecAnchor');
    expect(dnssecIds(withAnchor)).toEqual(['dnssec_bogus']);
    expect(dnssecIds(withIana)).not.toContain('dnssec_bogus');
    // The same as `scorifya scan` with the same flags.
    const scanned = JSON.parse((await runCli(['scan', target, ...flags, '--dnssec-anchor', lab.dnsLab.anchorFile, '--json'], {}, 60_000)).stdout);
    expect([withAnchor.score, withAnchor.findings.map((f: { id: string }) => f.id), withAnchor.options]).toEqual([scanned.score, scanned.findings.map((f: { id: string }) => f.id), scanned.options]);
    // With --db the workers decide: the anchor belongs on `scorifya worker`.
    const queued = await runCli(['batch', lab.targetsFile, '--db', 'postgres://nobody@127.0.0.1:9/none', '--dnssec-anchor', lab.dnsLab.anchorFile]);
    expect(queued.code).toBe(2);
    expect(queued.stderr).toMatch(/--dnssec-anchor to `scorifya worker`/);
  });

  it('scorifya worker checks --dns-server and --dnssec-anchor before it connects', async () => {
    const bad = await runCli(['worker', '--db', 'postgres://nobody@127.0.0.1:9/none', '--dns-server', 'resolver.example']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/resolver\.example/);
  });

  describe.skipIf(!postgresTestUrl())('scorifya worker --dns-server --dnssec-anchor (PostgreSQL)', () => {
    it('a job queued by a web node is scanned by the worker with its DNS options, recorded in the report', async () => {
      const db = postgresTestUrl()!;
      const schema = 'test_surfaces_queue';
      const node = await createServer({ db, logger: false, work: false, cooldownSeconds: 0, queueSchema: schema, ...lab.net });
      const { child } = await startChild(['worker', '--db', db, '--queue-schema', schema, '--concurrency', '1', ...lab.netArgs, ...lab.dnsArgs], 'worker running');
      try {
        const res = await node.app.inject({ method: 'POST', url: '/api/v1/scans', payload: dnsOnly() });
        const done = await waitForScan(node, res.json().id, 60_000);
        expect(done.status, done.error).toBe('done');
        expect(dnsRow(done.report).status).toBe('measured');
        expect(done.report.options).toMatchObject({ dnsServers: [lab.dnsLab.resolverSpec], probes: ['dns'] });
        expect(dnssecIds(done.report)).toEqual([]);
      } finally {
        child.kill('SIGTERM');
        await node.close();
      }
    }, 90_000);
  });
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = netServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

/** Start the built CLI as a long-running process and wait for its ready line on stderr. */
async function startChild(args: string[], ready: string): Promise<{ child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, ['--import', GUARD, `${ROOT}/dist/cli/main.js`, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const until = Date.now() + 30_000;
  while (!stderr.includes(ready)) {
    if (Date.now() > until || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`${args[0]} did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, stderr: () => stderr };
}

async function poll(url: string): Promise<Record<string, any>> {
  const until = Date.now() + 60_000;
  for (;;) {
    const body = await (await fetch(url)).json();
    if (body.status === 'done' || body.status === 'failed') return body;
    if (Date.now() > until) throw new Error(`${url} still ${body.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
