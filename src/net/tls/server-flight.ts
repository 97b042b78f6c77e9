/**
 * Parsers for a raw TLS ≤ 1.2 conversation that goes past the ServerHello (the Heartbleed, CCS
 * injection, Ticketbleed and ROBOT probes): the server's whole first flight up to ServerHelloDone, and
 * the server's reply to what we sent after it. The bytes are hostile: every length is checked against
 * what is there and against sane maxima; anything off the grammar is `invalid` with a reason. Both are
 * incremental the simple way: call with everything received so far; `incomplete` until they can decide.
 */
import { ALERT_NAMES } from './server-hello.js';

export interface FlightServerHello {
  version: number;
  cipherSuite: number;
  /** The session id the server sent (Ticketbleed reads its length and its first bytes). */
  sessionId: Uint8Array;
  /** Extension types the server sent, in order. */
  extensions: number[];
  /** The compression method chosen (0 none, 1 DEFLATE): the CRIME test reads it. */
  compressionMethod: number;
}

export interface ServerFlightDone {
  kind: 'flight';
  serverHello: FlightServerHello;
  /** The leaf certificate (DER), null when the flight had no Certificate message. */
  leafCertificate: Uint8Array | null;
  /** Handshake message types in the order received, ending with 14 (ServerHelloDone). */
  messages: number[];
}

export interface FlightAlert {
  kind: 'alert';
  level: number;
  description: number;
  name: string;
}

export type FlightParse = ServerFlightDone | FlightAlert | { kind: 'invalid'; reason: string } | { kind: 'incomplete' };

/** Largest record a conforming peer may send (2^14 plus the expansion allowance). */
export const MAX_RECORD = 16384 + 2048;
/** A first flight (hello, certificates, key exchange, request) beyond this is hostile or absurd. */
export const MAX_FLIGHT = 128 * 1024;
/** Handshake messages in one flight beyond this are hostile. */
const MAX_MESSAGES = 16;

const SERVER_HELLO = 2;
const CERTIFICATE = 11;
const SERVER_HELLO_DONE = 14;

class Bad extends Error {}

export function parseFlight(buf: Uint8Array): FlightParse {
  try {
    return walkFlight(buf);
  } catch (err) {
    if (err instanceof Bad) return { kind: 'invalid', reason: err.message };
    throw err;
  }
}

function walkFlight(buf: Uint8Array): FlightParse {
  if (buf.length > MAX_FLIGHT) throw new Bad(`the first flight exceeds ${MAX_FLIGHT} bytes`);
  const handshake: number[] = [];
  let offset = 0;
  const messages: number[] = [];
  let serverHello: FlightServerHello | undefined;
  let leafCertificate: Uint8Array | null = null;
  let cursor = 0; // position in `handshake` of the next message
  while (buf.length - offset >= 5) {
    const type = buf[offset]!;
    const length = (buf[offset + 3]! << 8) | buf[offset + 4]!;
    if (type !== 21 && type !== 22) throw new Bad(`record type ${type} during the server's first flight`);
    if (buf[offset + 1] !== 3) throw new Bad(`record version ${buf[offset + 1]}.${buf[offset + 2]} is not TLS`);
    if (length === 0 || length > MAX_RECORD) throw new Bad(`record length ${length} out of range`);
    if (type === 21) {
      if (buf.length - offset - 5 < 2) return { kind: 'incomplete' };
      return alertFrom(buf[offset + 5]!, buf[offset + 6]!);
    }
    if (buf.length - offset - 5 < length) break;
    for (let i = 0; i < length; i++) handshake.push(buf[offset + 5 + i]!);
    offset += 5 + length;
    while (handshake.length - cursor >= 4) {
      const msgType = handshake[cursor]!;
      const msgLength = (handshake[cursor + 1]! << 16) | (handshake[cursor + 2]! << 8) | handshake[cursor + 3]!;
      if (msgLength > MAX_FLIGHT) throw new Bad(`handshake message ${msgType} claims ${msgLength} bytes`);
      if (handshake.length - cursor - 4 < msgLength) break;
      const body = Uint8Array.from(handshake.slice(cursor + 4, cursor + 4 + msgLength));
      cursor += 4 + msgLength;
      if (messages.length === 0 && msgType !== SERVER_HELLO) throw new Bad(`first handshake message is type ${msgType}, not ServerHello`);
      if (messages.length >= MAX_MESSAGES) throw new Bad(`more than ${MAX_MESSAGES} handshake messages`);
      messages.push(msgType);
      if (msgType === SERVER_HELLO) {
        if (serverHello) throw new Bad('a second ServerHello');
        serverHello = parseServerHello(body);
      } else if (msgType === CERTIFICATE) {
        leafCertificate = parseLeaf(body);
      } else if (msgType === SERVER_HELLO_DONE) {
        if (msgLength !== 0) throw new Bad(`ServerHelloDone with a ${msgLength}-byte body`);
        return { kind: 'flight', serverHello: serverHello!, leafCertificate, messages };
      }
    }
  }
  return { kind: 'incomplete' };
}

function alertFrom(level: number, description: number): FlightAlert | { kind: 'invalid'; reason: string } {
  if (level !== 1 && level !== 2) return { kind: 'invalid', reason: `alert level ${level} is not warning or fatal` };
  return { kind: 'alert', level, description, name: ALERT_NAMES[description] ?? `alert_${description}` };
}

/** A ServerHello body read on its own (the Ticketbleed resumption answer), hostile bytes `invalid`, never a throw. */
export function readServerHello(body: Uint8Array): FlightServerHello | { kind: 'invalid'; reason: string } {
  try {
    return parseServerHello(body);
  } catch (err) {
    if (err instanceof Bad) return { kind: 'invalid', reason: err.message };
    throw err;
  }
}

function parseServerHello(body: Uint8Array): FlightServerHello {
  let at = 0;
  const need = (n: number, what: string): void => {
    if (body.length - at < n) throw new Bad(`${what} runs past the end of the ServerHello`);
  };
  need(2 + 32 + 1, 'version and random');
  const version = (body[0]! << 8) | body[1]!;
  at = 34;
  const idLength = body[at++]!;
  if (idLength > 32) throw new Bad(`session id length ${idLength} exceeds 32`);
  need(idLength + 3, 'session id');
  const sessionId = body.slice(at, at + idLength);
  at += idLength;
  const cipherSuite = (body[at]! << 8) | body[at + 1]!;
  const compressionMethod = body[at + 2]!;
  at += 3; // suite and compression method
  const extensions: number[] = [];
  if (body.length > at) {
    need(2, 'extensions length');
    const extLength = (body[at]! << 8) | body[at + 1]!;
    at += 2;
    if (extLength !== body.length - at) throw new Bad(`extensions length ${extLength} does not match the ${body.length - at} bytes left`);
    while (at < body.length) {
      need(4, 'extension header');
      const type = (body[at]! << 8) | body[at + 1]!;
      const len = (body[at + 2]! << 8) | body[at + 3]!;
      at += 4;
      need(len, `extension ${type}`);
      at += len;
      if (extensions.includes(type)) throw new Bad(`extension ${type} appears twice`);
      extensions.push(type);
    }
  }
  if (version >> 8 !== 3) throw new Bad(`ServerHello version 0x${version.toString(16)} is not TLS`);
  return { version, cipherSuite, sessionId, extensions, compressionMethod };
}

/** The first certificate of a Certificate message (TLS ≤ 1.2 layout: 3-byte list length, 3-byte entry lengths). */
function parseLeaf(body: Uint8Array): Uint8Array | null {
  if (body.length < 3) throw new Bad('Certificate message shorter than its length field');
  const listLength = (body[0]! << 16) | (body[1]! << 8) | body[2]!;
  if (listLength !== body.length - 3) throw new Bad(`certificate list length ${listLength} does not match the ${body.length - 3} bytes there`);
  if (listLength === 0) return null;
  if (listLength < 3) throw new Bad('certificate entry shorter than its length field');
  const certLength = (body[3]! << 16) | (body[4]! << 8) | body[5]!;
  if (certLength === 0 || certLength > listLength - 3) throw new Bad(`certificate length ${certLength} out of range`);
  return body.slice(6, 6 + certLength);
}

/** How the server answered what we sent after its first flight. */
export type ServerReply =
  | { kind: 'alert'; level: number; description: number; name: string }
  /** A heartbeat record: its record length and the payload_length it claims (never its contents: they may be other users' memory). */
  | { kind: 'heartbeat'; messageType: number; payloadLength: number; recordLength: number }
  | { kind: 'invalid'; reason: string }
  | { kind: 'incomplete' };

/**
 * Reads the reply records in order and stops at the first alert or heartbeat record; handshake,
 * ChangeCipherSpec and application-data records (a server finishing its handshake) are skipped.
 */
export function parseReply(buf: Uint8Array): ServerReply {
  let offset = 0;
  while (buf.length - offset >= 5) {
    const type = buf[offset]!;
    const length = (buf[offset + 3]! << 8) | buf[offset + 4]!;
    if (type < 20 || type > 24) return { kind: 'invalid', reason: `record type ${type} in the reply` };
    if (buf[offset + 1] !== 3) return { kind: 'invalid', reason: `record version ${buf[offset + 1]}.${buf[offset + 2]} is not TLS` };
    // A Heartbleed reply is a record up to 2^14 + 3 bytes of memory plus padding; anything longer is garbage.
    if (length === 0 || length > MAX_RECORD) return { kind: 'invalid', reason: `record length ${length} out of range` };
    if (type === 24) {
      if (buf.length - offset - 5 < 3) return { kind: 'incomplete' };
      const payloadLength = (buf[offset + 6]! << 8) | buf[offset + 7]!;
      return { kind: 'heartbeat', messageType: buf[offset + 5]!, payloadLength, recordLength: length };
    }
    if (type === 21) {
      if (buf.length - offset - 5 < 2) return { kind: 'incomplete' };
      // An alert after our CCS may be encrypted (a vulnerable server switched keys): read only a plaintext 2-byte alert.
      if (length !== 2) return { kind: 'alert', level: 0, description: -1, name: `encrypted alert (${length} bytes)` };
      const alert = alertFrom(buf[offset + 5]!, buf[offset + 6]!);
      return alert.kind === 'alert' ? alert : { kind: 'invalid', reason: alert.reason };
    }
    if (buf.length - offset - 5 < length) return { kind: 'incomplete' };
    offset += 5 + length;
  }
  return { kind: 'incomplete' };
}
