/**
 * DKIM hints. Selectors are chosen by the sender and cannot be listed, so this only reports which
 * common selectors answered. Not finding one is never a penalty.
 */
import type { Check } from '../check.js';
import { clip, dns } from './common.js';

export const dkimHintCheck: Check = {
  name: 'dns/dkim-hint',
  category: 'dns',
  ids: ['dns_dkim_hint'],
  reads: ['dns'],
  run(evidence) {
    const d = dns(evidence);
    const found = d.mail.dkimSelectors;
    if (found.length === 0) return [];
    return [
      {
        id: 'dns_dkim_hint',
        title: `DKIM keys found for ${d.mail.domain} at common selectors: ${found.map((f) => f.selector).join(', ')}`,
        evidence: found.map((f) => `${f.selector}._domainkey.${d.mail.domain}: ${clip(f.record, 120)}`).join('\n'),
        location: d.mail.domain,
      },
    ];
  },
};
