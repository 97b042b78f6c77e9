/**
 * Reads SMTP replies (RFC 5321 §4.2) from a socket, bounded: a reply is one or more lines `NNN-text`
 * ending with `NNN text`. What an MX sends is hostile input: lines and replies are capped in bytes and
 * lines, and anything that is not a reply line is reported as garbage rather than guessed at.
 */
import type { Socket } from 'node:net';

export interface SmtpReply {
  code: number;
  /** The text of each line, without the code and separator (capped). */
  lines: string[];
}

/** Why no reply could be read. */
export type ReplyFailure =
  | { kind: 'closed'; partial: string }
  | { kind: 'garbage'; line: string }
  | { kind: 'too_long' };

/** Bytes of one line and of one whole reply we read at most (RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets). */
export const MAX_LINE_BYTES = 1024;
export const MAX_REPLY_BYTES = 16_384;
const MAX_REPLY_LINES = 64;

const REPLY_LINE = /^([2-5][0-9][0-9])([ -]|$)(.*)$/s;

/**
 * Splits the socket's bytes into replies. `next()` resolves with the next complete reply or a
 * failure; the socket's own errors are the caller's to handle.
 */
export class ReplyReader {
  private buffer = Buffer.alloc(0);
  private pending: SmtpReply['lines'] = [];
  private pendingCode: number | undefined;
  private pendingBytes = 0;
  private waiter: ((r: SmtpReply | ReplyFailure) => void) | undefined;
  private ended = false;
  private readonly queue: (SmtpReply | ReplyFailure)[] = [];
  private readonly onData = (chunk: Buffer): void => this.feed(chunk);
  private readonly onEnd = (): void => {
    this.ended = true;
    this.deliver({ kind: 'closed', partial: this.buffer.toString('latin1').slice(0, 200) });
  };

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.once('end', this.onEnd);
    socket.once('close', this.onEnd);
  }

  /** Stop reading (before the socket is handed to TLS after STARTTLS); returns bytes read past the last reply. */
  detach(): Buffer {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    return this.buffer;
  }

  next(): Promise<SmtpReply | ReplyFailure> {
    const ready = this.queue.shift();
    if (ready) return Promise.resolve(ready);
    if (this.ended) return Promise.resolve({ kind: 'closed', partial: '' });
    return new Promise((resolve) => (this.waiter = resolve));
  }

  private deliver(r: SmtpReply | ReplyFailure): void {
    const w = this.waiter;
    this.waiter = undefined;
    if (w) w(r);
    else this.queue.push(r);
  }

  private feed(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const nl = this.buffer.indexOf(0x0a);
      if (nl < 0) {
        if (this.buffer.length > MAX_LINE_BYTES) this.fail({ kind: 'too_long' });
        return;
      }
      if (nl > MAX_LINE_BYTES) return this.fail({ kind: 'too_long' });
      const line = this.buffer.subarray(0, nl).toString('latin1').replace(/\r$/, '');
      this.buffer = this.buffer.subarray(nl + 1);
      this.pendingBytes += nl + 1;
      const m = REPLY_LINE.exec(line);
      const code = m ? Number(m[1]) : undefined;
      if (!m || (this.pendingCode !== undefined && code !== this.pendingCode)) return this.fail({ kind: 'garbage', line: line.slice(0, 200) });
      this.pendingCode = code;
      if (this.pending.length < MAX_REPLY_LINES) this.pending.push(m[3]!.slice(0, 512));
      if (this.pendingBytes > MAX_REPLY_BYTES) return this.fail({ kind: 'too_long' });
      if (m[2] !== '-') {
        this.deliver({ code: code!, lines: this.pending });
        this.pending = [];
        this.pendingCode = undefined;
        this.pendingBytes = 0;
      }
    }
  }

  private fail(f: ReplyFailure): void {
    this.socket.off('data', this.onData);
    this.buffer = Buffer.alloc(0);
    this.deliver(f);
  }
}

export function isReply(r: SmtpReply | ReplyFailure): r is SmtpReply {
  return 'code' in r;
}
