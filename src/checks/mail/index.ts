/** The mail-transport checks (evidence key `mail`), scored in the DNS & email category. */
import type { Check } from '../check.js';
import { starttlsCheck } from './starttls.js';
import { mxCertificateCheck } from './certificate.js';
import { mxProtocolCheck } from './protocols.js';

export const MAIL_CHECKS: readonly Check[] = [starttlsCheck, mxCertificateCheck, mxProtocolCheck];
