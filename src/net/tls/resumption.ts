/**
 * The server's answer to a ClientHello that presents a session ticket (the Ticketbleed test): its
 * ServerHello (the session id it echoes) and whether it resumed (RFC 5077 3.1: ServerHello then
 * NewSessionTicket or ChangeCipherSpec) or started a full handshake (Certificate, ServerKeyExchange,
 * CertificateRequest or ServerHelloDone next). The bytes are hostile: every length is checked, the
 * answer is decided from the type of the message after the ServerHello (never its body), and the
 * exchange is bounded in time and bytes. Nothing here resolves names.
 */
import { MAX_FLIGHT, MAX_RECORD, readServerHello, type FlightAlert, type FlightServerHello } from './server-flight.js';
import { ALERT_NAMES } from './server-hello.js';
import { sendHelloAndRead, type ExchangeEnd } from './hello-exchange.js';

export type ResumptionAnswer =
  | {
      kind: 'server_hello';
      serverHello: FlightServerHello;
      /** true: the server resumed the ticket's session; false: it started a full handshake. */
      resumed: boolean;
      /** What followed the ServerHello, in words. */
      next: string;
    }
  | FlightAlert
  | { kind: 'invalid'; reason: string };

export type ResumptionParse = ResumptionAnswer | { kind: 'incomplete' };

const SERVER_HELLO = 2;
const NEW_SESSION_TICKET = 4;
const FULL_HANDSHAKE: Record<number, string> = { 11: 'Certificate', 12: 'ServerKeyExchange', 13: 'CertificateRequest', 14: 'ServerHelloDone' };

export function parseResumption(buf: Uint8Array): ResumptionParse {
  if (buf.length > MAX_FLIGHT) return { kind: 'invalid', reason: `more than ${MAX_FLIGHT} bytes` };
  const handshake: number[] = [];
  let serverHello: FlightServerHello | undefined;
  let offset = 0;
  while (buf.length - offset >= 5) {
    const type = buf[offset]!;
    const length = (buf[offset + 3]! << 8) | buf[offset + 4]!;
    if (type !== 20 && type !== 21 && type !== 22) return { kind: 'invalid', reason: `record type ${type} in the answer to the hello` };
    if (buf[offset + 1] !== 3) return { kind: 'invalid', reason: `record version ${buf[offset + 1]}.${buf[offset + 2]} is not TLS` };
    if (length === 0 || length > MAX_RECORD) return { kind: 'invalid', reason: `record length ${length} out of range` };
    if (type === 21) {
      if (buf.length - offset - 5 < 2) return { kind: 'incomplete' };
      const level = buf[offset + 5]!;
      const description = buf[offset + 6]!;
      if (level !== 1 && level !== 2) return { kind: 'invalid', reason: `alert level ${level} is not warning or fatal` };
      return { kind: 'alert', level, description, name: ALERT_NAMES[description] ?? `alert_${description}` };
    }
    if (type === 20) {
      // ChangeCipherSpec right after the ServerHello: the abbreviated (resumed) handshake.
      if (!serverHello) return { kind: 'invalid', reason: 'ChangeCipherSpec before the ServerHello' };
      if (handshake.length > 0) return { kind: 'invalid', reason: 'ChangeCipherSpec inside a handshake message' };
      return { kind: 'server_hello', serverHello, resumed: true, next: 'ChangeCipherSpec' };
    }
    if (buf.length - offset - 5 < length) return { kind: 'incomplete' };
    for (let i = 0; i < length; i++) handshake.push(buf[offset + 5 + i]!);
    offset += 5 + length;
    if (handshake.length < 4) continue;
    const msgType = handshake[0]!;
    const msgLength = (handshake[1]! << 16) | (handshake[2]! << 8) | handshake[3]!;
    if (!serverHello) {
      if (msgType !== SERVER_HELLO) return { kind: 'invalid', reason: `first handshake message is type ${msgType}, not ServerHello` };
      if (msgLength > MAX_RECORD) return { kind: 'invalid', reason: `a ServerHello of ${msgLength} bytes` };
      if (handshake.length - 4 < msgLength) continue;
      const parsed = readServerHello(Uint8Array.from(handshake.slice(4, 4 + msgLength)));
      if ('kind' in parsed) return parsed;
      serverHello = parsed;
      handshake.splice(0, 4 + msgLength);
      if (handshake.length < 4) continue;
    }
    // The type of the message after the ServerHello decides; its body is never needed.
    const nextType = handshake[0]!;
    if (nextType === NEW_SESSION_TICKET) return { kind: 'server_hello', serverHello, resumed: true, next: 'NewSessionTicket' };
    const full = FULL_HANDSHAKE[nextType];
    if (full) return { kind: 'server_hello', serverHello, resumed: false, next: full };
    return { kind: 'invalid', reason: `handshake message type ${nextType} after the ServerHello` };
  }
  return { kind: 'incomplete' };
}

export type ResumptionOutcome = (ResumptionAnswer | ExchangeEnd) & { elapsedMs: number };

export interface ResumptionOptions {
  /** IP address the scan pinned; never a name. */
  address: string;
  port: number;
  hello: Uint8Array;
  timeoutMs: number;
  /** Stop reading after this many bytes without a decision. */
  maxBytes?: number;
  signal?: AbortSignal;
}

const DEFAULT_MAX_BYTES = 32 * 1024;

/** Sends the hello and reads until the answer is decided; the socket is destroyed then, before any key exchange. */
export function resumeWithTicket(opts: ResumptionOptions): Promise<ResumptionOutcome> {
  return sendHelloAndRead('resumeWithTicket', { ...opts, maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES }, (received) => {
    const parsed = parseResumption(received);
    return parsed.kind === 'incomplete' ? undefined : parsed;
  });
}
