/**
 * Ticketbleed (CVE-2016-9244, F5 BIG-IP, 2017): resuming a session ticket with a session id shorter than
 * 32 bytes, a vulnerable server echoes 32 bytes anyway, and those past ours are its uninitialised memory.
 * Only where it can apply: a TLS ≤ 1.2 handshake (node:tls) asks for a ticket; if one comes, a raw hello
 * at once presents it with a 1-byte session id and reads only the ServerHello and the type of the
 * message after it (resumed or not). The ticket handshake is the renegotiation test's when that test
 * runs; otherwise one of its own. Two connections at most, each in a slot of the gate and time-capped.
 * The evidence keeps how many bytes came back past ours, never the bytes.
 */
import { randomBytes } from 'node:crypto';
import type { TicketbleedResult, TlsProtocol } from '../../model/tls.js';
import { buildClientHello } from '../../net/tls/client-hello.js';
import { CIPHER_SUITES } from '../../net/tls/cipher-suites.js';
import { resumeWithTicket, type ResumptionOutcome } from '../../net/tls/resumption.js';
import { MAX_TICKET, fetchSessionTicket, type TicketResult } from '../../net/tls/session-ticket.js';
import type { FirstHandshake } from '../../net/tls/session-handshakes.js';
import { offerFor } from './protocols.js';
import type { VulnContext } from './vuln-conversation.js';

/** The public description of the bug sends one byte; a vulnerable server fills the other 31. */
const SESSION_ID_LENGTH = 1;

const MAX_VERSION = { 'TLSv1.2': 'TLSv1.2', 'TLSv1.1': 'TLSv1.1', 'TLSv1.0': 'TLSv1' } as const;
const NEGOTIATED: Record<string, 'TLSv1.2' | 'TLSv1.1' | 'TLSv1.0'> = { 'TLSv1.2': 'TLSv1.2', 'TLSv1.1': 'TLSv1.1', TLSv1: 'TLSv1.0' };

type Verdict = Pick<TicketbleedResult, 'verdict' | 'detail' | 'echoedIdLength' | 'leakedBytes'>;

/**
 * `legacy`: the TLS 1.0–1.2 versions the protocol pass found, best first. `shared`: a handshake made
 * anyway (the renegotiation test's first) at the best of them with every suite offered, whose ticket is
 * used instead of a handshake of its own when it negotiated that version.
 */
export async function testTicketbleed(ctx: VulnContext, legacy: TlsProtocol[], shared: Promise<FirstHandshake | undefined> = Promise.resolve(undefined)): Promise<TicketbleedResult> {
  const best = legacy.find((v): v is keyof typeof MAX_VERSION => v in MAX_VERSION);
  if (!best) {
    return { verdict: 'not_tested', detail: 'the server speaks no TLS 1.0 to 1.2: TLS 1.3 resumes sessions another way, without the session id Ticketbleed over-fills', connections: 0, sessionTickets: null, echoedIdLength: null, leakedBytes: null };
  }
  // Connections actually made: a slot the scan's budget refuses makes none.
  let made = 0;
  const first = await shared;
  const issued: TicketResult =
    first && first.protocol === MAX_VERSION[best]
      ? { ok: true, ...first }
      : await ctx
          .slot(() => (made++, fetchSessionTicket({ address: ctx.address, port: ctx.port, serverName: ctx.serverName, maxVersion: MAX_VERSION[best], timeoutMs: ctx.timeoutMs, signal: ctx.signal })))
          .catch((err: unknown): TicketResult => ({ ok: false, code: (err as { code?: string }).code ?? 'STOPPED', message: (err as Error).message, elapsedMs: 0 }));
  const none = { echoedIdLength: null, leakedBytes: null };
  if (!issued.ok) return { verdict: 'inconclusive', detail: `a ${best} handshake to obtain a session ticket failed: ${issued.message} (${issued.code})`, connections: made, sessionTickets: null, ...none };
  const version = NEGOTIATED[issued.protocol];
  if (!issued.ticket) {
    return { verdict: 'not_tested', detail: `a ${issued.protocol} handshake received no session ticket: the server does not issue them, and Ticketbleed is in ticket resumption`, connections: made, sessionTickets: false, ...none };
  }
  if (!version || issued.ticket.length > MAX_TICKET) {
    const why = version ? `a ${issued.ticket.length}-byte ticket, too large to present in one record` : `the handshake negotiated ${issued.protocol}`;
    return { verdict: 'inconclusive', detail: `the server issued a session ticket but it was not presented again: ${why}`, connections: made, sessionTickets: true, ...none };
  }
  // The ticket's suite first: a server resumes only a session whose suite the hello offers again.
  const suite = [...CIPHER_SUITES.values()].find((s) => s.name === issued.suite)?.id;
  const suites = suite === undefined ? offerFor(version) : [suite, ...offerFor(version).filter((id) => id !== suite)];
  const sessionId = randomBytes(SESSION_ID_LENGTH);
  const hello = buildClientHello({ version, cipherSuites: suites, serverName: ctx.serverName, random: randomBytes(32), sessionId, sessionTicket: issued.ticket });
  const outcome = await ctx
    .slot(() => (made++, resumeWithTicket({ address: ctx.address, port: ctx.port, hello, timeoutMs: ctx.timeoutMs, signal: ctx.signal })))
    .catch((err: unknown): ResumptionOutcome => ({ kind: 'connect_error', code: (err as { code?: string }).code ?? 'STOPPED', message: (err as Error).message, elapsedMs: 0 }));
  return { ...judgeTicketbleed(outcome, sessionId, version), connections: made, sessionTickets: true };
}

/**
 * RFC 5077 3.4: a server resuming a ticket echoes the client's session id. Exactly ours back is the fixed
 * behaviour; ours followed by more bytes, up to 32, is the bug. A declined ticket (a full handshake) never
 * reached the code that leaks, so it says nothing either way: inconclusive, like every odd answer.
 */
export function judgeTicketbleed(outcome: ResumptionOutcome, sent: Uint8Array, version: TlsProtocol): Verdict {
  const none = { echoedIdLength: null, leakedBytes: null };
  const what = `${version}: the server's session ticket presented with a ${sent.length}-byte session id`;
  if (outcome.kind !== 'server_hello') return { verdict: 'inconclusive', detail: `${what} got ${describeResumption(outcome)}`, ...none };
  const id = outcome.serverHello.sessionId;
  if (!outcome.resumed) {
    return { verdict: 'inconclusive', detail: `${what} was declined (a full handshake: ${outcome.next} after the ServerHello), so the resumption path where Ticketbleed lives was not reached`, ...none };
  }
  const startsWithOurs = id.length >= sent.length && sent.every((b, i) => id[i] === b);
  if (startsWithOurs && id.length === sent.length) {
    return { verdict: 'not_vulnerable', detail: `${what} resumed and echoed exactly our ${sent.length}-byte session id`, echoedIdLength: id.length, leakedBytes: 0 };
  }
  if (startsWithOurs) {
    const leaked = id.length - sent.length;
    return { verdict: 'vulnerable', detail: `${what} resumed and echoed a ${id.length}-byte session id: ${leaked} bytes past ours are the server's memory`, echoedIdLength: id.length, leakedBytes: leaked };
  }
  return { verdict: 'inconclusive', detail: `${what} resumed but echoed a ${id.length}-byte session id that does not begin with ours`, echoedIdLength: id.length, leakedBytes: null };
}

function describeResumption(outcome: Exclude<ResumptionOutcome, { kind: 'server_hello' }>): string {
  switch (outcome.kind) {
    case 'alert':
      return `alert ${outcome.description} ${outcome.name}`;
    case 'invalid':
      return `an answer that is not valid TLS (${outcome.reason})`;
    case 'closed':
      return `a close after ${outcome.bytesReceived} bytes, before a ServerHello and the message after it`;
    case 'timeout':
      return `no ServerHello and following message within the time limit (${outcome.bytesReceived} bytes)`;
    case 'too_large':
      return `more than ${outcome.bytesReceived} bytes without a decidable answer`;
    case 'connect_error':
      return `no connection: ${outcome.code}`;
  }
}
