/**
 * Reads one field of the session Node hands a client in its 'session' event: OpenSSL's DER
 * serialisation of SSL_SESSION (ssl/ssl_asn1.c), a SEQUENCE whose optional fields carry explicit
 * context tags. Tag [15] is max_early_data, the limit the server wrote into the NewSessionTicket's
 * early_data extension (RFC 8446 4.6.1): above zero, a client may send 0-RTT data with that ticket.
 * The bytes come from the server's ticket as OpenSSL stored them, so they are read as hostile: every
 * length is checked, nothing is trusted to be well formed, and the answer is a value or a reason.
 * Node 24 puts its own header before the DER ("\0nodejs:tls:session:1\0", then the host name with a
 * length); that header is undocumented, so the DER is found by its shape, not by the header's layout.
 */

/** OpenSSL's context tag for max_early_data in the SSL_SESSION ASN.1 (explicit, constructed). */
const MAX_EARLY_DATA_TAG = 0xa0 | 15;

export type EarlyDataField = { ok: true; maxEarlyData: number } | { ok: false; reason: string };

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

/** One DER TLV at `at`, its contents within [start, end); only definite, short or ≤4-byte long forms. */
function readTlv(buf: Uint8Array, at: number, limit: number): Tlv | string {
  if (at + 2 > limit) return 'a field runs past the end';
  const tag = buf[at]!;
  if ((tag & 0x1f) === 0x1f) return 'a multi-byte tag (not OpenSSL session syntax)';
  let length = buf[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) return `a length of ${count} bytes`;
    if (start + count > limit) return 'a length runs past the end';
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[start + i]!;
    start += count;
  }
  if (start + length > limit) return `a field of ${length} bytes runs past the end`;
  return { tag, start, end: start + length };
}

/** How far into the session buffer the DER may start (Node's header is a few dozen bytes with the host name). */
const MAX_HEADER = 512;

/** The offset of the SEQUENCE that ends exactly at the buffer's end: the serialised SSL_SESSION. */
function sequenceStart(buf: Uint8Array): number | undefined {
  for (let at = 0; at < Math.min(buf.length, MAX_HEADER); at++) {
    if (buf[at] !== 0x30) continue;
    const tlv = readTlv(buf, at, buf.length);
    if (typeof tlv !== 'string' && tlv.end === buf.length) return at;
  }
  return undefined;
}

/**
 * max_early_data from a session as Node gives it: 0 when the field is absent (OpenSSL omits zero),
 * the value when present, or why it could not be read.
 */
export function maxEarlyDataOf(session: Uint8Array): EarlyDataField {
  const start = sequenceStart(session);
  if (start === undefined) return { ok: false, reason: 'no DER SEQUENCE spans the session to its end' };
  const der = session.subarray(start);
  const outer = readTlv(der, 0, der.length) as Tlv;
  for (let at = outer.start; at < outer.end; ) {
    const field = readTlv(der, at, outer.end);
    if (typeof field === 'string') return { ok: false, reason: `the session is not DER: ${field}` };
    if (field.tag === MAX_EARLY_DATA_TAG) return readUint32(der, field);
    at = field.end;
  }
  return { ok: true, maxEarlyData: 0 };
}

/** The INTEGER inside the explicit tag: non-negative and at most 32 bits (OpenSSL's ZUINT32). */
function readUint32(der: Uint8Array, wrapper: Tlv): EarlyDataField {
  const inner = readTlv(der, wrapper.start, wrapper.end);
  if (typeof inner === 'string') return { ok: false, reason: `max_early_data is not DER: ${inner}` };
  if (inner.tag !== 0x02) return { ok: false, reason: `max_early_data is not an INTEGER (tag 0x${inner.tag.toString(16)})` };
  const length = inner.end - inner.start;
  if (length === 0 || length > 5) return { ok: false, reason: `max_early_data has ${length} bytes` };
  if (der[inner.start]! & 0x80) return { ok: false, reason: 'max_early_data is negative' };
  let value = 0;
  for (let i = inner.start; i < inner.end; i++) value = value * 256 + der[i]!;
  if (value > 0xffffffff) return { ok: false, reason: 'max_early_data exceeds 32 bits' };
  return { ok: true, maxEarlyData: value };
}
