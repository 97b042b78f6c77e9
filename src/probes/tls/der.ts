/**
 * The few raw DER steps the revocation parsers need that the ASN.1 library does not give: the exact
 * bytes of a signed structure's first element (what the signature covers) and a SEQUENCE OF INTEGER.
 * Bounds-checked on every step: input is a server's or a responder's bytes.
 */

/** Tag, header length and content length of the element at `offset`; throws on anything out of bounds. */
export function readHeader(der: Uint8Array, offset: number): { tag: number; header: number; length: number } {
  if (offset + 2 > der.length) throw new Error('DER header runs past the end');
  const tag = der[offset]!;
  let length = der[offset + 1]!;
  let header = 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4) throw new Error('unsupported DER length');
    if (offset + 2 + n > der.length) throw new Error('DER length runs past the end');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + der[offset + 2 + i]!;
    header += n;
  }
  if (offset + header + length > der.length) throw new Error('DER element runs past the end');
  return { tag, header, length };
}

/** The complete encoding (header included) of the first element inside the SEQUENCE at offset 0. */
export function firstElement(der: Uint8Array): Uint8Array {
  const outer = readHeader(der, 0);
  if (outer.tag !== 0x30) throw new Error('not a SEQUENCE');
  const inner = readHeader(der, outer.header);
  return der.subarray(outer.header, outer.header + inner.header + inner.length);
}

/** The values of a SEQUENCE OF small INTEGER (e.g. the TLS feature extension); throws when it is not one. */
export function smallIntegers(der: Uint8Array): number[] {
  const outer = readHeader(der, 0);
  if (outer.tag !== 0x30) throw new Error('not a SEQUENCE');
  const values: number[] = [];
  let offset = outer.header;
  const end = outer.header + outer.length;
  while (offset < end) {
    const item = readHeader(der, offset);
    if (item.tag !== 0x02 || item.length < 1 || item.length > 4) throw new Error('not a small INTEGER');
    let value = 0;
    for (let i = 0; i < item.length; i++) value = value * 256 + der[offset + item.header + i]!;
    values.push(value);
    offset += item.header + item.length;
  }
  return values;
}
