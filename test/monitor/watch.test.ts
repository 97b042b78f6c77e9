/**
 * Monitoring end to end on loopback: a watched lab site regresses; the app re-scans it on schedule,
 * sends a signed webhook to a lab receiver and an e-mail to a lab SMTP sink, while a stalled receiver
 * only delays its own delivery (timeout, retry later). Webhooks to private addresses are refused like
 * scan targets; ownership unlocks daily watching; unsubscribe stops alerts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeaderSite, type HeaderSite, type Scenario } from '../lab/header-site.js';
import { startLabServer, type LabServer } from '../lab/http-server.js';
import { startSmtpSink, type SmtpSink } from '../lab/smtp-sink.js';
import { startWebhookReceiver, type WebhookReceiver } from '../lab/webhook-receiver.js';
import { GOOD_HEADERS, withHeader } from '../support/evidence.js';
import { createServer, type Server } from '../../src/server/app.js';
import { waitForScan } from '../web/web-lab.js';
import { verifySignature } from '../../src/monitor/webhook.js';
import type { AlertPayload } from '../../src/monitor/alerts.js';

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const form = (server: Server, url: string, fields: Record<string, string>) =>
  server.app.inject({ method: 'POST', url, payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' } });

let site: HeaderSite;
let sink: SmtpSink;
let good: WebhookReceiver;
let stalling: WebhookReceiver;
let server: Server;
const evolving: Scenario = { headers: GOOD_HEADERS };

beforeAll(async () => {
  [site, sink, good, stalling] = await Promise.all([startHeaderSite({ '/': evolving }), startSmtpSink(), startWebhookReceiver('ok'), startWebhookReceiver('stall')]);
  server = await createServer({
    db: ':memory:',
    logger: false,
    ...site.scanOptions,
    cooldownSeconds: 0,
    monitor: { tickMs: 100, smtpUrl: sink.url, publicUrl: 'http://scorifya.test', deliveryTimeoutMs: 800, retryDelaysMs: [60_000], dnsVerification: false },
  });
});
afterAll(async () => {
  await server?.close();
  await Promise.all([site?.close(), sink?.close(), good?.close(), stalling?.close()]);
});

async function createWatch(fields: Record<string, string>): Promise<string> {
  const res = await form(server, '/watches', { url: site.url('/', 'https'), interval: 'weekly', ...fields });
  expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
  return /^\/watches\/manage\/([\w-]+)$/.exec(res.headers.location as string)![1]!;
}

describe('watching a site', () => {
  it('alerts by signed webhook and e-mail when the site regresses, while a stalled receiver only delays its own alert', async () => {
    const baseline = await server.app.inject({ method: 'POST', url: '/api/v1/scans', payload: { url: site.url('/', 'https') } });
    expect((await waitForScan(server, baseline.json().id)).status).toBe('done');

    const goodToken = await createWatch({ webhookUrl: good.url, email: 'owner@shop.example' });
    const stallToken = await createWatch({ webhookUrl: stalling.url });
    const goodWatch = (await server.monitor.watches.byUnsubscribeToken(goodToken))!;
    const stallWatch = (await server.monitor.watches.byUnsubscribeToken(stallToken))!;
    expect(goodWatch.last_scan_id).toBe(baseline.json().id);

    // The site loses its CSP: score drops and missing_csp is new.
    evolving.headers = withHeader('Content-Security-Policy', null);
    await server.monitor.runNow(stallWatch.id);
    await server.monitor.runNow(goodWatch.id);

    await until('the webhook and the e-mail', () => good.received.length === 1 && sink.messages.length === 1);
    const hook = good.received[0]!;
    const ts = hook.headers['x-scorifya-timestamp'] as string;
    expect(verifySignature(goodWatch.webhook_secret!, ts, hook.body, hook.headers['x-scorifya-signature'] as string)).toBe(true);
    expect(verifySignature('not-the-secret', ts, hook.body, hook.headers['x-scorifya-signature'] as string)).toBe(false);
    const payload = JSON.parse(hook.body) as AlertPayload;
    expect(payload.event).toBe('scorifya.regression');
    expect(payload.watch.host).toBe('api.target.test');
    expect(payload.scoreDelta).toBeLessThan(0);
    expect(payload.newFindings.map((f) => f.id)).toContain('missing_csp');
    expect(payload.unsubscribeUrl).toBe(`http://scorifya.test/unsubscribe/${goodToken}`);

    const mail = sink.messages[0]!;
    expect(mail.to).toEqual(['owner@shop.example']);
    mail.data = mail.data.replace(/=\r?\n/g, ''); // quoted-printable soft line breaks
    expect(mail.data).toMatch(/Subject: Scorifya: api\.target\.test got worse/);
    expect(mail.data).toContain('missing_csp');
    expect(mail.data).toContain(`/unsubscribe/${goodToken}`);

    // The stalled receiver got its connection, timed out, and is scheduled for a retry later.
    await until('the stalled delivery to be given up for now', async () => (await server.monitor.watches.deliveries(stallWatch.id))[0]?.attempts === 1);
    const [stalled] = await server.monitor.watches.deliveries(stallWatch.id);
    expect(stalling.stalled).toBeGreaterThanOrEqual(1);
    expect(stalled).toMatchObject({ status: 'pending', attempts: 1 });
    expect(stalled!.last_error).toMatch(/no response (headers )?(from \S+ )?within 800 ms|no answer within/);
    expect(stalled!.next_attempt_at).toBeGreaterThan(Date.now() + 30_000);
    expect((await server.monitor.watches.deliveries(goodWatch.id)).map((d) => [d.channel, d.status])).toEqual([['webhook', 'sent'], ['email', 'sent']]);

    // Nothing new on the next run: no second alert.
    await server.monitor.runNow(goodWatch.id);
    await until('the second run to be evaluated', async () => {
      const w = await server.monitor.watches.get(goodWatch.id);
      return !!w && w.pending_scan_id === null && w.last_scan_id !== payload.current.scanId;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(good.received).toHaveLength(1);
    evolving.headers = GOOD_HEADERS;
  });

  it('refuses a webhook to a private address like a scan target', async () => {
    const strict = await createServer({ db: ':memory:', logger: false, monitor: { tickMs: 60_000, dnsVerification: false } });
    try {
      for (const hook of ['http://127.0.0.1:9/hook', 'http://10.1.2.3/hook', 'http://[::ffff:7f00:1]/hook', 'http://169.254.169.254/latest', 'http://0x7f000001/hook']) {
        const res = await form(strict, '/watches', { url: 'https://shop.example/', interval: 'weekly', webhookUrl: hook });
        expect(res.statusCode, hook).toBe(400);
        expect(res.body, hook).toMatch(/webhook URL is refused/);
      }
      const bad = await form(strict, '/watches', { url: 'https://shop.example/', interval: 'weekly', webhookUrl: 'ftp://files.example/' });
      expect(bad.body).toContain('must use http or https');
      const none = await form(strict, '/watches', { url: 'https://shop.example/', interval: 'weekly' });
      expect(none.statusCode).toBe(400);
      expect(none.body).toContain('give a webhook URL, an e-mail address, or both');
    } finally {
      await strict.close();
    }
  });

  it('runs weekly until the owner proves control of the site, then daily; unsubscribe stops the watch', async () => {
    let token = '';
    const owned: LabServer = await startLabServer({
      routes: { '*': (req) => (token && req.url === `/.well-known/scorifya-verify-${token}` ? { status: 200, body: `${token}\n` } : { status: 404, body: 'no' }) },
    });
    try {
      const res = await form(server, '/watches', { url: owned.url('http', '/'), interval: 'daily', webhookUrl: good.url });
      expect(res.statusCode).toBe(303);
      const manage = res.headers.location as string;
      const w = (await server.monitor.watches.byUnsubscribeToken(manage.split('/').pop()!))!;
      const page = await server.app.inject({ url: manage, headers: { accept: 'text/html' } });
      expect(page.body).toMatch(/id="watch-interval">weekly \(daily once ownership is verified\)/);
      expect(page.body).toContain(`scorifya-verify-${w.verify_token}`);

      const refused = await form(server, `${manage}/verify`, {});
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('answered 404');
      token = w.verify_token;
      const verified = await form(server, `${manage}/verify`, {});
      expect(verified.statusCode).toBe(200);
      expect(verified.body).toContain('id="watch-interval">daily<');

      const confirm = await server.app.inject({ url: `/unsubscribe/${w.unsubscribe_token}`, headers: { accept: 'text/html' } });
      expect(confirm.body).toContain('Stop alerts for');
      expect(await server.monitor.watches.get(w.id)).toBeDefined(); // a GET alone changes nothing
      const done = await form(server, `/unsubscribe/${w.unsubscribe_token}`, {});
      expect(done.body).toContain('no longer watched');
      expect(await server.monitor.watches.get(w.id)).toBeUndefined();
      expect((await server.app.inject({ url: manage, headers: { accept: 'text/html' } })).statusCode).toBe(404);
    } finally {
      await owned.close();
    }
  });
});
