/** Every CORS id has scoring, content that parses, and a place on the CORS Learn page. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFindingContent, REQUIRED_STACKS } from '../../src/content/finding-content.js';
import { parseFrontMatter, splitSections } from '../../src/content/markdown.js';
import { CORS_RULES } from '../../src/scoring/rules/cors.js';
import { CORS_CHECKS } from '../../src/checks/cors/index.js';
import { SCORING_TABLE } from '../../src/scoring/table.js';

const root = join(import.meta.dirname, '..', '..', 'content');
const ids = Object.keys(CORS_RULES);

describe('CORS content and scoring', () => {
  it('checks, rules and the scoring table agree on the ids', () => {
    expect(CORS_CHECKS.flatMap((c) => c.ids).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect(SCORING_TABLE[id]?.category).toBe('headers');
    }
  });

  it.each(ids)('%s has a complete content file linked to the cors explainer', (id) => {
    const c = parseFindingContent(readFileSync(join(root, 'findings', `${id}.md`), 'utf8'), `${id}.md`);
    expect(c.id).toBe(id);
    expect(c.category).toBe('headers');
    expect(c.explainer).toBe('cors');
    expect(c.snippets.map((s) => s.stack)).toEqual([...REQUIRED_STACKS]);
    expect(c.steps.length).toBeGreaterThan(0);
  });

  it('the Learn page has its front matter, sections, and links every CORS check', () => {
    const { meta, body } = parseFrontMatter(readFileSync(join(root, 'learn', 'cors.md'), 'utf8'), 'cors.md');
    expect(meta.topic).toBe('cors');
    expect(meta.title).toBe('CORS explained');
    expect(meta.summary?.length).toBeGreaterThan(40);
    const sections = [...splitSections(body, 2).keys()].filter(Boolean);
    expect(sections.slice(-2)).toEqual(['related checks', 'try the focused tools']);
    for (const topic of ['same-origin policy', 'preflight', 'headers that matter', 'break the model', 'not the answer']) {
      expect(sections.some((s) => s.includes(topic))).toBe(true);
    }
    const related = splitSections(body, 2).get('related checks')!;
    for (const id of ids) expect(related).toContain(`\`${id}\``);
  });
});
