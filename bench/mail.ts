// `npm run bench -- mail [--strace] [--cases a,b]`: issue 24's side by side for mail transport. Starts the
// mail lab (test/lab/mail/: real postfix instances in a network namespace), then for each postfix MX
// runs our scan (the built CLI, `--only mail`, inside the namespace) and testssl.sh `--starttls smtp`
// (Debian's, inside the namespace too) and prints both verdicts per row: STARTTLS, each TLS version,
// certificate trust, name and expiry. docs/mail-transport.md keeps the table and argues each difference.
//
// Staying on loopback: everything runs inside the lab's namespace, which has only a loopback interface,
// so nothing can leave the machine whatever a tool tries; testssl also gets `--ip` (no lookup of the MX
// name), `--nodns none`, and NXCONNECT=127.0.0.1:0 for its openssl feature probes. `--strace` runs
// testssl under `strace -f -e trace=connect` and lists every destination it connected to.
import '../test/support/loopback-guard.mjs';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CASES, startMailLab } from '../test/lab/mail/lab.js';
import { laxOpenssl, TESTSSL_ENV } from '../test/lab/tls/compare/testssl.js';
import { connectDestinations, offLoopback } from '../test/lab/tls/compare/strace.js';
import type { Report } from '../src/model/report.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
const withStrace = args.includes('--strace');
const only = args[args.indexOf('--cases') + 1]?.split(',');
const ROWS = ['STARTTLS', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3', 'chain trusted', 'name matches', 'not expired'] as const;
type Row = (typeof ROWS)[number];
type Verdicts = Partial<Record<Row, string>>;

interface TestsslEntry { id: string; severity: string; finding: string }

function testsslVerdicts(entries: TestsslEntry[]): Verdicts {
  const get = (id: string) => entries.find((e) => e.id === id)?.finding ?? '';
  const v: Verdicts = {};
  const problem = entries.find((e) => e.id === 'scanProblem');
  if (problem) return { STARTTLS: `no (${problem.finding.slice(0, 60)})` };
  v.STARTTLS = 'yes';
  for (const [id, row] of [['TLS1', 'TLSv1.0'], ['TLS1_1', 'TLSv1.1'], ['TLS1_2', 'TLSv1.2'], ['TLS1_3', 'TLSv1.3']] as const) {
    const f = get(id);
    v[row] = /not offered/.test(f) ? 'no' : /offered/.test(f) ? 'yes' : f || '?';
  }
  const chain = get('cert_chain_of_trust');
  v['chain trusted'] = /^passed/.test(chain) ? 'yes' : chain ? `no (${chain.replace(/\.$/, '')})` : '?';
  const trust = get('cert_trust');
  v['name matches'] = /^Ok/.test(trust) ? 'yes' : trust ? `no (${trust.slice(0, 50)})` : '?';
  const exp = get('cert_expirationStatus');
  v['not expired'] = /expired/.test(exp) ? 'no' : exp ? 'yes' : '?';
  return v;
}

function ourVerdicts(report: Report): Verdicts {
  const row = report.mailTransport?.[0];
  if (!row) return {};
  if (row.outcome !== 'measured') return { STARTTLS: `not measured` };
  const check = (name: string) => row.checks.find((c) => c.check === name);
  if (check('STARTTLS')?.verdict === 'fail') return { STARTTLS: 'no' };
  const v: Verdicts = { STARTTLS: 'yes' };
  for (const part of (check('TLS versions')?.detail ?? '').split(', ')) {
    const [p, a] = part.split(' ');
    if (p) v[p as Row] = a === 'yes' ? 'yes' : a === 'no' ? 'no' : '?';
  }
  const cert = check('Certificate')?.detail ?? '';
  v['chain trusted'] = /; trusted;/.test(cert) ? 'yes' : `no (${/not trusted \(([^)]*)\)/.exec(cert)?.[1] ?? '?'})`;
  v['name matches'] = /name matches/.test(cert) ? 'yes' : 'no';
  const until = /valid until (\S+)/.exec(cert)?.[1];
  v['not expired'] = until && until !== '?' ? (new Date(until) > new Date() ? 'yes' : 'no') : '?';
  return v;
}

const lab = await startMailLab();
const dir = mkdtempSync(join(tmpdir(), 'scorifya-mailbench-'));
const openssl = laxOpenssl(dir);
const lines: string[] = [];
try {
  for (const c of CASES.filter((x) => x.kind === 'postfix' && (!only || only.includes(x.name)))) {
    const host = `mx.${c.name}.test`;
    const ours = await run('ip', ['netns', 'exec', lab.netns, process.execPath, '--import', new URL('../test/support/loopback-guard.mjs', import.meta.url).pathname,
      new URL('../dist/cli/main.js', import.meta.url).pathname, 'scan', `https://${c.name}.test/`, '--only', 'mail', '--format', 'json', '--allow-private',
      '--dns-server', lab.dns.resolverSpec, '--ca', lab.caFile, '--resolve', `${c.name}.test:443:127.0.0.1`], { maxBuffer: 16 << 20 }).catch((e: { stdout: string }) => e);
    const report = JSON.parse(ours.stdout) as Report;
    const json = join(dir, `${c.name}.json`);
    const testssl = ['testssl', '--quiet', '--color', '0', '--warnings', 'batch', '--openssl', openssl, '--ip', c.address, '--nodns', 'none',
      '--add-ca', lab.caFile, '-p', '-S', '--starttls', 'smtp', '--jsonfile', json, `${host}:25`];
    const strace = join(dir, `${c.name}.strace`);
    const t0 = performance.now();
    await run('ip', ['netns', 'exec', lab.netns, ...(withStrace ? ['strace', '-f', '-e', 'trace=connect', '-o', strace] : []), ...testssl], {
      timeout: 600_000, maxBuffer: 64 << 20, env: { ...process.env, ...TESTSSL_ENV },
    }).catch(() => undefined);
    const seconds = ((performance.now() - t0) / 1000).toFixed(0);
    let theirs: Verdicts = {};
    try {
      theirs = testsslVerdicts(JSON.parse(readFileSync(json, 'utf8')) as TestsslEntry[]);
    } catch {
      theirs = { STARTTLS: 'testssl wrote no JSON' };
    }
    const mine = ourVerdicts(report);
    lines.push(`### ${c.name} (${c.note}), testssl ${seconds} s`);
    lines.push('| row | Scorifya | testssl.sh |', '|---|---|---|');
    for (const r of ROWS) {
      const a = mine[r] ?? '–';
      const b = theirs[r] ?? '–';
      lines.push(`| ${r} | ${a} | ${b}${a.split(' ')[0] !== b.split(' ')[0] ? ' **differs**' : ''} |`);
    }
    if (withStrace) {
      const off = offLoopback(connectDestinations(readFileSync(strace, 'utf8')));
      lines.push(`testssl connected only to loopback: ${off.length ? `NO: ${off.join(', ')}` : 'yes'}`);
    }
    lines.push('');
    console.log(lines.slice(lines.lastIndexOf(`### ${c.name} (${c.note}), testssl ${seconds} s`)).join('\n'));
  }
} finally {
  await lab.stop();
  rmSync(dir, { recursive: true, force: true });
}
