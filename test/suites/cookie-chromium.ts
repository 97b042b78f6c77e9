/**
 * The oracle for the http-state cases: Debian's Chromium fetches /cookie-parser?<case> from a loopback
 * server that answers with the case's Set-Cookie lines (byte for byte, control characters included,
 * hence a hand-written HTTP/1.1 responder rather than node:http, which refuses such header values) and a
 * redirect to the result page, which echoes the Cookie header Chromium sent. Every host name maps to
 * 127.0.0.1 inside Chromium; a fresh browser context per case keeps jars apart.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { SET_HOST, type HttpStateCase } from './cookie-model-jar.js';
import { CHROMIUM_ARGS as BASE_ARGS, LOOPBACK_ONLY_ARGS } from '../support/chromium.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [...BASE_ARGS, ...LOOPBACK_ONLY_ARGS];
export interface CookieOracle {
  port: number;
  cookieHeader(c: HttpStateCase): Promise<string>;
  close(): Promise<void>;
}

function respond(socket: Socket, status: string, headers: string[], body: Buffer): void {
  const head = [`HTTP/1.1 ${status}`, ...headers, `Content-Length: ${body.length}`, 'Connection: close', '', ''].join('\r\n');
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
}

export async function startCookieOracle(cases: HttpStateCase[]): Promise<CookieOracle> {
  const byName = new Map(cases.map((c) => [c.name, c]));
  let port = 0;
  const server: Server = createServer((socket) => {
    let buffered = '';
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [requestLine = '', ...headerLines] = buffered.slice(0, end).split('\r\n');
      const target = requestLine.split(' ')[1] ?? '/';
      const cookie = headerLines.find((h) => /^cookie:/i.test(h))?.replace(/^cookie:\s*/i, '') ?? '';
      const [path = '', query = ''] = target.split('?');
      const c = byName.get(query);
      if (path === '/cookie-parser' && c) {
        const location = `http://${c.resultHost}:${port}${c.resultPath}`;
        respond(socket, '302 Found', [...c.setCookies.map((s) => `Set-Cookie: ${s}`), `Location: ${location}`], Buffer.alloc(0));
      } else if (path.startsWith('/cookie-parser-result')) {
        respond(socket, '200 OK', ['Content-Type: text/plain; charset=iso-8859-1', 'Cache-Control: no-store'], Buffer.from(cookie, 'latin1'));
      } else {
        respond(socket, '404 Not Found', [], Buffer.alloc(0));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  // One context and page, emptied between cases: a context per case costs about a second here.
  const context = await browser.newContext();
  let page = await context.newPage();
  return {
    port,
    async cookieHeader(c) {
      await context.clearCookies();
      // A real navigation, so Chromium's own network stack and cookie store handle the headers.
      let response = await page.goto(`http://${SET_HOST}:${port}/cookie-parser?${c.name}`).catch((err: Error) => {
        // Chromium refuses a response whose header bytes it cannot parse (a NUL in Set-Cookie): nothing
        // was set, so the answer is whatever the result page receives without it.
        if (!/ERR_INVALID_HTTP_RESPONSE/.test(err.message)) throw err;
        return null;
      });
      if (!response) {
        // The failed page goes on to Chromium's error page; ask from a fresh tab of the same jar.
        await page.close();
        page = await context.newPage();
        response = await page.goto(`http://${c.resultHost}:${port}${c.resultPath}`);
      }
      if (!response || response.status() !== 200) throw new Error(`${c.name}: result page answered ${response?.status()}`);
      return (await response.body()).toString('latin1');
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
