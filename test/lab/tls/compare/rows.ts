/**
 * The side-by-side bench's common rows (protocols, weak suites, each named vulnerability, DH size,
 * certificate trust) and how OUR result fills them. testssl.ts and sslscan-rows.ts fill the same rows
 * from the peers' outputs; table.ts compares them. Pure: no sockets, so the parsing test runs on
 * recorded outputs.
 *
 * A cell holds a verdict in one small vocabulary per row, so that the three tools compare word for word:
 * protocols and suites "offered" / "not offered"; vulnerabilities "vulnerable" / "not vulnerable";
 * anything a tool did not test is absent (shown as "—"), and "inconclusive" is its own word, never
 * counted as either side.
 */
import type { TlsEvidence, SuiteResult } from '../../../../src/model/tls.js';
import { suiteInfo } from '../../../../src/net/tls/cipher-suites.js';

export interface Cell {
  /** What the table shows. */
  value: string;
  /** What is compared, when it is not the shown value (e.g. the sorted suite list behind "27 suites"). */
  key?: string;
}

export type Rows = Partial<Record<RowId, Cell>>;

export const PROTOCOL_ROWS = ['SSLv2', 'SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export const SUITE_ROWS = ['suites', 'NULL/anon suites', 'EXPORT suites', 'RC4 suites', '64-bit block suites', 'static RSA kx', 'CBC suites'] as const;
export const VULN_ROWS = [
  'Heartbleed', 'CCS injection', 'Ticketbleed', 'ROBOT', 'secure renegotiation', 'client renegotiation', 'CRIME (TLS)',
  'BREACH', 'POODLE (SSL)', 'fallback SCSV', 'SWEET32', 'FREAK', 'DROWN', 'LOGJAM', 'BEAST', 'LUCKY13', 'RC4',
] as const;
export const OTHER_ROWS = ['DH size', 'cert trusted'] as const;
export const ROWS = [...PROTOCOL_ROWS, ...SUITE_ROWS, ...VULN_ROWS, ...OTHER_ROWS] as const;
export type RowId = (typeof ROWS)[number];

export const OFFERED = 'offered';
export const NOT_OFFERED = 'not offered';
export const VULNERABLE = 'vulnerable';
export const NOT_VULNERABLE = 'not vulnerable';
export const INCONCLUSIVE = 'inconclusive';

/** Suite-category rows from a list of suite code points (the same rule for every tool). */
export function suiteRows(ids: Iterable<number>): Rows {
  const suites = [...new Set(ids)].sort((a, b) => a - b).map((id) => suiteInfo(id));
  const any = (pred: (s: (typeof suites)[number]) => boolean): Cell => ({ value: suites.some(pred) ? OFFERED : NOT_OFFERED });
  return {
    suites: { value: `${suites.length} suites`, key: suites.map((s) => s.hex).join(',') },
    'NULL/anon suites': any((s) => s.flags.includes('null') || s.flags.includes('anon')),
    'EXPORT suites': any((s) => s.flags.includes('export')),
    'RC4 suites': any((s) => s.flags.includes('rc4')),
    '64-bit block suites': any(isBlock64),
    'static RSA kx': any((s) => s.kx === 'RSA'),
    'CBC suites': any((s) => s.flags.includes('cbc')),
  };
}

/** 64-bit block ciphers (SWEET32): 3DES, DES, IDEA, RC2. */
export function isBlock64(s: Pick<SuiteResult, 'enc' | 'flags'>): boolean {
  return s.flags.includes('3des') || s.flags.includes('des') || /^(IDEA|RC2)/.test(s.enc);
}

export interface OurResult {
  evidence: TlsEvidence | undefined;
  /** Finding ids in the report. */
  findings: ReadonlySet<string>;
  /** Every finding id the checks that ran can emit: a named vulnerability no check can report is "not tested", not "not vulnerable". */
  checkable: ReadonlySet<string>;
}

/**
 * Named vulnerabilities read from finding ids (the contract fixed for issue 22): vulnerable when one of
 * them is in the report, not vulnerable when a check that can emit them ran and did not, absent when no
 * check in this build can emit any of them. A probe that ran but could not tell leaves no finding either:
 * when the named-vulnerability table (issue 22, vuln-table) lands in the evidence, read its verdicts here
 * so that "not tested" and "inconclusive" stay apart from "not vulnerable".
 */
const VULN_FINDINGS: Partial<Record<RowId, readonly string[]>> = {
  Heartbleed: ['tls_heartbleed'],
  'CCS injection': ['tls_ccs_injection'],
  Ticketbleed: ['tls_ticketbleed'],
  ROBOT: ['tls_robot'],
  'client renegotiation': ['tls_client_renegotiation'],
  BREACH: ['http_breach_possible'],
  SWEET32: ['weak_cipher_3des'],
  FREAK: ['weak_cipher_export'],
  DROWN: ['tls_protocol_ssl2'],
  LOGJAM: ['weak_dh', 'tls_dh_known_prime'],
  BEAST: ['tls_beast_cbc_tls10'],
  LUCKY13: ['tls_lucky13_cbc'],
  RC4: ['weak_cipher_rc4'],
};

function byFindings(ours: OurResult, ids: readonly string[]): Cell | undefined {
  if (ids.some((id) => ours.findings.has(id))) return { value: VULNERABLE };
  if (ids.length && ids.every((id) => ours.checkable.has(id))) return { value: NOT_VULNERABLE };
  return undefined;
}

export function ourRows(ours: OurResult): Rows {
  const e = ours.evidence;
  const rows: Rows = {};
  if (!e) return rows;
  for (const p of e.protocols) {
    rows[p.protocol] = { value: p.supported === null ? INCONCLUSIVE : p.supported ? OFFERED : NOT_OFFERED };
  }
  Object.assign(rows, suiteRows(e.ciphers.filter((c) => c.protocol !== 'SSLv2').flatMap((c) => c.suites.map((s) => s.id))));
  for (const [row, ids] of Object.entries(VULN_FINDINGS) as [RowId, string[]][]) {
    const cell = byFindings(ours, ids);
    if (cell) rows[row] = cell;
  }
  // Rows whose evidence is three-valued: "not tested" must not read as "not vulnerable".
  if (e.secureRenegotiation !== null) rows['secure renegotiation'] = { value: e.secureRenegotiation ? NOT_VULNERABLE : VULNERABLE };
  if (e.compression !== null) rows['CRIME (TLS)'] = { value: e.compression ? VULNERABLE : NOT_VULNERABLE };
  const fallback = { supported: 'supported', not_supported: 'missing', not_applicable: 'not applicable', unknown: INCONCLUSIVE }[e.fallbackScsv];
  rows['fallback SCSV'] = { value: fallback };
  // POODLE (SSL 3.0 with CBC) is scored as tls_protocol_ssl3; the verdict follows the protocol row.
  const ssl3 = e.protocols.find((p) => p.protocol === 'SSLv3')?.supported;
  if (ssl3 !== undefined && ssl3 !== null) {
    const cbc3 = e.ciphers.find((c) => c.protocol === 'SSLv3')?.suites.some((s) => s.flags.includes('cbc'));
    rows['POODLE (SSL)'] = { value: ssl3 && cbc3 !== false ? VULNERABLE : NOT_VULNERABLE };
  }
  rows['DH size'] = { value: e.dhBits === null ? (rows['suites']?.key?.length && hasDhe(e) ? INCONCLUSIVE : 'no DHE') : `${e.dhBits} bits` };
  if (e.certificate.status === 'ok') rows['cert trusted'] = { value: e.certificate.data.trusted ? 'trusted' : 'not trusted' };
  return rows;
}

function hasDhe(e: TlsEvidence): boolean {
  return e.ciphers.some((c) => c.protocol !== 'TLSv1.3' && c.suites.some((s) => s.kx === 'DHE'));
}
