/**
 * Mail transport security for domains that receive mail: MTA-STS (RFC 8461: TXT record and the
 * policy file, every MX covered), SMTP TLS reporting (RFC 8460), plus two informational facts:
 * a null MX (RFC 7505: the domain accepts no mail) and a BIMI record.
 */
import type { Check } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import { isStsRecord, mxMatchesPattern, parseStsPolicy, parseStsRecord } from '../../net/dns/parse/mta-sts.js';
import { isTlsRptRecord, parseTlsRpt } from '../../net/dns/parse/tls-rpt.js';
import { isSpfRecord, parseSpf } from '../../net/dns/parse/spf.js';
import { isDmarcRecord, parseDmarc } from '../../net/dns/parse/dmarc.js';
import { clip, dns, isNullMx, receivesMail, texts } from './common.js';

/** What can break MTA-STS, by where it is fixed: the TXT record, the policy host, its certificate, the file, the MX list. */
const STS_PROBLEMS = ['txt_record', 'policy_unreachable', 'policy_certificate', 'policy_file', 'mx_not_covered'] as const;
type StsProblem = (typeof STS_PROBLEMS)[number];

export const mailTransportCheck: Check = {
  name: 'dns/mail-transport',
  category: 'dns',
  ids: ['dns_mta_sts_missing', 'dns_mta_sts_invalid', 'dns_tls_rpt_missing', 'dns_tls_rpt_invalid', 'dns_null_mx', 'dns_bimi_present'],
  causes: { dns_mta_sts_invalid: [...STS_PROBLEMS, 'several_problems'] },
  reads: ['dns'],
  run(evidence) {
    const d = dns(evidence);
    const { domain } = d.mail;
    const out: CheckResult[] = [];
    if (isNullMx(d)) {
      const spf = texts(d.mail.txt, isSpfRecord);
      const dmarc = [...texts(d.mail.dmarc, isDmarcRecord), ...texts(d.mail.dmarcOrg, isDmarcRecord)];
      const spfIdeal = spf.length === 1 && parseSpf(spf[0]!).all === '-';
      const dmarcIdeal = dmarc.length >= 1 && parseDmarc(dmarc[0]!).p === 'reject';
      out.push({
        id: 'dns_null_mx',
        title: `${domain} declares that it accepts no mail (null MX)`,
        evidence: `MX ${domain}: 0 .\nSPF -all: ${spfIdeal ? 'yes' : 'no'}; DMARC p=reject: ${dmarcIdeal ? 'yes' : 'no'}`,
        location: domain,
        details: { spfRejectAll: spfIdeal, dmarcReject: dmarcIdeal },
      });
    }
    const bimi = texts(d.mail.bimi, (t) => /^v=BIMI1/i.test(t));
    if (bimi.length) {
      out.push({ id: 'dns_bimi_present', title: `${domain} publishes a BIMI record`, evidence: clip(bimi[0]!), location: `default._bimi.${domain}` });
    }
    if (!receivesMail(d)) return out;
    const mxHosts = d.mail.mx.records.map((r) => r.exchange).filter(Boolean);

    // MTA-STS
    const stsName = `_mta-sts.${domain}`;
    const sts = texts(d.mail.mtaSts, isStsRecord);
    if (d.mail.mtaSts.status !== 'error') {
      if (sts.length === 0) {
        out.push({ id: 'dns_mta_sts_missing', title: `${domain} receives mail but has no MTA-STS policy`, evidence: `No "v=STSv1" TXT record at ${stsName}; MX: ${mxHosts.join(', ')}`, location: stsName });
      } else {
        const problems: { kind: StsProblem; text: string }[] = [];
        const add = (kind: StsProblem, ...texts: string[]) => problems.push(...texts.map((text) => ({ kind, text })));
        if (sts.length > 1) add('txt_record', `${sts.length} "v=STSv1" records at ${stsName} (exactly one is allowed)`);
        else add('txt_record', ...parseStsRecord(sts[0]!).errors.map((e) => `TXT ${stsName}: ${e}`));
        const fetch = d.mail.mtaStsPolicy;
        let mode: string | undefined;
        if (fetch) {
          if (fetch.error) add('policy_unreachable', `policy ${fetch.url}: ${fetch.error}`);
          else {
            if (fetch.redirected) add('policy_unreachable', `policy ${fetch.url} answered with a redirect (${fetch.status}); senders do not follow redirects`);
            else if (fetch.status !== 200) add('policy_unreachable', `policy ${fetch.url} answered HTTP ${fetch.status}`);
            if (fetch.certificateValid === false) add('policy_certificate', `policy ${fetch.url}: certificate not valid${fetch.certificateError ? ` (${fetch.certificateError})` : ''}`);
            if (fetch.status === 200 && !/^text\/plain\b/i.test(fetch.contentType ?? '')) add('policy_file', `policy served as "${fetch.contentType ?? 'no Content-Type'}", not text/plain`);
            if (fetch.status === 200 && fetch.body !== undefined) {
              const policy = parseStsPolicy(fetch.body);
              mode = policy.mode;
              add('policy_file', ...policy.errors.map((e) => `policy: ${e}`));
              if (policy.mode && policy.mode !== 'none' && policy.mx.length) {
                for (const host of mxHosts) {
                  if (!policy.mx.some((p) => mxMatchesPattern(host, p))) add('mx_not_covered', `MX ${host} matches no mx: pattern (${policy.mx.join(', ')})`);
                }
              }
            }
          }
        }
        if (problems.length) {
          const kinds = new Set(problems.map((p) => p.kind));
          out.push({
            id: 'dns_mta_sts_invalid',
            cause: kinds.size === 1 ? [...kinds][0]! : 'several_problems',
            ...(mode === 'enforce' ? { severity: 'high' as const } : {}),
            title: `MTA-STS for ${domain} is broken, so senders fall back to unprotected delivery`,
            evidence: problems.slice(0, 20).map((p) => p.text).join('\n'),
            location: fetch?.url ?? stsName,
          });
        }
      }
    }

    // TLS-RPT
    const rptName = `_smtp._tls.${domain}`;
    const rpt = texts(d.mail.tlsRpt, isTlsRptRecord);
    if (d.mail.tlsRpt.status !== 'error') {
      if (rpt.length === 0) {
        out.push({ id: 'dns_tls_rpt_missing', title: `${domain} receives mail but asks for no TLS failure reports (TLS-RPT)`, evidence: `No "v=TLSRPTv1" TXT record at ${rptName}`, location: rptName });
      } else {
        const errors = rpt.length > 1 ? [`${rpt.length} "v=TLSRPTv1" records (exactly one is allowed)`] : parseTlsRpt(rpt[0]!).errors;
        if (errors.length) {
          out.push({ id: 'dns_tls_rpt_invalid', title: `TLS-RPT record for ${domain} is invalid`, evidence: `${rpt.map((r) => clip(r)).join('\n')}\n${errors.join('\n')}`, location: rptName });
        }
      }
    }
    return out;
  },
};
