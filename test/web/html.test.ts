/** The HTML builders: everything interpolated is escaped; the Markdown renderer never emits unsafe links. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { html, trusted } from '../../src/server/html/template.js';
import { inline, renderMarkdown } from '../../src/server/html/markdown.js';
import { compareReports } from '../../src/server/compare.js';
import type { Report } from '../../src/model/report.js';

const markup = /[<>"'`]/;
/** Any Unicode text, with markup characters made frequent. */
const hostileText = fc.string({
  unit: fc.oneof(fc.constantFrom('<', '>', '"', "'", '`', '&', '=', '/'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })),
  maxLength: 200,
});

describe('html template', () => {
  it('escapes any interpolated string, in text and in attributes', () => {
    fc.assert(
      fc.property(hostileText, (s) => {
        const out = html`<p title="${s}">${s}</p>`.value;
        const inner = out.slice('<p title="'.length, -'</p>'.length);
        expect(markup.test(inner.replace('">', ''))).toBe(false);
      }),
    );
  });

  it('keeps trusted markup and nested templates, and drops null, undefined and false', () => {
    expect(html`<div>${trusted('<b>x</b>')}${html`<i>${'<y>'}</i>`}${null}${undefined}${false}${0}</div>`.value).toBe('<div><b>x</b><i>&#60;y&#62;</i>0</div>');
    expect(html`<ul>${['<a>', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.value).toBe('<ul><li>&#60;a&#62;</li><li>b</li></ul>');
  });
});

describe('markdown renderer', () => {
  it('never lets text become markup, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), hostileText), (s) => {
        const out = renderMarkdown(s);
        // Only our own tags may appear.
        for (const tag of out.matchAll(/<\/?([a-z0-9]+)/g)) expect(['p', 'ul', 'ol', 'li', 'pre', 'code', 'strong', 'em', 'a', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']).toContain(tag[1]);
        expect(out).not.toMatch(/href="(?!https?:|\/|#)/i);
      }),
    );
  });

  it('renders links only to http(s), site paths and fragments', () => {
    expect(inline('[x](javascript:alert(1))')).toBe('[x](javascript:alert(1))');
    expect(inline('[x](//evil.example)')).toBe('[x](//evil.example)');
    expect(inline('[docs](/learn/hsts) and [mdn](https://developer.mozilla.org/)')).toBe('<a href="/learn/hsts">docs</a> and <a href="https://developer.mozilla.org/">mdn</a>');
  });

  it('renders headings, lists, fenced code and finding ids as links', () => {
    const out = renderMarkdown('## Title\n\n1. one `missing_hsts`\n2. two\n\n```nginx\nadd_header X "<y>";\n```\n\n- a\n- b', { checkIds: new Set(['missing_hsts']) });
    expect(out).toContain('<h2 id="title">Title</h2>');
    expect(out).toContain('<ol><li>one <a href="/checks/missing_hsts"><code>missing_hsts</code></a></li><li>two</li></ol>');
    expect(out).toContain('<pre class="code" data-lang="nginx"><code>add_header X &#34;&#60;y&#62;&#34;;</code></pre>');
    expect(out).toContain('<ul><li>a</li><li>b</li></ul>');
  });
});

describe('compare', () => {
  const report = (ids: string[], score: number): Report => ({
    schemaVersion: 1,
    target: { input: '', url: '', host: '', schemeGiven: true, resolved: [] },
    startedAt: '',
    durationMs: 0,
    score,
    grade: null,
    caps: [],
    categories: [],
    findings: ids.map((id) => ({ id, category: 'headers', severity: 'low', title: id, pointsLost: 1, evidence: '', location: '' })),
    unavailable: [],
  });

  it('splits findings into fixed, new and unchanged by id, instance by instance', () => {
    const c = compareReports(report(['a', 'b', 'b'], 70), report(['b', 'c'], 85));
    expect(c.fixed.map((f) => f.id)).toEqual(['a', 'b']); // one of the two 'b' instances is gone
    expect(c.added.map((f) => f.id)).toEqual(['c']);
    expect(c.unchanged.map((u) => u.after.id)).toEqual(['b']);
    expect(c.scoreChange).toBe(15);
  });

  it('partitions any pair of reports completely', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e')), fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e')), (x, y) => {
        const c = compareReports(report(x, 1), report(y, 2));
        expect(new Set([...c.fixed, ...c.unchanged.map((u) => u.before)].map((f) => f.id))).toEqual(new Set(x));
        expect(new Set([...c.added, ...c.unchanged.map((u) => u.after)].map((f) => f.id))).toEqual(new Set(y));
      }),
    );
  });
});
