/** The parser of per-cause fix sections in content/findings/<id>.md: what it reads and what it refuses. */
import { describe, expect, it } from 'vitest';
import { parseFindingContent } from '../../src/content/finding-content.js';
import { contentForCause } from '../../src/content/cause.js';
import { contentForHost } from '../../src/content/host-snippets.js';

const file = (extra: string) => `---
id: dns_spf_pass_all
title: SPF allows every sender
category: dns
explainer: email-authentication
---
Intro.

## Why it matters

Why.

## Real-world risk

Risk.

## Fix steps

1. General one.
2. General two.

${extra}
## Configurations

### Zone file

\`\`\`dns
@ TXT "v=spf1 -all"
\`\`\`
`;

const EXISTS = `## Fix steps (cause: exists_term)

An \`exists:\` term
matches everyone under example.com.

1. Fix the macro at _spf.example.com.
2. Re-scan.
`;

describe('cause sections', () => {
  it('reads the summary (one line), the steps and the optional configurations of each cause', () => {
    const c = parseFindingContent(
      file(`${EXISTS}\n## Configurations (cause: exists_term)\n\n### Zone file\n\n\`\`\`dns\n1.2.0.192._spf A 127.0.0.2\n\`\`\`\n`),
      'x.md',
    );
    expect(c.steps).toEqual(['General one.', 'General two.']);
    expect([...c.causes.keys()]).toEqual(['exists_term']);
    expect(c.causes.get('exists_term')).toEqual({
      id: 'exists_term',
      summary: 'An `exists:` term matches everyone under example.com.',
      steps: ['Fix the macro at _spf.example.com.', 'Re-scan.'],
      snippets: [{ stack: 'zone file', lang: 'dns', code: '1.2.0.192._spf A 127.0.0.2' }],
    });
  });

  it('an id without cause sections has none, and a cause without configurations keeps the general ones', () => {
    expect(parseFindingContent(file(''), 'x.md').causes.size).toBe(0);
    const c = parseFindingContent(file(EXISTS), 'x.md');
    expect(c.causes.get('exists_term')!.snippets).toBeUndefined();
    const shown = contentForCause(c, 'exists_term');
    expect(shown.snippets).toEqual(c.snippets);
    expect(shown.steps).toEqual(['Fix the macro at _spf.example.com.', 'Re-scan.']);
  });

  it('fills the scanned names into the cause summary and steps like the rest of the fix', () => {
    const shown = contentForHost(contentForCause(parseFindingContent(file(EXISTS), 'x.md'), 'exists_term'), 'mail.shop.example');
    expect(shown.cause!.summary).toBe('An `exists:` term matches everyone under shop.example.');
    expect(shown.steps[0]).toBe('Fix the macro at _spf.shop.example.');
  });

  it.each([
    ['a cause without a sentence naming it', '## Fix steps (cause: exists_term)\n\n1. Step.\n', /needs a sentence naming the cause/],
    ['a cause without steps', '## Fix steps (cause: exists_term)\n\nOnly words.\n', /needs an ordered list/],
    ['configurations for a cause without steps', '## Configurations (cause: other)\n\n### Zone file\n\n```dns\nx\n```\n', /has no '## Fix steps \(cause: other\)'/],
    ['a cause id that is not snake_case', '## Fix steps (cause: Exists-Term)\n\nWords.\n\n1. Step.\n', /not a snake_case id/],
  ])('refuses %s', (_name, section, error) => {
    expect(() => parseFindingContent(file(section), 'x.md')).toThrow(error);
  });
});
