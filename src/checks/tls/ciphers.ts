import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import type { TlsEvidence } from '../../model/tls.js';
import { acceptedSuites, isSupported, listByProtocol, locationOf } from './shared.js';

const has = (flag: string) => (s: { flags: string[] }) => s.flags.includes(flag);
/** 64-bit block ciphers (SWEET32): 3DES, DES, IDEA, RC2. */
const isSmallBlock = (s: { enc: string; flags: string[] }) => s.flags.includes('3des') || s.flags.includes('des') || /IDEA|RC2/.test(s.enc);

/** Weak bulk ciphers, missing forward secrecy, missing authenticated encryption. */
export const tlsCiphersCheck: Check = {
  name: 'tls/ciphers',
  category: 'tls',
  ids: ['weak_cipher_rc4', 'weak_cipher_3des', 'weak_cipher_export', 'weak_cipher_null_anon', 'no_forward_secrecy', 'no_aead', 'cbc_only_tls12'],
  reads: ['tls'],
  run(evidence) {
    const tls = dataOf<TlsEvidence>(evidence, 'tls');
    const location = locationOf(tls);
    const results: CheckResult[] = [];
    const all = acceptedSuites(tls);
    if (all.length === 0) return results;
    // Claims that something is absent need complete suite lists; presence claims never do.
    const allComplete = tls.ciphers.every((c) => c.complete);

    const rc4 = acceptedSuites(tls, has('rc4'));
    if (rc4.length) results.push({ id: 'weak_cipher_rc4', title: `${rc4.length} RC4 cipher suite(s) accepted`, evidence: listByProtocol(rc4), location });

    const small = acceptedSuites(tls, (s) => isSmallBlock(s) && !s.flags.includes('export'));
    if (small.length) {
      const singleDes = small.some((x) => x.suite.flags.includes('des'));
      results.push({
        id: 'weak_cipher_3des',
        ...(singleDes ? { severity: 'high' as const } : {}),
        title: singleDes
          ? `${small.length} 64-bit block cipher suite(s) accepted, including single DES (56-bit keys)`
          : `${small.length} 3DES / 64-bit block cipher suite(s) accepted`,
        evidence: listByProtocol(small),
        location,
      });
    }

    const exported = acceptedSuites(tls, has('export'));
    if (exported.length) {
      results.push({ id: 'weak_cipher_export', title: `${exported.length} EXPORT-grade cipher suite(s) accepted`, evidence: listByProtocol(exported), location });
    }

    const nullAnon = acceptedSuites(tls, (s) => s.flags.includes('null') || s.flags.includes('anon'));
    if (nullAnon.length) {
      results.push({
        id: 'weak_cipher_null_anon',
        title: `${nullAnon.length} cipher suite(s) without encryption or without server authentication accepted`,
        evidence: listByProtocol(nullAnon),
        location,
      });
    }

    // Forward secrecy is judged on TLS ≤ 1.2 (every TLS 1.3 suite has it).
    const legacy = acceptedSuites(tls, (_s, p) => p !== 'TLSv1.3' && p !== 'SSLv2');
    const nonFs = legacy.filter((x) => !x.suite.flags.includes('fs'));
    if (nonFs.length) {
      const anyFs = all.some((x) => x.suite.flags.includes('fs'));
      const best = tls.ciphers.find((c) => c.protocol !== 'TLSv1.3' && c.protocol !== 'SSLv2' && c.suites.length);
      const preferredNonFs = best?.serverPreference === true && !best.suites[0]!.flags.includes('fs');
      const noneFs = !anyFs && allComplete;
      const severity = noneFs ? 'high' : preferredNonFs ? 'medium' : 'low';
      results.push({
        id: 'no_forward_secrecy',
        severity,
        title: noneFs
          ? 'No cipher suite offers forward secrecy'
          : preferredNonFs
            ? `The server prefers a suite without forward secrecy (${best!.suites[0]!.name} on ${best!.protocol})`
            : `${nonFs.length} suite(s) without forward secrecy (static RSA or DH key exchange) are accepted`,
        evidence: listByProtocol(nonFs),
        location,
      });
    }

    const aead = all.filter((x) => x.suite.flags.includes('aead'));
    if (aead.length === 0 && allComplete) {
      results.push({
        id: 'no_aead',
        title: 'No authenticated-encryption (AEAD) cipher suite is accepted',
        evidence: listByProtocol(all),
        location,
      });
    }
    const tls12 = tls.ciphers.find((c) => c.protocol === 'TLSv1.2');
    if (isSupported(tls, 'TLSv1.2') && tls12 && tls12.complete && tls12.suites.length && tls12.suites.every((s) => !s.flags.includes('aead'))) {
      results.push({
        id: 'cbc_only_tls12',
        title: 'TLS 1.2 offers only CBC-mode cipher suites',
        evidence: listByProtocol(tls12.suites.map((suite) => ({ protocol: 'TLSv1.2' as const, suite }))),
        location,
      });
    }
    return results;
  },
};
