/** The targets-file parser and the output format, on hand-written and random (hostile) input. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTargets } from '../../src/batch/targets.js';
import { csvField, splitCsvLine } from '../../src/batch/csv.js';
import { interleaveByHost } from '../../src/batch/cluster.js';
import { formatLine } from '../../src/batch/output.js';
import { outcomeFromError } from '../../src/batch/outcome.js';

describe('targets file', () => {
  it('reads one target per line, skips comments and blanks, reports bad lines by number, scans duplicates once', () => {
    const list = parseTargets(
      ['# inventory', '', 'example.com', 'https://a.example/path#frag  # trailing comment', '   ', 'ftp://files.example', 'two words', 'example.com', 'http://u:p@b.example/'].join('\n'),
    );
    expect(list.format).toBe('lines');
    expect(list.targets).toEqual([
      { line: 3, input: 'example.com', host: 'example.com' },
      { line: 4, input: 'https://a.example/path#frag', host: 'a.example' },
    ]);
    expect(list.bad.map((b) => b.line)).toEqual([6, 7, 9]);
    expect(list.bad[0]!.reason).toMatch(/unsupported scheme/);
    expect(list.bad[2]!.reason).toMatch(/credentials/);
    expect(list.duplicates).toBe(1);
  });

  it('accepts CSV with a url column anywhere, quoted fields included', () => {
    const list = parseTargets('owner,"url",env\nops,https://a.example/,prod\n"Smith, J","https://b.example/?q=1,2",dev\nops,,prod\n');
    expect(list.format).toBe('csv');
    expect(list.targets.map((t) => [t.line, t.input])).toEqual([
      [2, 'https://a.example/'],
      [3, 'https://b.example/?q=1,2'],
    ]);
    expect(list.bad).toEqual([{ line: 4, text: 'ops,,prod', reason: 'no value in the url column (column 2)' }]);
  });

  it('never throws and accounts for every non-blank line on arbitrary text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('example.com', '# c', '', 'url,x', 'https://a.b/', '"', ',,,')), { maxLength: 30 }), (lines) => {
        const list = parseTargets(lines.join('\n'));
        for (const t of list.targets) expect(t.input).not.toMatch(/[\r\n]/);
        const counted = list.targets.length + list.bad.length + list.duplicates + (list.format === 'csv' ? 1 : 0);
        expect(counted).toBeLessThanOrEqual(lines.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('CSV fields', () => {
  it('round-trips quotes and commas, and defuses formulas from target text', () => {
    const values = ['plain', 'a,b', 'say "hi"', ' padded '];
    expect(splitCsvLine(values.map((v) => csvField(v)).join(','))).toEqual(['plain', 'a,b', 'say "hi"', 'padded']);
    expect(csvField('=HYPERLINK("x")', true)).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('line\nbreak')).toBe('line break');
  });

  it('a failed target is one CSV row and one JSON line, each without a line break inside', () => {
    const outcome = outcomeFromError('https://x.example/', 'refused:\nbecause', 12);
    expect(formatLine('csv', outcome, null).split('\n')).toHaveLength(2);
    const json = formatLine('jsonl', outcome, null);
    expect(json.split('\n')).toHaveLength(2);
    expect(JSON.parse(json)).toMatchObject({ target: { input: 'https://x.example/' }, score: null, error: 'refused:\nbecause' });
  });
});

it('queues hosts round-robin so one busy host does not fill the head of the queue', () => {
  const t = (input: string, host: string) => ({ line: 0, input, host });
  const order = interleaveByHost([t('a1', 'a'), t('a2', 'a'), t('a3', 'a'), t('b1', 'b'), t('c1', 'c'), t('c2', 'c')]).map((x) => x.input);
  expect(order).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
});

it('job ids sort in the order the batch queued them (pg-boss breaks created_on ties by id)', async () => {
  const { orderedJobIds } = await import('../../src/queue/pg-boss.js');
  const ids = orderedJobIds(5000);
  expect(new Set(ids).size).toBe(5000);
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  expect([...ids].sort()).toEqual(ids);
});
