/**
 * Resolvers that cannot supply DNSSEC, as small Node servers on loopback in front of the lab's unbound
 * (or any upstream): what a scan meets behind a home router, a corporate forwarder or a middlebox.
 *
 *   strip           passes queries on unchanged, then removes RRSIG, DNSKEY, DS, NSEC, NSEC3 and
 *                   NSEC3PARAM records from every section of the answer and clears AD (a middlebox
 *                   that "cleans" answers; the OPT record and its DO bit stay).
 *   no-edns         a resolver from before EDNS: it drops the OPT record of the query, so the upstream
 *                   sends no signatures, and answers without an OPT record (512-byte UDP).
 *   formerr         rejects every query that carries EDNS with FORMERR; plain queries are forwarded.
 *   non-validating  passes every record through but never validates: it forwards with CD set (so the
 *                   upstream hands over even bogus data) and clears AD, like a plain caching forwarder.
 *
 * The upstream is asked over TCP; answers to the client over UDP are cut (TC) when they exceed the
 * client's advertised size, so the client retries over TCP as it would with a real server.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import { bindBoth, closeBoth, readTcpMessages, tcpFrame } from './transport.js';

export type LimitedResolverKind = 'strip' | 'no-edns' | 'formerr' | 'non-validating';

export const LIMITED_RESOLVER_KINDS: readonly LimitedResolverKind[] = ['strip', 'no-edns', 'formerr', 'non-validating'];

export interface LimitedResolver {
  kind: LimitedResolverKind;
  host: string;
  port: number;
  /** `HOST:PORT`, as `--dns-server` takes it. */
  spec: string;
  /** Queries seen: name, type, and whether they carried EDNS with DO. */
  queries: { name: string; type: string; edns: boolean; dnssecOk: boolean }[];
  close(): Promise<void>;
}

const DNSSEC_TYPES = new Set(['RRSIG', 'DNSKEY', 'DS', 'NSEC', 'NSEC3', 'UNKNOWN_51', 'NSEC3PARAM']);
const AD = 1 << 5;
const CD = 1 << 4;
const TC = 1 << 9;
const RCODE_FORMERR = 1;

const isOpt = (rr: { type: string }) => rr.type === 'OPT';

/** One exchange with the upstream over TCP (no truncation to deal with), bounded in time. */
function askUpstream(upstream: { host: string; port: number }, query: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(upstream.port, upstream.host);
    let buffered = Buffer.alloc(0);
    const timer = setTimeout(() => done(new Error('upstream timeout')), 5000);
    const done = (err: Error | null, answer?: Buffer) => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(answer!);
    };
    socket.on('connect', () => {
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(query.length);
      socket.write(Buffer.concat([prefix, query]));
    });
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) done(null, buffered.subarray(2, 2 + buffered.readUInt16BE(0)));
    });
    socket.on('error', (err) => done(err));
    socket.on('end', () => done(new Error('upstream closed')));
  });
}

/** The whole answer with the header only and TC set: "ask again over TCP". */
function truncated(answer: Buffer): Buffer {
  const packet = dnsPacket.decode(answer);
  return dnsPacket.encode({ ...packet, flags: (packet.flags ?? 0) | TC, answers: [], authorities: [], additionals: [] } as dnsPacket.Packet);
}

/** A reply with only the question and an rcode (FORMERR for EDNS), as an old server would send it. */
function bare(query: dnsPacket.Packet, rcode: number): Buffer {
  return dnsPacket.encode({
    id: query.id ?? 0,
    type: 'response',
    flags: rcode | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | dnsPacket.RECURSION_AVAILABLE,
    questions: query.questions ?? [],
  } as dnsPacket.Packet);
}

export async function startLimitedResolver(kind: LimitedResolverKind, upstream: { host: string; port: number }, host = '127.0.0.1'): Promise<LimitedResolver> {
  const queries: LimitedResolver['queries'] = [];

  /** The answer bytes for one query, and the UDP size the client can take. */
  const handle = async (message: Buffer): Promise<{ answer: Buffer; udpLimit: number } | undefined> => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return undefined;
    }
    const question = query.questions?.[0];
    if (!question) return undefined;
    const opt = (query.additionals ?? []).find(isOpt) as { udpPayloadSize?: number; flags?: number } | undefined;
    const dnssecOk = opt ? ((opt.flags ?? 0) & dnsPacket.DNSSEC_OK) !== 0 : false;
    queries.push({ name: question.name.toLowerCase(), type: question.type, edns: Boolean(opt), dnssecOk });
    const udpLimit = opt ? Math.max(512, opt.udpPayloadSize ?? 512) : 512;

    if (kind === 'formerr' && opt) return { answer: bare(query, RCODE_FORMERR), udpLimit: 512 };
    let upstreamQuery = message;
    if (kind === 'no-edns') upstreamQuery = dnsPacket.encode({ ...query, additionals: (query.additionals ?? []).filter((rr) => !isOpt(rr)) } as dnsPacket.Packet);
    if (kind === 'non-validating') {
      upstreamQuery = Buffer.from(message);
      upstreamQuery.writeUInt16BE(upstreamQuery.readUInt16BE(2) | CD, 2);
    }
    const raw = await askUpstream(upstream, upstreamQuery);
    let answer: Buffer;
    if (kind === 'strip') {
      const packet = dnsPacket.decode(raw);
      const keep = (rrs: dnsPacket.Answer[] | undefined) => (rrs ?? []).filter((rr) => !DNSSEC_TYPES.has(rr.type));
      answer = dnsPacket.encode({
        ...packet,
        flags: (packet.flags ?? 0) & ~AD,
        answers: keep(packet.answers),
        authorities: keep(packet.authorities),
        additionals: keep(packet.additionals),
      } as dnsPacket.Packet);
    } else {
      answer = Buffer.from(raw);
      // The CD the client sent (or not) goes back as it came; AD is never claimed by these resolvers.
      const flags = answer.readUInt16BE(2) & ~AD;
      answer.writeUInt16BE(kind === 'non-validating' ? (flags & ~CD) | ((query.flags ?? 0) & CD) : flags, 2);
    }
    return { answer, udpLimit: kind === 'no-edns' ? 512 : udpLimit };
  };

  const udp = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
  udp.on('message', (msg, rinfo) => {
    handle(msg).then(
      (out) => {
        if (!out) return;
        udp.send(out.answer.length > out.udpLimit ? truncated(out.answer) : out.answer, rinfo.port, rinfo.address);
      },
      () => undefined, // upstream failed: no answer, the client times out
    );
  });
  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    readTcpMessages(socket, (message) =>
      handle(message).then(
        (out) => {
          if (out && !socket.destroyed) socket.write(tcpFrame(out.answer));
        },
        () => socket.destroy(),
      ),
    );
  });
  const port = await bindBoth(tcp, udp, host);
  return {
    kind,
    host,
    port,
    spec: `${host}:${port}`,
    queries,
    close: () => closeBoth(tcp, udp, sockets),
  };
}
