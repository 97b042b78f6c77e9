/**
 * Compression bombs: bodies that are small on the wire and huge once decoded. Built cheaply and
 * cached per process: gzip members concatenate, and raw deflate segments ended with a full flush are
 * byte-aligned and self-contained, so a 16 MiB block of zeros is compressed once and repeated.
 */
import zlib from 'node:zlib';

const BLOCK = 16 * 1024 * 1024;
const cache = new Map<string, Buffer>();

function cached(key: string, make: () => Buffer): Buffer {
  let value = cache.get(key);
  if (!value) cache.set(key, (value = make()));
  return value;
}

/** gzip: `decodedMiB` of zeros (multiple of 16) in about 1/1000 of the size. */
export function gzipBomb(decodedMiB = 1024): Buffer {
  return cached(`gzip${decodedMiB}`, () => {
    const member = zlib.gzipSync(Buffer.alloc(BLOCK), { level: 9 });
    return Buffer.concat(new Array<Buffer>(decodedMiB / 16).fill(member));
  });
}

/** HTTP `deflate` (a zlib stream, RFC 1950) of `decodedMiB` of zeros, with a correct checksum. */
export function deflateBomb(decodedMiB = 1024): Buffer {
  return cached(`deflate${decodedMiB}`, () => {
    const segment = zlib.deflateRawSync(Buffer.alloc(BLOCK), { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
    const total = decodedMiB * 1024 * 1024;
    // Adler-32 of n zero bytes: a = 1, b = n mod 65521.
    const adler = Buffer.alloc(4);
    adler.writeUInt32BE((((total % 65521) << 16) | 1) >>> 0);
    return Buffer.concat([Buffer.from([0x78, 0xda]), ...new Array<Buffer>(decodedMiB / 16).fill(segment), Buffer.from([0x03, 0x00]), adler]);
  });
}

/** Brotli of `decodedMiB` of zeros (brotli's window makes repeats nearly free: a few KiB on the wire). */
export function brotliBomb(decodedMiB = 1024): Buffer {
  return cached(`br${decodedMiB}`, () =>
    zlib.brotliCompressSync(Buffer.alloc(decodedMiB * 1024 * 1024), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } }),
  );
}
