/** docs/scanning.md has the one table of exit codes; it lists exactly the codes the CLI uses. */
import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { EXIT } from '../../src/engine/exit-codes.js';

const doc = readFileSync(new URL('../../docs/scanning.md', import.meta.url), 'utf8');

/** The code column of the first table under "### Exit codes". */
function documentedCodes(): number[] {
  const section = doc.split(/^### Exit codes\n/m)[1]?.split(/^#{2,3} /m)[0];
  expect(section, 'docs/scanning.md has an "### Exit codes" section').toBeDefined();
  const table = section!.split('\n\n').find((block) => block.startsWith('| code |'));
  expect(table, 'the section has a table with a code column').toBeDefined();
  return table!
    .split('\n')
    .slice(2)
    .map((row) => /^\| (\d+) \|/.exec(row)?.[1])
    .map((code) => Number(code));
}

it('the documented exit codes are exactly those of src/engine/exit-codes.ts, each once, in order', () => {
  const codes = Object.values(EXIT) as number[];
  expect(documentedCodes()).toEqual([...codes].sort((a, b) => a - b));
});

it('no other docs page keeps its own exit-code table', () => {
  for (const page of ['dns-resolvers.md', 'batch-and-clusters.md', 'exports.md']) {
    const text = readFileSync(new URL(`../../docs/${page}`, import.meta.url), 'utf8');
    expect(text, page).not.toMatch(/^\| code \|/m);
  }
});
