/**
 * A DANE assessment as findings: the same ids for MX hosts and the web host, with severities that
 * follow who is hurt. For SMTP a failing DANE record stops delivery from every sender that does DANE
 * (critical); for HTTPS no browser checks TLSA, so the same fault misleads only DANE-aware clients.
 */
import type { TlsaLookup } from '../../model/dns.js';
import type { CheckResult, Severity } from '../../model/finding.js';
import { formatTlsa } from '../../net/dns/parse/tlsa.js';
import type { DaneAssessment, DaneService } from './dane-match.js';

const SEVERITY: Record<DaneService, Record<'bogus' | 'mismatch' | 'unsigned' | 'unusable', Severity>> = {
  smtp: { bogus: 'critical', mismatch: 'critical', unsigned: 'medium', unusable: 'medium' },
  https: { bogus: 'medium', mismatch: 'medium', unsigned: 'low', unusable: 'low' },
};

const recordsText = (lookup: TlsaLookup): string =>
  `${lookup.name} TLSA${lookup.aliases?.length ? ` (via CNAME ${lookup.aliases.join(' → ')})` : ''}:\n${lookup.records.slice(0, 10).map(formatTlsa).join('\n') || '(none)'}`;

export function daneFindings(service: DaneService, host: string, lookup: TlsaLookup, a: DaneAssessment): CheckResult[] {
  const who = service === 'smtp' ? `MX ${host}` : host;
  const severity = SEVERITY[service];
  const location = lookup.name;
  const evidence = `${recordsText(lookup)}\n${a.reason}`;
  switch (a.why) {
    case 'bogus':
      return [{ id: 'dane_tlsa_bogus', severity: severity.bogus, title: `The TLSA records of ${who} fail DNSSEC validation`, evidence: `${evidence}\nDNSSEC: ${lookup.dnssecExplanation ?? 'bogus'}`, location }];
    case 'no_match':
      return [{ id: 'dane_tlsa_mismatch', cause: 'no_match', severity: severity.mismatch, title: `The TLSA records of ${who} match none of the certificates it presents`, evidence, location }];
    case 'no_tls':
      return [{ id: 'dane_tlsa_mismatch', cause: 'no_starttls', severity: severity.mismatch, title: `${who} publishes TLSA records but offers no STARTTLS`, evidence, location }];
    case 'unsigned_zone':
      return [{ id: 'dane_tlsa_unsigned', severity: severity.unsigned, title: `The TLSA records of ${who} are in a zone without DNSSEC, so no client can use them`, evidence: `${evidence}\nDNSSEC: ${lookup.dnssecExplanation ?? 'insecure'}`, location }];
    case 'no_usable_record':
      return [{ id: 'dane_tlsa_unusable', severity: severity.unusable, title: `No TLSA record of ${who} is one that ${service === 'smtp' ? 'mail senders' : 'clients'} use`, evidence, location }];
    case 'no_tlsa_signed':
      return service === 'smtp'
        ? [{ id: 'dane_not_used', title: `MX ${host} is in a signed zone but publishes no TLSA record (DANE not used)`, evidence: `${lookup.name}: ${lookup.dnssecExplanation ?? 'no TLSA record'}`, location }]
        : [];
    default:
      return [];
  }
}
