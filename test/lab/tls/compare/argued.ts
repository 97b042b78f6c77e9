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
];
