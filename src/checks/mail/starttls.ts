/**
 * STARTTLS on every MX (RFC 3207). Without it, mail to the domain crosses the internet in clear text
 * and no policy (MTA-STS, DANE) can protect it. internet.nl fails a mail server without STARTTLS.
 */
import type { Check } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import { mailCannotJudge, mail } from './common.js';

export const starttlsCheck: Check = {
  name: 'mail/starttls',
  category: 'dns',
  ids: ['mail_starttls_missing'],
  reads: ['mail'],
  topic: 'mail transport',
  cannotJudge: mailCannotJudge,
  run(evidence) {
    const m = mail(evidence);
    const out: CheckResult[] = [];
    for (const mx of m.mx) {
      if (mx.outcome !== 'measured' || mx.starttlsOffered !== false) continue;
      const ehlo = mx.ehlo?.length ? `EHLO answered: ${mx.ehlo.join(', ')}` : 'EHLO was refused (no ESMTP, so no STARTTLS)';
      out.push({
        id: 'mail_starttls_missing',
        title: `MX ${mx.host} does not offer STARTTLS: mail to ${m.domain} travels unencrypted`,
        evidence: `${mx.host} (${mx.address ?? '?'}) port 25\nbanner: ${mx.banner ?? ''}\n${ehlo}`,
        location: mx.host,
      });
    }
    return out;
  },
};
