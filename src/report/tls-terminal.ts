/**
 * Terminal rendering of the focused TLS tool: protocols, the protocol × suite table, the chain,
 * handshake facts and the findings. Every target-controlled string (certificate fields, server
 * answers) goes through escapeTerminal.
 */
import type { Finding } from '../model/finding.js';
import type { CategoryArithmetic } from './arithmetic.js';
import { categoryLine } from './arithmetic.js';
import type { CertificateInfo, TlsEvidence } from '../model/tls.js';
import { escapeTerminal as esc } from './escape.js';
import { vulnerabilityTable } from '../checks/tls/vulnerability-table.js';
import { vulnerabilityLines } from './vulnerability-table.js';

const yesNo = (v: boolean | null) => (v === null ? 'not tested' : v ? 'yes' : 'no');
const pad = (s: string, n: number) => (s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length));

export function renderTlsTerminal(tls: TlsEvidence, findings: readonly Finding[], category: CategoryArithmetic | undefined): string {
  const out: string[] = [];
  out.push(`TLS  ${esc(tls.host)}:${tls.port}  (${tls.address}${tls.sni ? `, SNI ${esc(tls.sni)}` : ', no SNI'})  ${tls.handshakes} connections in ${tls.durationMs} ms`);
  out.push('', 'Protocols');
  for (const p of tls.protocols) out.push(`  ${pad(p.protocol, 9)}${pad(p.supported === null ? '?' : p.supported ? 'yes' : 'no', 5)}${esc(p.answer)}`);

  out.push('', 'Cipher suites');
  if (tls.ciphers.length === 0) out.push('  (none)');
  for (const c of tls.ciphers) {
    const order = c.serverPreference === null ? '' : c.serverPreference ? ', server order' : ', client order';
    out.push(`  ${c.protocol} (${c.suites.length}${order}${c.complete ? '' : ', incomplete'})`);
    for (const s of c.suites) {
      const tags = s.flags.filter((f) => f !== 'tls13').map((f) => f.toUpperCase()).join(' ');
      out.push(`    ${pad(s.hex, 8)}${pad(s.name, 48)}${pad(`${s.kx}/${s.auth}`, 12)}${pad(String(s.bits), 5)}${tags}`);
    }
    if (c.note) out.push(`    note: ${esc(c.note)}`);
  }

  out.push('', 'Certificate');
  if (tls.certificate.status !== 'ok') out.push(`  not available: ${esc(tls.certificate.reason)}`);
  else {
    const cert = tls.certificate.data;
    out.push(`  ${cert.trusted ? 'trusted' : `NOT trusted (${esc(cert.verifyError ?? 'unknown')})`}; checked for ${esc(cert.checkedName)}; ${cert.chain.length} certificate(s)`);
    cert.chain.forEach((c, i) => out.push(...certLines(c, i)));
  }

  out.push('', 'Handshake');
  out.push(`  fallback SCSV: ${tls.fallbackScsv.replace('_', ' ')}   secure renegotiation: ${yesNo(tls.secureRenegotiation)}   compression: ${yesNo(tls.compression)}`);
  out.push(`  OCSP stapled: ${yesNo(tls.ocspStapled)}   ALPN: ${tls.alpn ? (tls.alpn.selected ? esc(tls.alpn.selected) : 'none') : 'not tested'}   DH group: ${tls.dhBits === null ? '-' : `${tls.dhBits} bits`}`);
  out.push(
    `  default client: ${tls.defaultClient.status === 'ok' ? `${tls.defaultClient.data.protocol} ${tls.defaultClient.data.suite}` : `could not connect (${esc(tls.defaultClient.reason)})`}`,
  );
  out.push(`  post-quantum: ${postQuantumLine(tls)}`);
  // Saved evidence from before revocation was looked at has no such field.
  if (tls.revocation) out.push(`  revocation: ${revocationLine(tls.revocation)}`);
  for (const note of tls.notes) out.push(`  note: ${esc(note)}`);

  // The TLS tool has no page, so BREACH says "not tested" here; a full scan's report carries it.
  out.push('', 'Named vulnerabilities', ...vulnerabilityLines(vulnerabilityTable(tls)));

  out.push('', `Findings${category?.measured ? ` (${category.name} ${categoryLine(category)} points)` : ''}`);
  if (findings.length === 0) out.push('  none');
  for (const f of findings) {
    out.push(`  ${pad(`[${f.severity}]`, 11)}${pad(f.pointsLost ? `-${f.pointsLost}` : '0', 5)}${pad(f.id, 34)}${esc(f.title)}`);
    for (const line of f.evidence.split('\n')) out.push(`      ${esc(line)}`);
  }
  return out.join('\n') + '\n';
}

/** "OCSP good (signature verified); CRL not listed; stapled: none; must-staple: no". */
function revocationLine(r: NonNullable<TlsEvidence['revocation']>): string {
  const signed = (v: boolean | null) => (v === true ? 'signature verified' : v === false ? 'signature does NOT verify' : 'signature not checked');
  return [
    r.ocsp ? `OCSP ${r.ocsp.status} (${signed(r.ocsp.signatureValid)})` : r.ocspUrls.length ? 'OCSP not asked' : 'no OCSP responder',
    r.crl ? `CRL ${r.crl.status.replace('_', ' ')}${r.crl.status === 'error' ? '' : ` (${signed(r.crl.signatureValid)})`}` : r.crlUrls.length ? 'CRL not fetched' : 'no CRL',
    `stapled: ${r.stapled ? r.stapled.status : 'none'}`,
    `must-staple: ${r.mustStaple ? 'yes' : 'no'}`,
  ].join('; ');
}

/** "X25519MLKEM768 yes, SecP256r1MLKEM768 no, SecP384r1MLKEM1024 no; prefers X25519MLKEM768". */
function postQuantumLine(tls: TlsEvidence): string {
  // Absent in evidence recorded before post-quantum groups were probed.
  const pq = tls.postQuantum ?? null;
  if (!pq) return 'not tested (no TLS 1.3)';
  const groups = pq.groups.map((g) => `${g.group} ${g.accepted === null ? '?' : g.accepted ? 'yes' : 'no'}`).join(', ');
  return `${groups}; prefers ${pq.preferred ? pq.preferred.group : `? (${esc(pq.preferredAnswer)})`}`;
}

function certLines(c: CertificateInfo, i: number): string[] {
  return [
    `  ${i}  ${esc(c.subject)}${c.selfSigned ? '  (self-signed)' : ''}`,
    `       issuer   ${esc(c.issuer)}`,
    ...(c.subjectAltNames.length ? [`       names    ${esc(c.subjectAltNames.join(', '))}`] : []),
    `       key      ${c.publicKey.algorithm} ${c.publicKey.bits ?? '?'}${c.publicKey.curve ? ` (${c.publicKey.curve})` : ''}   signature ${esc(c.signatureAlgorithm)}`,
    `       valid    ${c.notBefore} → ${c.notAfter}`,
  ];
}
