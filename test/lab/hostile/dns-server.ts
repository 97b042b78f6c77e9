/**
 * A small authoritative DNS server on loopback (UDP and TCP on the same port) for hostile answers the
 * knot/unbound lab cannot produce: truncated UDP with a TCP side that hangs up, CNAME loops, a 64 KiB
 * TXT record, and names whose address changes between queries (DNS rebinding). Each test describes its
 * answers with a function of the question; every query is logged.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import { bindBoth, closeBoth, readTcpMessages, tcpFrame } from '../dns/transport.js';

const RCODES: Record<string, number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };

export interface DnsQuestion {
  name: string;
  type: string;
  transport: 'udp' | 'tcp';
}

export type DnsAnswerSpec =
  | { answers: dnsPacket.Answer[]; rcode?: 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED'; truncated?: boolean; authoritative?: boolean }
  /** No answer at all (the client times out). */
  | 'drop'
  /** TCP only: close the connection without answering. */
  | 'close';

export interface HostileDns {
  host: string;
  port: number;
  /** `HOST:PORT`, as `--dns-server` and `nameServers` take it. */
  spec: string;
  queries: DnsQuestion[];
  close(): Promise<void>;
}

export async function startHostileDns(answer: (q: DnsQuestion) => DnsAnswerSpec, host = '127.0.0.1'): Promise<HostileDns> {
  const queries: DnsQuestion[] = [];
  const respond = (message: Buffer, transport: 'udp' | 'tcp'): Buffer | 'drop' | 'close' => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return 'drop';
    }
    const question = query.questions?.[0];
    if (!question) return 'drop';
    const q = { name: question.name.toLowerCase(), type: question.type, transport };
    queries.push(q);
    const spec = answer(q);
    if (spec === 'drop' || spec === 'close') return spec;
    const flags =
      // dns-packet reads the response code from the flags' low four bits (a `rcode` field is ignored).
      RCODES[spec.rcode ?? 'NOERROR']! |
      (spec.authoritative === false ? 0 : dnsPacket.AUTHORITATIVE_ANSWER) |
      (spec.truncated ? dnsPacket.TRUNCATED_RESPONSE : 0) |
      ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED);
    return dnsPacket.encode({
      id: query.id ?? 0,
      type: 'response',
      flags,
      questions: [question],
      answers: spec.answers,
    } as dnsPacket.Packet);
  };

  const udp = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
  udp.on('message', (msg, rinfo) => {
    const out = respond(msg, 'udp');
    if (Buffer.isBuffer(out)) udp.send(out, rinfo.port, rinfo.address);
  });
  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    readTcpMessages(socket, (message) => {
      const out = respond(message, 'tcp');
      if (out === 'close') socket.destroy();
      else if (out !== 'drop') socket.write(tcpFrame(out));
    });
  });
  const port = await bindBoth(tcp, udp, host);
  return {
    host,
    port,
    spec: `${host}:${port}`,
    queries,
    close: () => closeBoth(tcp, udp, sockets),
  };
}
