/**
 * One MX, probe level, on the root namespace's loopback with the probe's lab-only port: the SMTP
 * conversation against small servers written here (a STARTTLS server over Node's tls with a lab CA
 * certificate, and the misbehaviours), the SMTP bound, and the address policy. The real postfix cases
 * run end to end in test/mail/postfix-lab.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net, { type AddressInfo, type Socket } from 'node:net';
import tls from 'node:tls';
import { createLabCa, type LabCa } from '../../lab/ca.js';
import { probeMx } from '../../../src/probes/mail/mx-transport.js';
import { createConnectGate, type ConnectAttempt } from '../../../src/net/connect-gate.js';

type Behaviour = (s: Socket) => void;
const servers: net.Server[] = [];

async function serve(behaviour: Behaviour): Promise<number> {
  const server = net.createServer((s) => {
    s.on('error', () => undefined);
    behaviour(s);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** Answers EHLO (with STARTTLS when `starttls`), STARTTLS with `startReply`, then TLS with `cert`. */
function smtpServer(o: { starttls: boolean; startReply?: string; cert?: { key: string; cert: string }; greeting?: string }): Behaviour {
  return (s) => {
    s.write(o.greeting ?? '220 mx.lab.test ESMTP test\r\n');
    const onData = (d: Buffer): void => {
      const line = d.toString('latin1');
      if (/^EHLO/i.test(line)) s.write(`250-mx.lab.test\r\n250-PIPELINING\r\n${o.starttls ? '250-STARTTLS\r\n' : ''}250 8BITMIME\r\n`);
      else if (/^STARTTLS/i.test(line)) {
        s.write(o.startReply ?? '220 go ahead\r\n');
        if (o.startReply) return;
        s.off('data', onData);
        const t = new tls.TLSSocket(s, { isServer: true, key: o.cert!.key, cert: o.cert!.cert });
        t.on('error', () => undefined);
        t.on('data', (x: Buffer) => /^QUIT/i.test(x.toString()) && t.end('221 bye\r\n'));
      } else if (/^QUIT/i.test(line)) s.end('221 bye\r\n');
    };
    s.on('data', onData);
  };
}

let ca: LabCa;
let cert: { key: string; cert: string };
beforeAll(async () => {
  ca = await createLabCa('Mail probe test CA');
  const issued = await ca.issue({ dnsNames: ['mx.lab.test'] });
  cert = { key: issued.keyPem, cert: issued.chainPem };
});
afterAll(() => {
  for (const s of servers) s.close();
});

const allow = createConnectGate({ allowPrivate: true });
const mxAt = (port: number, boundMs = 5_000, gate = allow, ca: string[] = []) =>
  probeMx({ host: 'mx.lab.test', priority: 10, addresses: ['127.0.0.1'] }, { port, gate, ca, boundMs });

describe('probeMx', () => {
  it('reads STARTTLS, the chain, the name and each version from a TLS 1.2–1.3 server', async () => {
    const port = await serve(smtpServer({ starttls: true, cert }));
    const mx = await mxAt(port, 5_000, allow, [ca.certPem]);
    expect(mx).toMatchObject({ outcome: 'measured', address: '127.0.0.1', starttlsOffered: true, banner: 'mx.lab.test ESMTP test' });
    expect(mx.ehlo).toEqual(['PIPELINING', 'STARTTLS', '8BITMIME']);
    expect(mx.tls).toMatchObject({ protocol: 'TLSv1.3', trusted: true, nameMatches: true, names: ['mx.lab.test'] });
    expect(mx.tls!.chainDer.length).toBeGreaterThanOrEqual(1);
    expect(mx.tls!.versions.map((v) => [v.protocol, v.accepted])).toEqual([
      ['TLSv1.0', false],
      ['TLSv1.1', false],
      ['TLSv1.2', true],
      ['TLSv1.3', true],
    ]);
  });

  it('without the lab CA the same certificate is untrusted, and the name still matches', async () => {
    const port = await serve(smtpServer({ starttls: true, cert }));
    const mx = await mxAt(port);
    expect(mx.tls).toMatchObject({ trusted: false, trustError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', nameMatches: true });
  });

  it('no STARTTLS in the EHLO answer: measured, without a TLS session', async () => {
    const port = await serve(smtpServer({ starttls: false }));
    const mx = await mxAt(port);
    expect(mx).toMatchObject({ outcome: 'measured', starttlsOffered: false });
    expect(mx.tls).toBeUndefined();
  });

  it('a multi-line greeting is one reply', async () => {
    const port = await serve(smtpServer({ starttls: false, greeting: '220-mx.lab.test first\r\n220-second\r\n220 third\r\n' }));
    expect(await mxAt(port)).toMatchObject({ outcome: 'measured', banner: 'mx.lab.test first' });
  });

  it('STARTTLS advertised but refused: not measured, with the reply', async () => {
    const port = await serve(smtpServer({ starttls: true, startReply: '454 4.7.0 TLS not available\r\n' }));
    const mx = await mxAt(port);
    expect(mx).toMatchObject({ outcome: 'not_measured', reasonCode: 'rejected' });
    expect(mx.reason).toMatch(/STARTTLS was advertised but answered 454 4\.7\.0 TLS not available/);
  });

  it('a greeting line longer than SMTP allows is garbage, not a wait', async () => {
    const port = await serve((s) => s.write(`220 ${'x'.repeat(5000)}`));
    expect(await mxAt(port)).toMatchObject({ outcome: 'not_measured', reasonCode: 'bad_greeting' });
  });

  it('a server that never greets is not measured once the bound is spent, with the bound in the reason', async () => {
    const port = await serve(() => undefined);
    const t0 = performance.now();
    const mx = await mxAt(port, 400);
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(mx).toMatchObject({ outcome: 'not_measured', reasonCode: 'timeout' });
    expect(mx.reason).toMatch(/gave no SMTP greeting within the SMTP bound of 400 ms\. If the server pauses before its greeting on purpose \(postscreen\)/);
  });

  it('a greeting delayed past the bound (postscreen-style) is not measured; the same delay within the bound is measured', async () => {
    const slow: Behaviour = (s) => {
      const t = setTimeout(() => smtpServer({ starttls: false })(s), 700);
      s.once('close', () => clearTimeout(t));
    };
    const port = await serve(slow);
    expect(await mxAt(port, 300)).toMatchObject({ outcome: 'not_measured', reasonCode: 'timeout' });
    expect(await mxAt(port, 5_000)).toMatchObject({ outcome: 'measured', starttlsOffered: false });
  });

  it('a refused address is never connected to', async () => {
    const attempts: ConnectAttempt[] = [];
    const port = await serve(smtpServer({ starttls: false }));
    const mx = await mxAt(port, 1_000, createConnectGate({ allowPrivate: false }, (a) => attempts.push(a)));
    expect(mx).toMatchObject({ outcome: 'not_measured', reasonCode: 'refused_address' });
    expect(mx.reason).toMatch(/refused by the scan's address policy .*loopback.*no connection was made/);
    expect(attempts).toEqual([]);
  });

  it('every connection passes the gate, as smtp', async () => {
    const attempts: ConnectAttempt[] = [];
    const port = await serve(smtpServer({ starttls: true, cert }));
    await mxAt(port, 5_000, createConnectGate({ allowPrivate: true }, (a) => attempts.push(a)));
    // The main conversation and one per TLS version.
    expect(attempts).toHaveLength(5);
    expect(new Set(attempts.map((a) => `${a.address}:${a.port}:${a.purpose}`))).toEqual(new Set([`127.0.0.1:${port}:smtp`]));
  });

  it('an MX without addresses is not measured, without a connection', async () => {
    const mx = await probeMx({ host: 'mx.lab.test', priority: 10, addresses: [] }, { port: 25, gate: allow, ca: [], boundMs: 1_000 });
    expect(mx).toMatchObject({ outcome: 'not_measured', reasonCode: 'no_address' });
  });
});
