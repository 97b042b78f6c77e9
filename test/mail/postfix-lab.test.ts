/**
 * Mail transport end to end: the built CLI, run inside the mail lab's network namespace, scans domains
 * whose MX is a real postfix (good, no STARTTLS, self-signed, expired, wrong name, TLS 1.0 only, TLS 1.0
 * to 1.3) or a simulated MX (garbage, closes, 554), and one domain with an MTA-STS policy in enforce
 * mode over the self-signed MX. Needs root, `ip netns`, postfix and the DNS lab's daemons; skipped
 * without them (.ci/run installs them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { mailLabAvailable, startMailLab, type MailLab } from '../lab/mail/lab.js';
import type { Report } from '../../src/model/report.js';

const available = mailLabAvailable();
let lab: MailLab;
const reports = new Map<string, Report>();

const NAMES = ['good-mx', 'nostarttls-mx', 'selfsigned-mx', 'expired-mx', 'wrongname-mx', 'tls10-mx', 'legacy-mx', 'garbage-mx', 'close-mx', 'reject-mx', 'sts-mx'];

/**
 * The certificate cases need the DNS probe too: its MTA-STS policy decides what a bad certificate weighs
 * (and without it the certificate check stands aside).
 */
const WITH_DNS = ['selfsigned-mx', 'expired-mx', 'wrongname-mx', 'sts-mx'];

/** One scan per case, three at a time (two cores). */
beforeAll(async () => {
  if (!available) return;
  lab = await startMailLab();
  const queue = [...NAMES];
  await Promise.all([1, 2, 3].map(async () => {
    for (let name = queue.shift(); name; name = queue.shift()) reports.set(name, await scanMail(name, WITH_DNS.includes(name) ? 'mail,dns' : 'mail'));
  }));
}, 120_000);
afterAll(async () => {
  await lab?.stop();
});

async function scanMail(name: string, only: string): Promise<Report> {
  const r = await runCli(
    [
      'scan', `https://${name}.test/`, '--only', only, '--format', 'json', '--allow-private',
      '--dns-server', lab.dns.resolverSpec, '--dnssec-anchor', lab.dns.anchorFile, '--ca', lab.caFile,
      '--resolve', `${name}.test:443:127.0.0.1`, '--resolve', 'mta-sts.sts-mx.test:443:127.0.0.30',
    ],
    {},
    60_000,
    lab.netns,
  );
  if (!r.stdout.startsWith('{')) throw new Error(`CLI said: ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout) as Report;
}

const scanMailReport = async (name: string): Promise<Report> => reports.get(name)!;

const mailIds = (r: Report) => r.findings.filter((f) => f.id.startsWith('mail_')).map((f) => `${f.id}${f.cause ? `:${f.cause}` : ''}:${f.severity}`);
const row = (r: Report) => r.mailTransport![0]!;
const verdicts = (r: Report) => Object.fromEntries(row(r).checks.map((c) => [c.check, c.verdict]));

describe.skipIf(!available)('mail transport against the postfix lab', () => {
  it('a good MX: every check shown, all passing, no mail finding', async () => {
    const r = await scanMailReport('good-mx');
    expect(mailIds(r)).toEqual([]);
    expect(row(r)).toMatchObject({ host: 'mx.good-mx.test', address: '127.0.0.11', outcome: 'measured' });
    // The lab's mail zones are unsigned: DANE is shown as not in use (a note), not as passing.
    expect(verdicts(r)).toEqual({ STARTTLS: 'pass', 'TLS versions': 'pass', Cipher: 'pass', Certificate: 'pass', DANE: 'info' });
    expect(row(r).checks.find((c) => c.check === 'TLS versions')!.detail).toBe('TLSv1.0 no, TLSv1.1 no, TLSv1.2 yes, TLSv1.3 yes');
  });

  it('postfix without STARTTLS', async () => {
    const r = await scanMailReport('nostarttls-mx');
    expect(mailIds(r)).toEqual(['mail_starttls_missing:high']);
    expect(verdicts(r).STARTTLS).toBe('fail');
  });

  it.each([
    ['selfsigned-mx', 'untrusted'],
    ['expired-mx', 'expired'],
    ['wrongname-mx', 'name_mismatch'],
  ])('%s: a certificate problem without MTA-STS or DANE is low (opportunistic TLS)', async (name, cause) => {
    const r = await scanMailReport(name);
    expect(mailIds(r)).toEqual([`mail_certificate_invalid:${cause}:low`]);
    expect(verdicts(r)).toMatchObject({ STARTTLS: 'pass', Certificate: 'info' });
  });

  it('TLS 1.0 only (postfix at @SECLEVEL=0)', async () => {
    const r = await scanMailReport('tls10-mx');
    expect(mailIds(r)).toEqual(['mail_tls_legacy_only:high']);
    expect(row(r).checks.find((c) => c.check === 'TLS versions')!.detail).toBe('TLSv1.0 yes, TLSv1.1 no, TLSv1.2 no, TLSv1.3 no');
  });

  it('TLS 1.0 and 1.1 beside 1.2 and 1.3', async () => {
    const r = await scanMailReport('legacy-mx');
    expect(mailIds(r)).toEqual(['mail_tls_legacy_offered:low']);
  });

  it.each([
    ['garbage-mx', 'bad_greeting', /not an SMTP reply: "HTTP\/1\.1 400 Bad Request"/],
    ['close-mx', 'closed', /closed the connection/],
    ['reject-mx', 'rejected', /554 5\.7\.1/],
  ])('%s (simulated): not measured, with the reason, and no mail finding', async (name, _code, words) => {
    const r = await scanMailReport(name);
    expect(mailIds(r)).toEqual([]);
    expect(row(r).outcome).toBe('not_measured');
    expect(row(r).reason).toMatch(words);
    // No MX measured: the category (only mail transport ran here) is not measured, with the reason.
    expect(r.categories.find((c) => c.id === 'dns')).toMatchObject({ status: 'not_measured', reason: expect.stringMatching(words) });
  });

  it('MTA-STS enforce over a self-signed MX: critical, and the score is capped', async () => {
    const r = await scanMailReport('sts-mx');
    expect(mailIds(r)).toEqual(['mail_certificate_invalid:several_problems:critical']);
    expect(r.caps).toContainEqual({ id: 'mail_certificate_invalid', cap: 50, class: 'unreachable' });
    // The policy itself is fine and covers the MX: the MTA-STS check has nothing to say.
    expect(r.findings.map((f) => f.id)).not.toContain('dns_mta_sts_invalid');
  });
});
