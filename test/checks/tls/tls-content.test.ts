import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TLS_CHECKS } from '../../../src/checks/tls/index.js';
import { CONTENT_DIR } from '../../../src/content/load.js';
import { parseFindingContent } from '../../../src/content/finding-content.js';
import { parseFrontMatter, splitSections } from '../../../src/content/markdown.js';

describe('TLS content', () => {
  const ids = TLS_CHECKS.flatMap((c) => c.ids);

  it.each(ids)('%s has a complete content file with all four stacks', (id) => {
    const content = parseFindingContent(readFileSync(join(CONTENT_DIR, 'findings', `${id}.md`), 'utf8'), `${id}.md`);
    expect(content.id).toBe(id);
    expect(content.category).toBe('tls');
    expect(['tls-versions', 'certificates']).toContain(content.explainer);
    expect(content.snippets.map((s) => s.stack)).toEqual(['nginx', 'Apache', 'Caddy', 'Express']);
    expect(content.steps.length).toBeGreaterThan(0);
  });

  it.each(['tls-versions', 'certificates'])('explainer %s lists related checks that exist', (topic) => {
    const source = readFileSync(join(CONTENT_DIR, 'learn', `${topic}.md`), 'utf8');
    const { meta, body } = parseFrontMatter(source, topic);
    expect(meta).toMatchObject({ topic });
    expect(meta.title).toBeTruthy();
    expect(meta.summary).toBeTruthy();
    const sections = [...splitSections(body, 2).keys()];
    expect(sections.slice(-2)).toEqual(['related checks', 'try the focused tools']);
    const related = [...(splitSections(body, 2).get('related checks') ?? '').matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]);
    for (const id of related) expect(ids).toContain(id);
  });
});
