/**
 * The mail lab: real postfix instances (Debian's package, each with its own config, queue and data
 * directories; the machine's /etc/postfix is never touched) and a few simulated MXs, inside a network
 * namespace made for the lab (`scorifya-mail-<pid>`: loopback only, 127.0.0.x and ::1), each MX on
 * port 25 of its own loopback address, certificates from the lab CA. A DNS lab runs in the same
 * namespace with one unsigned zone per case (`<case>.test`: MX, A), so the scanner, started there
 * with `ip netns exec`, resolves and reaches the MXs as it would on the internet.
 *
 * Which MXs are real postfix and which are simulated (test/lab/mail/responders.mjs) is in CASES.
 * Start-up takes about a second; `stop()` kills every process and deletes the namespace, and an exit
 * hook does the same if a test run dies before calling it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLabCa, type IssueOptions } from '../ca.js';
import { dnsLabAvailable, startDnsLab, type DnsLab } from '../dns/lab.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const MASTER = '/usr/lib/postfix/sbin/master';
const DAY = 86_400_000;

interface PostfixCase {
  kind: 'postfix';
  /** TLS: none (no STARTTLS), or the certificate to issue and the protocols to allow. */
  tls: 'none' | { cert: IssueOptions; protocols: string; legacyCiphers?: boolean };
}
interface SimulatedCase {
  kind: 'simulated';
  behaviour: 'garbage' | 'close' | 'silent' | 'reject';
}
export type MailLabCase = { name: string; address: string; note: string } & (PostfixCase | SimulatedCase);

/** Each case is the zone `<name>.test` whose one MX is `mx.<name>.test` at `address`. */
export const CASES: MailLabCase[] = [
  { name: 'good-mx', address: '127.0.0.11', note: 'postfix: STARTTLS, TLS 1.2 and 1.3, lab CA chain, right name', kind: 'postfix', tls: { cert: { dnsNames: ['mx.good-mx.test'] }, protocols: '>=TLSv1.2' } },
  { name: 'nostarttls-mx', address: '127.0.0.12', note: 'postfix: smtpd_tls_security_level = none', kind: 'postfix', tls: 'none' },
  { name: 'selfsigned-mx', address: '127.0.0.13', note: 'postfix: self-signed certificate for its name', kind: 'postfix', tls: { cert: { dnsNames: ['mx.selfsigned-mx.test'], selfSigned: true }, protocols: '>=TLSv1.2' } },
  {
    name: 'expired-mx',
    address: '127.0.0.14',
    note: 'postfix: lab CA certificate that expired yesterday',
    kind: 'postfix',
    tls: { cert: { dnsNames: ['mx.expired-mx.test'], notBefore: new Date(Date.now() - 90 * DAY), notAfter: new Date(Date.now() - DAY) }, protocols: '>=TLSv1.2' },
  },
  { name: 'wrongname-mx', address: '127.0.0.15', note: 'postfix: lab CA certificate for another name', kind: 'postfix', tls: { cert: { dnsNames: ['other.example.test'] }, protocols: '>=TLSv1.2' } },
  {
    name: 'tls10-mx',
    address: '127.0.0.16',
    note: 'postfix: TLS 1.0 only, cipher list at @SECLEVEL=0 as legacy servers effectively run',
    kind: 'postfix',
    tls: { cert: { dnsNames: ['mx.tls10-mx.test'] }, protocols: '>=TLSv1 <=TLSv1', legacyCiphers: true },
  },
  {
    name: 'legacy-mx',
    address: '127.0.0.17',
    note: 'postfix: TLS 1.0 to 1.3 all accepted',
    kind: 'postfix',
    tls: { cert: { dnsNames: ['mx.legacy-mx.test'] }, protocols: '>=TLSv1', legacyCiphers: true },
  },
  { name: 'garbage-mx', address: '127.0.0.21', note: 'simulated: answers with an HTTP error line', kind: 'simulated', behaviour: 'garbage' },
  { name: 'close-mx', address: '127.0.0.22', note: 'simulated: greets, then closes when the client speaks', kind: 'simulated', behaviour: 'close' },
  { name: 'silent-mx', address: '127.0.0.23', note: 'simulated: accepts and never greets (over any bound)', kind: 'simulated', behaviour: 'silent' },
  { name: 'reject-mx', address: '127.0.0.24', note: 'simulated: greets with 554', kind: 'simulated', behaviour: 'reject' },
];

/** The MTA-STS case: an enforce policy covering an MX (the self-signed postfix) whose certificate fails. */
export const STS_CASE = { name: 'sts-mx', mxAddress: '127.0.0.13', policyAddress: '127.0.0.30' };

export interface MailLab {
  netns: string;
  dns: DnsLab;
  /** PEM file of the lab CA, for `--ca`. */
  caFile: string;
  dir: string;
  stop(): Promise<void>;
}

/** Root, `ip netns`, postfix, the DNS lab's daemons: everything the lab needs. */
export function mailLabAvailable(): boolean {
  if (process.getuid?.() !== 0 || !existsSync(MASTER) || !dnsLabAvailable()) return false;
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const SOA = 'SOA ns1.example.test. hostmaster.example.test. 1 3600 600 86400 300';
const zone = (name: string, records: string[]): string =>
  [`$ORIGIN ${name}.`, '$TTL 300', `@ ${SOA}`, '@ NS ns1.example.test.', '@ A 127.0.0.1', ...records, ''].join('\n');

function postfixConfig(dir: string, c: MailLabCase & PostfixCase): { main: string; master: string } {
  const main = [
    'compatibility_level = 3.6',
    `queue_directory = ${dir}/queue`,
    `data_directory = ${dir}/data`,
    `maillog_file = ${dir}/maillog`,
    `maillog_file_prefixes = ${dir}`,
    `inet_interfaces = ${c.address}`,
    'inet_protocols = ipv4',
    `myhostname = mx.${c.name}.test`,
    'mydestination =',
    'local_recipient_maps =',
    'alias_maps =',
    'alias_database =',
    // Nothing is ever accepted: the lab MXs only show their transport.
    'smtpd_relay_restrictions = reject',
    'smtpd_recipient_restrictions = reject',
  ];
  if (c.tls === 'none') main.push('smtpd_tls_security_level = none');
  else {
    main.push('smtpd_tls_security_level = may', `smtpd_tls_chain_files = ${dir}/key.pem, ${dir}/chain.pem`, `smtpd_tls_protocols = ${c.tls.protocols}`);
    if (c.tls.legacyCiphers) main.push('smtpd_tls_ciphers = low', 'tls_low_cipherlist = ALL:@SECLEVEL=0');
  }
  const master = [
    'smtp      inet  n       -       n       -       -       smtpd',
    'anvil     unix  -       -       n       -       1       anvil',
    'proxymap  unix  -       -       n       -       -       proxymap',
    'tlsmgr    unix  -       -       n       1000?   1       tlsmgr',
    'postlog   unix-dgram n  -       n       -       1       postlogd',
  ];
  return { main: main.join('\n') + '\n', master: master.join('\n') + '\n' };
}

async function waitFor(test: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!test()) {
    if (Date.now() > until) throw new Error(`mail lab: ${what} did not start within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface MailLabOptions {
  /**
   * More names for a postfix case's certificate (case name → names): the mail bench reaches the good
   * MX as mail.example.test, the DNS lab's well-configured zone, through a latency proxy.
   */
  extraNames?: Record<string, string[]>;
}

export async function startMailLab(options: MailLabOptions = {}): Promise<MailLab> {
  const netns = `scorifya-mail-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
  const dir = mkdtempSync(join(tmpdir(), 'scorifya-maillab-'));
  chmodSync(dir, 0o755); // postfix's unprivileged daemons must reach their queue inside it
  const children: ChildProcess[] = [];
  let dns: DnsLab | undefined;
  let dnsReady: Promise<unknown> | undefined;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once('exit', r)))));
    await dns?.stop();
    try {
      execFileSync('ip', ['netns', 'del', netns], { stdio: 'ignore' });
    } catch {
      /* already gone */
    }
    if (!process.env.MAIL_LAB_KEEP) rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  };
  // A test run that dies without stop(): no namespace or daemon may outlive it.
  const onExit = (): void => {
    for (const child of children) child.kill('SIGKILL');
    // The DNS lab's daemons are not our children (its script starts them): their pid files say who.
    for (const f of dns ? ['knotd.pid', 'unbound.pid'] : []) {
      try {
        process.kill(Number(readFileSync(join(dns!.dir, f), 'utf8').trim()), 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    try {
      execFileSync('ip', ['netns', 'del', netns], { stdio: 'ignore' });
    } catch {
      /* already gone */
    }
    rmSync(dir, { recursive: true, force: true });
    if (dns) rmSync(dns.dir, { recursive: true, force: true });
  };
  process.on('exit', onExit);
  // Killed by a signal (a timeout, Ctrl-C), Node runs no exit handlers: clean up, then die as asked.
  const onSignal = (signal: NodeJS.Signals): void => {
    onExit();
    process.kill(process.pid, signal);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    execFileSync('ip', ['netns', 'add', netns]);
    execFileSync('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
    // 127.0.0.0/8 routes to lo anyway, but postfix binds only to addresses an interface carries.
    for (const a of new Set([...CASES.map((c) => c.address), STS_CASE.policyAddress])) execFileSync('ip', ['-n', netns, 'addr', 'add', `${a}/8`, 'dev', 'lo']);
    const ca = await createLabCa('Scorifya Mail Lab CA');
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, ca.certPem);

    const zones: Record<string, string> = {};
    for (const c of CASES) zones[`${c.name}.test`] = zone(`${c.name}.test`, [`@ MX 10 mx.${c.name}.test.`, `mx A ${c.address}`]);
    zones[`${STS_CASE.name}.test`] = zone(`${STS_CASE.name}.test`, [
      `@ MX 10 mx.${STS_CASE.name}.test.`,
      `mx A ${STS_CASE.mxAddress}`,
      '_mta-sts TXT "v=STSv1; id=20261207"',
      '_smtp._tls TXT "v=TLSRPTv1; rua=mailto:tlsrpt@sts-mx.test"',
      `mta-sts A ${STS_CASE.policyAddress}`,
    ]);
    dnsReady = startDnsLab({ netns, extraZones: zones }).then((d) => (dns = d));

    // RSA key generation is most of the start-up: every certificate at once.
    const postfixCases = CASES.filter((c): c is MailLabCase & PostfixCase => c.kind === 'postfix');
    const [policyCert, ...certs] = await Promise.all([
      ca.issue({ dnsNames: [`mta-sts.${STS_CASE.name}.test`] }),
      ...postfixCases.map((c) =>
        c.tls === 'none' ? Promise.resolve(undefined) : ca.issue({ ...c.tls.cert, dnsNames: [...(c.tls.cert.dnsNames ?? []), ...(options.extraNames?.[c.name] ?? [])] }),
      ),
    ]);
    for (const [i, c] of postfixCases.entries()) {
      const d = join(dir, c.name);
      for (const sub of ['conf', 'data', 'queue/pid', 'queue/private', 'queue/public']) mkdirSync(join(d, sub), { recursive: true });
      for (const sub of ['data', 'queue/private', 'queue/public']) chownSync(join(d, sub), uid('postfix'), 0);
      const { main, master } = postfixConfig(d, c);
      writeFileSync(join(d, 'conf', 'main.cf'), main);
      writeFileSync(join(d, 'conf', 'master.cf'), master);
      const cert = certs[i];
      if (cert) {
        writeFileSync(join(d, 'key.pem'), cert.keyPem, { mode: 0o600 });
        writeFileSync(join(d, 'chain.pem'), cert.chainPem);
      }
      const child = spawn('ip', ['netns', 'exec', netns, MASTER, '-c', join(d, 'conf'), '-d'], { stdio: 'ignore' });
      children.push(child);
    }
    writeFileSync(join(dir, 'policy-key.pem'), policyCert!.keyPem, { mode: 0o600 });
    writeFileSync(join(dir, 'policy-cert.pem'), policyCert!.chainPem);
    const specs = CASES.filter((c): c is MailLabCase & SimulatedCase => c.kind === 'simulated').map((c) => `${c.behaviour}@${c.address}:25`);
    specs.push(`policy@${STS_CASE.policyAddress}:443`);
    const responders = spawn('ip', ['netns', 'exec', netns, process.execPath, join(HERE, 'responders.mjs'), ...specs], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        POLICY_CERT: join(dir, 'policy-cert.pem'),
        POLICY_KEY: join(dir, 'policy-key.pem'),
        POLICY_BODY: `version: STSv1\nmode: enforce\nmx: mx.${STS_CASE.name}.test\nmax_age: 86400\n`,
      },
    });
    children.push(responders);
    let out = '';
    responders.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => out.includes('ready'), 10_000, 'the simulated MXs');
    for (const c of CASES) {
      if (c.kind !== 'postfix') continue;
      const log = join(dir, c.name, 'maillog');
      await waitFor(() => existsSync(log) && readFileSync(log, 'utf8').includes('daemon started'), 10_000, `postfix for ${c.name}`);
    }
    await dnsReady;
    return { netns, dns: dns!, caFile, dir, stop };
  } catch (err) {
    // A DNS lab still starting must be up (and so stoppable) before the namespace goes.
    await dnsReady?.catch(() => undefined);
    await stop();
    throw err;
  }
}

function uid(user: string): number {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`mail lab: no ${user} user (apt-get install postfix)`);
  return Number(line.split(':')[2]);
}
