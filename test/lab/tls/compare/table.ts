/**
 * The side-by-side table: fixture × row → ours / testssl / sslscan. A cell where a peer's verdict
 * differs from ours is a difference; each is looked up in the argued list (argued.ts) and shown as
 * argued (†n, the argument below the table) or flagged UNEXPLAINED. Cells a tool did not test ("—"),
 * and "inconclusive" on either side, are not differences: neither claims the opposite.
 */
import { ROWS, INCONCLUSIVE, type RowId, type Rows } from './rows.js';
import { ARGUED, type Argued, type Peer } from './argued.js';

export interface FixtureResult {
  fixture: string;
  ours: Rows;
  testssl?: Rows;
  sslscan?: Rows;
}

export interface Difference {
  fixture: string;
  row: RowId;
  peer: Peer;
  ours: string;
  theirs: string;
  /** The argument that explains it, or undefined: UNEXPLAINED. */
  argued?: Argued;
}

const cmp = (c: { value: string; key?: string }) => c.key ?? c.value;

export function differences(results: FixtureResult[], argued: readonly Argued[] = ARGUED): Difference[] {
  const out: Difference[] = [];
  for (const r of results) {
    for (const peer of ['testssl', 'sslscan'] as const) {
      const theirs = r[peer];
      if (!theirs) continue;
      for (const row of ROWS) {
        const a = r.ours[row];
        const b = theirs[row];
        if (!a || !b || a.value === INCONCLUSIVE || b.value === INCONCLUSIVE || cmp(a) === cmp(b)) continue;
        const why = argued.find((x) => x.row === row && x.peer === peer && (x.fixtures === '*' || x.fixtures.includes(r.fixture)));
        out.push({ fixture: r.fixture, row, peer, ours: a.value, theirs: b.value, ...(why ? { argued: why } : {}) });
      }
    }
  }
  return out;
}

/** Markdown: one table per fixture, a line per common row, columns ours / testssl / sslscan; a peer's cell that differs from ours is bold and tagged. */
export function renderTable(results: FixtureResult[], diffs: Difference[], argued: readonly Argued[] = ARGUED): string {
  const mark = new Map<string, string>();
  for (const d of diffs) mark.set(`${d.fixture}|${d.row}|${d.peer}`, d.argued ? `†${argued.indexOf(d.argued) + 1}` : '⚠ UNEXPLAINED');
  const out: string[] = [];
  for (const r of results) {
    const show = (row: RowId, peer: 'ours' | Peer) => {
      const c = r[peer]?.[row];
      if (!c) return '—';
      const tag = peer === 'ours' ? undefined : mark.get(`${r.fixture}|${row}|${peer}`);
      return tag ? `**${c.value}** ${tag}` : c.value;
    };
    out.push(`#### ${r.fixture}`, '', '| row | ours | testssl.sh | sslscan |', '|---|---|---|---|');
    for (const row of ROWS) {
      if (!r.ours[row] && !r.testssl?.[row] && !r.sslscan?.[row]) continue;
      out.push(`| ${row} | ${show(row, 'ours')} | ${show(row, 'testssl')} | ${show(row, 'sslscan')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** The arguments of the differences that occurred, numbered as in the table, and the unexplained ones. */
export function renderDifferences(diffs: Difference[], argued: readonly Argued[] = ARGUED): string {
  const out: string[] = [];
  const byArg = new Map<Argued, Difference[]>();
  for (const d of diffs) if (d.argued) byArg.set(d.argued, [...(byArg.get(d.argued) ?? []), d]);
  for (const [a, ds] of [...byArg].sort((x, y) => argued.indexOf(x[0]) - argued.indexOf(y[0]))) {
    const where = [...new Set(ds.map((d) => `${d.fixture} (ours ${d.ours}, ${d.peer} ${d.theirs})`))].join('; ');
    out.push(`- †${argued.indexOf(a) + 1} **${a.row}**, ${a.peer}: ${a.why} — seen on: ${where}.`);
  }
  const unexplained = diffs.filter((d) => !d.argued);
  for (const d of unexplained) out.push(`- ⚠ UNEXPLAINED **${d.row}** on ${d.fixture}: ours ${d.ours}, ${d.peer} ${d.theirs}.`);
  return out.join('\n');
}
