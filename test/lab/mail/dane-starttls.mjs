/**
 * A minimal SMTP responder for DANE tests: greets, answers EHLO with STARTTLS, upgrades to TLS with
 * the certificate chain it is given, and answers QUIT. It accepts no mail (MAIL/RCPT/DATA get 502).
 * Usable in-process (startStarttlsResponder) or as a process of its own, e.g. inside a network
 * namespace next to posttls-finger:
 *   node dane-starttls.mjs <host> <port> <key.pem> <chain.pem> [--no-starttls]
 * which prints "listening <host>:<port>" once it accepts connections.
 */
import net from 'node:net';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** @param {{ host?: string, port?: number, keyPem: string, chainPem: string, starttls?: boolean, name?: string }} options */
export function startStarttlsResponder(options) {
  const name = options.name ?? 'dane-lab.test';
  const context = tls.createSecureContext({ key: options.keyPem, cert: options.chainPem });
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    converse(socket, false);
  });

  /** One line-oriented SMTP conversation, before or after STARTTLS. */
  function converse(stream, secured) {
    let buffer = '';
    const say = (line) => stream.write(`${line}\r\n`);
    if (!secured) say(`220 ${name} ESMTP DANE lab`);
    const onData = (chunk) => {
      buffer += chunk.toString('latin1');
      if (buffer.length > 8192) return stream.destroy();
      let at;
      while ((at = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, at).replace(/\r$/, '');
        buffer = buffer.slice(at + 1);
        const verb = line.split(' ')[0].toUpperCase();
        if (verb === 'EHLO') {
          const offer = !secured && options.starttls !== false;
          say(`250-${name}`);
          say(offer ? '250-STARTTLS' : '250-PIPELINING');
          say('250 8BITMIME');
        } else if (verb === 'HELO') say(`250 ${name}`);
        else if (verb === 'STARTTLS' && !secured && options.starttls !== false) {
          stream.removeListener('data', onData);
          say('220 2.0.0 Ready to start TLS');
          const secure = new tls.TLSSocket(stream, { isServer: true, secureContext: context });
          secure.on('error', () => stream.destroy());
          secure.on('secure', () => converse(secure, true));
          return;
        } else if (verb === 'QUIT') {
          say('221 2.0.0 Bye');
          return stream.end();
        } else if (verb === 'NOOP' || verb === 'RSET') say('250 2.0.0 OK');
        else say('502 5.5.2 Not accepted here');
      }
    };
    stream.on('data', onData);
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { address, port } = server.address();
      resolve({
        host: address,
        port,
        close: () =>
          new Promise((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [host, port, key, chain, flag] = process.argv.slice(2);
  const running = await startStarttlsResponder({ host, port: Number(port), keyPem: readFileSync(key, 'utf8'), chainPem: readFileSync(chain, 'utf8'), starttls: flag !== '--no-starttls' });
  process.stdout.write(`listening ${running.host}:${running.port}\n`);
  process.on('SIGTERM', () => running.close().then(() => process.exit(0)));
}
