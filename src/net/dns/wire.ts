/**
 * Raw DNS queries with dns-packet, for what node:dns cannot do: the DO bit, the AD flag, Extended DNS
 * Errors, and record types such as DS, DNSKEY, RRSIG, NSEC, NSEC3, TLSA and HTTPS.
 * UDP first (EDNS buffer 1232); a truncated answer is retried over TCP. Every exchange is bounded in
 * time and size, and sections are capped in record count so a hostile server cannot exhaust memory.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { randomInt } from 'node:crypto';
import * as dnsPacket from 'dns-packet';
import { NetError } from '../errors.js';
import type { DnsServer } from './servers.js';

export const MAX_TCP_RESPONSE = 65_535;
export const MAX_RECORDS_PER_SECTION = 1_000;
const EDNS_UDP_SIZE = 1232;

export interface WireQueryOptions {
  /** Set the DO bit (ask for RRSIG/NSEC records). */
  dnssecOk?: boolean;
  /** Set CD: ask the resolver to return data even when it fails validation. */
  checkingDisabled?: boolean;
  timeoutMs?: number;
  /** Skip UDP (used by tests and when a previous answer was truncated). */
  tcpOnly?: boolean;
}

export interface ExtendedDnsError {
  code: number;
  text: string;
}

export interface WireResponse {
  rcode: string;
  flags: { aa: boolean; tc: boolean; ad: boolean; cd: boolean; ra: boolean };
  answers: dnsPacket.Answer[];
  authorities: dnsPacket.Answer[];
  additionals: dnsPacket.Answer[];
  ede: ExtendedDnsError[];
  /**
   * The answer's EDNS OPT record: absent when the server answered without EDNS (it ignores EDNS, so it
   * cannot return DNSSEC records). `dnssecOk` is the DO bit echoed back (RFC 3225: a DNSSEC-aware
   * server copies it from the query).
   */
  opt?: { dnssecOk: boolean; udpPayloadSize: number };
  transport: 'udp' | 'tcp';
  /** True when a section had more records than we keep. */
  capped: boolean;
  server: string;
}

/** Type names dns-packet does not know map to qtype 0 silently, so numeric types are spelled UNKNOWN_n. */
export function qtypeName(type: string | number): string {
  if (typeof type === 'number') return `UNKNOWN_${type}`;
  const upper = type.toUpperCase();
  if (upper === 'HTTPS') return 'UNKNOWN_65';
  if (upper === 'SVCB') return 'UNKNOWN_64';
  return upper;
}

function buildQuery(name: string, type: string | number, options: WireQueryOptions): Buffer {
  let flags = dnsPacket.RECURSION_DESIRED;
  if (options.checkingDisabled) flags |= dnsPacket.CHECKING_DISABLED;
  return dnsPacket.encode({
    type: 'query',
    id: randomInt(0, 65536),
    flags,
    questions: [{ name, type: qtypeName(type) as dnsPacket.RecordType, class: 'IN' }],
    additionals: [
      {
        type: 'OPT',
        name: '.',
        udpPayloadSize: EDNS_UDP_SIZE,
        flags: options.dnssecOk ? dnsPacket.DNSSEC_OK : 0,
        options: [],
      } as unknown as dnsPacket.Answer,
    ],
  });
}

function label(server: DnsServer): string {
  return net.isIPv6(server.host) ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

/** Decodes an answer; anything malformed becomes a NetError('DNS_MALFORMED'), never another error. */
export function parseResponse(buf: Buffer, queryId: number, transport: 'udp' | 'tcp', server: DnsServer): WireResponse {
  let packet: dnsPacket.Packet;
  try {
    packet = dnsPacket.decode(buf);
  } catch (err) {
    throw new NetError('DNS_MALFORMED', `malformed DNS answer from ${label(server)}: ${(err as Error).message}`);
  }
  if (packet.id !== queryId) throw new NetError('DNS_MALFORMED', `DNS answer id mismatch from ${label(server)}`);
  const p = packet as dnsPacket.Packet & {
    rcode?: string;
    flag_aa?: boolean;
    flag_tc?: boolean;
    flag_ad?: boolean;
    flag_cd?: boolean;
    flag_ra?: boolean;
  };
  let capped = false;
  const cap = (list: dnsPacket.Answer[] | undefined): dnsPacket.Answer[] => {
    const all = list ?? [];
    if (all.length > MAX_RECORDS_PER_SECTION) capped = true;
    return all.slice(0, MAX_RECORDS_PER_SECTION);
  };
  const additionals = cap(packet.additionals);
  const ede: ExtendedDnsError[] = [];
  let opt: WireResponse['opt'];
  for (const rr of additionals) {
    if ((rr as { type: string }).type !== 'OPT') continue;
    const o = rr as unknown as { flags?: number; udpPayloadSize?: number };
    opt ??= { dnssecOk: ((o.flags ?? 0) & dnsPacket.DNSSEC_OK) !== 0, udpPayloadSize: o.udpPayloadSize ?? 512 };
    for (const option of ((rr as unknown as { options?: { code: number; data?: Buffer }[] }).options ?? [])) {
      if (option.code === 15 && option.data && option.data.length >= 2) {
        ede.push({ code: option.data.readUInt16BE(0), text: option.data.subarray(2, 2 + 512).toString('utf8') });
      }
    }
  }
  return {
    rcode: p.rcode ?? 'NOERROR',
    flags: { aa: !!p.flag_aa, tc: !!p.flag_tc, ad: !!p.flag_ad, cd: !!p.flag_cd, ra: !!p.flag_ra },
    answers: cap(packet.answers),
    authorities: cap(packet.authorities),
    additionals: additionals.filter((rr) => (rr as { type: string }).type !== 'OPT'),
    ede,
    ...(opt ? { opt } : {}),
    transport,
    capped,
    server: label(server),
  };
}

function udpExchange(server: DnsServer, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
    const id = query.readUInt16BE(0);
    const timer = setTimeout(() => finish(new NetError('DNS_TIMEOUT', `no UDP answer from ${label(server)} in ${timeoutMs} ms`)), timeoutMs);
    const finish = (err: Error | null, msg?: Buffer): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.close();
      if (err) reject(err);
      else resolve(msg!);
    };
    socket.on('error', (err) => finish(new NetError('DNS_UNREACHABLE', `DNS server ${label(server)}: ${err.message}`, { cause: err })));
    // Ignore stray datagrams (wrong id or source) instead of trusting the first one that arrives.
    socket.on('message', (msg, rinfo) => {
      if (msg.length < 12 || msg.readUInt16BE(0) !== id || rinfo.port !== server.port) return;
      finish(null, msg);
    });
    socket.send(query, server.port, server.host, (err) => {
      if (err) finish(new NetError('DNS_UNREACHABLE', `DNS server ${label(server)}: ${err.message}`, { cause: err }));
    });
  });
}

function tcpExchange(server: DnsServer, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port });
    let chunks: Buffer[] = [];
    let received = 0;
    const timer = setTimeout(() => finish(new NetError('DNS_TIMEOUT', `no TCP answer from ${label(server)} in ${timeoutMs} ms`)), timeoutMs);
    const finish = (err: Error | null, msg?: Buffer): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      chunks = [];
      if (err) reject(err);
      else resolve(msg!);
    };
    socket.on('connect', () => {
      const framed = Buffer.alloc(query.length + 2);
      framed.writeUInt16BE(query.length, 0);
      query.copy(framed, 2);
      socket.write(framed);
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received > MAX_TCP_RESPONSE + 2) return finish(new NetError('DNS_TOO_LARGE', `DNS answer from ${label(server)} exceeds 64 KiB`));
      if (received < 2) return;
      const all = Buffer.concat(chunks);
      chunks = [all];
      const length = all.readUInt16BE(0);
      if (all.length >= length + 2) finish(null, all.subarray(2, 2 + length));
    });
    socket.on('error', (err) => finish(new NetError('DNS_UNREACHABLE', `DNS server ${label(server)}: ${err.message}`, { cause: err })));
    socket.on('end', () => finish(new NetError('DNS_MALFORMED', `DNS server ${label(server)} closed the TCP connection early`)));
  });
}

/** One query to one server: UDP, then TCP when the UDP answer is truncated. */
export async function wireQuery(
  server: DnsServer,
  name: string,
  type: string | number,
  options: WireQueryOptions = {},
): Promise<WireResponse> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const query = buildQuery(name, type, options);
  const id = query.readUInt16BE(0);
  if (!options.tcpOnly) {
    const udp = parseResponse(await udpExchange(server, query, timeoutMs), id, 'udp', server);
    if (!udp.flags.tc) return udp;
  }
  return parseResponse(await tcpExchange(server, query, timeoutMs), id, 'tcp', server);
}

/** Try each server in turn; the first one that answers (any rcode) wins. */
export async function wireQueryAny(
  servers: readonly DnsServer[],
  name: string,
  type: string | number,
  options: WireQueryOptions = {},
): Promise<WireResponse> {
  if (servers.length === 0) throw new NetError('DNS_NO_SERVER', 'no DNS server is configured');
  let lastError: unknown;
  for (const server of servers) {
    try {
      return await wireQuery(server, name, type, options);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError instanceof Error ? lastError : new NetError('DNS_UNREACHABLE', String(lastError));
}
