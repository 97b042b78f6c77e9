/**
 * A lab server that answers every request with one fixed response whose header fields are sent
 * exactly as listed (repeats included), over HTTP/2 or HTTP/1.1 by ALPN, and over plain HTTP/1.1 on
 * the same port. Node's own http2 server cannot do this: it refuses to repeat its single-valued fields
 * (Location, Content-Type …), so the HTTP/2 side writes its frames itself: SETTINGS, then per request
 * one HEADERS frame (HPACK literals, no Huffman, no indexing) and one DATA frame.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { IssuedCert } from './ca.js';
import { listenTlsOrPlain } from './tls-or-plain.js';

export interface RawFieldsResponse {
  status: number;
  /** Lower-case names (HTTP/2 requires it); sent in this order on both protocols. */
  fields: [string, string][];
  body: string;
}

export interface RawFieldsServer {
  port: number;
  /** TCP connections accepted so far. */
  connections: number;
  /** Requests answered so far. */
  requests: number;
  close(): Promise<void>;
}

const PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';

export async function startRawFieldsServer(cert: IssuedCert, alpn: 'h2' | 'http/1.1', response: RawFieldsResponse): Promise<RawFieldsServer> {
  const state: RawFieldsServer = { port: 0, connections: 0, requests: 0, close: async () => undefined };
  const answered = () => state.requests++;
  const secure = tls.createServer({ key: cert.keyPem, cert: cert.chainPem, ALPNProtocols: [alpn] }, (socket) => {
    socket.on('error', () => undefined);
    if (socket.alpnProtocol === 'h2') serveHttp2(socket, response, answered);
    else serveHttp1(socket, response, answered);
  });
  secure.on('tlsClientError', () => undefined);
  const listener = await listenTlsOrPlain(
    (socket) => secure.emit('connection', socket),
    (socket) => serveHttp1(socket, response, answered),
  );
  state.port = listener.port;
  state.close = () => listener.close();
  Object.defineProperty(state, 'connections', { get: () => listener.connections });
  return state;
}

/** One answer per request head (bodiless requests only); keep-alive. */
function serveHttp1(socket: net.Socket, r: RawFieldsResponse, answered: () => void): void {
  let buffered = '';
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    let end: number;
    while ((end = buffered.indexOf('\r\n\r\n')) >= 0) {
      const head = buffered.slice(0, end);
      buffered = buffered.slice(end + 4);
      answered();
      const lines = [`HTTP/1.1 ${r.status} Lab`, ...r.fields.map(([n, v]) => `${n}: ${v}`), `content-length: ${Buffer.byteLength(r.body)}`];
      socket.write(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'));
      if (!head.startsWith('HEAD ')) socket.write(r.body);
    }
  });
}

function frame(type: number, flags: number, stream: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(stream, 5);
  return Buffer.concat([head, payload]);
}

/** HPACK integer with a 7-bit prefix (RFC 7541 §5.1), the Huffman bit clear. */
function hpackInt(n: number): Buffer {
  if (n < 127) return Buffer.from([n]);
  const bytes = [127];
  let rest = n - 127;
  while (rest >= 128) {
    bytes.push((rest % 128) + 128);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** "Literal header field without indexing — new name" (RFC 7541 §6.2.2) for every field. */
function hpackBlock(fields: [string, string][]): Buffer {
  return Buffer.concat(
    fields.flatMap(([n, v]) => {
      const name = Buffer.from(n, 'latin1');
      const value = Buffer.from(v, 'latin1');
      return [Buffer.from([0]), hpackInt(name.length), name, hpackInt(value.length), value];
    }),
  );
}

function serveHttp2(socket: tls.TLSSocket, r: RawFieldsResponse, answered: () => void): void {
  let buffered = Buffer.alloc(0);
  let prefaceSeen = false;
  socket.write(frame(4, 0, 0, Buffer.alloc(0))); // our SETTINGS: all defaults
  const respond = (stream: number) => {
    answered();
    const body = Buffer.from(r.body);
    const block = hpackBlock([[':status', String(r.status)], ...r.fields]);
    socket.write(frame(1, 0x4 | (body.length ? 0 : 0x1), stream, block)); // HEADERS, END_HEADERS
    if (body.length) socket.write(frame(0, 0x1, stream, body)); // DATA, END_STREAM
  };
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    if (!prefaceSeen) {
      if (buffered.length < PREFACE.length) return;
      prefaceSeen = true;
      buffered = buffered.subarray(PREFACE.length);
    }
    while (buffered.length >= 9) {
      const length = buffered.readUIntBE(0, 3);
      if (buffered.length < 9 + length) return;
      const [type, flags] = [buffered[3]!, buffered[4]!];
      const stream = buffered.readUInt32BE(5) & 0x7fffffff;
      const payload = buffered.subarray(9, 9 + length);
      buffered = buffered.subarray(9 + length);
      if (type === 4 && !(flags & 0x1)) socket.write(frame(4, 0x1, 0, Buffer.alloc(0))); // SETTINGS ACK
      else if (type === 6 && !(flags & 0x1)) socket.write(frame(6, 0x1, 0, payload)); // PING ACK
      else if ((type === 1 || type === 9) && flags & 0x4) respond(stream); // request head complete
      else if (type === 7) socket.end(); // GOAWAY
    }
  });
}
