/** Server-rendered pages: forms without JavaScript, escaping of hostile targets, security headers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { startWebLab, waitForScan, PAYLOADS, type WebLab } from './web-lab.js';
import { SCORING_TABLE } from '../../src/scoring/table.js';
import { CATEGORIES } from '../../src/scoring/categories.js';
import { CONTENT_DIR } from '../../src/content/load.js';
import { availableTools } from '../../src/server/tools.js';
import { withHeader, GOOD_HEADERS } from '../support/evidence.js';
import { A_NEEDS_MEASURED, gradeText } from '../../src/scoring/grade.js';
import { capTable } from '../../src/scoring/caps.js';

let lab: WebLab;
beforeAll(async () => {
  lab = await startWebLab({ retentionDays: 14 });
});
afterAll(() => lab.close());

const get = (url: string, headers: Record<string, string> = {}) => lab.server.app.inject({ url, headers: { accept: 'text/html', ...headers } });
const form = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  lab.server.app.inject({ method: 'POST', url, payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

async function scanViaForm(path: string): Promise<string> {
  const res = await form('/scans', { url: lab.site.url(path), allowed: 'yes' });
  expect(res.statusCode).toBe(303);
  const id = /^\/scans\/([\w-]+)$/.exec(res.headers.location as string)![1]!;
  await waitForScan(lab.server, id);
  return id;
}

describe('security headers of the app itself', () => {
  it('sends a nonce-based CSP whose nonce is the one on the script tag, and the full header set', async () => {
    const res = await get('/');
    const csp = res.headers['content-security-policy'] as string;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(res.body).toContain(`<script nonce="${nonce}" src="/static/app.`);
    expect(res.body).not.toMatch(/<script(?![^>]*nonce=)/);
    expect(res.body).not.toMatch(/ style=/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers).toMatchObject({
      'strict-transport-security': 'max-age=63072000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'x-frame-options': 'DENY',
    });
    expect(res.headers['referrer-policy']).toBeTruthy();
    expect(res.headers['permissions-policy']).toContain('camera=()');
    const other = await get('/');
    expect(other.headers['content-security-policy']).not.toBe(csp); // a fresh nonce per request
  });

  it('serves the stylesheet and script with immutable caching, and 404s unknown assets', async () => {
    const home = (await get('/')).body;
    const css = /href="(\/static\/style\.[0-9a-f]+\.css)"/.exec(home)![1]!;
    const res = await get(css);
    expect(res.headers['content-type']).toMatch(/^text\/css/);
    expect(res.headers['cache-control']).toContain('immutable');
    expect((await get('/static/style.000.css')).statusCode).toBe(404);
  });
});

describe('scan flow without JavaScript', () => {
  it('the home page has a labelled URL field, the permission checkbox and a submit button', async () => {
    const { body } = await get('/');
    expect(body).toMatch(/<label for="url">/);
    expect(body).toMatch(/<input type="checkbox" name="allowed" value="yes" required>/);
    expect(body).toMatch(/<button type="submit">Scan<\/button>/);
  });

  it('refuses a scan without the permission confirmation', async () => {
    const res = await form('/scans', { url: lab.site.url('/') });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Please confirm that you are allowed to test this site.');
  });

  it('refuses forms posted from another origin', async () => {
    const res = await form('/scans', { url: lab.site.url('/'), allowed: 'yes' }, { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
  });

  it('shows progress (with a no-JS refresh), then the result with findings sorted by points', async () => {
    const res = await form('/scans', { url: lab.site.url('/'), allowed: 'yes' });
    const path = res.headers.location as string;
    const progress = await get(path);
    if (!/Score \d+ out of 100/.test(progress.body)) {
      expect(progress.body).toContain('<noscript><meta http-equiv="refresh" content="2"></noscript>');
      expect(progress.body).toMatch(/data-live-scan="[\w-]+"/);
    }
    await waitForScan(lab.server, path.split('/').pop()!);
    const { body } = await get(path);
    expect(body).toMatch(/aria-label="Score \d+ out of 100, grade [A-F]\+?"/);
    const points = [...body.matchAll(/<span class="points">(?:−(\d+) pts|0 pts)<\/span>/g)].map((m) => Number(m[1] ?? 0));
    expect(points.length).toBeGreaterThanOrEqual(2);
    expect([...points].sort((a, b) => b - a)).toEqual(points);
    expect(body).toContain('<details><summary>Evidence</summary>');
    expect(body).toContain('/checks/missing_csp');
    expect(body).toMatch(/<span class="pill sev sev-(high|medium|low)">/);
    for (const c of CATEGORIES.filter((c) => !c.conditional)) expect(body).toContain(c.name.replace('&', '&#38;'));
    expect(body).toContain('Download JSON');
    expect(body).toContain('name="allowed"'); // re-scan asks again
  });

  it('downloads the report as JSON', async () => {
    const id = await scanViaForm('/good');
    const res = await get(`/scans/${id}/report.json`);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="scorifya-api\.target\.test-\d{4}-\d\d-\d\d\.json"$/);
    expect(res.json().findings.filter((f: { category: string }) => f.category === 'headers')).toEqual([]);
    expect(res.json().target.host).toBe('api.target.test');
  });

  it('escapes a hostile URL echoed back in a form error', async () => {
    const res = await form('/scans', { url: `x${PAYLOADS.svg}`, allowed: 'yes' });
    expect(res.statusCode).toBe(422);
    expect(res.body).not.toContain('<svg onload');
    expect(res.body).toContain('&#34;&#62;&#60;svg onload=alert(&#34;xss-svg&#34;)&#62;');
  });
});

describe('a hostile target', () => {
  it('shows header values as text and never as markup or links', async () => {
    const id = await scanViaForm('/hostile');
    const { body } = await get(`/scans/${id}`);
    for (const raw of ['<script>alert(', '<img src=x', '<svg onload', 'href="javascript:', "href='javascript:"]) expect(body).not.toContain(raw);
    expect(body).toContain('&#60;img src=x onerror=alert(&#34;xss-img&#34;)&#62;');
    expect(body).toContain('&#60;script&#62;alert(&#34;xss-script&#34;)&#60;/script&#62;');
    const json = (await lab.server.app.inject({ url: `/api/v1/scans/${id}` })).json();
    expect(json.report.findings.some((f: { evidence: string }) => f.evidence.includes(PAYLOADS.img))).toBe(true); // stored verbatim, escaped only on output
  });
});

describe('history, compare and badge', () => {
  it('charts the history and compares two scans: fixed, new, unchanged', async () => {
    lab.evolving.headers = withHeader('Strict-Transport-Security', null, withHeader('Content-Security-Policy', null));
    const first = await scanViaForm('/evolving');
    lab.evolving.headers = withHeader('X-Content-Type-Options', null, GOOD_HEADERS);
    const second = await scanViaForm('/evolving');

    const history = await get('/hosts/api.target.test');
    expect(history.body).toMatch(/<svg class="chart"[^>]*role="img" aria-label="Score over \d+ scans/);
    expect(history.body).toContain('<polyline class="line"');
    expect(history.body).toContain(`value="${second}" aria-label="Compare to`);

    const cmp = await get(`/hosts/api.target.test/compare?a=${second}&b=${first}`); // order is normalised
    const section = (name: string) => new RegExp(`<h2 id="${name}-h"[^>]*>[^<]*</h2>([\\s\\S]*?)</section>`).exec(cmp.body)![1]!;
    expect(section('fixed')).toContain('missing_hsts');
    expect(section('fixed')).toContain('missing_csp');
    expect(section('new')).toContain('missing_nosniff');
    expect(section('same')).not.toContain('missing_hsts');
    expect((await get(`/hosts/other.test/compare?a=${first}&b=${second}`)).statusCode).toBe(400);
  });

  it('serves an SVG badge with the latest grade, embeddable cross-origin', async () => {
    const latest = (await lab.server.app.inject({ url: '/api/v1/hosts/api.target.test/scans' })).json().scans.find((s: { status: string }) => s.status === 'done');
    const res = await get('/badge/api.target.test.svg');
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    // The grade as every output writes it: a partial A says so on the badge too, in the neutral colour.
    expect(typeof latest.gradePartial).toBe('boolean');
    expect(res.body).toContain(`${gradeText(latest.grade, latest.gradePartial)} · ${latest.score}`);
    if (latest.gradePartial) expect(res.body).toContain('(partial)');
    expect((await get('/badge/never-scanned.test.svg')).body).toContain('not scanned');
    expect((await get('/badge/api.target.test.png')).statusCode).toBe(404);
  });
});

describe('content pages', () => {
  it('has a page for every check in the scoring table and 404s unknown ones', async () => {
    for (const id of Object.keys(SCORING_TABLE)) {
      const res = await get(`/checks/${id}`);
      expect(res.statusCode, id).toBe(200);
      expect(res.body).toContain(`<code>${id}</code>`);
    }
    expect((await get('/checks/not_a_check')).statusCode).toBe(404);
    expect((await get('/checks/__proto__')).statusCode).toBe(404);
  });

  it('renders every Learn explainer present and 404s others', async () => {
    const dir = join(CONTENT_DIR, 'learn');
    const topics = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)) : [];
    for (const t of topics) expect((await get(`/learn/${t}`)).statusCode, t).toBe(200);
    expect((await get('/learn/no-such-topic')).statusCode).toBe(404);
    for (const tool of availableTools().filter((t) => t.learn && topics.includes(t.learn))) {
      expect((await get(`/learn/${tool.learn}`)).body, tool.id).toContain(`href="/tools/${tool.id}"`);
    }
    expect((await get('/learn')).statusCode).toBe(200);
  });

  it('has a guide for each stack and topic', async () => {
    for (const stack of ['nginx', 'apache', 'caddy', 'express', 'nextjs']) {
      for (const topic of ['hsts', 'csp', 'headers']) {
        const res = await get(`/guides/${stack}-${topic}`);
        expect(res.statusCode, `${stack}-${topic}`).toBe(200);
        expect(res.body).toContain('<pre class="code"');
      }
    }
    expect((await get('/guides/iis-hsts')).statusCode).toBe(404);
  });

  it('renders the methodology from the scoring table and categories', async () => {
    const { body } = await get('/methodology');
    for (const id of Object.keys(SCORING_TABLE)) expect(body).toContain(`<code>${id}</code>`);
    for (const c of CATEGORIES) expect(body).toContain(`<td>${c.weight}</td>`);
    expect(body).toMatch(/<strong>A\+<\/strong>: 95 or more/);
    // The measured-share rule and the cap table, rendered from scoring/grade.ts and scoring/caps.ts.
    expect(body).toContain(`at least ${Math.round(A_NEEDS_MEASURED * 100)} % of the points measured (90 of 100, 99 of 110)`);
    for (const c of capTable()) {
      const row = new RegExp(`<tr data-cap-class="${c.id}"><td><strong>${c.cap}</strong></td>[\\s\\S]*?</tr>`).exec(body);
      expect(row, c.id).not.toBeNull();
      for (const src of c.sources) expect(row![0]).toContain(src.name.replace(/&/g, '&#38;').replace(/'/g, '&#39;'));
      for (const [id, rule] of Object.entries(SCORING_TABLE)) if (Object.values(rule.cap ?? {}).includes(c.id)) expect(row![0], `${c.id} lists ${id}`).toContain(`<code>${id}</code>`);
    }
  });

  it('the FAQ states what is stored and the retention setting', async () => {
    const { body } = await get('/faq');
    expect(body).toContain('What does this service store?');
    expect(body).toContain('after 14 days');
  });

  it('offers the focused tools the engine supports and runs one', async () => {
    const index = await get('/tools');
    for (const tool of availableTools()) {
      expect(index.body).toContain(`/tools/${tool.id}"`);
      expect((await get(`/tools/${tool.id}`)).statusCode, tool.id).toBe(200);
    }
    expect(availableTools().map((t) => t.id)).toContain('headers');
    expect((await get('/tools/headers')).body).toContain('action="/tools/headers"');
    expect((await get('/tools/unknown')).statusCode).toBe(404);
    const res = await form('/tools/headers', { url: lab.site.url('/'), allowed: 'yes' });
    expect(res.statusCode).toBe(303);
    const id = (res.headers.location as string).split('/').pop()!;
    await waitForScan(lab.server, id);
    const { body } = await get(`/scans/${id}`);
    expect(body).toContain('Security headers checker');
    expect(body).not.toContain('DNS &#38; email');
  });
});
