/**
 * The mail-transport probe (evidence key `mail`): for each MX of the scanned domain, what answers on
 * port 25, whether it offers STARTTLS, and the TLS session after it (versions, cipher, certificate).
 * It reads the MX list with the scan's DNS client itself, so it starts with the scan and runs beside
 * the web probes instead of after the DNS probe. It never sends mail (EHLO, STARTTLS, QUIT).
 */
import type { Probe, ProbeContext } from './probe.js';
import type { MailTransportEvidence, MxTransport } from '../model/mail-transport.js';
import { ok, unavailable, type Probed } from '../model/probed.js';
import type { DnsClient } from '../net/dns/client.js';
import { dnsClientOrUnavailable, normaliseHost, privateTargetReason, type DnsProbeOptions } from './dns.js';
import { organizationalDomain } from './dns/mail.js';
import { probeMx, type MxTarget } from './mail/mx-transport.js';
import { lookupMxTlsa } from './mail/tlsa.js';

/** MX hosts talked to at most, in preference order; the rest are listed as not probed. */
export const MAX_MX = 5;
/**
 * The SMTP bound per MX: 20 s for the greeting, EHLO, STARTTLS and the handshake together. RFC 5321
 * §4.5.3.2 lets a sender wait 5 minutes for a greeting; postscreen, the commonest deliberate pause,
 * waits 6 s by default (postscreen_greet_wait) and MTAs under load more. 20 s covers those pauses
 * with room for a slow handshake, and keeps a scan short; past it the MX is "not measured".
 */
export const SMTP_BOUND_MS = 20_000;

export interface MailProbeOptions extends Pick<DnsProbeOptions, 'dnsServers' | 'dnssecAnchor' | 'mailDomain' | 'timeoutMs'> {
  /** Lab only (tests): the port to talk SMTP on, instead of 25. Not offered to users. */
  port?: number;
  /** Lab only (tests): a shorter SMTP bound. */
  boundMs?: number;
}

async function addressesOf(client: DnsClient, host: string): Promise<string[]> {
  const [a, aaaa] = await Promise.all([client.a(host), client.aaaa(host)]);
  return [...a.records, ...aaaa.records];
}

export async function gatherMailTransport(ctx: ProbeContext, options: MailProbeOptions): Promise<Probed<MailTransportEvidence>> {
  const host = normaliseHost(ctx.target.host);
  const domain = normaliseHost(options.mailDomain ?? organizationalDomain(host));
  const made = dnsClientOrUnavailable(options);
  if ('unavailable' in made) return made.unavailable;
  const { client } = made;
  const boundMs = options.boundMs ?? SMTP_BOUND_MS;
  const mxLookup = await client.mx(domain);
  if (mxLookup.status === 'error') {
    return unavailable(`the MX records of ${domain} could not be read (${mxLookup.code ?? 'DNS error'}): mail transport was not tested`, 'MAIL_MX_ERROR');
  }
  const exchanges = [...mxLookup.records].filter((r) => r.exchange !== '').sort((x, y) => x.priority - y.priority);
  const evidence: MailTransportEvidence = { domain, mx: [], notProbed: [], boundMs };
  if (!exchanges.length) return ok(evidence);
  const chosen = exchanges.slice(0, MAX_MX);
  evidence.notProbed = exchanges.slice(MAX_MX).map((r) => ({ host: r.exchange, reason: `only the first ${MAX_MX} MX hosts are tested` }));
  const targets: MxTarget[] = await Promise.all(chosen.map(async (r) => ({ host: r.exchange, priority: r.priority, addresses: await addressesOf(client, r.exchange) })));
  // DANE's TLSA records are asked beside the SMTP conversations, not after them.
  const [conversations, tlsa] = await Promise.all([
    Promise.all(
      targets.map(
        (t): Promise<MxTransport> =>
          probeMx(t, { port: options.port ?? 25, gate: ctx.net.gate, ca: ctx.net.ca, boundMs, ...(ctx.signal ? { signal: ctx.signal } : {}) }),
      ),
    ),
    lookupMxTlsa(client, targets.map((t) => t.host)),
  ]);
  evidence.mx = conversations.map((mx) => {
    const found = tlsa.get(mx.host);
    return found ? { ...mx, tlsa: found } : mx;
  });
  return ok(evidence);
}

export function createMailProbe(options: MailProbeOptions = {}): Probe {
  return {
    key: 'mail',
    label: 'Mail transport (SMTP STARTTLS)',
    run: async (ctx) => {
      // The same rule as the DNS probe: a private target's names are not asked of the system resolver.
      if (!options.dnsServers?.length) {
        const reason = privateTargetReason(ctx.target);
        if (reason) return unavailable(`${reason}: mail transport is not tested unless a DNS server is given (--dns-server)`, 'MAIL_PRIVATE_TARGET');
      }
      const name = normaliseHost(ctx.target.host);
      if (!/^[a-z0-9_.-]+$/.test(name) || /^[0-9.]+$/.test(name) || name.includes(':')) {
        return unavailable('the target is not a DNS name: there are no MX records to test', 'MAIL_IP_TARGET');
      }
      return gatherMailTransport(ctx, options);
    },
  };
}

export const mailProbe: Probe = createMailProbe();
