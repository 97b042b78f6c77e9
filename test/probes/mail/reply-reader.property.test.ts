/**
 * The SMTP reply reader on hostile bytes (fast-check): whatever an MX sends, in whatever chunks, the
 * reader never throws, never holds more than its caps, and every reply it returns is made of valid
 * reply lines; well-formed replies come back exactly, however the bytes are split.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { isReply, MAX_LINE_BYTES, ReplyReader } from '../../../src/net/smtp/reply-reader.js';

/** A stand-in socket: the reader only listens for data, end and close. */
function fakeSocket(): Socket & EventEmitter {
  return new EventEmitter() as unknown as Socket & EventEmitter;
}

async function readAll(chunks: Uint8Array[], replies: number) {
  const socket = fakeSocket();
  const reader = new ReplyReader(socket);
  for (const c of chunks) socket.emit('data', Buffer.from(c));
  socket.emit('end');
  const out = [];
  for (let i = 0; i < replies; i++) out.push(await reader.next());
  return out;
}

describe('ReplyReader', () => {
  it('never throws on arbitrary bytes, and what it returns is a reply of valid lines or a failure', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 8 }), async (chunks) => {
        const results = await readAll(chunks, 3);
        for (const r of results) {
          if (isReply(r)) {
            expect(r.code).toBeGreaterThanOrEqual(200);
            expect(r.code).toBeLessThan(600);
            expect(r.lines.length).toBeLessThanOrEqual(64);
            for (const l of r.lines) expect(l.length).toBeLessThanOrEqual(512);
          } else expect(['closed', 'garbage', 'too_long']).toContain(r.kind);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('well-formed multi-line replies come back exactly, however the bytes are split', async () => {
    const line = fc.stringMatching(/^[ -~]{0,80}$/);
    const reply = fc.tuple(fc.integer({ min: 200, max: 599 }), fc.array(line, { minLength: 1, maxLength: 6 }));
    await fc.assert(
      fc.asyncProperty(fc.array(reply, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 10 }), async (replies, cuts) => {
        const text = replies.map(([code, lines]) => lines.map((l, i) => `${code}${i === lines.length - 1 ? ' ' : '-'}${l}\r\n`).join('')).join('');
        const bytes = Buffer.from(text, 'latin1');
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points, bytes.length].slice(1).map((end, i, all) => bytes.subarray(i === 0 ? 0 : all[i - 1]!, end));
        const got = await readAll(chunks, replies.length);
        expect(got).toEqual(replies.map(([code, lines]) => ({ code, lines })));
      }),
      { numRuns: 300 },
    );
  });

  it('a line past the cap is a failure at once, without waiting for its end', async () => {
    const [r] = await readAll([new Uint8Array(MAX_LINE_BYTES + 10).fill(0x41)], 1);
    expect(r).toEqual({ kind: 'too_long' });
  });
});
