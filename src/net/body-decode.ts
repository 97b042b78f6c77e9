/**
 * Bounded decoding of a compressed response body. The client asks for `identity`, but a hostile or
 * careless server may compress anyway; the page's HTML is only readable once decoded. Decoding stops
 * at the scan's body cap, so a compression bomb (1 GiB of zeros in 1 MB of gzip) costs at most the
 * cap in memory, and the outcome says in words what happened.
 */
import zlib from 'node:zlib';
import type { BodyEncoding } from '../model/http.js';

const DECODERS: Record<string, () => zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

export interface DecodedBody {
  body: Buffer;
  encoding: BodyEncoding;
}

/**
 * Decode `raw` according to a Content-Encoding value, keeping at most `limit` decoded bytes.
 * Returns undefined for identity (nothing to do). Never throws: corrupt input is an outcome.
 */
export async function decodeBody(raw: Buffer, contentEncoding: string, limit: number): Promise<DecodedBody | undefined> {
  const codings = contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  if (codings.length === 0) return undefined;
  const name = codings.join(', ');
  // One coding is what real servers send; a stack of them is unusual enough to leave undecoded.
  const make = codings.length === 1 ? DECODERS[codings[0]!] : undefined;
  if (!make) return { body: raw, encoding: { name, outcome: 'unsupported', compressedBytes: raw.length, decodedBytes: 0 } };

  return new Promise<DecodedBody>((resolve) => {
    const decoder = make();
    const chunks: Buffer[] = [];
    let kept = 0;
    let done = false;
    const finish = (outcome: BodyEncoding['outcome']): void => {
      if (done) return;
      done = true;
      decoder.removeAllListeners('data');
      decoder.destroy();
      resolve({ body: Buffer.concat(chunks), encoding: { name, outcome, compressedBytes: raw.length, decodedBytes: kept } });
    };
    decoder.on('data', (chunk: Buffer) => {
      const room = limit - kept;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      kept += Math.min(room, chunk.length);
      if (chunk.length >= room) finish('stopped_at_cap');
    });
    decoder.on('error', () => finish(kept > 0 ? 'corrupt' : 'corrupt'));
    decoder.on('end', () => finish('decoded'));
    decoder.end(raw);
  });
}

/** The decoding outcome in plain words, for evidence notes and the report. */
export function describeEncoding(e: BodyEncoding, limit: number): string | undefined {
  const kib = (n: number) => `${Math.round(n / 1024)} KiB`;
  switch (e.outcome) {
    case 'decoded':
      return undefined;
    case 'stopped_at_cap':
      return `the ${e.name}-compressed body expands past the ${kib(limit)} body cap (${kib(e.compressedBytes)} compressed): decompression was stopped there, as for a compression bomb, and only the first ${kib(limit)} were read`;
    case 'corrupt':
      return `the body is labelled ${e.name} but does not decompress (corrupt or not ${e.name}); ${kib(e.decodedBytes)} could be read`;
    case 'unsupported':
      return `the body uses the content coding "${e.name}", which is not decoded; the page's HTML could not be read`;
  }
}
