/**
 * Post-quantum hybrid key exchange, asked without doing ML-KEM: every hello lists groups in
 * supported_groups but carries an empty key_share, so a TLS 1.3 server that accepts one of them has to
 * name it in a HelloRetryRequest (RFC 8446 4.1.4), and one that accepts none refuses. One hello listing all of them plus the classical groups says which it prefers; then hellos listing
 * the hybrids not yet known, each HelloRetryRequest naming one more that it accepts, until one is
 * refused (a server that accepts any listed group must name one). Two hellos on a server with one hybrid
 * or none, four at most (three hybrids accepted, none preferred), each bounded like every other hello.
 */
import { TLS13_SUITE_IDS } from '../../net/tls/cipher-suites.js';
import { VERSION_CODES } from '../../net/tls/client-hello.js';
import type { HelloOutcome } from '../../net/tls/hello-exchange.js';
import type { RawTlsProber } from '../../net/tls/raw-prober.js';
import type { PostQuantumEvidence, PqGroupResult } from '../../model/tls.js';
import { describeOutcome } from './protocols.js';

/** IANA TLS Supported Groups code points of the hybrids browsers and servers ship, in the order we offer them. */
export const PQ_HYBRID_GROUPS: readonly { name: string; code: number }[] = [
  { name: 'X25519MLKEM768', code: 0x11ec },
  { name: 'SecP256r1MLKEM768', code: 0x11eb },
  { name: 'SecP384r1MLKEM1024', code: 0x11ed },
];

/** Classical groups listed after the hybrids in the preference hello, so a server preferring one of them can say so. */
const CLASSICAL_GROUPS: readonly { name: string; code: number }[] = [
  { name: 'x25519', code: 0x001d },
  { name: 'secp256r1', code: 0x0017 },
  { name: 'secp384r1', code: 0x0018 },
];

const ALL_GROUPS = [...PQ_HYBRID_GROUPS, ...CLASSICAL_GROUPS];

export function groupName(code: number): string {
  return ALL_GROUPS.find((g) => g.code === code)?.name ?? `group 0x${code.toString(16).padStart(4, '0')}`;
}

/**
 * The group a TLS 1.3 HelloRetryRequest names, when it is one of `offered`; otherwise undefined with
 * the reason. A plain ServerHello cannot be a valid answer: we sent no key share to complete.
 */
export function retryGroup(outcome: HelloOutcome, offered: readonly number[]): { group: number } | { refused: boolean; why: string } {
  if (outcome.kind === 'alert' || outcome.kind === 'closed') return { refused: true, why: describeOutcome(outcome) };
  if (outcome.kind !== 'server_hello') return { refused: false, why: describeOutcome(outcome) };
  if (outcome.version !== VERSION_CODES['TLSv1.3']) return { refused: false, why: `answered ${describeOutcome(outcome)}, not TLS 1.3` };
  if (!outcome.helloRetryRequest) return { refused: false, why: 'a ServerHello without a key share to answer (expected a HelloRetryRequest)' };
  if (outcome.group === undefined) return { refused: false, why: 'a HelloRetryRequest that names no group' };
  if (!offered.includes(outcome.group)) return { refused: false, why: `a HelloRetryRequest naming ${groupName(outcome.group)}, which was not offered` };
  return { group: outcome.group };
}

async function ask(prober: RawTlsProber, groups: readonly number[]): Promise<HelloOutcome | Error> {
  try {
    return await prober.hello({ version: 'TLSv1.3', cipherSuites: TLS13_SUITE_IDS, groups, emptyKeyShare: true });
  } catch (err) {
    return err as Error;
  }
}

export async function probePostQuantum(prober: RawTlsProber): Promise<PostQuantumEvidence> {
  const preferenceOffer = ALL_GROUPS.map((g) => g.code);
  const preference = await ask(prober, preferenceOffer);
  const preferred = preference instanceof Error ? undefined : retryGroup(preference, preferenceOffer);
  const known = new Map<number, PqGroupResult>();
  const accepted = (code: number): PqGroupResult => ({ group: groupName(code), code, accepted: true, answer: `HelloRetryRequest for ${groupName(code)}` });
  if (preferred && 'group' in preferred && PQ_HYBRID_GROUPS.some((g) => g.code === preferred.group)) known.set(preferred.group, accepted(preferred.group));
  // Elimination: one hello listing every hybrid not yet known. A server that accepts any of them must
  // name one in its HelloRetryRequest (accepted; ask again without it); a refusal refuses them all.
  for (let rest = PQ_HYBRID_GROUPS.filter((g) => !known.has(g.code)); rest.length > 0; rest = rest.filter((g) => !known.has(g.code))) {
    const offered = rest.map((g) => g.code);
    const outcome = await ask(prober, offered);
    const verdict = outcome instanceof Error ? { refused: false, why: `not asked: ${outcome.message}` } : retryGroup(outcome, offered);
    if ('group' in verdict) {
      known.set(verdict.group, accepted(verdict.group));
      continue;
    }
    for (const g of rest) known.set(g.code, { group: g.name, code: g.code, accepted: verdict.refused ? false : null, answer: verdict.why });
    break;
  }
  const groups = PQ_HYBRID_GROUPS.map((g) => known.get(g.code)!);

  if (!preferred) return { groups, preferred: null, preferredAnswer: `not asked: ${(preference as Error).message}` };
  if (!('group' in preferred)) return { groups, preferred: null, preferredAnswer: preferred.why };
  const hybrid = PQ_HYBRID_GROUPS.some((g) => g.code === preferred.group);
  return {
    groups,
    preferred: { group: groupName(preferred.group), code: preferred.group, hybrid },
    preferredAnswer: `HelloRetryRequest for ${groupName(preferred.group)}`,
  };
}
