/**
 * The named-vulnerability table: every name testssl.sh prints, judged from the TLS evidence (and the
 * HTTP evidence for BREACH). A pure function; each row names the one finding that scores the weakness
 * (shared findings are not scored twice: POODLE is tls_protocol_ssl3, SWEET32 weak_cipher_3des …), so
 * the table explains the findings and never adds points of its own. A verdict the evidence does not
 * support is `not_tested` (the probe did not run, and why) or `inconclusive` (its answer was unclear).
 * Winshock (CVE-2014-6321) is left out: telling it from one handshake takes Microsoft-specific suite
 * fingerprinting that proves nothing about the patch level.
 */
import type { Evidence } from '../../model/evidence.js';
import type { HttpEvidence } from '../../model/http.js';
import type { Probed } from '../../model/probed.js';
import type { SessionFeatureResult, SuiteResult, TlsEvidence, TlsProtocol } from '../../model/tls.js';
import type { VulnerabilityRow, VulnerabilityVerdict } from '../../model/vulnerabilities.js';
import { acceptedSuites, isSupported } from './shared.js';
import { breachRow } from './breach.js';

/**
 * The active probes' results (Heartbleed, CCS injection, Ticketbleed, ROBOT) as their evidence records
 * them; absent in evidence from scanners without those probes, when the rows say "not tested".
 */
export interface ActiveProbeVerdict {
  verdict: VulnerabilityVerdict;
  detail: string;
}
type ActiveKey = 'heartbleed' | 'ccsInjection' | 'ticketbleed' | 'robot';
type WithActive = TlsEvidence & { vulnerabilities?: Partial<Record<ActiveKey, ActiveProbeVerdict>> };

const row = (name: string, ref: string, findingId: string | null, verdict: VulnerabilityVerdict, evidence: string): VulnerabilityRow => ({ name, ref, verdict, findingId, evidence });

const names = (suites: { suite: SuiteResult }[], max = 3) => {
  const list = [...new Set(suites.map((s) => s.suite.name))];
  return list.slice(0, max).join(', ') + (list.length > max ? ` and ${list.length - max} more` : '');
};

/** Every TLS version below 1.3 that answered (renegotiation, compression and the master-secret fix live there). */
const legacyVersions = (tls: TlsEvidence): TlsProtocol[] =>
  (['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2'] as const).filter((p) => isSupported(tls, p));

/** The table of a scan's evidence, when the TLS probe answered (the HTTP probe's page adds BREACH); for the report. */
export function vulnerabilityTableOf(evidence: Evidence): { tlsVulnerabilities?: VulnerabilityRow[] } {
  const tls = evidence.tls as Probed<TlsEvidence> | undefined;
  if (tls?.status !== 'ok') return {};
  const http = evidence.http as Probed<HttpEvidence> | undefined;
  return { tlsVulnerabilities: vulnerabilityTable(tls.data, http?.status === 'ok' ? http.data : undefined) };
}

export function vulnerabilityTable(tls: TlsEvidence, http?: HttpEvidence): VulnerabilityRow[] {
  const active = (tls as WithActive).vulnerabilities ?? {};
  const activeRow = (name: string, ref: string, id: string, key: ActiveKey, probe: string): VulnerabilityRow => {
    const r = active[key];
    return r ? row(name, ref, id, r.verdict, r.detail) : row(name, ref, id, 'not_tested', `this scan did not run the ${probe} probe`);
  };
  const onlyTls13 = legacyVersions(tls).length === 0 && isSupported(tls, 'TLSv1.3');
  return [
    activeRow('Heartbleed', 'CVE-2014-0160', 'tls_heartbleed', 'heartbleed', 'heartbeat'),
    activeRow('CCS', 'CVE-2014-0224', 'tls_ccs_injection', 'ccsInjection', 'early ChangeCipherSpec'),
    activeRow('Ticketbleed', 'CVE-2016-9244', 'tls_ticketbleed', 'ticketbleed', 'session-ticket echo'),
    activeRow('ROBOT', 'CVE-2017-13099', 'tls_robot', 'robot', 'RSA padding-oracle'),
    secureRenegotiationRow(tls, onlyTls13),
    sessionRow('Client-Initiated Renegotiation', 'CVE-2011-1473', 'tls_client_renegotiation', tls, 'clientRenegotiation', onlyTls13),
    crimeRow(tls, onlyTls13),
    breachRow(http),
    poodleRow(tls),
    fallbackRow(tls),
    suiteRow('SWEET32', 'CVE-2016-2183, CVE-2016-6329', tls, (s) => s.flags.includes('3des') || s.flags.includes('des') || /IDEA|RC2/.test(s.enc), (hits) =>
      hits.length && hits.every((h) => h.suite.flags.includes('export')) ? 'weak_cipher_export' : 'weak_cipher_3des', '64-bit block cipher'),
    suiteRow('FREAK', 'CVE-2015-0204', tls, (s, p) => p !== 'SSLv2' && s.kx === 'RSA' && s.flags.includes('export'), () => 'weak_cipher_export', 'RSA EXPORT'),
    drownRow(tls),
    logjamRow(tls),
    beastRow(tls),
    suiteRow('LUCKY13', 'CVE-2013-0169', tls, (s, p) => p !== 'SSLv2' && s.flags.includes('cbc'), () => 'tls_lucky13_cbc', 'CBC'),
    suiteRow('RC4', 'CVE-2013-2566, CVE-2015-2808', tls, (s) => s.flags.includes('rc4'), () => 'weak_cipher_rc4', 'RC4'),
    emsRow(tls, onlyTls13),
    sessionRow('0-RTT (early data)', 'RFC 8446 8', 'tls_early_data_accepted', tls, 'earlyData', false),
  ];
}

/** Presence of a kind of suite: vulnerable when one is accepted; absence is only claimed on complete lists. */
function suiteRow(
  name: string,
  ref: string,
  tls: TlsEvidence,
  pick: (s: SuiteResult, p: TlsProtocol) => boolean,
  finding: (hits: { protocol: TlsProtocol; suite: SuiteResult }[]) => string,
  what: string,
): VulnerabilityRow {
  const hits = acceptedSuites(tls, pick);
  if (hits.length) {
    const versions = [...new Set(hits.map((h) => h.protocol))].join(', ');
    const count = new Set(hits.map((h) => h.suite.name)).size;
    return row(name, ref, finding(hits), 'vulnerable', `${count} ${what} suite(s) accepted (${versions}): ${names(hits)}`);
  }
  const incomplete = tls.ciphers.filter((c) => !c.complete).map((c) => c.protocol);
  if (incomplete.length) return row(name, ref, finding([]), 'inconclusive', `no ${what} suite found, but the suite lists of ${incomplete.join(', ')} are incomplete`);
  return row(name, ref, finding([]), 'not_vulnerable', `no ${what} suite accepted`);
}

function secureRenegotiationRow(tls: TlsEvidence, onlyTls13: boolean): VulnerabilityRow {
  const [name, ref, id] = ['Secure Renegotiation', 'CVE-2009-3555 (RFC 5746)', 'tls_secure_renegotiation_missing'];
  if (tls.secureRenegotiation === true) return row(name, ref, id, 'not_vulnerable', 'the ServerHello carries renegotiation_info (RFC 5746)');
  if (tls.secureRenegotiation === false) return row(name, ref, id, 'vulnerable', 'the ServerHello carries no renegotiation_info: renegotiation is not bound to the first handshake');
  if (onlyTls13) return row(name, ref, id, 'not_vulnerable', 'only TLS 1.3 answered, which has no renegotiation');
  return row(name, ref, id, 'not_tested', 'no TLS 1.2 or older ServerHello was read');
}

/** Client renegotiation and 0-RTT, from the session-security evidence. */
function sessionRow(name: string, ref: string, id: string, tls: TlsEvidence, key: 'clientRenegotiation' | 'earlyData', onlyTls13: boolean): VulnerabilityRow {
  // Absent in evidence recorded before these were probed.
  const r: SessionFeatureResult | undefined = tls.sessionSecurity?.[key];
  if (!r) return row(name, ref, id, 'not_tested', 'the evidence predates this probe');
  if (key === 'clientRenegotiation' && onlyTls13) return row(name, ref, id, 'not_vulnerable', 'only TLS 1.3 answered, which has no renegotiation');
  if (key === 'earlyData' && !isSupported(tls, 'TLSv1.3')) return row(name, ref, id, 'not_vulnerable', 'TLS 1.3 is not spoken: early data exists only there');
  const verdict: VulnerabilityVerdict = r.outcome === 'accepted' ? 'vulnerable' : r.outcome === 'refused' ? 'not_vulnerable' : r.outcome;
  return row(name, ref, id, verdict, r.detail);
}

function crimeRow(tls: TlsEvidence, onlyTls13: boolean): VulnerabilityRow {
  const [name, ref, id] = ['CRIME, TLS', 'CVE-2012-4929', 'tls_compression_enabled'];
  if (tls.compression === true) return row(name, ref, id, 'vulnerable', 'the server chose DEFLATE compression when offered');
  if (tls.compression === false) return row(name, ref, id, 'not_vulnerable', 'the server chose no compression when offered DEFLATE');
  if (onlyTls13) return row(name, ref, id, 'not_vulnerable', 'only TLS 1.3 answered, which has no compression');
  return row(name, ref, id, 'not_tested', 'the compression hello got no ServerHello');
}

/** POODLE needs SSL 3.0 with a CBC suite (its padding is not checked); SSL 3.0 with only RC4 is RC4's problem. */
function poodleRow(tls: TlsEvidence): VulnerabilityRow {
  const [name, ref, id] = ['POODLE (SSL)', 'CVE-2014-3566', 'tls_protocol_ssl3'];
  const ssl3 = tls.protocols.find((p) => p.protocol === 'SSLv3');
  if (!ssl3 || ssl3.supported === null) return row(name, ref, id, 'inconclusive', `SSL 3.0: could not tell (${ssl3?.answer ?? 'not asked'})`);
  if (!ssl3.supported) return row(name, ref, id, 'not_vulnerable', 'SSL 3.0 is refused');
  const cbc = acceptedSuites(tls, (s, p) => p === 'SSLv3' && s.flags.includes('cbc'));
  if (cbc.length) return row(name, ref, id, 'vulnerable', `SSL 3.0 is accepted with CBC suites: ${names(cbc)}`);
  return row(name, ref, id, 'not_vulnerable', 'SSL 3.0 is accepted, but with no CBC suite (see RC4)');
}

function fallbackRow(tls: TlsEvidence): VulnerabilityRow {
  const [name, ref, id] = ['TLS_FALLBACK_SCSV', 'RFC 7507', 'tls_fallback_scsv_missing'];
  switch (tls.fallbackScsv) {
    case 'supported':
      return row(name, ref, id, 'not_vulnerable', 'a hello below the best version with the SCSV got alert 86 inappropriate_fallback');
    case 'not_supported':
      return row(name, ref, id, 'vulnerable', 'a hello below the best version with the SCSV got a ServerHello: downgrades are not refused');
    case 'not_applicable':
      return row(name, ref, id, 'not_vulnerable', 'only one protocol version answered: there is nothing to fall back to');
    default:
      return row(name, ref, id, 'inconclusive', 'the fallback hello got no readable answer');
  }
}

function drownRow(tls: TlsEvidence): VulnerabilityRow {
  const [name, ref, id] = ['DROWN', 'CVE-2016-0800, CVE-2016-0703', 'tls_protocol_ssl2'];
  const ssl2 = tls.protocols.find((p) => p.protocol === 'SSLv2');
  const elsewhere = 'whether another host serves SSL 2.0 with this certificate\'s key cannot be seen from this one';
  if (!ssl2 || ssl2.supported === null) return row(name, ref, id, 'inconclusive', `SSL 2.0: could not tell (${ssl2?.answer ?? 'not asked'}); ${elsewhere}`);
  if (ssl2.supported) return row(name, ref, id, 'vulnerable', 'SSL 2.0 is accepted on this host: its RSA key can be used to decrypt this server\'s TLS sessions');
  return row(name, ref, id, 'not_vulnerable', `SSL 2.0 is refused on this host; ${elsewhere}`);
}

/**
 * Logjam: DHE EXPORT suites (512-bit groups, scored as EXPORT), or a DH group of 1024 bits or less,
 * within reach of the precomputation the Logjam paper describes (scored by weak_dh).
 */
function logjamRow(tls: TlsEvidence): VulnerabilityRow {
  const [name, ref] = ['LOGJAM', 'CVE-2015-4000'];
  const exportDhe = acceptedSuites(tls, (s) => s.kx === 'DHE' && s.flags.includes('export'));
  if (exportDhe.length) return row(name, ref, 'weak_cipher_export', 'vulnerable', `DHE EXPORT suites accepted: ${names(exportDhe)}`);
  const dhe = acceptedSuites(tls, (s, p) => p !== 'TLSv1.3' && s.kx === 'DHE');
  if (tls.dhBits !== null && tls.dhBits <= 1024) return row(name, ref, 'weak_dh', 'vulnerable', `DHE suites use a ${tls.dhBits}-bit group`);
  if (tls.dhBits !== null) return row(name, ref, 'weak_dh', 'not_vulnerable', `DHE suites use a ${tls.dhBits}-bit group`);
  if (dhe.length) return row(name, ref, 'weak_dh', 'inconclusive', 'DHE suites are accepted but the group size was not measured');
  if (tls.ciphers.some((c) => !c.complete)) return row(name, ref, 'weak_dh', 'inconclusive', 'no DHE suite found, but some suite lists are incomplete');
  return row(name, ref, 'weak_dh', 'not_vulnerable', 'no DHE suite accepted');
}

/** BEAST: a CBC suite on TLS 1.0 or SSL 3.0, where the IV is the previous record's last block. */
function beastRow(tls: TlsEvidence): VulnerabilityRow {
  const [name, ref, id] = ['BEAST', 'CVE-2011-3389', 'tls_beast_cbc_tls10'];
  const old = (['SSLv3', 'TLSv1.0'] as const).filter((p) => isSupported(tls, p));
  if (old.length === 0) return row(name, ref, id, 'not_vulnerable', 'neither TLS 1.0 nor SSL 3.0 is accepted');
  const hits = acceptedSuites(tls, (s, p) => (p === 'SSLv3' || p === 'TLSv1.0') && s.flags.includes('cbc'));
  if (hits.length) return row(name, ref, id, 'vulnerable', `CBC suites on ${[...new Set(hits.map((h) => h.protocol))].join(', ')}: ${names(hits)} (browsers split records 1/n-1 against it)`);
  const incomplete = tls.ciphers.some((c) => old.includes(c.protocol as 'SSLv3') && !c.complete);
  if (incomplete) return row(name, ref, id, 'inconclusive', `no CBC suite found on ${old.join(', ')}, but the list is incomplete`);
  return row(name, ref, id, 'not_vulnerable', `${old.join(', ')} accepted with no CBC suite`);
}

function emsRow(tls: TlsEvidence, onlyTls13: boolean): VulnerabilityRow {
  const [name, ref, id] = ['Extended Master Secret', 'RFC 7627 (CVE-2015-6112)', 'tls_no_extended_master_secret'];
  const ems = tls.sessionSecurity?.extendedMasterSecret;
  if (onlyTls13) return row(name, ref, id, 'not_vulnerable', 'only TLS 1.3 answered, which always binds the master secret to the handshake');
  if (!ems) return row(name, ref, id, 'not_tested', 'the evidence predates this probe');
  if (ems.supported === true) return row(name, ref, id, 'not_vulnerable', `the ${ems.protocol} ServerHello echoes extended_master_secret`);
  if (ems.supported === false) return row(name, ref, id, 'vulnerable', `the ${ems.protocol} ServerHello does not echo extended_master_secret although the hello offered it`);
  return row(name, ref, id, 'not_tested', 'no TLS 1.0–1.2 ServerHello was read (SSL 3.0 has no extensions)');
}
