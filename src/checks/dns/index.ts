/** Every DNS & email check, in report order. */
import type { Check } from '../check.js';
import { spfCheck } from './spf.js';
import { dmarcCheck } from './dmarc.js';
import { dkimHintCheck } from './dkim.js';
import { mailTransportCheck } from './mail-transport.js';
import { caaCheck } from './caa.js';
import { dnssecCheck } from './dnssec.js';
import { nameServerCheck } from './nameservers.js';
import { danglingCnameCheck } from './dangling-cname.js';
import { daneMxCheck } from '../mail/dane.js';
import { daneWebCheck } from '../mail/dane-web.js';
import { ipv6WebCheck } from './ipv6-web.js';
import { ipv6DnsCheck } from './ipv6-dns.js';

export const DNS_CHECKS: readonly Check[] = [
  dnssecCheck,
  spfCheck,
  dmarcCheck,
  mailTransportCheck,
  daneMxCheck,
  daneWebCheck,
  dkimHintCheck,
  caaCheck,
  nameServerCheck,
  ipv6DnsCheck,
  ipv6WebCheck,
  danglingCnameCheck,
];

/** The subset the `scorifya email` tool runs. */
export const EMAIL_CHECKS: readonly Check[] = [spfCheck, dmarcCheck, mailTransportCheck, daneMxCheck, dkimHintCheck];
