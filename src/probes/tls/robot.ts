/**
 * ROBOT (Return Of Bleichenbacher's Oracle Threat, 2017): does the server answer differently when the
 * RSA-encrypted pre-master secret is badly padded? Five connections side by side, each a TLS ≤ 1.2
 * handshake with one static-RSA suite up to a ClientKeyExchange carrying one of the paper's five
 * blocks (correct, wrong first bytes, 0x00 misplaced, no separator, wrong version), then
 * ChangeCipherSpec and a garbage Finished. Every one must fail; a server that fails them all the same
 * way gives an attacker nothing. Different failures are an oracle, confirmed by a second round before
 * it is reported (a one-off timeout is not an oracle).
 */
import type { RobotResult, TlsProtocol } from '../../model/tls.js';
import { VERSION_CODES } from '../../net/tls/client-hello.js';
import { describeConversation, describeReply, type ConversationResult } from '../../net/tls/conversation.js';
import { suiteInfo } from '../../net/tls/cipher-suites.js';
import { ROBOT_VARIANTS, robotFlight, rsaKeyOf, type RobotVariant } from '../../net/tls/vuln-messages.js';
import { connectionsOf, conversation, type VulnContext } from './vuln-conversation.js';

type Round = { variant: RobotVariant; result: ConversationResult }[];

function runRound(ctx: VulnContext, protocol: TlsProtocol, suite: number): Promise<Round> {
  const code = VERSION_CODES[protocol as keyof typeof VERSION_CODES];
  return Promise.all(
    ROBOT_VARIANTS.map(async (variant) => {
      const result = await conversation(ctx, protocol, [suite], (flight) => {
        if (flight.serverHello.cipherSuite !== suite || !flight.leafCertificate) return null;
        const key = rsaKeyOf(flight.leafCertificate);
        return key ? robotFlight(variant, key, code) : null;
      });
      return { variant, result };
    }),
  );
}

function replies(round: Round): { variant: string; reply: string }[] {
  return round.map(({ variant, result }) => ({ variant, reply: result.stage === 'reply' ? describeReply(result.reply) : describeConversation(result) }));
}

/** A reply's kind for comparison: timing and byte counts aside, which alert or which way the connection ended. */
function signature(result: ConversationResult): string | null {
  if (result.stage !== 'reply') return null;
  const r = result.reply;
  return r.kind === 'alert' ? `alert:${r.level}:${r.description}` : r.kind;
}

export async function testRobot(ctx: VulnContext, protocol: TlsProtocol, suite: number): Promise<RobotResult> {
  const name = suiteInfo(suite).name;
  const base = { suite: name, oracle: null };
  const first = await runRound(ctx, protocol, suite);
  const made = (round: Round): number => round.reduce((n, r) => n + connectionsOf(r.result), 0);
  let connections = made(first);
  const stopped = first.find((r) => r.result.stage === 'stopped');
  if (stopped) {
    return { ...base, verdict: 'not_tested', detail: `${protocol} ${name}: the server did not answer with that suite and an RSA certificate, so no RSA key exchange could be sent`, connections, responses: [] };
  }
  const failed = first.find((r) => r.result.stage !== 'reply');
  if (failed) return { ...base, verdict: 'inconclusive', detail: `${protocol} ${name}: ${failed.variant}: ${describeConversation(failed.result)}`, connections, responses: replies(first) };
  const sigs = first.map((r) => signature(r.result));
  if (new Set(sigs).size === 1) {
    return { ...base, verdict: 'not_vulnerable', detail: `${protocol} ${name}: all ${first.length} ClientKeyExchange variants got the same answer (${replies(first)[0]!.reply})`, connections, responses: replies(first) };
  }
  // Different answers: ask again, and report an oracle only when the second round repeats the first.
  const second = await runRound(ctx, protocol, suite);
  connections += made(second);
  const again = second.map((r) => signature(r.result));
  if (again.some((s, i) => s !== sigs[i])) {
    return { ...base, verdict: 'inconclusive', detail: `${protocol} ${name}: the answers differed between variants but not the same way twice (network noise or a load balancer)`, connections, responses: replies(first) };
  }
  const strong = sigs[ROBOT_VARIANTS.indexOf('correct')] !== sigs[ROBOT_VARIANTS.indexOf('wrong_first_bytes')];
  const differing = first.filter((r, i) => sigs[i] !== sigs[0]).map((r) => r.variant);
  return {
    suite: name,
    oracle: strong ? 'strong' : 'weak',
    verdict: 'vulnerable',
    detail: `${protocol} ${name}: the server answers ${differing.join(', ')} differently from a correctly padded key exchange, twice: ${strong ? 'a strong' : 'a weak'} padding oracle`,
    connections,
    responses: replies(first),
  };
}
