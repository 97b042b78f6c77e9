/** The CSP built from what a page loads: right sources, report-only advice, and inert against hostile HTML. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { suggestCsp } from '../../../src/checks/headers/csp-suggest.js';
import { rescore } from '../../../src/engine/index.js';
import { siteWithHeaders, withHeader } from '../../support/evidence.js';
import { suggestedFix } from '../../../src/server/html/suggested-fix.js';

const PAGE = `<!doctype html><html><head>
<link rel="stylesheet" href="https://fonts.cdn.test/css?family=x">
<link rel="stylesheet" href="/local.css">
<script src="https://js.cdn.test/app.js"></script><script src="/main.js"></script>
<script>window.x = 1</script><script type="application/ld+json">{}</script>
</head><body><img src="https://img.cdn.test/a.png"><img src="data:image/png;base64,AAAA">
<iframe src="https://www.video.test/embed/1"></iframe><form action="https://pay.test/checkout"></form></body></html>`;

describe('suggestCsp', () => {
  it('names each origin the page loads in its directive, and counts inline scripts', () => {
    const s = suggestCsp(PAGE, 'https://shop.test/');
    expect(s.policy).toBe(
      "default-src 'self'; script-src 'self' https://js.cdn.test; style-src 'self' https://fonts.cdn.test; img-src 'self' https://img.cdn.test data:; " +
        "frame-src 'self' https://www.video.test; object-src 'none'; base-uri 'self'; form-action 'self' https://pay.test; frame-ancestors 'self'",
    );
    expect(s.inlineScripts).toBe(1);
    expect(s.origins).toBe(5);
  });

  it('a page that loads only its own resources gets the baseline', () => {
    expect(suggestCsp('<script src="/a.js"></script>', 'https://shop.test/').policy).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
    );
  });

  it('hostile HTML cannot add a directive, a quote or a keyword', () => {
    const hostile = `<script src="https://a.test;script-src *"></script><script src="https://b.test'unsafe-inline'"></script><img src='javascript:alert(1)'><script src="https://x.test/&quot;;default-src *"></script>`;
    const s = suggestCsp(hostile, 'https://shop.test/');
    expect(s.policy).not.toMatch(/unsafe|\*|javascript/);
    expect(s.policy.split('; ').map((d) => d.split(' ')[0])).toEqual(['default-src', 'script-src', 'style-src', 'img-src', 'object-src', 'base-uri', 'form-action', 'frame-ancestors']);
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom('script', 'img', 'iframe'), (junk, tag) => {
        const attr = tag === 'form' ? 'action' : 'src';
        const p = suggestCsp(`<${tag} ${attr}="${junk.replace(/"/g, '&quot;')}"></${tag}><${tag} ${attr}='https://${junk}'>`, 'https://shop.test/').policy;
        for (const part of p.split('; ')) expect(part).toMatch(/^[a-z-]+( ('self'|'none'|data:|https?:\/\/[a-z0-9.-]+(:\d+)?))+$/);
      }),
      { numRuns: 300 },
    );
  });

  it('reaches the missing_csp finding and its fix on the page, as report-only', () => {
    const report = rescore(siteWithHeaders(withHeader('Content-Security-Policy', null), PAGE));
    const finding = report.findings.find((f) => f.id === 'missing_csp')!;
    expect((finding.details as { suggestedCsp: { policy: string } }).suggestedCsp.policy).toContain('https://js.cdn.test');
    const html = suggestedFix(finding, 'f0').value;
    expect(html).toContain('Content-Security-Policy-Report-Only: default-src &#39;self&#39;; script-src &#39;self&#39; https://js.cdn.test');
    expect(html).toContain('1 inline script');
    // A tampered stored report is not shown.
    expect(suggestedFix({ ...finding, details: { suggestedCsp: { policy: '"><script>alert(1)</script>' } } }, 'f0').value).toBe('');
  });
});
