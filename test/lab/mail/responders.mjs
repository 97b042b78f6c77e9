/**
 * Simulated MXs (not postfix): the misbehaviours a real postfix cannot be configured into. Run as
 * `node responders.mjs KIND@ADDRESS:PORT …`, inside the mail lab's namespace or on the root
 * namespace's loopback. Prints "ready" once every listener is up. Kinds:
 *   garbage  sends a line that is not an SMTP reply
 *   close    sends the 220 greeting, then closes as soon as the client speaks
 *   silent   accepts the connection and never says anything
 *   slow     waits SLOW_MS (default 3000) before a normal greeting, then answers EHLO without STARTTLS
 *   reject   greets with 554 (no service)
 *   policy   an HTTPS server for the MTA-STS policy file (POLICY_CERT, POLICY_KEY files, POLICY_BODY text)
 */
import net from 'node:net';
import https from 'node:https';
import { readFileSync } from 'node:fs';

const slowMs = Number(process.env.SLOW_MS ?? 3000);
const sockets = new Set();

const behaviours = {
  garbage: (s) => s.write('HTTP/1.1 400 Bad Request\r\n\r\n'),
  close: (s) => {
    s.write('220 close.lab ESMTP\r\n');
    s.once('data', () => s.destroy());
  },
  silent: () => undefined,
  slow: (s) => {
    const t = setTimeout(() => {
      s.write('220 slow.lab ESMTP\r\n');
      s.on('data', (d) => {
        const line = d.toString('latin1');
        if (/^EHLO/i.test(line)) s.write('250-slow.lab\r\n250 8BITMIME\r\n');
        else if (/^QUIT/i.test(line)) s.end('221 bye\r\n');
      });
    }, slowMs);
    s.once('close', () => clearTimeout(t));
  },
  reject: (s) => s.end('554 5.7.1 no service for you\r\n'),
  policy: () => undefined,
};

const specs = process.argv.slice(2).map((arg) => {
  const m = /^(\w+)@(.+):(\d+)$/.exec(arg);
  if (!m || !behaviours[m[1]]) throw new Error(`bad responder spec ${arg}`);
  return { kind: m[1], host: m[2], port: Number(m[3]) };
});

await Promise.all(
  specs.map(
    ({ kind, host, port }) =>
      new Promise((resolve, reject) => {
        const server =
          kind === 'policy'
            ? https.createServer({ cert: readFileSync(process.env.POLICY_CERT), key: readFileSync(process.env.POLICY_KEY) }, (req, res) => {
                res.writeHead(req.url === '/.well-known/mta-sts.txt' ? 200 : 404, { 'content-type': 'text/plain' });
                res.end(req.url === '/.well-known/mta-sts.txt' ? process.env.POLICY_BODY : 'not found');
              })
            : net.createServer((s) => {
          sockets.add(s);
          s.on('error', () => undefined);
          s.on('close', () => sockets.delete(s));
          behaviours[kind](s);
        });
        server.once('error', reject);
        server.listen(port, host, resolve);
      }),
  ),
);
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  for (const s of sockets) s.destroy();
  process.exit(0);
});
