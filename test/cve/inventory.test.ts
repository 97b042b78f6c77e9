/** The software inventory and the CVE checks on hand-written evidence: no network. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBanner } from '../../src/checks/cve/banners.js';
import { generatorTags, pageAssets } from '../../src/checks/cve/page-assets.js';
import { softwareInventory, wordpressExtensions } from '../../src/checks/cve/inventory.js';
import { defaultAdvisoryData } from '../../src/checks/cve/advisory-data.js';
import { librariesFromContent, librariesFromUrl } from '../../src/checks/cve/js-libraries.js';
import { siteWithHeaders } from '../support/evidence.js';

const js = defaultAdvisoryData().js;

describe('banners', () => {
  it('reads product tokens, versions and distribution builds', () => {
    expect(parseBanner('Apache/2.4.49 (Unix) OpenSSL/1.1.1k PHP/7.4.3')).toEqual([
      { product: 'apache', version: '2.4.49' },
      { product: 'openssl', version: '1.1.1k' },
      { product: 'php', version: '7.4.3' },
    ]);
    expect(parseBanner('nginx/1.18.0 (Ubuntu)')).toEqual([{ product: 'nginx', version: '1.18.0', distribution: 'Ubuntu' }]);
    expect(parseBanner('PHP/7.4.3-4ubuntu2.19')[0]).toMatchObject({ product: 'php', distribution: 'ubuntu' });
    expect(parseBanner('cloudflare')).toEqual([{ product: 'cloudflare' }]);
  });
});

describe('page assets and generator tags', () => {
  it('resolves script and stylesheet URLs against the page, in any quoting', () => {
    const html = `<script src=/a/jquery-1.8.3.min.js></script><script src='https://cdn.example/ajax/libs/jquery/3.4.1/jquery.min.js'></script>
      <link rel=stylesheet href="/wp-content/plugins/x/y.css?ver=1.2&amp;z=1"><script>inline()</script><script src="javascript:alert(1)"></script>`;
    expect(pageAssets(html, 'https://site.example/blog/')).toEqual([
      { tag: 'script', url: 'https://site.example/a/jquery-1.8.3.min.js' },
      { tag: 'script', url: 'https://cdn.example/ajax/libs/jquery/3.4.1/jquery.min.js' },
      { tag: 'link', url: 'https://site.example/wp-content/plugins/x/y.css?ver=1.2&z=1' },
    ]);
    expect(generatorTags('<meta content="Hugo 0.92.0" name="generator"><meta name=generator content=Jekyll>').map((g) => g.content)).toEqual(['Hugo 0.92.0', 'Jekyll']);
  });

  it('reads library versions from URLs, file names and banners, not from query strings', () => {
    expect(librariesFromUrl('https://cdn.example/ajax/libs/jquery/3.4.1/jquery.min.js', js).map((l) => `${l.library}@${l.version}`)).toContain('jquery@3.4.1');
    expect(librariesFromUrl('https://site.example/js/jquery-1.8.3.min.js?v=9', js).map((l) => `${l.library}@${l.version}`)).toEqual(['jquery@1.8.3']);
    expect(librariesFromUrl('https://site.example/js/app.js?jquery-1.8.3.min.js', js)).toEqual([]);
    expect(librariesFromContent('/*! jQuery v1.12.4 | (c) jQuery Foundation */', 'u', js).map((l) => l.version)).toContain('1.12.4');
  });

  it('never throws or runs long on hostile HTML', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), fc.constantFrom('https://site.example/', 'not a url'), (html, base) => {
        const assets = pageAssets(`<script src="${html}"></script>${html}<link href=${html}>`, base);
        expect(assets.length).toBeLessThanOrEqual(400);
        generatorTags(html);
        parseBanner(html);
      }),
      { numRuns: 200 },
    );
  });
});

describe('WordPress extensions', () => {
  it('takes ?ver= as the version unless it equals the core version, is a timestamp, or assets disagree', () => {
    const items = wordpressExtensions(
      [
        'https://s/wp-content/plugins/contact-form-7/a.js?ver=5.3.1',
        'https://s/wp-content/plugins/contact-form-7/b.css?ver=5.3.1',
        'https://s/wp-content/plugins/uses-core/a.js?ver=6.4.2',
        'https://s/wp-content/plugins/stamped/a.js?ver=1700000000',
        'https://s/wp-content/plugins/mixed/a.js?ver=1.0',
        'https://s/wp-content/plugins/mixed/b.js?ver=2.0',
        'https://s/wp-content/themes/astra/style.css?ver=4.1.0',
      ],
      '6.4.2',
      'https://s/',
    );
    expect(items.map((i) => [i.kind, i.product, i.version ?? null])).toEqual([
      ['wp_plugin', 'contact-form-7', '5.3.1'],
      ['wp_plugin', 'uses-core', null],
      ['wp_plugin', 'stamped', null],
      ['wp_plugin', 'mixed', null],
      ['wp_theme', 'astra', '4.1.0'],
    ]);
  });
});

describe('inventory from evidence', () => {
  it('lists banners on every hop and the page scripts, each with the text that shows it', () => {
    const evidence = siteWithHeaders([['Server', 'Apache/2.4.62 (Unix)'], ['X-Powered-By', 'PHP/8.3.1']], '<html><head><script src="/js/jquery-3.7.1.min.js"></script></head></html>');
    const items = softwareInventory(evidence, js);
    expect(items.map((i) => `${i.kind}:${i.product}@${i.version}`)).toEqual(['server:apache@2.4.62', 'server:php@8.3.1', 'js_library:jquery@3.7.1']);
    expect(items[0]!.evidence).toBe('Server: Apache/2.4.62 (Unix)');
  });
});
