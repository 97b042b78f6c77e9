import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findingContent } from '../../src/content/load.js';
import { learnPages, parseLearnPage } from '../../src/content/learn.js';
import { SCORING_TABLE } from '../../src/scoring/table.js';

const KNOWN = new Set(['missing_hsts', 'weak_hsts']);

function page(parts: { front?: string; body?: string } = {}): string {
  const front = parts.front ?? 'topic: hsts\ntitle: HSTS explained\nsummary: What it does.';
  const body =
    parts.body ??
    [
      'Intro paragraph.',
      '',
      '## What it does',
      'It upgrades requests.',
      '',
      '## Pitfalls',
      '```nginx',
      '## not a heading inside a fence',
      '```',
      '',
      '## Related checks',
      '- `missing_hsts`',
      '- `weak_hsts`',
      '',
      '## Try the focused tools',
      '- Headers checker',
    ].join('\n');
  return `---\n${front}\n---\n${body}\n`;
}

describe('parseLearnPage', () => {
  it('parses front matter, intro, ordered sections, related checks and tools', () => {
    const p = parseLearnPage(page(), 'hsts.md', KNOWN);
    expect(p.topic).toBe('hsts');
    expect(p.title).toBe('HSTS explained');
    expect(p.summary).toBe('What it does.');
    expect(p.intro).toBe('Intro paragraph.');
    expect(p.sections.map((s) => s.heading)).toEqual(['What it does', 'Pitfalls']);
    expect(p.sections[1]!.body).toContain('## not a heading inside a fence');
    expect(p.relatedChecks).toEqual(['missing_hsts', 'weak_hsts']);
    expect(p.tools).toEqual(['Headers checker']);
  });

  it.each([
    ['a missing summary', page({ front: 'topic: hsts\ntitle: T' }), /lacks 'summary'/],
    ['a topic that differs from the file name', page({ front: 'topic: csp\ntitle: T\nsummary: S' }), /does not match/],
    ['a related check not in the table', page().replace('`weak_hsts`', '`weak_hstz`'), /'weak_hstz' is not in the scoring table/],
    ['a related check without backticks', page().replace('- `weak_hsts`', '- weak_hsts'), /not one finding id in backticks/],
    ['a related check listed twice', page().replace('- `weak_hsts`', '- `missing_hsts`'), /listed twice/],
    ['prose among the related checks', page().replace('- `weak_hsts`', 'See also these.'), /may only hold bullets/],
    ['closing sections in the wrong order', page().replace('## Related checks', '## Tmp').replace('## Try the focused tools', '## Related checks').replace('## Tmp', '## Try the focused tools'), /must end with/],
    ['no tools', page().replace('- Headers checker', ''), /has no bullets/],
    ['no intro', page().replace('Intro paragraph.', ''), /no introduction/],
    ['a repeated heading', page().replace('## Pitfalls', '## What it does'), /appears twice/],
    ['no topic sections', page({ body: 'Intro.\n## Related checks\n- `weak_hsts`\n## Try the focused tools\n- x' }), /no topic sections/],
    ['no front matter', 'just text', /no front matter/],
  ])('rejects %s', (_label, source, message) => {
    expect(() => parseLearnPage(source, 'hsts.md', KNOWN)).toThrow(message);
  });

  it('never fails with anything but a plain Error naming the file', () => {
    const fragments = fc.constantFrom('---\n', 'topic: hsts\n', 'title: t\n', 'summary: s\n', '## Related checks\n', '## Try the focused tools\n', '## X\n', '- `missing_hsts`\n', '- x\n', '```\n', 'text\n', '\r\n');
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string()), { maxLength: 30 }), (parts) => {
        try {
          parseLearnPage(parts.join(''), 'hsts.md', KNOWN);
        } catch (err) {
          expect(err).toBeInstanceOf(Error);
          expect(err).not.toBeInstanceOf(TypeError);
          expect((err as Error).message.startsWith('hsts.md:')).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('content/learn', () => {
  const pages = learnPages();

  it('loads every explainer that finding content points to', () => {
    const wanted = new Set([...findingContent().values()].map((c) => c.explainer));
    const missing = [...wanted].filter((topic) => !pages.has(topic)).sort();
    expect(missing, 'explainer topics without content/learn/<topic>.md').toEqual([]);
  });

  it('lists only real, correctly categorised checks and links back from each of them', () => {
    for (const p of pages.values()) {
      expect(p.relatedChecks.length).toBeGreaterThan(0);
      for (const id of p.relatedChecks) expect(SCORING_TABLE[id], `${p.topic}: ${id}`).toBeDefined();
    }
    // Every finding whose explainer is a page appears in that page's Related checks.
    const unlisted = [...findingContent().values()]
      .filter((c) => pages.has(c.explainer) && !pages.get(c.explainer)!.relatedChecks.includes(c.id))
      .map((c) => `${c.explainer} does not list ${c.id}`);
    expect(unlisted).toEqual([]);
  });

  it('gives every page a title, a summary and at least two topic sections', () => {
    for (const p of pages.values()) {
      expect(p.title.length, p.topic).toBeGreaterThan(10);
      expect(p.summary.length, p.topic).toBeGreaterThan(20);
      expect(p.sections.length, p.topic).toBeGreaterThanOrEqual(2);
    }
  });
});
