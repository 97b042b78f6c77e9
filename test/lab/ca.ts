import 'reflect-metadata';
/**
 * A throwaway certificate authority for the lab, generated at test start with @peculiar/x509.
 * Certificates are issued on demand (good, expired, wrong host …) so no key material is committed.
 */
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]) } as const;

export interface IssuedCert {
  certPem: string;
  keyPem: string;
  /** Leaf followed by any intermediates, as a server would send them. */
  chainPem: string;
}

export interface LabCa {
  certPem: string;
  issue(options: IssueOptions): Promise<IssuedCert>;
}

export interface IssueOptions {
  dnsNames?: string[];
  ipAddresses?: string[];
  notBefore?: Date;
  notAfter?: Date;
  keyBits?: number;
  hash?: 'SHA-256' | 'SHA-1';
  /** Self-signed instead of issued by the CA. */
  selfSigned?: boolean;
}

function toPem(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64.replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

async function keyPair(bits = 2048, hash = 'SHA-256'): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey({ ...RSA, modulusLength: bits, hash }, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function exportKey(key: CryptoKey): Promise<string> {
  return toPem(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

let serial = 1;
const nextSerial = () => (serial++).toString(16).padStart(4, '0');

export async function createLabCa(name = 'Scorifya Lab Root CA'): Promise<LabCa> {
  const caKeys = await keyPair();
  const now = Date.now();
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: nextSerial(),
    name: `CN=${name}`,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 365 * 86_400_000),
    keys: caKeys,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  return {
    certPem: caCert.toString('pem') + '\n',
    async issue(options) {
      const hash = options.hash ?? 'SHA-256';
      const keys = await keyPair(options.keyBits ?? 2048, hash);
      const names = [
        ...(options.dnsNames ?? ['localhost']).map((value) => ({ type: 'dns' as const, value })),
        ...(options.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
      ];
      const common = {
        serialNumber: nextSerial(),
        notBefore: options.notBefore ?? new Date(now - 86_400_000),
        notAfter: options.notAfter ?? new Date(now + 90 * 86_400_000),
        signingAlgorithm: { ...RSA, hash },
      };
      const extensions = [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.SubjectAlternativeNameExtension(names),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      ];
      const subject = `CN=${options.dnsNames?.[0] ?? options.ipAddresses?.[0] ?? 'localhost'}`;
      const cert = options.selfSigned
        ? await x509.X509CertificateGenerator.createSelfSigned({ ...common, name: subject, keys, extensions })
        : await x509.X509CertificateGenerator.create({
            ...common,
            subject,
            issuer: caCert.subject,
            publicKey: keys.publicKey,
            signingKey: caKeys.privateKey,
            extensions,
          });
      const certPem = cert.toString('pem') + '\n';
      return { certPem, keyPem: await exportKey(keys.privateKey), chainPem: certPem };
    },
  };
}
