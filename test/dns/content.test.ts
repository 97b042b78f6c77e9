/** Every DNS finding id has a scoring rule and a content file; the three DNS explainers exist and list their checks. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFindingContent } from '../../src/content/finding-content.js';
import { parseFrontMatter } from '../../src/content/markdown.js';
import { DNS_RULES } from '../../src/scoring/rules/dns.js';
import { DNS_CHECKS } from '../../src/checks/dns/index.js';
import { MAIL_CHECKS } from '../../src/checks/mail/index.js';

const ROOT = join(import.meta.dirname, '..', '..', 'content');
const EXPLAINERS = ['email-authentication', 'caa', 'dnssec'];

describe('DNS content', () => {
  // The mail-transport checks score in the same category (checks/mail/, evidence key `mail`).
  const ids = [...DNS_CHECKS, ...MAIL_CHECKS].flatMap((c) => c.ids);
  it('every check id has a rule and every rule a check', () => {
    expect(new Set(ids)).toEqual(new Set(Object.keys(DNS_RULES)));
  });
  it.each(Object.keys(DNS_RULES))('%s has a valid content file', (id) => {
    const parsed = parseFindingContent(readFileSync(join(ROOT, 'findings', `${id}.md`), 'utf8'), `${id}.md`);
    expect(parsed.id).toBe(id);
    expect(parsed.category).toBe('dns');
    expect(EXPLAINERS).toContain(parsed.explainer);
    expect(parsed.steps.length).toBeGreaterThan(1);
    expect(parsed.snippets.length).toBeGreaterThan(0);
  });
  it.each(EXPLAINERS)('learn/%s lists its related checks and ends with the tools section', (topic) => {
    const source = readFileSync(join(ROOT, 'learn', `${topic}.md`), 'utf8');
    const { meta, body } = parseFrontMatter(source, `${topic}.md`);
    expect(meta.topic).toBe(topic);
    expect(meta.title && meta.summary).toBeTruthy();
    const headings = [...body.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings.slice(-2)).toEqual(['Related checks', 'Try the focused tools']);
    const related = body.split('## Related checks')[1]!.split('## Try')[0]!;
    const listed = [...related.matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]);
    const expected = Object.keys(DNS_RULES).filter((id) => parseFindingContent(readFileSync(join(ROOT, 'findings', `${id}.md`), 'utf8'), id).explainer === topic);
    expect(new Set(listed)).toEqual(new Set(expected));
  });
  it('no finding file names an id outside the table', () => {
    const dnsFiles = readdirSync(join(ROOT, 'findings')).filter((f) => /^(dns_|dnssec_)/.test(f));
    for (const f of dnsFiles) expect(Object.keys(DNS_RULES)).toContain(f.replace(/\.md$/, ''));
  });
});
