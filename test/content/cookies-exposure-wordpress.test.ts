import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseFindingContent, REQUIRED_STACKS } from '../../src/content/finding-content.js';
import { parseFrontMatter, splitSections } from '../../src/content/markdown.js';
import { CONTENT_DIR } from '../../src/content/load.js';
import { COOKIE_CHECKS } from '../../src/checks/cookies/index.js';
import { EXPOSURE_CHECKS } from '../../src/checks/exposure/index.js';
import { WORDPRESS_CHECKS } from '../../src/checks/wordpress/index.js';
import { SCORING_TABLE } from '../../src/scoring/table.js';

const AREAS = { cookies: COOKIE_CHECKS, exposure: EXPOSURE_CHECKS, wordpress: WORDPRESS_CHECKS };

describe('content and scoring for the cookies, exposure and WordPress ids', () => {
  for (const [category, checks] of Object.entries(AREAS)) {
    for (const id of [...new Set(checks.flatMap((c) => c.ids))]) {
      it(`${id}: scoring rule and complete content`, () => {
        expect(SCORING_TABLE[id]?.category).toBe(category);
        const file = join(CONTENT_DIR, 'findings', `${id}.md`);
        expect(existsSync(file), file).toBe(true);
        const content = parseFindingContent(readFileSync(file, 'utf8'), `${id}.md`);
        expect(content.id).toBe(id);
        expect(content.category).toBe(category);
        expect(content.steps.length).toBeGreaterThanOrEqual(2);
        expect(content.snippets.map((s) => s.stack)).toEqual(expect.arrayContaining([...REQUIRED_STACKS]));
        const learn = join(CONTENT_DIR, 'learn', `${content.explainer}.md`);
        expect(existsSync(learn), learn).toBe(true);
        const { body } = parseFrontMatter(readFileSync(learn, 'utf8'), learn);
        expect(splitSections(body, 2).get('related checks') ?? '').toContain(`\`${id}\``);
      });
    }
  }
});
