/**
 * Gathers a domain's mail-related DNS records (MX, SPF tree, DMARC at the domain and the organizational
 * domain, external report authorization, MTA-STS record and policy, TLS-RPT, BIMI, DKIM hints).
 */
import { getDomain } from 'tldts';
import type { NetContext } from '../../net/context.js';
import type { Lookup, MailEvidence, MtaStsPolicyFetch, TxtRecord } from '../../model/dns.js';
import { isDmarcRecord, parseDmarc } from '../../net/dns/parse/dmarc.js';
import { isStsRecord } from '../../net/dns/parse/mta-sts.js';
import { evaluateSpf, type SpfResolver } from '../../net/dns/spf-evaluate.js';
import { buildSpfTree } from './spf-tree.js';

/**
 * MCAST-TEST-NET (RFC 6676), a documentation address that can never be an SMTP client: only a policy
 * that lets everyone in lists it, so its result is what strangers get. (TEST-NET-1, 192.0.2.0/24, is
 * too often used as a real-looking example sender in records and labs.)
 */
export const SPF_UNLISTED_IP = '233.252.0.1';

/** Selectors common hosted mail services publish; a hint only, never proof of absence. */
export const DKIM_SELECTORS = ['default', 'selector1', 'selector2', 'google', 'k1', 's1', 's2', 'dkim', 'mail', 'smtp'];
const POLICY_LIMIT = 65_536;

export function organizationalDomain(domain: string): string {
  return getDomain(domain, { allowPrivateDomains: false }) ?? domain;
}

/** Needs only TXT, MX, address and PTR queries: DnsClient, or an in-memory resolver in tests. */
export async function gatherMail(client: SpfResolver, domain: string, net?: NetContext): Promise<MailEvidence> {
  const orgDomain = organizationalDomain(domain);
  const [mx, txt, dmarc, mtaSts, tlsRpt, bimi, dkim] = await Promise.all([
    client.mx(domain),
    client.txt(domain),
    client.txt(`_dmarc.${domain}`),
    client.txt(`_mta-sts.${domain}`),
    client.txt(`_smtp._tls.${domain}`),
    client.txt(`default._bimi.${domain}`),
    Promise.all(DKIM_SELECTORS.map(async (selector) => ({ selector, lookup: await client.txt(`${selector}._domainkey.${domain}`) }))),
  ]);
  // The SPF tree and its evaluation, the DMARC follow-ups and the MTA-STS policy fetch need nothing
  // from each other.
  const [spfTree, spfEval, { dmarcOrg, dmarcReportAuth }, mtaStsPolicy] = await Promise.all([
    buildSpfTree(client, domain, txt),
    evaluateSpf({ ip: SPF_UNLISTED_IP, mailFrom: `postmaster@${domain}`, helo: domain }, client),
    dmarcFollowUps(client, domain, orgDomain, dmarc),
    mx.records.some((r) => r.exchange !== '') && mtaSts.records.some((r) => isStsRecord(r.text)) ? fetchStsPolicy(domain, net) : Promise.resolve(undefined),
  ]);
  const spfUnlisted = { ip: SPF_UNLISTED_IP, ...spfEval };

  const evidence: MailEvidence = {
    domain,
    orgDomain,
    mx,
    txt,
    spfTree,
    spfUnlisted,
    dmarc,
    ...(dmarcOrg ? { dmarcOrg } : {}),
    dmarcReportAuth,
    mtaSts,
    tlsRpt,
    bimi,
    dkimSelectors: dkim
      .filter((d) => d.lookup.records.some((r) => /^v=DKIM1|(^|;)\s*p=/i.test(r.text)))
      .map((d) => ({ selector: d.selector, record: d.lookup.records[0]!.text.slice(0, 512) })),
    dkimSelectorsTried: DKIM_SELECTORS,
  };
  if (mtaStsPolicy) evidence.mtaStsPolicy = mtaStsPolicy;
  return evidence;
}

/** DMARC at the organisational domain when the domain has none, and the external report authorisations. */
async function dmarcFollowUps(
  client: SpfResolver,
  domain: string,
  orgDomain: string,
  dmarc: Lookup<TxtRecord>,
): Promise<{ dmarcOrg: Lookup<TxtRecord> | undefined; dmarcReportAuth: MailEvidence['dmarcReportAuth'] }> {
  const hasDmarc = (l: Lookup<TxtRecord>) => l.records.some((r) => isDmarcRecord(r.text));
  const dmarcOrg = !hasDmarc(dmarc) && orgDomain !== domain ? await client.txt(`_dmarc.${orgDomain}`) : undefined;

  // External report destinations must publish <domain>._report._dmarc.<host> (RFC 7489 §7.1).
  const policyRecords = (hasDmarc(dmarc) ? dmarc : dmarcOrg ?? dmarc).records.filter((r) => isDmarcRecord(r.text));
  const policyDomain = hasDmarc(dmarc) ? domain : orgDomain;
  const hosts = new Set<string>();
  if (policyRecords.length === 1) {
    const parsed = parseDmarc(policyRecords[0]!.text);
    for (const uri of [...parsed.rua, ...parsed.ruf]) {
      if (uri.host && organizationalDomain(uri.host) !== organizationalDomain(policyDomain)) hosts.add(uri.host);
    }
  }
  const dmarcReportAuth = await Promise.all(
    [...hosts].slice(0, 5).map(async (host) => ({ host, lookup: await client.txt(`${policyDomain}._report._dmarc.${host}`) })),
  );
  return { dmarcOrg, dmarcReportAuth };
}

/** RFC 8461 §3.3: HTTPS, a valid certificate for mta-sts.<domain>, status 200, no redirects followed. */
export async function fetchStsPolicy(domain: string, net?: NetContext): Promise<MtaStsPolicyFetch> {
  const url = `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
  if (!net) return { url, error: 'no HTTP client in this run: the policy file was not fetched' };
  try {
    const exchange = await net.http.request({ url, bodyLimit: POLICY_LIMIT });
    const header = (name: string) => exchange.headers.find(([n]) => n.toLowerCase() === name)?.[1];
    return {
      url,
      status: exchange.status,
      ...(header('content-type') !== undefined ? { contentType: header('content-type') } : {}),
      body: exchange.body.slice(0, POLICY_LIMIT),
      redirected: exchange.status >= 300 && exchange.status < 400,
      certificateValid: exchange.tls?.authorized ?? false,
      ...(exchange.tls?.authorizationError ? { certificateError: exchange.tls.authorizationError } : {}),
    };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return { url, error: `${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}` };
  }
}
