/**
 * Every difference between our verdict and a peer's that has been looked at and argued: which row,
 * which peer, on which fixtures ('*': wherever it occurs), and why ours is right or why the tools
 * legitimately differ. The bench (bench/tls.ts) reads this list; a difference found in no entry is
 * printed as UNEXPLAINED. docs/tls-comparison.md shows the arguments numbered as here (†1 is the first).
 */
import type { RowId } from './rows.js';

export type Peer = 'testssl' | 'sslscan';

export interface Argued {
  row: RowId;
  peer: Peer;
  fixtures: '*' | string[];
  why: string;
}

export const ARGUED: readonly Argued[] = [
  {
    row: 'LOGJAM',
    peer: 'testssl',
    fixtures: ['dhe-1024'],
    why:
      "testssl's LOGJAM line counts only DHE_EXPORT suites (the downgrade half of the Logjam paper) and " +
      'reports the 1024-bit well-known prime on separate lines (LOGJAM-common_primes, DH_groups: MEDIUM). ' +
      'The paper\'s second half is the precomputation against widely shared 1024-bit primes such as Oakley ' +
      'group 2, which this server uses; its advice is a group of 2048 bits or more. We report it as weak_dh, ' +
      'the finding the LOGJAM row reads, so ours says vulnerable where testssl says "not vulnerable, no DH EXPORT ciphers"',
  },
  {
    row: 'fallback SCSV',
    peer: 'testssl',
    fixtures: '*',
    why:
      'testssl 3.0.8 tests TLS_FALLBACK_SCSV only below TLS 1.2 ("no protocol below TLS 1.2 offered" → ' +
      'not applicable). RFC 7507 applies to any version below the highest: we send a TLS 1.2 hello with the ' +
      'SCSV to a server that speaks TLS 1.3 and it answers inappropriate_fallback, so ours says supported. ' +
      'The two do not contradict each other: neither calls the server vulnerable',
  },
];
