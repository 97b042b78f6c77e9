/**
 * docs/scoring.md is written for people, by hand: this holds it to the code it describes (the cap
 * table, the grade bands, the measured-share rule), so that a change of rule fails here until the page
 * says the same.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { capTable, capsBySeverity } from '../../src/scoring/caps.js';
import { A_NEEDS_MEASURED, GRADE_SCALE, pointsNeededForA } from '../../src/scoring/grade.js';
import { CATEGORIES } from '../../src/scoring/categories.js';
import { SCORING_TABLE } from '../../src/scoring/table.js';

const doc = readFileSync(fileURLToPath(new URL('../../docs/scoring.md', import.meta.url)), 'utf8');

describe('docs/scoring.md', () => {
  it('has one row per cap class, with its cap and every finding that caps by it', () => {
    const rows = doc.split('\n').filter((l) => /^\| \d+ \| `[a-z_]+` \|/.test(l));
    expect(rows).toHaveLength(capTable().length);
    for (const c of capTable()) {
      const row = rows.find((r) => r.startsWith(`| ${c.cap} | \`${c.id}\` |`));
      expect(row, `${c.id} at ${c.cap}`).toBeDefined();
      const members = Object.entries(SCORING_TABLE).filter(([, r]) => capsBySeverity(r.cap).some((e) => e.capClass.id === c.id));
      for (const [id] of members) expect(row, `${c.id} row names ${id}`).toContain(`\`${id}\``);
      const named = [...row!.matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]!).filter((id) => id !== c.id && SCORING_TABLE[id]);
      expect(named.sort(), `${c.id} row names only its members`).toEqual(members.map(([id]) => id).sort());
    }
  });

  it('states the grade bands, the category weights and the measured-share rule as the code has them', () => {
    for (const band of GRADE_SCALE) {
      if (band.min === 0) expect(doc).toContain(`| ${band.grade} | below ${GRADE_SCALE.at(-2)!.min} |`);
      else expect(doc).toMatch(new RegExp(`\\| ${band.grade.replace('+', '\\+')} \\| ${band.min} or more`));
    }
    for (const c of CATEGORIES) expect(doc).toMatch(new RegExp(`\\| ${c.name.replace(/[()]/g, '.')}[^|]* \\| ${c.weight} \\|`));
    expect(doc).toContain(`at least ${Math.round(A_NEEDS_MEASURED * 100)} % of the points measured**: ${pointsNeededForA(100)} of 100, or ${pointsNeededForA(110)} of 110`);
  });
});
