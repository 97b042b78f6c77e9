import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REQUIRED_STACKS } from '../../src/content/finding-content.js';
import { CONTENT_DIR, findingContent } from '../../src/content/load.js';
import { splitSections } from '../../src/content/markdown.js';
import { SCORING_TABLE } from '../../src/scoring/table.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { declaredCauses } from '../../src/checks/run.js';
import { causeCoverageProblems } from './cause-coverage.js';

const content = findingContent();
const tableIds = Object.keys(SCORING_TABLE).sort();
const findingsDir = join(CONTENT_DIR, 'findings');

/** The fence language each stack's snippet is expected to use, so renderers can highlight it. */
const STACK_LANG: Record<(typeof REQUIRED_STACKS)[number] | 'zone file', string> = {
  'zone file': 'dns',
  nginx: 'nginx',
  Apache: 'apache',
  Caddy: 'caddy',
  Express: 'js',
};

describe('finding content', () => {
  it('loads at least one file per scoring-table id', () => {
    expect(content.size).toBeGreaterThanOrEqual(tableIds.length);
  });

  it('has content for every id in the scoring table', () => {
    const missing = tableIds.filter((id) => !content.has(id));
    expect(missing, `ids without content/findings/<id>.md`).toEqual([]);
  });

  it('names only ids that are in the scoring table, with the same category', () => {
    const problems: string[] = [];
    for (const [id, c] of content) {
      const rule = SCORING_TABLE[id];
      if (!rule) problems.push(`${id}: not in the scoring table`);
      else if (rule.category !== c.category) problems.push(`${id}: category '${c.category}', table says '${rule.category}'`);
    }
    expect(problems).toEqual([]);
  });

  it('gives every finding a title, an intro and at least two fix steps', () => {
    const problems: string[] = [];
    for (const [id, c] of content) {
      if (!c.title.trim()) problems.push(`${id}: empty title`);
      if (!c.intro) problems.push(`${id}: no intro`);
      if (c.steps.length < 2) problems.push(`${id}: ${c.steps.length} fix step(s)`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps the first fix step short: the terminal report shows it alone as the top fix', () => {
    const long = [...content.values()].filter((c) => c.steps[0]!.length > 170).map((c) => `${c.id}: ${c.steps[0]!.length} chars`);
    expect(long).toEqual([]);
  });

  it('numbers fix steps 1, 2, 3 … without gaps', () => {
    const problems: string[] = [];
    for (const id of content.keys()) {
      const raw = readFileSync(join(findingsDir, `${id}.md`), 'utf8');
      const steps = splitSections(raw, 2).get('fix steps') ?? '';
      const numbers = [...steps.matchAll(/^(\d+)\.\s/gm)].map((m) => Number(m[1]));
      if (numbers.some((n, i) => n !== i + 1)) problems.push(`${id}: steps numbered ${numbers.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('has exactly the four stacks, each with exactly one fenced block in the right language (cause configurations too)', () => {
    const problems: string[] = [];
    for (const [id, c] of content) {
      const raw = readFileSync(join(findingsDir, `${id}.md`), 'utf8');
      const sets = [
        { where: id, snippets: c.snippets, section: 'configurations' },
        ...[...c.causes.values()].filter((k) => k.snippets).map((k) => ({ where: `${id} (cause ${k.id})`, snippets: k.snippets!, section: `configurations (cause: ${k.id})` })),
      ];
      for (const { where, snippets, section } of sets) {
        const stacks = snippets.map((s) => s.stack);
        // DNS & email findings are fixed in the zone, not the web server: a zone-file snippet first, and
        // the four web stacks only where a file must be served (the MTA-STS policy).
        // (Section names other than the four stacks come back lower-cased from the parser.)
        // Mail transport findings (mail_*) are fixed on the mail server: its configuration (Postfix's main.cf).
        const expected = id.startsWith('mail_')
          ? ['postfix (main.cf)']
          : c.category === 'dns' ? (stacks.length > 1 ? ['zone file', ...REQUIRED_STACKS] : ['zone file']) : [...REQUIRED_STACKS];
        if (stacks.join() !== expected.join()) problems.push(`${where}: stacks ${stacks.join(', ')}`);
        for (const s of snippets) {
          const want = STACK_LANG[s.stack as keyof typeof STACK_LANG];
          if (want && s.lang !== want) problems.push(`${where}/${s.stack}: fence language '${s.lang}', want '${want}'`);
          if (!s.code.trim()) problems.push(`${where}/${s.stack}: empty code block`);
        }
        // The parser keeps the first fence only; a second block would be silently dropped.
        const configurations = splitSections(raw, 2).get(section) ?? '';
        for (const [stack, body] of splitSections(configurations, 3)) {
          if (!stack) continue;
          const fences = body.split('\n').filter((line) => line.startsWith('```')).length;
          if (fences !== 2) problems.push(`${where}/${stack}: ${fences / 2} fenced blocks`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('points every explainer at an existing content/learn/<topic>.md', () => {
    const missing = [...content.values()]
      .filter((c) => !existsSync(join(CONTENT_DIR, 'learn', `${c.explainer}.md`)))
      .map((c) => `${c.id} -> ${c.explainer}`);
    expect(missing, 'findings whose explainer topic has no Learn page').toEqual([]);
  });

  it('has a fix for exactly the causes the checks can emit, id by id', () => {
    const declared = declaredCauses(ALL_CHECKS);
    expect(causeCoverageProblems(declared, content)).toEqual([]);
    expect(declared.size, 'multi-cause ids').toBeGreaterThan(20);
  });

  it('the cause check fails both ways: a cause without content, and content for a cause no check emits', () => {
    const words = { causes: new Map([['plus_all', {}], ['stale_cause', {}]]) } as never;
    const problems = causeCoverageProblems(new Map([['dns_spf_pass_all', new Set(['plus_all', 'exists_term'])]]), new Map([['dns_spf_pass_all', words]]));
    expect(problems).toEqual([
      "dns_spf_pass_all: cause 'exists_term' can be emitted but has no '## Fix steps (cause: exists_term)'",
      "dns_spf_pass_all: content has a fix for cause 'stale_cause', which no check emits",
    ]);
  });

  it('gives every cause a summary and at least two steps, the first short enough to stand alone', () => {
    const problems: string[] = [];
    for (const [id, c] of content) {
      for (const k of c.causes.values()) {
        if (k.summary.length < 20) problems.push(`${id}/${k.id}: summary '${k.summary}'`);
        if (k.steps.length < 2) problems.push(`${id}/${k.id}: ${k.steps.length} fix step(s)`);
        if (k.steps[0]!.length > 170) problems.push(`${id}/${k.id}: first step ${k.steps[0]!.length} chars`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('numbers every cause\'s steps 1, 2, 3 … without gaps', () => {
    const problems: string[] = [];
    for (const [id, c] of content) {
      const sections = splitSections(readFileSync(join(findingsDir, `${id}.md`), 'utf8'), 2);
      for (const cause of c.causes.keys()) {
        const numbers = [...(sections.get(`fix steps (cause: ${cause})`) ?? '').matchAll(/^(\d+)\.\s/gm)].map((m) => Number(m[1]));
        if (numbers.some((n, i) => n !== i + 1)) problems.push(`${id}/${cause}: steps numbered ${numbers.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has no stray files: every .md in content/findings was loaded', () => {
    const files = readdirSync(findingsDir).filter((f) => f.endsWith('.md'));
    expect(files.length).toBe(content.size);
  });
});
