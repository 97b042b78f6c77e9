/** The DNS half of the DNS & email category, which every mail check needs before it speaks. */
import type { Evidence } from '../../model/evidence.js';

/**
 * The DNS probe ran and failed: the DNS & email category must not look measured on the strength of
 * the mail checks alone (its records were not judged), so the mail checks stand aside and say why.
 */
export function dnsUnavailable(evidence: Evidence): string | undefined {
  const probed = evidence.dns as { status?: string; reason?: string } | undefined;
  return probed?.status === 'unavailable' ? `the DNS probe did not answer (${probed.reason ?? 'no reason given'}), so mail transport is not scored on its own` : undefined;
}
