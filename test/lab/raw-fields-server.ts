/**
 * A lab server that answers every request with one fixed response whose header fields are sent
 * exactly as listed (repeats included), over HTTP/2 or HTTP/1.1 by ALPN, and over plain HTTP/1.1 on
 * the same port. Node's own http2 server cannot do this: it refuses to repeat its single-valued fields
 * (Location, Content-Type …), so the HTTP/2 side writes its frames itself (./h2-frames.ts): SETTINGS,
 * then per request one HEADERS frame (HPACK literals, no Huffman, no indexing), CONTINUATION frames when
 * the block is larger than one frame, and one DATA frame.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { IssuedCert } from './ca.js';
import { listenTlsOrPlain } from './tls-or-plain.js';
import { FLAG, FRAME, frame, headerFrames, hpackBlock } from './h2-frames.js';

export interface RawFieldsResponse {
  status: number;
  /** Lower-case names (HTTP/2 requires it); sent in this order on both protocols. */
  fields: [string, string][];
  body: string;
  /**
   * HTTP/2 only: send the header block's HEADERS and CONTINUATION frames but never the last one (the
   * one with END_HEADERS), then nothing more: a block that never ends. The fields must fill more than
   * one 16 KiB frame.
   */
  stallHeaderBlock?: boolean;
  /**
   * HTTP/2 only: the largest frame payload for the header block (default 16 KiB, the protocol's
   * initial SETTINGS_MAX_FRAME_SIZE). Larger only for a client that announced it (ours: 64 KiB), as a
   * server like nginx fills frames to the size its peer allows.
   */
  frameBytes?: number;
}

export interface RawFieldsServer {
  port: number;
  /** TCP connections accepted so far. */
  connections: number;
  /** Requests answered so far. */
  requests: number;
  /** HTTP/2 only: the RST_STREAM and GOAWAY frames the client sent, with their error codes, in order. */
  ended: { frame: 'RST_STREAM' | 'GOAWAY'; code: number }[];
  close(): Promise<void>;
}

const PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';

export async function startRawFieldsServer(cert: IssuedCert, alpn: 'h2' | 'http/1.1', response: RawFieldsResponse): Promise<RawFieldsServer> {
  const state: RawFieldsServer = { port: 0, connections: 0, requests: 0, ended: [], close: async () => undefined };
  const answered = () => state.requests++;
  const secure = tls.createServer({ key: cert.keyPem, cert: cert.chainPem, ALPNProtocols: [alpn] }, (socket) => {
    socket.on('error', () => undefined);
    if (socket.alpnProtocol === 'h2') serveHttp2(socket, response, answered, state.ended);
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

function serveHttp2(socket: tls.TLSSocket, r: RawFieldsResponse, answered: () => void, ended: RawFieldsServer['ended']): void {
  let buffered = Buffer.alloc(0);
  let prefaceSeen = false;
  socket.write(frame(FRAME.SETTINGS, 0, 0, Buffer.alloc(0))); // our SETTINGS: all defaults
  const respond = (stream: number) => {
    answered();
    const body = Buffer.from(r.body);
    const frames = headerFrames(stream, hpackBlock([[':status', String(r.status)], ...r.fields]), body.length === 0, r.frameBytes);
    if (r.stallHeaderBlock) {
      if (frames.length < 2) throw new Error('stallHeaderBlock needs a header block larger than one frame');
      return socket.write(Buffer.concat(frames.slice(0, -1)));
    }
    socket.write(Buffer.concat(frames));
    if (body.length) socket.write(frame(FRAME.DATA, FLAG.END_STREAM, stream, body));
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
      if (type === FRAME.SETTINGS && !(flags & FLAG.ACK)) socket.write(frame(FRAME.SETTINGS, FLAG.ACK, 0, Buffer.alloc(0)));
      else if (type === FRAME.PING && !(flags & FLAG.ACK)) socket.write(frame(FRAME.PING, FLAG.ACK, 0, payload));
      else if ((type === FRAME.HEADERS || type === FRAME.CONTINUATION) && flags & FLAG.END_HEADERS) respond(stream); // request head complete
      else if (type === FRAME.RST_STREAM) ended.push({ frame: 'RST_STREAM', code: payload.readUInt32BE(0) });
      else if (type === FRAME.GOAWAY) {
        ended.push({ frame: 'GOAWAY', code: payload.readUInt32BE(4) });
        socket.end();
      }
    }
  });
}
