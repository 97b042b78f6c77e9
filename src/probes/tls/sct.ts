/**
 * Reads the SCT list a CA embeds in a certificate (RFC 6962 §3.3). The bytes come from the target,
 * so every length is checked against what is left and nothing here throws: a list that does not
 * parse keeps the SCTs read before the fault and says what went wrong.
 */
import type { EmbeddedScts, SignedCertificateTimestamp } from '../../model/tls.js';

/** X.509 extension holding the embedded SignedCertificateTimestampList. */
export const SCT_LIST_OID = '1.3.6.1.4.1.11129.2.4.2';

/** Largest millisecond count a JavaScript Date holds (±8.64e15). */
const MAX_DATE_MS = 8.64e15;

class Reader {
  offset = 0;
  constructor(readonly bytes: Uint8Array) {}
  get left(): number {
    return this.bytes.length - this.offset;
  }
  take(n: number, what: string): Uint8Array {
    if (n > this.left) throw new SctFault(`${what} needs ${n} byte(s), ${this.left} left`);
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  uint(n: number, what: string): number {
    let v = 0;
    for (const b of this.take(n, what)) v = v * 256 + b;
    return v;
  }
  /** A TLS vector with an n-byte length prefix. */
  vector(n: number, what: string): Uint8Array {
    return this.take(this.uint(n, `${what} length`), what);
  }
}

class SctFault extends Error {}

/**
 * The extension's value (extnValue's content) is itself a DER OCTET STRING around the TLS-encoded
 * list; some producers omit that wrapper, so a value that does not start with one is read as the list.
 */
function unwrapOctetString(value: Uint8Array): Uint8Array {
  const r = new Reader(value);
  if (value[0] !== 0x04) return value;
  r.take(1, 'OCTET STRING tag');
  let length = r.uint(1, 'OCTET STRING length');
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 3) throw new SctFault('the OCTET STRING length is not a definite length of at most 3 bytes');
    length = r.uint(n, 'OCTET STRING length');
  }
  if (length !== r.left) throw new SctFault(`the OCTET STRING says ${length} byte(s), ${r.left} follow`);
  return r.take(length, 'OCTET STRING');
}

function readSct(bytes: Uint8Array): SignedCertificateTimestamp {
  const r = new Reader(bytes);
  const version = r.uint(1, 'SCT version');
  // Only v1 has a defined layout; a later version is counted but its fields are not guessed at.
  if (version !== 0) return { version, logId: '', timestamp: null };
  const logId = Buffer.from(r.take(32, 'log id')).toString('base64');
  const ms = r.uint(8, 'timestamp');
  r.vector(2, 'SCT extensions');
  r.take(2, 'signature algorithm');
  r.vector(2, 'signature');
  if (r.left) throw new SctFault(`${r.left} byte(s) after the signature`);
  return { version, logId, timestamp: ms <= MAX_DATE_MS ? new Date(ms).toISOString() : null };
}

/** Parses the extension value; never throws. */
export function parseSctList(value: Uint8Array): EmbeddedScts {
  const scts: SignedCertificateTimestamp[] = [];
  try {
    const r = new Reader(unwrapOctetString(value));
    const list = new Reader(r.vector(2, 'SCT list'));
    if (r.left) throw new SctFault(`${r.left} byte(s) after the SCT list`);
    while (list.left) scts.push(readSct(list.vector(2, `SCT ${scts.length + 1}`)));
    if (!scts.length) throw new SctFault('the SCT list is empty');
    return { scts };
  } catch (err) {
    const reason = err instanceof SctFault ? err.message : String(err);
    return { scts, error: `the SCT list extension is malformed: ${reason}` };
  }
}
