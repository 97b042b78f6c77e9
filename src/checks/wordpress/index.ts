import type { Check } from '../check.js';
import { wordpressDetectedCheck } from './detected.js';
import { wordpressLoginCheck, wordpressUsersCheck, wordpressXmlRpcCheck } from './endpoints.js';
import { wordpressLeaksCheck } from './leaks.js';
import { wordpressVersionCheck } from './version.js';

/** The WordPress category: every check reads the `wordpress` evidence, present only when detected. */
export const WORDPRESS_CHECKS: Check[] = [
  wordpressDetectedCheck,
  wordpressVersionCheck,
  wordpressXmlRpcCheck,
  wordpressUsersCheck,
  wordpressLoginCheck,
  wordpressLeaksCheck,
];
