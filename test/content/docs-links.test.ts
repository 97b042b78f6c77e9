/**
 * The README is the front door and docs/ the manual: every relative link in them must lead somewhere —
 * a file of the repository, and for `#anchor` links a heading of that page (GitHub's anchors, repeated
 * headings numbered). Inline links (with or without a title), reference definitions and HTML `href`s
 * are all checked, in every Markdown file under docs/ (sub-folders too).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function markdownUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return markdownUnder(path);
    return name.endsWith('.md') ? [path] : [];
  });
}
const pages = ['README.md', ...markdownUnder('docs')];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .replace(/`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');

/** Every anchor of a page: its headings' slugs, a repeated one numbered -1, -2 … as GitHub does. */
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of withoutCode(text).matchAll(/^#{1,6} (.*?)#*\s*$/gm)) {
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of text.matchAll(/<a (?:name|id)="([^"]+)"/g)) anchors.add(m[1]!);
  return anchors;
}

/** Code blocks and code spans hold shell and Markdown examples, not links of this page. */
const withoutCode = (text: string) => text.replace(/^(```|~~~)[\s\S]*?^\1/gm, '').replace(/`[^`\n]*`/g, '');

/** The link targets of a Markdown text: inline links and images, reference definitions, HTML hrefs. */
function linksOf(text: string): string[] {
  const body = withoutCode(text);
  return [
    ...[...body.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g)].map((m) => m[1]!),
    ...[...body.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!),
    ...[...body.matchAll(/\bhref="([^"]+)"/g)].map((m) => m[1]!),
  ];
}

/** What is wrong with one page's relative links, for the test and its own self-check. */
function brokenLinks(page: string, text: string, read: (file: string) => string | undefined): string[] {
  const broken: string[] = [];
  for (const target of linksOf(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …: outside the repository
    const [path, anchor] = target.split('#') as [string, string | undefined];
    const file = path ? join(dirname(page), decodeURI(path)) : page;
    const content = read(file);
    if (content === undefined) broken.push(`${page}: ${target} (no such file)`);
    else if (anchor && file.endsWith('.md') && !anchorsOf(content).has(decodeURIComponent(anchor))) broken.push(`${page}: ${target} (no heading ${file}#${anchor})`);
  }
  return broken;
}

const readRepo = (file: string): string | undefined => {
  const full = join(ROOT, file);
  if (!existsSync(full)) return undefined;
  return statSync(full).isDirectory() ? '' : readFileSync(full, 'utf8');
};

describe('links of README.md and docs/', () => {
  it('every relative link resolves, anchors included', () => {
    const broken = pages.flatMap((page) => brokenLinks(page, readFileSync(join(ROOT, page), 'utf8'), readRepo));
    expect(broken).toEqual([]);
  });

  it('the checker sees the links it must (so it cannot pass by finding none)', () => {
    const all = pages.flatMap((page) => linksOf(readFileSync(join(ROOT, page), 'utf8')));
    expect(all.filter((l) => !/^[a-z]+:/i.test(l)).length).toBeGreaterThan(50);
    expect(all.filter((l) => l.includes('#')).length).toBeGreaterThan(5);
    const sample = [
      'See [a](missing.md), [b](real.md#there "title"), [c](real.md#nowhere), [d](real.md#dup-1), [e](#local).',
      '[ref]: gone.md',
      '`[not a link](in-code.md)`',
      '```', '[nor](in-block.md)', '```',
      '## Local',
    ].join('\n');
    const files: Record<string, string> = { 'docs/real.md': '# There\n## Dup\n## Dup\n' };
    const broken = brokenLinks('docs/page.md', sample, (f) => (f === 'docs/page.md' ? sample : files[f.replace(/\\/g, '/')]));
    expect(broken).toEqual(['docs/page.md: missing.md (no such file)', 'docs/page.md: real.md#nowhere (no heading docs/real.md#nowhere)', 'docs/page.md: gone.md (no such file)']);
  });
});

it('README.md stays a front door: the two commands first, the manual in docs/', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  expect(readme.split('\n').length).toBeLessThanOrEqual(200);
  expect(readme).toContain('. scripts/use-node24.sh && npm ci && npm run build && npx scorifya serve');
  expect(readme).toContain('sudo bash .ci/run');
});
