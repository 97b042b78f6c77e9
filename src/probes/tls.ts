/**
 * The TLS probe: protocol support per version, accepted suites per version in the server's order,
 * the certificate chain and its validation, and the side facts (fallback SCSV, secure renegotiation,
 * compression, OCSP stapling, ALPN, DH group size, a default client's suite). Raw hellos do the
 * protocol and suite work (they can offer what OpenSSL 3 cannot); node:tls completes the handshakes
 * that reveal the certificate. A few connections at once, every handshake time-capped, one overall
 * deadline. Connects only to the address the scan pinned.
 */
import tls from 'node:tls';
import net from 'node:net';
import { ok, unavailable, type Probed } from '../model/probed.js';
import type { CertificateEvidence, PostQuantumEvidence, ProtocolSuites, TlsEvidence, TlsProtocol, VulnerabilityProbes } from '../model/tls.js';
import { NetError } from '../net/errors.js';
import { describeTlsFailure } from '../net/error-words.js';
import { RawTlsProber } from '../net/tls/raw-prober.js';
import { tlsHandshake, type HandshakeResult } from '../net/tls/handshake.js';
import { PROTOCOL_VERSIONS } from '../net/tls/client-hello.js';
import type { Probe, ProbeContext } from './probe.js';
import { PLAIN_HTTP_CODE, plainHttpOnTlsPort, type HttpEvidence } from '../model/http.js';
import { Gate } from '../net/gate.js';
import { trustAnchor } from './tls/trust-anchor.js';
import { describeOutcome, enumerateSuites, probeProtocol, type ProtocolProbe } from './tls/protocols.js';
import { probePostQuantum } from './tls/post-quantum.js';
import { VulnerabilityTests } from './tls/vulnerabilities.js';
import { DhGroupsProbe, smallestDhBits } from './tls/dh-groups.js';
import type { CertificateFacts } from './tls/certificate-facts.js';
import { CertificateUrlFetcher } from '../net/cert-fetch.js';
import { SessionSecurityProbe, earlyDataTicketWaitMs } from './tls/session-security.js';
import { PROTOCOL_PASS, TLS_ORDER, defaultClient, dhNotes, secureRenegotiation, testCompression, testFallbackScsv } from './tls/side-facts.js';
import type { EarlyDataOutcome } from '../net/tls/session-handshakes.js';

export interface TlsProbeOptions {
  /** Host name as the user gave it (SNI and certificate name), or an IP literal. */
  host: string;
  port: number;
  /** The pinned address from NetContext.resolveHost(); never resolved here. */
  address: string;
  ca: readonly string[];
  /** Cap per handshake. */
  handshakeTimeoutMs?: number;
  /** Cap for the whole probe; enumeration stops (and says so) when it is reached. */
  deadlineMs?: number;
  /** Connections open at once (the scan passes its budget's bound less the HTTP probes' share). */
  concurrency?: number;
  /** More connections once this resolves (the HTTP probe's share, when it turns out not to need it). */
  extraConcurrency?: Promise<number>;
  /** Wraps each connection, e.g. the scan budget's `run`. */
  slot?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Fetches the URLs the certificate names (AIA, OCSP, CRL) under the scan's address policy; without it they are not fetched. */
  certificateUrls?: CertificateUrlFetcher;
  signal?: AbortSignal;
}

const DEFAULT_HANDSHAKE_TIMEOUT_MS = 5_000;
const DEFAULT_DEADLINE_MS = 60_000;
/** Connections at once when the caller gives no bound; in a scan, the scan budget's bound applies. */
const DEFAULT_CONCURRENCY = 6;

export async function probeTls(opts: TlsProbeOptions): Promise<Probed<TlsEvidence>> {
  const started = performance.now();
  const handshakeTimeoutMs = opts.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  const deadline = started + (opts.deadlineMs ?? DEFAULT_DEADLINE_MS);
  const limiter = new Gate(opts.concurrency ?? DEFAULT_CONCURRENCY);
  void opts.extraConcurrency?.then((n) => limiter.grow(n));
  const outer = opts.slot ?? (<T>(fn: () => Promise<T>) => fn());
  const slot = <T>(fn: () => Promise<T>) => limiter.run(() => outer(fn));
  // The side tests (named vulnerabilities, renegotiation, 0-RTT) are not on the path of any other
  // result: they take the slots the protocol pass and the suite enumeration leave free.
  const sideSlot = <T>(fn: () => Promise<T>) => limiter.run(() => outer(fn), true);
  const sni = net.isIP(opts.host) === 0 ? opts.host : undefined;
  const prober = new RawTlsProber({ address: opts.address, port: opts.port, serverName: sni, timeoutMs: handshakeTimeoutMs, slot, signal: opts.signal });
  let nodeHandshakes = 0;
  // The certificate handshake also waits for a TLS 1.3 session ticket: 0-RTT's answer, without a connection of its own.
  let earlyFromCertificate!: (outcome: EarlyDataOutcome | null) => void;
  const certificateEarlyData = new Promise<EarlyDataOutcome | null>((resolve) => (earlyFromCertificate = resolve));
  const handshake = (extra: Partial<Parameters<typeof tlsHandshake>[0]>, onHandshake?: (r: HandshakeResult) => void): Promise<HandshakeResult> =>
    slot(async () => {
      nodeHandshakes++;
      const result = await tlsHandshake({ address: opts.address, port: opts.port, serverName: sni, ca: opts.ca, timeoutMs: handshakeTimeoutMs, signal: opts.signal, ...extra });
      onHandshake?.(result);
      // The connection, and so its slot, lasts until the ticket wait ends.
      if (extra.earlyData) await certificateEarlyData;
      return result;
    }).catch((err: unknown) => {
      if (extra.earlyData) earlyFromCertificate(null);
      // The scan's budget (not the server) stopped this handshake: explain it, do not blame the server.
      return {
        ok: false as const,
        code: err instanceof NetError ? err.code : 'ERROR',
        message: (err as Error).message,
        alert: true,
        elapsedMs: 0,
      };
    });
  const notes: string[] = [];
  const shouldStop = (): string | undefined => {
    if (opts.signal?.aborted) return 'the scan was cancelled';
    if (performance.now() > deadline) return `the TLS probe's time limit of ${opts.deadlineMs ?? DEFAULT_DEADLINE_MS} ms was reached`;
    return undefined;
  };
  const where = `${opts.address}:${opts.port}`;

  // 1. From the first moment, side by side: one hello per version (the protocol pass), the handshake
  // that reads the certificate and a default client's handshake. Each supported version's suite
  // enumeration starts the moment its answer is in, without waiting for the other versions; the DH
  // group hellos start the moment a DHE suite is accepted and the best TLS ≤ 1.2 version is known. On
  // a port that does not speak TLS these all fail together, in the time one of them takes.
  const enumerations: Promise<ProtocolSuites>[] = [];
  // The post-quantum hellos start beside TLS 1.3's suite enumeration, once TLS 1.3 is known to answer.
  let postQuantum: Promise<PostQuantumEvidence> | undefined;
  const dhGroups = new DhGroupsProbe(prober);
  const vulnerabilities = new VulnerabilityTests({ address: opts.address, port: opts.port, serverName: sni, timeoutMs: handshakeTimeoutMs, slot: sideSlot, signal: opts.signal });
  const onAccepted = (protocol: TlsProtocol) => (id: number) => {
    vulnerabilities.onAccepted(protocol, id);
    dhGroups.onAccepted(protocol, id);
  };
  // Client renegotiation (its first handshake also Ticketbleed's ticket) goes out with the protocol
  // pass; 0-RTT is read from the certificate handshake, with a handshake of its own only as a fallback.
  const session = new SessionSecurityProbe(
    (run) => sideSlot(() => {
      nodeHandshakes++;
      return run({ address: opts.address, port: opts.port, serverName: sni, timeoutMs: handshakeTimeoutMs, signal: opts.signal });
    }),
    handshakeTimeoutMs,
    certificateEarlyData,
  );
  const track = (p: Promise<ProtocolProbe>): Promise<ProtocolProbe> =>
    p.then((probe) => {
      const { protocol, supported } = probe.result;
      // First, so that its handshakes queue for a connection before this version's enumeration hellos.
      session.onProtocol(probe);
      if (supported === true) enumerations.push(enumerateSuites(prober, protocol, probe.outcome, shouldStop, { onAccepted: onAccepted(protocol), idleSlots: () => limiter.idle }));
      if (supported === true && protocol === 'TLSv1.3') postQuantum = probePostQuantum(prober);
      if (supported === true && protocol === 'TLSv1.2') dhGroups.setVersion(protocol);
      return probe;
    });
  const passing = PROTOCOL_PASS.map((v) => track(probeProtocol(prober, v)));
  session.begin();
  void certificateParser();
  void factsGatherer().catch(() => undefined);
  const certHandshaking = new Promise<HandshakeResult>((resolve) => {
    const earlyData = { minTicketWaitMs: earlyDataTicketWaitMs(handshakeTimeoutMs), onResult: earlyFromCertificate };
    void handshake({ minVersion: 'TLSv1', alpn: ['h2', 'http/1.1'], requestOCSP: true, earlyData }, resolve).then(resolve);
  });
  // AIA, OCSP and CRL lookups start the moment the certificate is in, beside the hellos still running.
  const certificateFacts = certHandshaking.then(async (r): Promise<CertificateFacts> => {
    try {
      return await (await factsGatherer()).gatherCertificateFacts(r, { ca: opts.ca, fetcher: opts.certificateUrls });
    } catch (err) {
      return { chainCompletion: null, revocation: null, notes: [`the certificate's AIA, OCSP and CRL could not be looked at: ${(err as Error).message}`] };
    }
  });
  const defaultHandshaking = handshake({ legacy: false, minVersion: 'TLSv1.2', ciphers: tls.DEFAULT_CIPHERS, alpn: ['h2', 'http/1.1'] });
  let probes: ProtocolProbe[];
  try {
    probes = await Promise.all(passing);
    session.passIn();
  } catch (err) {
    await Promise.allSettled([...enumerations, certHandshaking, defaultHandshaking, postQuantum, dhGroups.result(), session.finish([])]);
    return unavailableFrom(err, where);
  }
  const supported = probes.filter((p) => p.result.supported === true);
  if (supported.length > 0) vulnerabilities.start(probes, session.ticketHandshake());
  if (supported.length === 0) {
    await Promise.allSettled([certHandshaking, defaultHandshaking, session.finish(probes)]);
    const outcomes = probes.map((p) => p.outcome);
    if (outcomes.every((o) => o.kind === 'connect_error')) {
      const first = outcomes[0] as Extract<(typeof outcomes)[number], { kind: 'connect_error' }>;
      return unavailable(`could not connect to ${where}: ${describeTlsFailure(first.code, first.message)}`, 'CONNECT_FAILED');
    }
    const plain = outcomes.find((o) => o.kind === 'plain_http');
    if (plain && plain.kind === 'plain_http') {
      return unavailable(`${plainHttpOnTlsPort(opts.port)} (it answered a TLS ClientHello with "${plain.statusLine}")`, PLAIN_HTTP_CODE);
    }
    const answers = [...new Set(probes.filter((p) => p.result.protocol !== 'SSLv2').map((p) => `${p.result.protocol}: ${p.result.answer}`))];
    return unavailable(`no SSL or TLS version answered ${where} with a ServerHello (${answers.join('; ')})`, 'NOT_TLS');
  }

  // Without TLS 1.2, the DH group hellos go out at the best older version (if a DHE suite is accepted).
  const olderVersion = TLS_ORDER.slice(2).find((v) => supported.some((p) => p.result.protocol === v));
  if (olderVersion) dhGroups.setVersion(olderVersion);

  // 2. The side facts that need the protocol list (fallback SCSV, compression), while the
  // enumerations and handshakes finish.
  const [ciphers, certHandshake, defaultHandshake, fallbackScsv, compression, pq, dh, facts, sessionSecurity] = await Promise.all([
    Promise.all(enumerations),
    certHandshaking,
    defaultHandshaking,
    testFallbackScsv(prober, probes),
    vulnerabilities.compression().then((seen) => seen ?? testCompression(prober, probes)),
    postQuantum ?? null,
    Promise.all(enumerations).then(() => dhGroups.result()),
    certificateFacts,
    session.finish(probes),
  ]);
  ciphers.sort((a, b) => PROTOCOL_VERSIONS.indexOf(b.protocol) - PROTOCOL_VERSIONS.indexOf(a.protocol));
  const vulnerabilityResults = await vulnerabilities.result();

  const tlsAnswered = supported.some((p) => p.result.protocol.startsWith('TLS'));
  if (!certHandshake.ok && !certHandshake.alert && tlsAnswered) {
    return unavailable(
      `${where} answers ServerHello but no handshake completes: ${describeTlsFailure(certHandshake.code, certHandshake.message)}`,
      'HANDSHAKE_INTERRUPTED',
    );
  }

  const dhBits = smallestDhBits(dh);
  dhNotes(dh, ciphers, notes);

  const certificate = await certificateEvidence(certHandshake, opts.host);
  const evidence: TlsEvidence = {
    host: opts.host,
    address: opts.address,
    port: opts.port,
    sni: sni ?? null,
    protocols: probes.map((p) => p.result).sort((a, b) => PROTOCOL_VERSIONS.indexOf(a.protocol) - PROTOCOL_VERSIONS.indexOf(b.protocol)),
    ciphers,
    certificate,
    defaultClient: defaultClient(defaultHandshake),
    fallbackScsv,
    secureRenegotiation: secureRenegotiation(probes),
    compression,
    ocspStapled: certHandshake.ok ? certHandshake.ocspStapled : null,
    alpn: certHandshake.ok ? { h2: certHandshake.alpn === 'h2', selected: certHandshake.alpn } : null,
    dhBits,
    dhGroups: dh,
    chainCompletion: facts.chainCompletion,
    revocation: facts.revocation,
    postQuantum: pq,
    vulnerabilities: vulnerabilityResults,
    sessionSecurity,
    handshakes: prober.handshakes + nodeHandshakes + vulnerabilityConnections(vulnerabilityResults),
    durationMs: Math.round(performance.now() - started),
    notes: [...notes, ...facts.notes, ...probes.filter((p) => p.result.supported === null).map((p) => `${p.result.protocol}: could not tell (${p.result.answer})`)],
  };
  for (const c of ciphers) if (!c.complete && c.note) evidence.notes.push(`${c.protocol} suites may be incomplete: ${c.note}`);
  for (const c of ciphers) if (c.orderNote) evidence.notes.push(`${c.protocol}: ${c.orderNote}`);
  for (const g of pq?.groups ?? []) if (g.accepted === null) evidence.notes.push(`post-quantum ${g.group}: could not tell (${g.answer})`);
  return ok(evidence);
}

function vulnerabilityConnections(v: VulnerabilityProbes): number {
  return v.heartbleed.connections + v.ccsInjection.connections + v.robot.connections + v.ticketbleed.connections;
}

/** Certificate parsing (@peculiar/x509) is loaded while the first hellos are out, not before them. */
let parser: Promise<typeof import('./tls/certificate-info.js')> | undefined;
const certificateParser = () => (parser ??= import('./tls/certificate-info.js'));

/** AIA, OCSP and CRL readers (ASN.1 libraries) load while the first hellos are out, like the parser. */
let facts: Promise<typeof import('./tls/certificate-facts.js')> | undefined;
const factsGatherer = () => (facts ??= import('./tls/certificate-facts.js'));

function unavailableFrom(err: unknown, where: string): Probed<TlsEvidence> {
  if (err instanceof NetError) return unavailable(`TLS probe of ${where} stopped: ${err.message}`, err.code);
  return unavailable(`TLS probe of ${where} failed: ${(err as Error).message}`, 'TLS_PROBE_FAILED');
}

async function certificateEvidence(result: HandshakeResult, host: string): Promise<Probed<CertificateEvidence>> {
  if (!result.ok) return unavailable(`no handshake completed to read the certificate: ${result.message} (${result.code})`, result.code);
  if (result.chain.length === 0) return unavailable('the server sent no certificate', 'NO_CERTIFICATE');
  try {
    const { describeCertificate } = await certificateParser();
    const chain = await Promise.all(result.chain.map((der) => describeCertificate(der)));
    return ok({
      checkedName: host,
      chain,
      servedCount: chain.length,
      trusted: result.authorized,
      anchor: trustAnchor(result.authorized, result.chain),
      ...(result.authorizationError ? { verifyError: result.authorizationError } : {}),
      protocol: result.protocol,
    });
  } catch (err) {
    return unavailable(`the server's certificate could not be parsed: ${(err as Error).message}`, 'CERT_PARSE_FAILED');
  }
}

/**
 * Per fetch of a certificate URL: a CA's AIA, OCSP or CRL server answers in well under a second; a
 * slower one must not hold the scan (these fetches end the TLS probe when everything else is done).
 */
const CERTIFICATE_URL_TIMEOUT_MS = 3_000;

/** The scan pipeline's TLS probe: https port of the target, pinned address, scan budget. */
export const tlsProbe: Probe = {
  key: 'tls',
  label: 'TLS protocols, ciphers and certificate',
  // Needs nothing from other probes: it starts with the scan and shares the budget's connection slots.
  async run(ctx) {
    // Same rule as the HTTP probe: an explicit port is tried for both schemes, otherwise 443.
    const port = ctx.target.port ?? 443;
    let address: string;
    try {
      address = await ctx.net.resolveHost(ctx.target.host, port);
    } catch (err) {
      return unavailableFrom(err, `${ctx.target.host}:${port}`);
    }
    // The TLS probe starts with the HTTP probe rather than after it (round trips), but when the HTTP
    // probe's https request to this very port finds no TLS there, that is the answer: stop waiting.
    const stop = new AbortController();
    const signal = ctx.signal ? AbortSignal.any([ctx.signal, stop.signal]) : stop.signal;
    const httpEvidence = (ctx.evidenceOf?.('http') ?? Promise.resolve(undefined)).then(() => ctx.evidence.http as Probed<HttpEvidence> | undefined);
    const httpVerdict = httpEvidence.then(() => httpsAlreadyFailed(ctx.evidence, port));
    const tls = probeTls({
      host: ctx.target.host,
      port,
      address,
      ca: ctx.net.ca,
      handshakeTimeoutMs: ctx.net.timeoutMs,
      // All but two of the scan's connections: the HTTP probe, on the other probes' path, always has
      // one per origin it starts from (http:// and https://). Those two come back when its page turns
      // out to be served over HTTP/2 from this port: the path probes' requests are then streams on
      // that one connection, which take no connection slot (the budget's bound stays the same, and
      // an HTTP request still goes first when a slot frees).
      ...(ctx.net.budget.maxConcurrent ? { concurrency: Math.max(1, ctx.net.budget.maxConcurrent - 2), extraConcurrency: httpEvidence.then((http) => (multiplexedHere(http, ctx.target.host, port) ? 2 : 0)) } : {}),
      slot: (fn) =>
        ctx.net.budget.run(() => {
          ctx.net.gate(address, port, 'tls');
          return fn();
        }, 'handshake'),
      certificateUrls: new CertificateUrlFetcher({
        resolveHost: (host, p) => ctx.net.resolveHost(host, p),
        gate: ctx.net.gate,
        timeoutMs: Math.min(ctx.net.timeoutMs, CERTIFICATE_URL_TIMEOUT_MS),
        signal,
      }),
      signal,
    });
    const first = await Promise.race([tls.then((result) => ({ tls: result })), httpVerdict.then((known) => ({ known }))]);
    if ('known' in first && first.known) {
      stop.abort();
      await tls.catch(() => undefined);
      return first.known;
    }
    const result = 'tls' in first ? first.tls : await tls;
    if (result.status === 'ok') return result;
    // Both failed: the HTTP probe's words say what the port is (plain HTTP, silence), so prefer them.
    return (await httpVerdict) ?? result;
  },
};

/**
 * When the HTTP probe's https request to this very port already found no TLS there (a plain-HTTP
 * answer, or no handshake within the time limit), the TLS probe would only wait the same time again:
 * report that finding instead. A port that simply refused is probed as usual (its words are better).
 */
function httpsAlreadyFailed(evidence: ProbeContext['evidence'], port: number): Probed<TlsEvidence> | undefined {
  const http = evidence.http as Probed<HttpEvidence> | undefined;
  if (http?.status === 'unavailable' && (http.code === 'NOT_TLS' || http.code === 'CONNECT_TIMEOUT') && port === (evidence.target.port ?? 443)) {
    // The HTTP probe reports the https chain's code first: its https request to this port failed so.
    const why = http.code === 'NOT_TLS' ? 'the port does not answer in TLS' : 'no TLS handshake completed in time';
    return unavailable(`no TLS on port ${port}: ${why} (the https request already found this; see http)`, http.code);
  }
  const chain = http?.status === 'ok' ? http.data.https : undefined;
  const error = chain && chain.hops.length === 0 ? chain.error : undefined;
  if (!error || ![PLAIN_HTTP_CODE, 'NOT_TLS', 'CONNECT_TIMEOUT'].includes(error.code)) return undefined;
  const url = new URL(error.url);
  if ((Number(url.port) || 443) !== port) return undefined;
  // Plain HTTP on this port: the HTTP probe's words, verbatim, so the report says it one way.
  if (error.code === PLAIN_HTTP_CODE) return unavailable(error.message, PLAIN_HTTP_CODE);
  return unavailable(`no TLS on port ${port}: ${error.message}`, error.code);
}

export { describeOutcome };

/** The HTTP probe's page came over HTTP/2 from this host and port: the path probes' requests will be streams on its connection. */
function multiplexedHere(http: Probed<HttpEvidence> | undefined, host: string, port: number): boolean {
  if (http?.status !== 'ok' || http.data.primary !== 'https') return false;
  const last = http.data.https.hops.at(-1);
  if (!last || last.tls?.alpn !== 'h2') return false;
  const url = new URL(last.url);
  return url.hostname === host && (Number(url.port) || 443) === port;
}
