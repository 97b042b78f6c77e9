/**
 * What every lab DNS server shares: one port for UDP and TCP, and DNS over TCP's framing (each message
 * after a two-byte length, RFC 1035 §4.2.2), read from a stream that may split or join messages.
 */
import type dgram from 'node:dgram';
import type net from 'node:net';

/** Calls `onMessage` for each whole message on the stream, in order, until the socket is destroyed. */
export function readTcpMessages(socket: net.Socket, onMessage: (message: Buffer) => void): void {
  let buffered = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (!socket.destroyed && buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
      const length = buffered.readUInt16BE(0);
      const message = Buffer.from(buffered.subarray(2, 2 + length));
      buffered = buffered.subarray(2 + length);
      onMessage(message);
    }
  });
}

/** The message with its two-byte length in front, as DNS over TCP sends it. */
export function tcpFrame(message: Buffer): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(message.length);
  return Buffer.concat([prefix, message]);
}

/** One port for both transports: take a free TCP port, then bind UDP to it (retry on a clash). */
export async function bindBoth(tcp: net.Server, udp: dgram.Socket, host: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(0, host, () => resolve());
    });
    const port = (tcp.address() as net.AddressInfo).port;
    const bound = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, host, () => resolve(true));
    });
    if (bound) return port;
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
  }
  throw new Error('no port free for both UDP and TCP');
}

/** Stops both transports and drops the TCP connections still open. */
export async function closeBoth(tcp: net.Server, udp: dgram.Socket, sockets: Set<net.Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  await Promise.all([new Promise<void>((r) => tcp.close(() => r())), new Promise<void>((r) => udp.close(() => r()))]);
}
