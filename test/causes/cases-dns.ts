/** Cause cases for the DNS & email ids: SPF, DMARC, MTA-STS, CAA, DNSSEC, CNAMEs, name servers. */
import type { Evidence } from '../../src/model/evidence.js';
import type { DnsEvidence, DnssecEvidence, DnssecZoneLink, MailEvidence, SpfNode, SpfOutcome, TxtRecord, Lookup } from '../../src/model/dns.js';
import { ok } from '../../src/model/probed.js';
import { cause, type CauseCase } from './cases.js';
import type { MailTransportEvidence } from '../../src/model/mail-transport.js';
import { mailEvidence, mx, tlsSession } from '../support/mail-evidence.js';

const D = 'site.example';
const none = (name: string): Lookup<TxtRecord> => ({ name, status: 'nodata', records: [] });
export const txt = (name: string, ...texts: string[]): Lookup<TxtRecord> => ({
  name,
  status: texts.length ? 'ok' : 'nodata',
  records: texts.map((text) => ({ text, strings: 1, bytes: text.length })),
});
const leaf = (record: string, extra: Partial<SpfNode> = {}): SpfNode => ({ domain: D, record, lookup: 'found', lookups: 0, voidLookups: 0, terms: [], children: [], ...extra });

/** A clean domain (SPF -all, DMARC reject, two name servers, CAA) with the given parts replaced. */
export function domain(overrides: Partial<DnsEvidence> = {}, mail: Partial<MailEvidence> = {}): Evidence {
  const dns: DnsEvidence = {
    host: D,
    servers: ['127.0.0.1:53'],
    ipv4: { name: D, status: 'ok', records: ['192.0.2.1'] },
    ipv6: { name: D, status: 'ok', records: ['2001:db8::1'] },
    nsZone: D,
    nameServers: {
      name: D,
      status: 'ok',
      records: [
        { name: 'ns1.dns.example', ipv4: ['192.0.2.53'], ipv6: ['2001:db8::53'] },
        { name: 'ns2.dns.example', ipv4: ['198.51.100.53'], ipv6: ['2001:db8:1::53'] },
      ],
    },
    caa: { relevantAt: D, records: [{ flags: 0, tag: 'issue', value: 'letsencrypt.org' }], lookups: [] },
    cnames: [],
    subdomains: [],
    mail: {
      domain: D,
      orgDomain: D,
      mx: { name: D, status: 'nodata', records: [] },
      txt: txt(D, 'v=spf1 -all'),
      spfTree: leaf('v=spf1 -all'),
      dmarc: txt(`_dmarc.${D}`, `v=DMARC1; p=reject; rua=mailto:d@${D}`),
      dmarcReportAuth: [],
      mtaSts: none(`_mta-sts.${D}`),
      tlsRpt: none(`_smtp._tls.${D}`),
      bimi: none(`default._bimi.${D}`),
      dkimSelectors: [],
      dkimSelectorsTried: [],
      ...mail,
    },
    ...overrides,
  };
  return {
    schemaVersion: 1,
    target: { input: D, url: `https://${D}/`, host: D, schemeGiven: false, resolved: ['192.0.2.1'] },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    dns: ok(dns),
  };
}

/** An SPF record and what check_host() gave the unlisted test address. */
export function spf(record: string, outcome: Omit<SpfOutcome, 'ip' | 'lookups' | 'voidLookups'>, mail: Partial<MailEvidence> = {}): Evidence {
  return domain({}, { txt: txt(D, record), spfTree: leaf(record), spfUnlisted: { ip: '233.252.0.1', lookups: 1, voidLookups: 0, ...outcome }, ...mail });
}
const passBy = (term: string, record = `v=spf1 ${term} -all`) => spf(record, { result: 'pass', matched: { domain: D, term } });
const NULL_MX = { mx: { name: D, status: 'ok' as const, records: [{ priority: 0, exchange: '' }] } };
const dmarc = (record: string) => domain({}, { dmarc: txt(`_dmarc.${D}`, record) });

/** A domain that receives mail and publishes MTA-STS, with this policy fetch. */
const GOOD_POLICY = `version: STSv1\nmode: enforce\nmx: mail.${D}\nmax_age: 604800\n`;
function sts(fetch: Partial<NonNullable<MailEvidence['mtaStsPolicy']>>, record: string[] = ['v=STSv1; id=20260101T000000']): Evidence {
  return domain(
    {},
    {
      mx: { name: D, status: 'ok', records: [{ priority: 10, exchange: `mail.${D}` }] },
      mtaSts: txt(`_mta-sts.${D}`, ...record),
      tlsRpt: txt(`_smtp._tls.${D}`, `v=TLSRPTv1; rua=mailto:tls@${D}`),
      mtaStsPolicy: { url: `https://mta-sts.${D}/.well-known/mta-sts.txt`, status: 200, contentType: 'text/plain', body: GOOD_POLICY, certificateValid: true, ...fetch },
    },
  );
}

function dnssec(chain: Partial<DnssecEvidence['chain']>, resolver?: DnssecEvidence['resolver']): Evidence {
  return domain({ dnssec: { anchor: 'iana-root', chain: { verdict: 'secure', zone: `${D}.`, explanation: 'test', chain: [], ...chain }, ...(resolver ? { resolver } : {}) } });
}
const bogus = (reason: NonNullable<DnssecEvidence['chain']['bogusReason']>) => dnssec({ verdict: 'bogus', bogusReason: reason });
function keys(dnskeys: DnssecZoneLink['dnskeys'], ds: DnssecZoneLink['ds']): Evidence {
  return dnssec({ chain: [{ zone: `${D}.`, status: 'secure', ds, dnskeys, rrsigs: [] }] });
}
const KSK13 = { keyTag: 1, algorithm: 13, flags: 257 };
const DS13 = { keyTag: 1, algorithm: 13, digestType: 2 };

/** Mail-transport evidence beside a clean domain's DNS evidence (the certificate check reads both). */
const mailCase = (...mxs: Parameters<typeof mx>[0][]): Evidence => ({ ...mailEvidence(mxs.map((m) => mx(m))), dns: domain().dns });

export const DNS_CASES: CauseCase[] = [
  cause('mail_certificate_invalid', 'expired', 'notAfter before the scan', mailCase({ tls: tlsSession({ notAfter: '2025-12-31T00:00:00.000Z', trusted: false, trustError: 'CERT_HAS_EXPIRED' }) })),
  cause('mail_certificate_invalid', 'untrusted', 'a self-signed certificate', mailCase({ tls: tlsSession({ trusted: false, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) })),
  cause('mail_certificate_invalid', 'name_mismatch', 'a certificate for another host', mailCase({ tls: tlsSession({ names: ['other.example'], nameMatches: false }) })),
  cause('mail_certificate_invalid', 'several_problems', 'self-signed for another host', mailCase({ tls: tlsSession({ trusted: false, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT', names: ['other.example'], nameMatches: false }) })),
  cause('dns_spf_pass_all', 'plus_all', '+all', passBy('+all', 'v=spf1 +all')),
  cause('dns_spf_pass_all', 'exists_term', 'an exists: macro under a wildcard', passBy(`exists:%{i}._spf.${D}`)),
  cause('dns_spf_pass_all', 'ip_range', 'ip4:0.0.0.0/0', passBy('ip4:0.0.0.0/0')),
  cause('dns_spf_pass_all', 'address_range', 'a/0', passBy('a/0')),
  cause('dns_spf_pass_all', 'include_passes', 'an include that passes everyone', passBy('include:_spf.open.example')),
  cause('dns_spf_pass_all', 'ptr_term', 'ptr', passBy('ptr')),
  cause('dns_spf_neutral_all', 'neutral_all', '?all', spf('v=spf1 mx ?all', { result: 'neutral', matched: { domain: D, term: '?all' } })),
  cause('dns_spf_neutral_all', 'no_all', 'no all term', spf('v=spf1 mx', { result: 'neutral' })),
  cause('dns_spf_neutral_all', 'neutral_term', '?include: matching everyone', spf('v=spf1 ?include:_spf.open.example -all', { result: 'neutral', matched: { domain: D, term: '?include:_spf.open.example' } })),
  cause('dns_spf_neutral_all', 'softfail_null_mx', '~all on a null-MX domain', spf('v=spf1 ~all', { result: 'softfail', matched: { domain: D, term: '~all' } }, NULL_MX)),
  cause('dns_spf_too_many_lookups', 'lookup_limit', '11 lookups in the tree', domain({}, { txt: txt(D, 'v=spf1 include:a.example -all'), spfTree: leaf('v=spf1 include:a.example -all', { lookups: 11 }) })),
  cause(
    'dns_spf_too_many_lookups',
    'include_loop',
    'a record that includes itself',
    domain({}, { txt: txt(D, `v=spf1 include:${D} -all`), spfTree: leaf(`v=spf1 include:${D} -all`, { lookups: 1, children: [leaf(`v=spf1 include:${D} -all`, { loop: true })] }) }),
  ),
  cause('dns_spf_too_many_lookups', 'mx_limit', 'an mx term over 12 MX hosts', spf('v=spf1 mx -all', { result: 'permerror', reason: `${D} has 12 MX records; at most 10 may be looked up` })),
  cause('dns_dmarc_missing', 'no_record', 'no DMARC record', domain({}, { dmarc: none(`_dmarc.${D}`) })),
  cause('dns_dmarc_missing', 'record_at_apex', 'a DMARC record at the domain itself', domain({}, { dmarc: none(`_dmarc.${D}`), txt: txt(D, 'v=spf1 -all', 'v=DMARC1; p=reject') })),
  cause('dns_dmarc_policy_none', 'p_none', 'p=none', dmarc(`v=DMARC1; p=none; rua=mailto:d@${D}`)),
  cause(
    'dns_dmarc_policy_none',
    'sp_none',
    "a subdomain under its parent's sp=none",
    domain({}, { domain: `mail.${D}`, orgDomain: D, dmarc: none(`_dmarc.mail.${D}`), dmarcOrg: txt(`_dmarc.${D}`, `v=DMARC1; p=reject; sp=none; rua=mailto:d@${D}`) }),
  ),
  cause('dns_dmarc_policy_none', 'p_missing', 'no p= tag', dmarc(`v=DMARC1; rua=mailto:d@${D}`)),
  cause('dns_dmarc_policy_none', 'pct_partial', 'pct=50', dmarc(`v=DMARC1; p=reject; pct=50; rua=mailto:d@${D}`)),
  cause('dns_mta_sts_invalid', 'txt_record', 'two STS records', sts({}, ['v=STSv1; id=1', 'v=STSv1; id=2'])),
  cause('dns_mta_sts_invalid', 'policy_unreachable', 'the policy host refusing', sts({ status: undefined, error: 'connection refused' })),
  cause('dns_mta_sts_invalid', 'policy_certificate', 'an invalid certificate on the policy host', sts({ certificateValid: false, certificateError: 'self-signed certificate' })),
  cause('dns_mta_sts_invalid', 'policy_file', 'the policy served as text/html', sts({ contentType: 'text/html' })),
  cause('dns_mta_sts_invalid', 'mx_not_covered', 'an MX host outside the mx: patterns', sts({ body: 'version: STSv1\nmode: enforce\nmx: *.other.example\nmax_age: 604800\n' })),
  cause('dns_mta_sts_invalid', 'several_problems', 'a bad record and an unreachable policy', sts({ status: undefined, error: 'connection refused' }, ['v=STSv1; id=not-valid!'])),
  cause('dns_caa_invalid', 'critical_unknown_tag', 'a critical unknown tag', domain({ caa: { relevantAt: D, records: [{ flags: 128, tag: 'tbs', value: 'x' }], lookups: [] } })),
  cause('dns_caa_invalid', 'malformed_record', 'an issuer that is not a domain', domain({ caa: { relevantAt: D, records: [{ flags: 0, tag: 'issue', value: 'Lets Encrypt' }], lookups: [] } })),
  cause('dnssec_bogus', 'ds_mismatch', 'a DS matching no key', bogus('ds_mismatch')),
  cause('dnssec_bogus', 'dnskey_missing', 'no DNSKEY behind the DS', bogus('dnskey_missing')),
  cause('dnssec_bogus', 'rrsig_missing', 'unsigned answers', bogus('rrsig_missing')),
  cause('dnssec_bogus', 'signature_expired', 'expired signatures', bogus('signature_expired')),
  cause('dnssec_bogus', 'signature_not_yet_valid', 'signatures from the future', bogus('signature_not_yet_valid')),
  cause('dnssec_bogus', 'signature_invalid', 'a signature that does not verify', bogus('signature_invalid')),
  cause('dnssec_bogus', 'denial_missing', 'a denial without proof', bogus('denial_missing')),
  cause('dnssec_bogus', 'resolver_reported', 'only the resolver says bogus (EDE 6)', dnssec({}, { server: '127.0.0.1', rcode: 'SERVFAIL', ad: false, ede: [{ code: 6, text: '' }] })),
  cause('dnssec_weak_algorithm', 'weak_algorithm', 'RSA/SHA-1 keys', keys([{ keyTag: 1, algorithm: 5, flags: 257, rsaBits: 2048 }], [{ keyTag: 1, algorithm: 5, digestType: 2 }])),
  cause('dnssec_weak_algorithm', 'short_rsa_key', 'a 512-bit RSA key', keys([{ keyTag: 1, algorithm: 8, flags: 257, rsaBits: 512 }], [{ keyTag: 1, algorithm: 8, digestType: 2 }])),
  cause('dnssec_weak_algorithm', 'sha1_ds_only', 'only SHA-1 DS digests', keys([KSK13], [{ ...DS13, digestType: 1 }])),
  cause('dnssec_weak_algorithm', 'several_weaknesses', 'RSA/SHA-1 keys and SHA-1 DS', keys([{ keyTag: 1, algorithm: 5, flags: 257, rsaBits: 2048 }], [{ keyTag: 1, algorithm: 5, digestType: 1 }])),
  cause('dns_dangling_cname', 'claimable_service_name', 'an alias for a freed app-platform name', domain({ cnames: [{ name: `shop.${D}`, chain: ['gone-shop.herokuapp.com'], outcome: 'nxdomain' }] })),
  cause('dns_dangling_cname', 'target_missing', 'an alias for a name that does not resolve', domain({ cnames: [{ name: `old.${D}`, chain: ['gone.other.example'], outcome: 'nxdomain' }] })),
  cause('dns_dangling_cname', 'cname_loop', 'a CNAME loop', domain({ cnames: [{ name: `www.${D}`, chain: [`web.${D}`, `www.${D}`], outcome: 'loop' }] })),
  cause('dns_single_nameserver', 'one_name_server', 'one name server', domain({ nameServers: { name: D, status: 'ok', records: [{ name: 'ns1.dns.example', ipv4: ['192.0.2.53'], ipv6: ['2001:db8::53'] }] } })),
  cause(
    'dns_single_nameserver',
    'shared_address',
    'two name servers on one address',
    domain({
      nameServers: {
        name: D,
        status: 'ok',
        records: [
          { name: 'ns1.dns.example', ipv4: ['192.0.2.53'], ipv6: [] },
          { name: 'ns2.dns.example', ipv4: ['192.0.2.53'], ipv6: [] },
        ],
      },
    }),
  ),
];

// DANE for mail (checks/mail/dane.ts): the served chain is not even a certificate, so no record can match it.
const daneMx = (starttlsOffered: boolean): Evidence => ({
  ...domain(),
  mail: ok({
    domain: D,
    notProbed: [],
    boundMs: 10_000,
    mx: [
      {
        host: `mail.${D}`,
        priority: 10,
        addresses: ['192.0.2.25'],
        outcome: 'measured',
        starttlsOffered,
        ...(starttlsOffered
          ? { tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', versions: [], chainDer: ['MIIBAA=='], subject: '', issuer: '', names: [], notBefore: '', notAfter: '', trusted: false, nameMatches: false } }
          : {}),
        tlsa: { name: `_25._tcp.mail.${D}`, status: 'ok', records: [{ usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32) }], dnssec: 'secure' },
      },
    ],
  } satisfies MailTransportEvidence),
});
DNS_CASES.push(
  cause('dane_tlsa_mismatch', 'no_match', 'an MX whose certificate no TLSA record describes', daneMx(true)),
  cause('dane_tlsa_mismatch', 'no_starttls', 'an MX with TLSA records and no STARTTLS', daneMx(false)),
);
