/**
 * HTTP/2 frames and HPACK header blocks written by hand, for lab servers that must send what Node's own
 * http2 server refuses to (repeated single-valued fields, header lists past every limit, header blocks
 * that never end). Only what the lab needs: no Huffman coding, no dynamic table.
 */

/** Frame types (RFC 9113 §6). */
export const FRAME = { DATA: 0, HEADERS: 1, RST_STREAM: 3, SETTINGS: 4, PING: 6, GOAWAY: 7, CONTINUATION: 9 } as const;
/** Flags: END_STREAM (DATA, HEADERS), ACK (SETTINGS, PING), END_HEADERS (HEADERS, CONTINUATION). */
export const FLAG = { END_STREAM: 0x1, ACK: 0x1, END_HEADERS: 0x4 } as const;
/** SETTINGS_MAX_FRAME_SIZE's initial value: no frame payload may be larger until the peer says so. */
export const DEFAULT_MAX_FRAME = 16_384;

export function frame(type: number, flags: number, stream: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(stream, 5);
  return Buffer.concat([head, payload]);
}

/** HPACK integer with a 7-bit prefix (RFC 7541 §5.1), the Huffman bit clear. */
function hpackInt(n: number): Buffer {
  if (n < 127) return Buffer.from([n]);
  const bytes = [127];
  let rest = n - 127;
  while (rest >= 128) {
    bytes.push((rest % 128) + 128);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** "Literal header field without indexing — new name" (RFC 7541 §6.2.2) for every field. */
export function hpackBlock(fields: [string, string][]): Buffer {
  return Buffer.concat(
    fields.flatMap(([n, v]) => {
      const name = Buffer.from(n, 'latin1');
      const value = Buffer.from(v, 'latin1');
      return [Buffer.from([0]), hpackInt(name.length), name, hpackInt(value.length), value];
    }),
  );
}

/**
 * A header block as frames (RFC 9113 §6.2, §6.10): one HEADERS frame, then as many CONTINUATION frames
 * as the block needs, no payload over `maxFrame`; only the last carries END_HEADERS. END_STREAM, when
 * asked, goes on the HEADERS frame (it ends the stream once the block is complete).
 */
export function headerFrames(stream: number, block: Buffer, endStream: boolean, maxFrame = DEFAULT_MAX_FRAME): Buffer[] {
  const frames: Buffer[] = [];
  for (let at = 0; at === 0 || at < block.length; at += maxFrame) {
    const last = at + maxFrame >= block.length;
    const type = at === 0 ? FRAME.HEADERS : FRAME.CONTINUATION;
    const flags = (last ? FLAG.END_HEADERS : 0) | (at === 0 && endStream ? FLAG.END_STREAM : 0);
    frames.push(frame(type, flags, stream, block.subarray(at, at + maxFrame)));
  }
  return frames;
}
