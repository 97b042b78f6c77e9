/** The export renderers on hand-written reports: SARIF against the schema, and escaping in HTML, Markdown and CSV. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { marked } from 'marked';
import { artifactPath, renderSarif, SARIF_LEVEL } from '../../src/report/sarif.js';
import { renderHtml } from '../../src/report/html.js';
import { codeBlock, mdText, renderMarkdown } from '../../src/report/markdown.js';
import { csvCell, CSV_COLUMNS, renderCsv } from '../../src/report/csv.js';
import { categoryRows } from '../../src/report/rows.js';
import { renderExport } from '../../src/report/formats.js';
import { withArithmetic } from '../../src/report/arithmetic.js';
import { findingContent } from '../../src/content/load.js';
import { sarifErrors } from './sarif-schema.js';
import { hostileReport, IMG, SCRIPT } from './hostile-report.js';
import { parseCsv } from './csv-parse.js';
import { escapeTerminal } from '../../src/report/escape.js';

const decodeEntities = (html: string) =>
  html.replace(/&(#\d+|#x[\da-f]+|lt|gt|quot|amp);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ({ lt: '<', gt: '>', quot: '"', amp: '&' } as Record<string, string>)[e.toLowerCase()]!,
  );

const report = hostileReport();
/** Arbitrary text with Markdown's active pieces mixed in often enough to matter. */
const hostileText = fc
  .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('www.evil.example', '_www.x.example', 'awww.x.example', 'a@b.example', 'HTTP://x.example/', '<b>', '![i](x)', '[l](javascript:x)', '|', '`', '**', '~~', '$x$', '\\', '&amp;', '#1', '@user', '\n---\n', '_')), { maxLength: 12 })
  .map((parts) => parts.join(''));

describe('SARIF', () => {
  const sarif = renderSarif(report) as any;
  const run = sarif.runs[0];

  it('validates against the SARIF 2.1.0 schema', () => {
    expect(sarifErrors(sarif)).toEqual([]);
  });

  it('the validator is not vacuous: a wrong level or a missing message is rejected', () => {
    const broken = structuredClone(sarif);
    broken.runs[0].results[0].level = 'fatal';
    delete broken.runs[0].results[1].message;
    expect(sarifErrors(broken).length).toBeGreaterThanOrEqual(2);
    expect(sarifErrors({ version: '2.1.0' })).not.toEqual([]);
  });

  it('one rule per finding id, with the content title and help', () => {
    const ids = [...new Set(report.findings.map((f) => f.id))];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(ids);
    const hsts = run.tool.driver.rules.find((r: { id: string }) => r.id === 'weak_hsts');
    expect(hsts.shortDescription.text).toBe(findingContent().get('weak_hsts')!.title);
    expect(hsts.help.markdown).toContain('**Fix**');
    expect(hsts.properties['security-severity']).toMatch(/^\d+\.\d$/);
  });

  it('results: level from severity, rule index, URL location, the finding id as fingerprint', () => {
    expect(run.results).toHaveLength(report.findings.length);
    report.findings.forEach((f, i) => {
      const r = run.results[i];
      expect(r.ruleId).toBe(f.id);
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(f.id);
      expect(r.level).toBe(SARIF_LEVEL[f.severity]);
      expect(r.partialFingerprints['scorifyaFindingId/v1']).toBe(f.id);
      expect(r.message.text.startsWith(f.title.replace(/[\u001b\u202e]/g, ''))).toBe(true);
    });
    const byHost = run.results.find((r: { ruleId: string }) => r.ruleId === 'dns_spf_missing');
    expect(byHost.locations[0].physicalLocation.artifactLocation.uri).toBe(`dns/${encodeURIComponent(`site.example|${SCRIPT}`)}`);
    expect(byHost.locations[0].logicalLocations[0].fullyQualifiedName).toBe(`site.example|${SCRIPT}`);
    const byUrl = run.results.find((r: { ruleId: string; properties: { location: string } }) => r.properties.location === 'https://site.example/other?q=<b>');
    expect(byUrl.locations[0].physicalLocation.artifactLocation.uri).toBe('headers/https/site.example/other');
    expect(byHost.message.text).toContain('\\x1b[31m');
    expect(byHost.message.text).toContain('\\u202e');
    expect(byHost.message.text).not.toMatch(/[\u001b\u202e]/);
  });

  it('property: the artifact path is a relative URI reference (no scheme: GitHub refuses http URIs) for any location', () => {
    const location = fc.oneof(fc.string({ unit: 'binary' }), fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.constantFrom('a:b', 'host:443', '//x/y', 'https://[::1]:8443/p%zz', '\ud800x'));
    fc.assert(
      fc.property(location, (loc) => {
        const uri = artifactPath({ category: 'tls', location: loc });
        expect(uri).toMatch(/^tls\/[A-Za-z0-9\-._~%!$&'()*+,;=:@/]+$/);
        expect(uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
      }),
      { numRuns: 300 },
    );
  });

  it('the instance fingerprint is stable across scans and differs between locations', () => {
    const again = renderSarif({ ...report, startedAt: '2027-01-01T00:00:00.000Z' }) as any;
    expect(again.runs[0].results.map((r: any) => r.partialFingerprints)).toEqual(run.results.map((r: any) => r.partialFingerprints));
    const prints = new Set(run.results.map((r: any) => r.partialFingerprints['scorifyaInstance/v1']));
    expect(prints.size).toBeGreaterThan(1);
  });

  it('not measured probes become notifications; score and category rows ride along', () => {
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toContain('tls not measured');
    expect(run.properties.score).toBe(report.score);
    expect(run.properties.categories).toEqual(categoryRows(report));
  });

  it('a report with nothing measured is still valid SARIF', () => {
    const empty = { ...report, score: null, grade: null, findings: [], categories: [] };
    const doc = renderSarif(empty) as any;
    expect(sarifErrors(doc)).toEqual([]);
    expect(doc.runs[0].invocations[0].executionSuccessful).toBe(false);
  });
});

describe('HTML', () => {
  const page = renderHtml(report);

  it('is one self-contained file: inline style, a CSP that forbids scripts and loads, no external reference', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'`);
    const tags = [...page.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>/gi)];
    const names = new Set(tags.map((t) => t[1]!.toLowerCase()));
    for (const name of ['script', 'link', 'img', 'iframe', 'object', 'embed', 'svg', 'base']) expect(names.has(name)).toBe(false);
    for (const [, , attrs] of tags) expect(attrs).not.toMatch(/\b(src|srcset|on\w+)=|href="(?!#)/i);
    expect(page).not.toMatch(/url\(|@import/i);
  });

  it('escapes every value from the target', () => {
    expect(page).not.toContain(SCRIPT);
    expect(page).not.toContain(IMG);
    expect(page).toContain('&#60;script&#62;alert(&#34;xss&#34;)&#60;/script&#62;');
  });

  it('shows category points earned of the weight, and the fix steps from content', () => {
    for (const row of categoryRows(report).filter((r) => r.measured)) expect(page).toContain(`${row.earned} / ${row.weight}`);
    expect(page).toContain('<ol><li>');
  });
});

describe('Markdown', () => {
  const md = renderMarkdown(report);
  const rendered = marked.parse(md, { gfm: true, async: false }) as string;

  it('renders on a GFM renderer without any HTML from the target', () => {
    expect(rendered).not.toMatch(/<script|<img|<b>|href="javascript/i);
    expect(rendered).toContain('&lt;script&gt;');
  });

  it('tables keep their shape: hostile pipes do not add cells', () => {
    const tables = [...rendered.matchAll(/<table>[\s\S]*?<\/table>/g)].map((m) => m[0]);
    expect(tables).toHaveLength(2);
    const findingRows = [...tables[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1);
    expect(findingRows).toHaveLength(report.findings.length);
    for (const row of findingRows) expect([...row[1]!.matchAll(/<td/g)]).toHaveLength(5);
  });

  it('evidence stays inside its code block even when it contains backtick fences', () => {
    const blocks = [...rendered.matchAll(/<pre><code[^>]*>([\s\S]*?)<\/code><\/pre>/g)].map((m) => m[1]!);
    const hostile = blocks.find((b) => b.includes('line one'))!;
    expect(hostile).toContain('````');
    expect(hostile).toContain('reversed');
  });

  it('shows category points of the weight', () => {
    for (const row of categoryRows(report).filter((r) => r.measured)) expect(md).toContain(`| ${row.earned} / ${row.weight} |`);
  });

  it('property: mdText of any string is one line of inert text', () => {
    fc.assert(
      fc.property(hostileText, (s) => {
        const out = mdText(s);
        expect(out).not.toMatch(/[\r\n<>]/);
        const html = marked.parse(`| a |\n|---|\n| ${out} |`, { gfm: true, async: false }) as string;
        expect([...html.matchAll(/<td/g)]).toHaveLength(1);
        expect(html).not.toMatch(/<(?!\/?(table|thead|tbody|tr|th|td)\b)[a-z]/i);
        // What a reader sees is exactly the target's text (control characters made visible, one line).
        const cell = /<td>([\s\S]*?)<\/td>/.exec(html)?.[1] ?? '';
        expect(decodeEntities(cell)).toBe(escapeTerminal(s).replace(/\r?\n|\r/g, ' ').trim());
      }),
      { numRuns: 500 },
    );
  });

  it('property: no content closes its code block early', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('`', '``', '```', '````', 'x', '\n', ' ', '~~~')).map((a) => a.join('')), (s) => {
        const html = marked.parse(codeBlock(s).join('\n') + '\n\nafter', { gfm: true, async: false }) as string;
        expect([...html.matchAll(/<pre>/g)]).toHaveLength(1);
        expect(html).toMatch(/<\/pre>\s*<p>after<\/p>/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('CSV', () => {
  const csv = renderCsv(report);
  const rows = parseCsv(csv);

  it('one header row, then one row per finding, every row complete', () => {
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(report.findings.length + 1);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('cells that a spreadsheet would run as formulas start with an apostrophe; text round-trips', () => {
    const [ID, TITLE, EVIDENCE] = (['id', 'title', 'evidence'] as const).map((c) => CSV_COLUMNS.indexOf(c));
    const byId = (id: string) => rows.find((r) => r[ID!] === id && r[TITLE!]!.includes('HYPERLINK') || r[ID!] === id && r[TITLE!]!.includes('@SUM'))!;
    expect(byId('dns_spf_missing')[TITLE!]).toBe(`'=HYPERLINK("http://evil.example","x") | ${SCRIPT}`);
    expect(byId('weak_hsts')[TITLE!]).toBe(`'@SUM(A1:A9), "quoted", comma`);
    expect(byId('weak_hsts')[EVIDENCE!]).toBe(`'-2+3 [link](javascript:alert(1)) **bold** _em_ # heading`);
    expect(byId('dns_spf_missing')[EVIDENCE!]).toContain('line one\n```');
  });

  it('property: any cell round-trips through a CSV parser (after the formula guard)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const parsed = parseCsv(`${csvCell(s)},x\r\n`);
        expect(parsed[0]).toEqual([/^[=+\-@\t\r]/.test(s) ? `'${s}` : s, 'x']);
      }),
      { numRuns: 500 },
    );
  });
});

describe('formats', () => {
  it('json is the report itself plus its score arithmetic and Fix-these-first (the same blocks the CLI and API print)', () => {
    const { arithmetic, fixFirst, ...rest } = JSON.parse(renderExport(report, 'json'));
    expect(rest).toEqual(JSON.parse(JSON.stringify(report)));
    expect(arithmetic).toEqual(JSON.parse(JSON.stringify(withArithmetic(report).arithmetic)));
    expect(fixFirst).toEqual(JSON.parse(JSON.stringify(withArithmetic(report).fixFirst)));
    expect(fixFirst.length).toBeGreaterThan(0);
  });
});
