/**
 * A userspace latency injector for the lab (this kernel has no netem): a TCP proxy, and optionally a
 * UDP relay on the same port number (for DNS), in front of one loopback service. Every chunk is held
 * for the one-way delay in each direction, in order. A new TCP connection also pays the handshake:
 * the client's first bytes reach the service one round trip plus one way after the accept, as they
 * would after a real SYN/SYN-ACK. It counts what crossed it, so a bench can report connections and
 * TLS handshakes next to wall time.
 */
import net from 'node:net';
import dgram from 'node:dgram';

export interface ProxyCounters {
  /** TCP connections accepted. */
  connections: number;
  /** Connections whose first byte opened a TLS or SSL 2 handshake. */
  tlsConnections: number;
  /** UDP datagrams relayed towards the service. */
  datagrams: number;
  bytesUp: number;
  bytesDown: number;
}

export interface LatencyProxy {
  port: number;
  /** One-way delay in ms, changeable between runs (round trip = 2 × this). */
  delayMs: number;
  counters: ProxyCounters;
  /** Zero the counters and return what they held. */
  reset(): ProxyCounters;
  close(): Promise<void>;
}

export interface LatencyProxyOptions {
  /** The service behind the proxy. */
  target: { host: string; port: number };
  /** One-way delay in ms (default 25: a 50 ms round trip). */
  delayMs?: number;
  /** Also relay UDP datagrams on the same port number (DNS). */
  udp?: boolean;
  /** Also accept TCP on ::1 at the same port: a dual-stack host whose both families answer (Happy Eyeballs). */
  dualStack?: boolean;
  /**
   * Where to listen (default 127.0.0.1, a free port). The mail bench puts the proxy on port 25 of the
   * address an MX name resolves to, inside the mail lab's namespace: the probe always talks on port 25.
   */
  listen?: { host?: string; port?: number };
}

/** Delivers items in order, each no earlier than its due time: one timer per direction, never reordering. */
class DelayLine {
  private readonly queue: { due: number; run: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;

  push(due: number, run: () => void): void {
    const last = this.queue.at(-1)?.due ?? 0;
    this.queue.push({ due: Math.max(due, last), run });
    if (!this.timer) this.arm();
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }

  private arm(): void {
    const head = this.queue[0];
    if (!head) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const now = performance.now();
      while (this.queue.length && this.queue[0]!.due <= now + 0.5) this.queue.shift()!.run();
      this.arm();
    }, Math.max(0, head.due - performance.now()));
  }
}

const zero = (): ProxyCounters => ({ connections: 0, tlsConnections: 0, datagrams: 0, bytesUp: 0, bytesDown: 0 });

export async function startLatencyProxy(options: LatencyProxyOptions): Promise<LatencyProxy> {
  const sockets = new Set<net.Socket>();
  const proxy: LatencyProxy = {
    port: 0,
    delayMs: options.delayMs ?? 25,
    counters: zero(),
    reset() {
      const was = proxy.counters;
      proxy.counters = zero();
      return was;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      for (const s of relays.values()) s.close();
      udp?.close();
      await Promise.all([server, server6].map((s) => (s?.listening ? new Promise<void>((resolve) => s.close(() => resolve())) : undefined)));
    },
  };
  let server6: net.Server | undefined;

  const server = net.createServer((client) => {
    const accepted = performance.now();
    const d = proxy.delayMs;
    proxy.counters.connections++;
    const upstream = net.connect({ host: options.target.host, port: options.target.port });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('close', () => sockets.delete(s));
    }
    const up = new DelayLine();
    const down = new DelayLine();
    let first = true;
    // The first bytes could not have left before the TCP handshake: one round trip after the accept.
    const earliestUp = accepted + 2 * d;
    client.on('data', (chunk: Buffer) => {
      if (first) {
        first = false;
        if (chunk[0] === 0x16 || (chunk[0]! & 0x80 && chunk[2] === 0x01)) proxy.counters.tlsConnections++;
      }
      proxy.counters.bytesUp += chunk.length;
      up.push(Math.max(performance.now(), earliestUp) + d, () => upstream.write(chunk));
    });
    upstream.on('data', (chunk: Buffer) => {
      proxy.counters.bytesDown += chunk.length;
      down.push(performance.now() + d, () => client.write(chunk));
    });
    // A close travels like data: after what was sent before it.
    client.on('end', () => up.push(performance.now() + d, () => upstream.end()));
    upstream.on('end', () => down.push(performance.now() + d, () => client.end()));
    const destroyBoth = () => {
      up.clear();
      down.clear();
      client.destroy();
      upstream.destroy();
    };
    client.on('error', destroyBoth);
    upstream.on('error', () => down.push(performance.now() + d, destroyBoth));
    client.on('close', () => up.push(performance.now() + d, () => upstream.destroy()));
    upstream.on('close', () => down.push(performance.now() + d, () => client.destroy()));
  });

  // UDP: one upstream socket per client address and port, so answers find their way back.
  const relays = new Map<string, dgram.Socket>();
  let udp: dgram.Socket | undefined;
  const udpLines = { up: new DelayLine(), down: new DelayLine() };

  for (let attempt = 0; ; attempt++) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.listen?.port ?? 0, options.listen?.host ?? '127.0.0.1', () => resolve());
    });
    proxy.port = (server.address() as net.AddressInfo).port;
    if (options.dualStack) {
      const six = net.createServer((c) => server.emit('connection', c));
      const bound = await new Promise<boolean>((resolve) => {
        six.once('error', () => resolve(false));
        six.listen(proxy.port, '::1', () => resolve(true));
      });
      if (!bound) {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        if (attempt >= 20 || options.listen?.port) throw new Error(`no port ${options.listen?.port ?? ''} free on both 127.0.0.1 and ::1`);
        continue;
      }
      server6 = six;
    }
    if (!options.udp) break;
    try {
      udp = await bindUdp(proxy.port);
      break;
    } catch (err) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (attempt >= 20 || options.listen?.port) throw err;
    }
  }

  udp?.on('message', (msg, rinfo) => {
    const key = `${rinfo.address}:${rinfo.port}`;
    let relay = relays.get(key);
    if (!relay) {
      relay = dgram.createSocket('udp4');
      relay.on('message', (answer) => {
        proxy.counters.bytesDown += answer.length;
        udpLines.down.push(performance.now() + proxy.delayMs, () => udp?.send(answer, rinfo.port, rinfo.address));
      });
      relay.on('error', () => undefined);
      relays.set(key, relay);
    }
    proxy.counters.datagrams++;
    proxy.counters.bytesUp += msg.length;
    const r = relay;
    udpLines.up.push(performance.now() + proxy.delayMs, () => r.send(msg, options.target.port, options.target.host));
  });
  return proxy;
}

function bindUdp(port: number): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    s.once('error', reject);
    s.bind(port, '127.0.0.1', () => {
      s.off('error', reject);
      s.on('error', () => undefined);
      resolve(s);
    });
  });
}
