/**
 * One MX host, end to end: its addresses (from the scan's DNS client), the first address the policy
 * allows, the SMTP conversation up to the TLS handshake, and then each TLS version on a connection of
 * its own. Everything the server does wrong ends as `not_measured` with the reason in words.
 */
import { checkServerIdentity, createSecureContext, rootCertificates, type PeerCertificate, type SecureContext, type SecureVersion } from 'node:tls';
import type { MxTransport, SmtpTlsSession } from '../../model/mail-transport.js';
import type { ConnectGate } from '../../net/connect-gate.js';
import { smtpConversation, type SmtpConversation, type SmtpTlsFacts } from '../../net/smtp/conversation.js';

/** The versions tried one by one; SSL 3.0 is left out: OpenSSL 3 cannot speak it. */
const VERSIONS: SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const VERSION_LABEL: Record<SecureVersion, string> = { TLSv1: 'TLSv1.0', 'TLSv1.1': 'TLSv1.1', 'TLSv1.2': 'TLSv1.2', 'TLSv1.3': 'TLSv1.3' };

/**
 * The main conversation's client: our trust store, and every version from TLS 1.0 up with OpenSSL's
 * whole list (@SECLEVEL=0), as a sending MTA offers them (opportunistic TLS takes what it can get):
 * a server that speaks only TLS 1.0 is then measured, and judged, rather than "handshake failed".
 * Built once per set of extra roots (150 roots cost more than a handshake).
 */
const mailContexts = new Map<string, SecureContext>();
function mailTrustStore(extraCa: readonly string[]): SecureContext {
  const key = extraCa.join('\n');
  let context = mailContexts.get(key);
  if (!context) {
    context = createSecureContext({ ca: [...rootCertificates, ...extraCa], minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
    if (mailContexts.size > 32) mailContexts.clear();
    mailContexts.set(key, context);
  }
  return context;
}

/** Node says "TLSv1" for TLS 1.0; the evidence says "TLSv1.0" like the TLS probe. */
const label = (protocol: string): string => (protocol === 'TLSv1' ? 'TLSv1.0' : protocol);

export interface MxTarget {
  host: string;
  priority: number;
  /** A then AAAA answers for the host. */
  addresses: string[];
}

export interface MxTransportOptions {
  port: number;
  gate: ConnectGate;
  ca: readonly string[];
  boundMs: number;
  signal?: AbortSignal;
}

const WHAT_TO_DO = {
  refused_address: 'Scan from a place allowed to reach it, or allow it explicitly (--allow-private) if it is yours.',
  no_address: 'Give the MX host an A or AAAA record, or remove the MX record.',
  connect_failed: 'Check that the MX host listens on port 25 and that no firewall drops the scanner, then scan again.',
  timeout: 'If the server pauses before its greeting on purpose (postscreen), this is expected: check it with a mail client that waits longer; otherwise check that it answers on port 25.',
  closed: 'Check the MX host\'s logs for why it dropped the connection (a blocklist, a connection limit), then scan again.',
  bad_greeting: 'Check that port 25 of the MX host is an SMTP server and not another service or a proxy that mangles it.',
  rejected: 'The server refused to talk to the scanner; check its client restrictions, then scan again.',
  tls_failed: 'Check the server\'s TLS configuration (certificate and key files, protocols and ciphers) in its logs.',
  aborted: 'Scan again.',
} as const;

function notMeasured(mx: MxTransport, code: keyof typeof WHAT_TO_DO, detail: string): MxTransport {
  return { ...mx, outcome: 'not_measured', reasonCode: code, reason: `${detail}. ${WHAT_TO_DO[code]}` };
}

export async function probeMx(target: MxTarget, o: MxTransportOptions): Promise<MxTransport> {
  const base: MxTransport = { host: target.host, priority: target.priority, addresses: target.addresses, outcome: 'measured' };
  if (!target.addresses.length) return notMeasured(base, 'no_address', `${target.host} has no A or AAAA record`);
  // The first address the policy allows: passing the gate here is the main conversation's check.
  let address: string | undefined;
  let refusal = '';
  for (const a of target.addresses) {
    try {
      o.gate(a, o.port, 'smtp');
      address = a;
      break;
    } catch (err) {
      refusal ||= (err as Error).message;
    }
  }
  if (!address) {
    return notMeasured(base, 'refused_address', `every address of ${target.host} is refused by the scan's address policy (${refusal}); no connection was made`);
  }
  const mx: MxTransport = { ...base, address };
  const t0 = performance.now();
  const left = (): number => Math.max(0, o.boundMs - (performance.now() - t0));
  const talk = (secureContext: SecureContext, handshakeOnly: boolean, deadlineMs: number, gated = false) =>
    smtpConversation({ host: target.host, address: address!, port: o.port, ...(gated ? {} : { gate: o.gate }), deadlineMs, secureContext, handshakeOnly, ...(o.signal ? { signal: o.signal } : {}) });
  const main = await talk(mailTrustStore(o.ca), false, o.boundMs, true);
  if (main.banner !== undefined) mx.banner = main.banner;
  if (main.ehlo) mx.ehlo = main.ehlo;
  if (main.starttlsOffered !== undefined) mx.starttlsOffered = main.starttlsOffered;
  mx.elapsedMs = main.elapsedMs;
  if (main.failure) {
    const f = main.failure;
    const detail =
      f.code === 'timeout'
        ? `${target.host} (${address}) gave ${main.banner === undefined ? 'no SMTP greeting' : 'no complete answer'} within the SMTP bound of ${o.boundMs >= 1000 ? `${Math.round(o.boundMs / 1000)} s` : `${o.boundMs} ms`}`
        : `${target.host} (${address}): ${f.detail}`;
    // A handshake that failed after STARTTLS is a fact about the server's TLS, kept beside the reason.
    if (f.code === 'tls_failed') mx.tlsError = f.detail;
    return notMeasured(mx, f.code, detail);
  }
  if (!main.tls) return mx;
  mx.tls = session(target.host, main.tls);
  // Each version on a conversation of its own, all at once, in what is left of the bound: an MX that
  // pauses before its greeting (postscreen) pays the pause twice, and a version whose conversation
  // runs out of time is "could not tell", never "refused".
  mx.tls.versions = await Promise.all(VERSIONS.map((v) => tryVersion(v, main, (ctx) => talk(ctx, true, left()))));
  mx.elapsedMs = Math.round(performance.now() - t0);
  return mx;
}

/**
 * One version alone: a context that offers exactly it, with every cipher OpenSSL still has
 * (@SECLEVEL=0, as legacy servers are configured), so that "refused" means the version, not our list.
 */
async function tryVersion(
  v: SecureVersion,
  main: SmtpConversation,
  talk: (ctx: SecureContext) => Promise<SmtpConversation>,
): Promise<SmtpTlsSession['versions'][number]> {
  const protocol = VERSION_LABEL[v];
  let ctx;
  try {
    ctx = createSecureContext({ minVersion: v, maxVersion: v, ciphers: 'ALL:@SECLEVEL=0' });
  } catch (err) {
    return { protocol, accepted: null, note: `this Node.js cannot offer ${protocol} (${(err as Error).message})` };
  }
  const r = await talk(ctx);
  if (r.tls) return { protocol, accepted: true, cipher: r.tls.cipher };
  if (r.failure?.code === 'tls_failed') return { protocol, accepted: false };
  // No verdict about the version: the conversation did not get as far as the handshake.
  const why = r.failure ? r.failure.detail : 'STARTTLS was not offered on this connection';
  return { protocol, accepted: main.tls && label(main.tls.protocol) === protocol ? true : null, note: `could not tell: ${why}` };
}

function names(leaf: PeerCertificate | undefined): string[] {
  if (!leaf) return [];
  const san = (leaf.subjectaltname ?? '')
    .split(/,\s*/)
    .filter((n) => n.startsWith('DNS:'))
    .map((n) => n.slice(4));
  const cn = leaf.subject?.CN;
  return san.length ? san : cn ? [Array.isArray(cn) ? cn[0]! : cn] : [];
}

const dn = (o: object | undefined): string =>
  Object.entries(o ?? {})
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');

const iso = (s: string | undefined): string => {
  const d = s ? new Date(s) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : '';
};

function session(host: string, t: SmtpTlsFacts): SmtpTlsSession {
  return {
    protocol: label(t.protocol),
    cipher: t.cipher,
    ...(t.ephemeralKeyBits ? { ephemeralKeyBits: t.ephemeralKeyBits } : {}),
    versions: [],
    chainDer: t.chain.map((c) => c.toString('base64')),
    subject: dn(t.leaf?.subject),
    issuer: dn(t.leaf?.issuer),
    names: names(t.leaf),
    notBefore: iso(t.leaf?.valid_from),
    notAfter: iso(t.leaf?.valid_to),
    trusted: t.authorized,
    ...(t.authorizationError ? { trustError: t.authorizationError } : {}),
    nameMatches: t.leaf ? checkServerIdentity(host, t.leaf) === undefined : false,
  };
}
