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
  danglingCnameCheck,
];

/** The subset the `scorifya email` tool runs. */
export const EMAIL_CHECKS: readonly Check[] = [spfCheck, dmarcCheck, mailTransportCheck, daneMxCheck, dkimHintCheck];
