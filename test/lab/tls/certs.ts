import 'reflect-metadata';
/**
 * Certificates for the TLS lab, generated at test start: a root, an intermediate, and one leaf per
 * certificate problem the checks know. Keys are shared between leaves where that changes nothing,
 * so generation stays well under two seconds. Nothing here is committed as key material.
 */
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const DAY = 86_400_000;
const rsa = (hash: string, modulusLength = 2048) =>
  ({ name: 'RSASSA-PKCS1-v1_5', hash, publicExponent: new Uint8Array([1, 0, 1]), modulusLength }) as const;

export interface LeafFixture {
  keyPem: string;
  certPem: string;
  /** Leaf then intermediate (what a correct server sends). */
  chainPem: string;
}

export interface TlsLabCerts {
  rootPem: string;
  intermediatePem: string;
  good: LeafFixture;
  expired: LeafFixture;
  notYetValid: LeafFixture;
  expiringSoon: LeafFixture;
  wrongHost: LeafFixture;
  selfSigned: LeafFixture;
  rsa1024: LeafFixture;
  sha1: LeafFixture;
  longValidity: LeafFixture;
  /** The good leaf plus an embedded SCT list with two SCTs (logs 0x11…, 0x22…, at `now` − 1 day). */
  withScts: LeafFixture;
  /** The good leaf without its intermediate. */
  missingIntermediate: LeafFixture;
}

const pem = (der: ArrayBuffer, label: string) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;

async function rsaKeys(bits = 2048): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(rsa('SHA-256', bits), true, ['sign', 'verify'])) as CryptoKeyPair;
}

/** Same private key, usable for signing with another hash (WebCrypto binds the hash to the key). */
async function withHash(keys: CryptoKeyPair, hash: string): Promise<CryptoKey> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['sign']);
}

let serial = 0x1000;

export interface SctFixture {
  logIdByte: number;
  timestampMs: number;
}

/** One v1 SCT in its TLS encoding (RFC 6962 §3.2): version, log id, timestamp, extensions, signature. */
export function encodeSct(s: SctFixture): Buffer {
  const ts = Buffer.alloc(8);
  ts.writeBigUInt64BE(BigInt(s.timestampMs));
  const signature = Buffer.alloc(70, 0x30);
  return Buffer.concat([Buffer.from([0]), Buffer.alloc(32, s.logIdByte), ts, Buffer.from([0, 0]), Buffer.from([4, 3]), u16(signature.length), signature]);
}

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);

/** The SCT list extension's value: a DER OCTET STRING around the TLS-encoded SignedCertificateTimestampList. */
export function sctListValue(scts: Buffer[]): Buffer {
  const list = Buffer.concat(scts.map((s) => Buffer.concat([u16(s.length), s])));
  const body = Buffer.concat([u16(list.length), list]);
  const len = body.length < 128 ? Buffer.from([body.length]) : body.length < 256 ? Buffer.from([0x81, body.length]) : Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([Buffer.from([0x04]), len, body]);
}

export async function createTlsLabCerts(now = new Date()): Promise<TlsLabCerts> {
  const t = now.getTime();
  const [rootKeys, interKeys, leafKeys, smallKeys] = await Promise.all([rsaKeys(), rsaKeys(), rsaKeys(), rsaKeys(1024)]);
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: (serial++).toString(16),
    name: 'CN=Scorifya TLS Lab Root',
    notBefore: new Date(t - 30 * DAY),
    notAfter: new Date(t + 3650 * DAY),
    keys: rootKeys,
    signingAlgorithm: rsa('SHA-256'),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  const intermediate = await x509.X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16),
    subject: 'CN=Scorifya TLS Lab Intermediate',
    issuer: root.subject,
    notBefore: new Date(t - 30 * DAY),
    notAfter: new Date(t + 1825 * DAY),
    publicKey: interKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm: rsa('SHA-256'),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(interKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  const intermediatePem = intermediate.toString('pem') + '\n';
  const sha1Signer = await withHash(interKeys, 'SHA-1');

  const leaf = async (o: {
    names?: string[];
    notBefore?: number;
    notAfter?: number;
    keys?: CryptoKeyPair;
    selfSigned?: boolean;
    sha1?: boolean;
    sctList?: Buffer;
  }): Promise<LeafFixture> => {
    const keys = o.keys ?? leafKeys;
    const names = o.names ?? ['localhost'];
    const extensions = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.SubjectAlternativeNameExtension([
        ...names.map((value) => ({ type: 'dns' as const, value })),
        ...(o.names ? [] : [{ type: 'ip' as const, value: '127.0.0.1' }]),
      ]),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      ...(o.selfSigned ? [] : [await x509.AuthorityKeyIdentifierExtension.create(interKeys.publicKey)]),
      ...(o.sctList ? [new x509.Extension('1.3.6.1.4.1.11129.2.4.2', false, o.sctList)] : []),
    ];
    const common = {
      serialNumber: (serial++).toString(16),
      notBefore: new Date(o.notBefore ?? t - DAY),
      notAfter: new Date(o.notAfter ?? t + 90 * DAY),
      extensions,
    };
    const cert = o.selfSigned
      ? await x509.X509CertificateGenerator.createSelfSigned({ ...common, name: `CN=${names[0]}`, keys, signingAlgorithm: rsa('SHA-256') })
      : await x509.X509CertificateGenerator.create({
          ...common,
          subject: `CN=${names[0]}`,
          issuer: intermediate.subject,
          publicKey: keys.publicKey,
          signingKey: o.sha1 ? sha1Signer : interKeys.privateKey,
          signingAlgorithm: rsa(o.sha1 ? 'SHA-1' : 'SHA-256'),
        });
    const certPem = cert.toString('pem') + '\n';
    const keyPem = pem(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
    return { keyPem, certPem, chainPem: o.selfSigned ? certPem : certPem + intermediatePem };
  };

  const scts = sctListValue([encodeSct({ logIdByte: 0x11, timestampMs: t - DAY }), encodeSct({ logIdByte: 0x22, timestampMs: t - DAY })]);
  const [good, expired, notYetValid, expiringSoon, wrongHost, selfSigned, rsa1024, sha1, longValidity, withScts] = await Promise.all([
    leaf({}),
    leaf({ notBefore: t - 120 * DAY, notAfter: t - 3 * DAY }),
    leaf({ notBefore: t + 5 * DAY, notAfter: t + 95 * DAY }),
    leaf({ notAfter: t + 5 * DAY }),
    leaf({ names: ['wrong.example'] }),
    leaf({ selfSigned: true }),
    leaf({ keys: smallKeys }),
    leaf({ sha1: true }),
    leaf({ notAfter: t + 800 * DAY }),
    leaf({ sctList: scts }),
  ]);
  return {
    rootPem: root.toString('pem') + '\n',
    intermediatePem,
    good,
    expired,
    notYetValid,
    expiringSoon,
    wrongHost,
    selfSigned,
    rsa1024,
    sha1,
    longValidity,
    withScts,
    missingIntermediate: { ...good, chainPem: good.certPem },
  };
}
