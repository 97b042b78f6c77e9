/**
 * A raw ClientHello prober bound to one pinned address: fresh randomness and a real X25519 key for
 * every hello, one socket per hello, each time-capped. Probes use it for everything OpenSSL 3 cannot
 * offer (SSL 2/3, RC4, 3DES, EXPORT, NULL, DES …) and for suite enumeration on every version.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { buildClientHello, buildSSLv2ClientHello, type ProtocolVersion } from './client-hello.js';
import { exchangeHello, type HelloOutcome } from './hello-exchange.js';

export interface RawProberOptions {
  address: string;
  port: number;
  /** SNI name; undefined when the target is an IP literal. */
  serverName?: string;
  timeoutMs: number;
  /** Wraps each connection (e.g. the scan budget's slot); defaults to running it directly. */
  slot?: <T>(fn: () => Promise<T>) => Promise<T>;
  signal?: AbortSignal;
}

export interface HelloRequest {
  version: ProtocolVersion;
  cipherSuites: readonly number[];
  offerCompression?: boolean;
  fallbackScsv?: boolean;
  /** supported_groups to list instead of the default classical groups. */
  groups?: readonly number[];
  /** TLS 1.3: no key share, so a server that accepts a listed group answers with a HelloRetryRequest naming it. */
  emptyKeyShare?: boolean;
  /** Offer the heartbeat extension (TLS ≤ 1.2), so the answer says whether the server speaks it. */
  heartbeat?: boolean;
  /** Read the flight up to the ServerKeyExchange (a DHE group): the answer is `server_flight`. */
  readFlight?: boolean;
}

export class RawTlsProber {
  /** Number of hellos sent, for the evidence's cost accounting. */
  handshakes = 0;

  constructor(private readonly opts: RawProberOptions) {}

  hello(req: HelloRequest): Promise<HelloOutcome> {
    const bytes =
      req.version === 'SSLv2'
        ? buildSSLv2ClientHello(randomBytes(16))
        : buildClientHello({
            version: req.version,
            cipherSuites: req.cipherSuites,
            serverName: this.opts.serverName,
            random: randomBytes(32),
            x25519PublicKey: req.version === 'TLSv1.3' && !req.emptyKeyShare ? x25519PublicKey() : undefined,
            sessionId: req.version === 'TLSv1.3' ? randomBytes(32) : undefined,
            offerCompression: req.offerCompression,
            fallbackScsv: req.fallbackScsv,
            groups: req.groups,
            emptyKeyShare: req.emptyKeyShare,
            heartbeat: req.heartbeat,
          });
    const run = this.opts.slot ?? (<T>(fn: () => Promise<T>) => fn());
    return run(() => {
      this.handshakes++;
      return exchangeHello({
        address: this.opts.address,
        port: this.opts.port,
        hello: bytes,
        timeoutMs: this.opts.timeoutMs,
        sslv2: req.version === 'SSLv2',
        readFlight: req.readFlight,
        signal: this.opts.signal,
      });
    });
  }
}

function x25519PublicKey(): Uint8Array {
  const { publicKey } = generateKeyPairSync('x25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url');
}
