/** docs/protection-layers.md shows the table the scanner uses: every layer, source and cookie in it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROTECTION_LAYERS } from '../../src/model/protection-layers.js';

const DOC = readFileSync(new URL('../../docs/protection-layers.md', import.meta.url), 'utf8');
const rows = DOC.split('\n').filter((line) => line.startsWith('| '));

describe('docs/protection-layers.md', () => {
  for (const layer of PROTECTION_LAYERS) {
    it(`${layer.name}: one table row per answer, every source linked, every cookie listed`, () => {
      const mine = rows.filter((row) => row.startsWith(`| ${layer.name} |`));
      // One row per rule in the answers table, plus its cookies row when it sets cookies.
      expect(mine.length).toBe(layer.rules.length + (layer.cookies.length ? 1 : 0));
      for (const rule of layer.rules) {
        for (const source of new Set([rule.source, ...rule.requires.flat().map((m) => m.source)])) expect(DOC).toContain(`<${source}>`);
        expect(rows.some((row) => row.includes(`| ${layer.name} |`) && row.includes(rule.answer) && row.includes(rule.statuses.join(', ')))).toBe(true);
      }
      for (const cookie of layer.cookies) {
        expect(DOC).toContain(`<${cookie.source}>`);
        expect(mine.at(-1)!).toContain(`\`${cookie.name}${cookie.prefix ? '…' : ''}\``);
      }
    });
  }
});
