import 'reflect-metadata';
/**
 * A small public-key infrastructure on loopback for the trust and revocation probes: a root, an
 * intermediate, and one HTTP server that plays the CA's web side (the intermediate for AIA, an OCSP
 * responder that signs good or revoked answers with the intermediate's key, a CRL), plus hostile
 * routes (a huge body, a stall, garbage bytes, a redirect loop). Leaves are made on demand with the
 * URLs and extensions a test needs. EC P-256 keys: made in milliseconds. Nothing here is committed.
 */
import http from 'node:http';
import { KeyObject, createHash, sign, webcrypto, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import * as x509 from '@peculiar/x509';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate } from '@peculiar/asn1-x509';
import {
  BasicOCSPResponse,
  CertID,
  CertStatus,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  ResponderID,
  ResponseBytes,
  ResponseData,
  RevokedInfo,
  SingleResponse,
  id_pkix_ocsp_basic,
  KeyHash,
} from '@peculiar/asn1-ocsp';
import type { LeafFixture } from './certs.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const DAY = 86_400_000;
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const pem = (der: ArrayBuffer, label: string) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
const ecKeys = async () => (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;

export interface LeafOptions {
  /** AIA caIssuers URLs (paths on the lab server start with '/'). */
  caIssuers?: string[];
  ocsp?: string[];
  crl?: string[];
  mustStaple?: boolean;
  /** Sign with this CA instead of the lab intermediate. */
  issuer?: { cert: x509.X509Certificate; keys: CryptoKeyPair };
}

export interface PkiLab {
  /** http://127.0.0.1:PORT */
  base: string;
  rootPem: string;
  intermediatePem: string;
  intermediateDer: Buffer;
  intermediate: { cert: x509.X509Certificate; keys: CryptoKeyPair };
  /** A leaf for `localhost`/127.0.0.1 with these URLs; `chainPem` includes the intermediate. */
  leaf(opts?: LeafOptions): Promise<LeafFixture & { serialNumber: string; der: Buffer }>;
  /** A self-signed CA with this subject (JSON name form), e.g. an interception root. */
  ca(name: x509.JsonName | string): Promise<{ cert: x509.X509Certificate; keys: CryptoKeyPair; pem: string }>;
  /** Serials (hex) the OCSP responder answers revoked / the CRL lists. */
  ocspRevoked: Set<string>;
  crlRevoked: Set<string>;
  /** Lists the serial (hex) on the CRL and re-signs it. */
  revokeInCrl(serialNumber: string): Promise<void>;
  /** A signed OCSP response about `serialNumber`, as the responder would give it (for stapling). */
  ocspResponseFor(leafDer: Buffer, status: 'good' | 'revoked'): Buffer;
  /** Requests the server received, by path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startPkiLab(): Promise<PkiLab> {
  const hits = new Map<string, number>();
  const ocspRevoked = new Set<string>();
  const crlRevoked = new Set<string>();
  let crlDer: Buffer = Buffer.alloc(0);
  let lab: PkiLab;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      switch (path) {
        case '/intermediate.der':
          return res.writeHead(200, { 'content-type': 'application/pkix-cert' }).end(lab.intermediateDer);
        case '/intermediate.pem':
          return res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(lab.intermediatePem);
        case '/ocsp':
          return res.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(answerOcsp(Buffer.concat(body)));
        case '/crl':
          return res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(crlDer);
        case '/garbage':
          return res.writeHead(200).end(randomBytes(700));
        case '/huge': {
          // 10 MB, no Content-Length: only the reader's byte cap stops it.
          res.writeHead(200);
          let sent = 0;
          const more = () => {
            while (sent < 10 * 1024 * 1024) {
              sent += 64 * 1024;
              if (!res.write(Buffer.alloc(64 * 1024, 0x30))) return res.once('drain', more);
            }
            res.end();
          };
          return more();
        }
        case '/huge-declared':
          return res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) }).end();
        case '/stall':
          return; // never answers
        case '/to-metadata':
          return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
        case '/loop':
          return res.writeHead(302, { location: '/loop' }).end();
        default:
          return res.writeHead(404).end('not here');
      }
    });
  });
  server.on('clientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = (u: string) => (u.startsWith('/') ? base + u : u);

  const now = Date.now();
  let serial = 0x5000 + Math.floor(Math.random() * 0x1000);
  const next = () => (serial++).toString(16).padStart(4, '0');
  const ca = async (name: x509.JsonName | string) => {
    const keys = await ecKeys();
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: next(),
      name: name as string,
      notBefore: new Date(now - 30 * DAY),
      notAfter: new Date(now + 3650 * DAY),
      keys,
      signingAlgorithm: EC,
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
    });
    return { cert, keys, pem: cert.toString('pem') + '\n' };
  };
  const root = await ca('CN=Scorifya PKI Lab Root');
  const interKeys = await ecKeys();
  const inter = await x509.X509CertificateGenerator.create({
    serialNumber: next(),
    subject: 'CN=Scorifya PKI Lab Intermediate',
    issuer: root.cert.subject,
    notBefore: new Date(now - 30 * DAY),
    notAfter: new Date(now + 1825 * DAY),
    publicKey: interKeys.publicKey,
    signingKey: root.keys.privateKey,
    signingAlgorithm: EC,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const interKey = KeyObject.from(interKeys.privateKey);
  const interAsn = AsnConvert.parse(inter.rawData, Certificate);
  const issuerNameHash = createHash('sha1').update(Buffer.from(AsnConvert.serialize(interAsn.tbsCertificate.subject))).digest();
  const issuerKeyHash = createHash('sha1').update(Buffer.from(interAsn.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey)).digest();

  const signedResponse = (responses: SingleResponse[]): Buffer => {
    const tbs = new ResponseData({
      responderID: new ResponderID({ byKey: new KeyHash(issuerKeyHash) }),
      producedAt: new Date(),
      responses,
    });
    const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
    const basic = new BasicOCSPResponse({
      tbsResponseData: tbs,
      signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_SHA256 }),
      signature: sign('sha256', tbsDer, interKey).buffer as ArrayBuffer,
    });
    return Buffer.from(
      AsnConvert.serialize(
        new OCSPResponse({
          responseStatus: OCSPResponseStatus.successful,
          responseBytes: new ResponseBytes({ responseType: id_pkix_ocsp_basic, response: new OctetString(AsnConvert.serialize(basic)) }),
        }),
      ),
    );
  };
  const single = (certID: SingleResponse['certID'], revoked: boolean) =>
    new SingleResponse({
      certID,
      certStatus: revoked ? new CertStatus({ revoked: new RevokedInfo({ revocationTime: new Date(now - DAY) }) }) : new CertStatus({ good: null }),
      thisUpdate: new Date(now - 3_600_000),
      nextUpdate: new Date(now + 3 * DAY),
    });
  const hexOf = (buf: ArrayBuffer) => Buffer.from(buf).toString('hex').replace(/^(00)+(?=.)/, '');
  function answerOcsp(body: Buffer): Buffer {
    try {
      const request = AsnConvert.parse(body, OCSPRequest);
      return signedResponse(request.tbsRequest.requestList.map((r) => single(r.reqCert, ocspRevoked.has(hexOf(r.reqCert.serialNumber)))));
    } catch {
      return Buffer.from(AsnConvert.serialize(new OCSPResponse({ responseStatus: OCSPResponseStatus.malformedRequest })));
    }
  }
  const refreshCrl = async () => {
    const crl = await x509.X509CrlGenerator.create({
      issuer: inter.subject,
      thisUpdate: new Date(now - 3_600_000),
      nextUpdate: new Date(now + 7 * DAY),
      entries: [...crlRevoked].map((serialNumber) => ({ serialNumber, revocationDate: new Date(now - DAY), reason: x509.X509CrlReason.keyCompromise })),
      signingKey: interKeys.privateKey,
      signingAlgorithm: EC,
    });
    crlDer = Buffer.from(crl.rawData);
  };

  const leafKeys = await ecKeys();
  const keyPem = pem(await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey), 'PRIVATE KEY');
  const intermediatePem = inter.toString('pem') + '\n';
  lab = {
    base,
    rootPem: root.pem,
    intermediatePem,
    intermediateDer: Buffer.from(inter.rawData),
    intermediate: { cert: inter, keys: interKeys },
    ocspRevoked,
    crlRevoked,
    async revokeInCrl(serialNumber) {
      crlRevoked.add(serialNumber);
      await refreshCrl();
    },
    hits,
    ca,
    async leaf(o = {}) {
      const issuer = o.issuer ?? { cert: inter, keys: interKeys };
      const aia = (o.caIssuers?.length ?? 0) + (o.ocsp?.length ?? 0) > 0;
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: next(),
        subject: 'CN=localhost',
        issuer: issuer.cert.subject,
        notBefore: new Date(now - DAY),
        notAfter: new Date(now + 90 * DAY),
        publicKey: leafKeys.publicKey,
        signingKey: issuer.keys.privateKey,
        signingAlgorithm: EC,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.SubjectAlternativeNameExtension([
            { type: 'dns', value: 'localhost' },
            { type: 'ip', value: '127.0.0.1' },
          ]),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
          ...(aia ? [new x509.AuthorityInfoAccessExtension({ caIssuers: (o.caIssuers ?? []).map(url), ocsp: (o.ocsp ?? []).map(url) })] : []),
          ...(o.crl?.length ? [new x509.CRLDistributionPointsExtension(o.crl.map(url))] : []),
          ...(o.mustStaple ? [new x509.Extension('1.3.6.1.5.5.7.1.24', false, Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05]))] : []),
        ],
      });
      const certPem = cert.toString('pem') + '\n';
      return { keyPem, certPem, chainPem: certPem + (o.issuer ? '' : intermediatePem), serialNumber: cert.serialNumber, der: Buffer.from(cert.rawData) };
    },
    ocspResponseFor(leafDer, status) {
      const leaf = AsnConvert.parse(leafDer, Certificate);
      const certID = new CertID({ hashAlgorithm: new AlgorithmIdentifier({ algorithm: '1.3.14.3.2.26' }), issuerNameHash: new OctetString(issuerNameHash), issuerKeyHash: new OctetString(issuerKeyHash), serialNumber: leaf.tbsCertificate.serialNumber });
      return signedResponse([single(certID, status === 'revoked')]);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  await refreshCrl();
  return lab;
}
