import { describe, expect, it } from 'vitest';
import { contentDocs, withoutCommandLineSection } from '../../../src/server/content-files.js';

describe('Learn pages on the web speak to web users', () => {
  it('no Learn page shown on the web names a command-line flag', () => {
    const docs = [...contentDocs('learn').values()];
    expect(docs.length).toBeGreaterThan(5);
    const withFlags = docs.filter((d) => /(^|[\s`(])--[a-z][a-z-]+/m.test(d.body)).map((d) => d.slug);
    expect(withFlags).toEqual([]);
  });

  it('drops only the command-line section, wherever it sits', () => {
    const body = '## One\ntext\n## Try the focused tools\n- `scorifya tls x --json`\n## Two\nmore\n';
    expect(withoutCommandLineSection(body)).toBe('## One\ntext\n## Two\nmore\n');
    expect(withoutCommandLineSection('## A\n## Try the focused tools\n- `scorifya cors URL --origin o`\n')).toBe('## A\n');
    expect(withoutCommandLineSection('## A\nno section\n')).toBe('## A\nno section\n');
  });
});
