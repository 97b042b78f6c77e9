/** When the mail checks stand aside: the DNS half of the category failed, or no MX could be measured. */
import type { Evidence } from '../../model/evidence.js';
import type { MailTransportEvidence } from '../../model/mail-transport.js';

/**
 * The DNS probe ran and failed: the DNS & email category must not look measured on the strength of
 * the mail checks alone (its records were not judged), so the mail checks stand aside and say why.
 */
export function dnsUnavailable(evidence: Evidence): string | undefined {
  const probed = evidence.dns as { status?: string; reason?: string } | undefined;
  return probed?.status === 'unavailable' ? `the DNS probe did not answer (${probed.reason ?? 'no reason given'}), so mail transport is not scored on its own` : undefined;
}

/** Every MX was not measured: the checks cannot say anything, and say why. */
export function cannotJudgeMail(evidence: Evidence): string | undefined {
  const probed = evidence.mail as { status?: string; data?: MailTransportEvidence } | undefined;
  if (probed?.status !== 'ok' || !probed.data) return undefined;
  const mxs = probed.data.mx;
  if (!mxs.length || mxs.some((x) => x.outcome === 'measured')) return undefined;
  // Each reason already names its MX.
  return mxs.map((x) => x.reason ?? `${x.host}: not measured`).join('; ');
}
