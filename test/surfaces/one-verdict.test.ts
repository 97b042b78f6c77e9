/**
 * One target, one verdict, on every surface: the same fixture with the same options through the
 * library, `scorifya scan`, `scorifya batch`, the API and the web app's form gives the same score,
 * grade, category rows, findings and recorded options; and each focused tool gives one verdict
 * through the library, the API, the web app's tool form, its own CLI command and `scan --tool`, which
 * agrees with the full scan's rows and findings for what the tool measures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { FOCUSED_TOOLS, focusedTool, inTool, isNarrow } from '../../src/engine/focused-tools.js';
import { runFocusedTool } from '../../src/engine/run-tool.js';
import { createServer, type Server } from '../../src/server/app.js';
import type { Report } from '../../src/model/report.js';
import { runCli } from '../support/cli.js';
import { dnsLabAvailable } from '../lab/dns/lab.js';
import { waitForScan } from '../web/web-lab.js';
import { HOST, startSurfaceLab, verdictOf, type SurfaceLab } from './surface-lab.js';

type Verdict = ReturnType<typeof verdictOf>;

describe.skipIf(!dnsLabAvailable())('one fixture through every surface', () => {
  let lab: SurfaceLab;
  let web: Server;
  let full: Report;

  const json = (r: { code: number | null; stdout: string; stderr: string }) => {
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };
  const apiScan = async (body: Record<string, unknown>) => {
    const res = await web.app.inject({ method: 'POST', url: '/api/v1/scans', payload: body });
    expect(res.statusCode, res.body).toBe(202);
    const done = await waitForScan(web, res.json().id, 90_000);
    expect(done.status, done.error).toBe('done');
    return done;
  };
  const formScan = async (path: string) => {
    const res = await web.app.inject({
      method: 'POST',
      url: path,
      payload: new URLSearchParams({ url: lab.url, allowed: 'yes', force: 'yes' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode, res.body).toBe(303);
    const id = /^\/scans\/([\w-]+)/.exec(res.headers.location as string)![1]!;
    const done = await waitForScan(web, id, 90_000);
    expect(done.status, done.error).toBe('done');
    return done;
  };

  beforeAll(async () => {
    lab = await startSurfaceLab();
    // The operator's configuration: the same network and DNS options as every other surface here.
    web = await createServer({ db: ':memory:', logger: false, cooldownSeconds: 0, ...lab.net, ...lab.dns });
    full = (await scan(lab.url, { ...lab.net, dns: lab.dns })).report;
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await lab?.close();
  });

  it('the fixture measures every base category, with findings in most (so agreement means something)', () => {
    expect(full.categories.map((c) => `${c.id} ${c.status}`)).toEqual(['tls measured', 'headers measured', 'exposure measured', 'cookies measured', 'dns measured']);
    const ids = full.findings.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['missing_csp', 'missing_permissions_policy', 'cookie_no_secure', 'security_txt_missing', 'dns_dangling_cname']));
    expect(full.options).toMatchObject({ dnsServers: [lab.dnsLab.resolverSpec], allowPrivate: true, timeoutMs: 15_000 });
    expect(full.options!.dnssecAnchor![0]).toMatch(/^\. DS \d+ alg \d+$/);
  });

  it('full scan: library = scorifya scan = scorifya batch = API = web form', async () => {
    const [cli, batch] = await Promise.all([
      runCli(['scan', lab.url, ...lab.netArgs, ...lab.dnsArgs, '--json'], {}, 120_000),
      runCli(['batch', lab.targetsFile, ...lab.netArgs, ...lab.dnsArgs], {}, 120_000),
    ]);
    const batchLines = json({ ...batch, stdout: '[' + batch.stdout.trim().split('\n').join(',') + ']' });
    expect(batchLines).toHaveLength(1);
    const api = await apiScan({ url: lab.url });
    const form = await formScan('/scans');
    const expected = verdictOf(full);
    const surfaces: Record<string, Verdict> = {
      'scorifya scan --json': verdictOf(json(cli)),
      'scorifya batch (JSON line)': verdictOf(batchLines[0]),
      'POST /api/v1/scans': verdictOf(api.report),
      'web form POST /scans': verdictOf(form.report),
    };
    for (const [surface, verdict] of Object.entries(surfaces)) expect(verdict, surface).toEqual(expected);
    // The stored row and the JSON arithmetic say the same as the report.
    expect([api.score, api.grade, api.report.arithmetic.score]).toEqual([full.score, full.grade, full.score]);
    expect(json(cli).arithmetic).toEqual(batchLines[0].arithmetic);
    // The page says what shaped the verdict, in words.
    const page = await web.app.inject({ url: `/scans/${api.id}` });
    expect(page.body).toContain(`DNS through ${lab.dnsLab.resolverSpec}`);
    expect(page.body).toMatch(/DNSSEC trust anchor \. DS \d+ alg \d+/);
    expect(page.body).toContain('also trusting the CA CN=Scorifya Lab Root CA');
  });

  // Every tool, through the library and the API; the web form and each CLI way of asking where one exists.
  for (const tool of FOCUSED_TOOLS) {
    it(`the ${tool.id} tool: one verdict on every surface, consistent with the full scan`, async () => {
      const expected = verdictOf((await runFocusedTool(tool, lab.url, { ...lab.net, dns: lab.dns })).report);
      expect(expected.options).toMatchObject({ tool: tool.id });
      const surfaces: Record<string, Verdict> = { 'POST /api/v1/scans {tool}': verdictOf((await apiScan({ url: lab.url, tool: tool.id })).report) };
      if (tool.id === 'headers' || tool.id === 'tls') surfaces[`web form POST /tools/${tool.id}`] = verdictOf((await formScan(`/tools/${tool.id}`)).report);
      const cli = await cliVerdicts(tool.id);
      Object.assign(surfaces, cli);
      for (const [surface, verdict] of Object.entries(surfaces)) {
        // `scorifya cors --json` and `tls --json` print findings (and the tls score), not a whole report.
        const partial = Object.keys(verdict).filter((k) => verdict[k as keyof Verdict] !== undefined);
        expect(pick(verdict, partial), surface).toEqual(pick(expected, partial));
      }

      // The tool's findings are the full scan's findings of what the tool is about; its rows are the full scan's rows.
      // The DNS tool does not connect to the web server, so CAA against the served certificate's issuer
      // (dns_caa_mismatch) is judged only by a full scan (docs/surfaces.md); the tool's rows then differ by it.
      // Nor does it talk to the MX hosts: mail transport and DANE (mail_*, dane_*) come from the full scan's mail probe.
      const needsTheSite = (id: string) => tool.id === 'dns' && (id === 'dns_caa_mismatch' || /^(mail_|dane_)/.test(id));
      const mine = full.findings.filter((f) => inTool(tool, f) && !needsTheSite(f.id) && !(tool.id === 'tls' && /^(no_https|no_https_redirect|redirect_offhost_first)$/.test(f.id)));
      expect(expected.findings, 'findings = the full scan\'s').toEqual(verdictOf({ ...full, findings: mine }).findings);
      if (isNarrow(tool)) {
        expect([expected.score, expected.grade, expected.categories]).toEqual([null, null, []]);
      } else if (!full.findings.some((f) => needsTheSite(f.id))) {
        expect(expected.categories, 'rows = the full scan\'s').toEqual(verdictOf(full).categories.filter((row) => tool.categories.some((c) => row.startsWith(`${c} `))));
      }
    }, 240_000);
  }

  /** The tool's verdict through each CLI way of asking for it. */
  async function cliVerdicts(id: string): Promise<Record<string, Verdict>> {
    const args = [...lab.netArgs, ...lab.dnsArgs];
    const out: Record<string, Verdict> = {};
    const viaScan = json(await runCli(['scan', lab.url, '--tool', id, ...args, '--json'], {}, 120_000));
    out[`scorifya scan --tool ${id} --json`] = verdictOf(viaScan);
    const command = focusedTool(id)!.command;
    if (command === 'headers') out['scorifya headers --json'] = verdictOf(json(await runCli(['headers', lab.url, ...lab.netArgs, '--json'], {}, 120_000)));
    if (command === 'dns' || command === 'email') out[`scorifya ${command} --json`] = verdictOf(json(await runCli([command, HOST, ...args, '--json'], {}, 120_000)).report);
    if (command === 'tls') {
      const tls = json(await runCli(['tls', lab.url, ...lab.netArgs, '--json'], {}, 120_000));
      out['scorifya tls --json'] = { ...verdictOf({ ...tls, categories: [] }), categories: undefined } as unknown as Verdict;
    }
    if (command === 'cors') {
      const cors = json(await runCli(['cors', lab.url, ...lab.netArgs, '--json'], {}, 120_000));
      out['scorifya cors --json'] = { findings: verdictOf({ score: null, grade: null, categories: [], findings: cors.findings }).findings } as Verdict;
    }
    return out;
  }
});

function pick<T extends object>(o: T, keys: string[]): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, o[k as keyof T]])) as Partial<T>;
}
