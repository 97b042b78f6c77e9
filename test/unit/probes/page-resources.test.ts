import { describe, expect, it } from 'vitest';
import { extractSubresources, isScriptType, srcsetUrls } from '../../../src/probes/page-resources.js';
import { PAGE_MAX_RESOURCES } from '../../../src/model/page.js';

const PAGE = 'https://site.example/dir/page.html';
const urls = (html: string, page = PAGE) => extractSubresources(html, page).resources.map((r) => `${r.tag}.${r.attr} ${r.url}`);

describe('extractSubresources', () => {
  it('resolves relative, root-relative and protocol-relative URLs against the final URL', () => {
    expect(urls('<script src="a.js"></script><script src="/b.js"></script><script src="//cdn.example/c.js"></script><img src="../i.png">')).toEqual([
      'script.src https://site.example/dir/a.js',
      'script.src https://site.example/b.js',
      'script.src https://cdn.example/c.js',
      'img.src https://site.example/i.png',
    ]);
    expect(urls('<script src="//cdn.example/c.js"></script>', 'http://site.example/')).toEqual(['script.src http://cdn.example/c.js']);
  });

  it('resolves against the first <base href>, wherever it stands, and ignores a data: or javascript: base', () => {
    expect(urls('<script src="a.js"></script><base href="//static.example/x/"><base href="https://other.example/">')).toEqual(['script.src https://static.example/x/a.js']);
    expect(extractSubresources('<base target="_top"><base href="/b/"><img src="i.png">', PAGE).baseUrl).toBe('https://site.example/b/');
    expect(urls('<base href="javascript:alert(1)//"><img src="i.png">')).toEqual(['img.src https://site.example/dir/i.png']);
  });

  it('keeps integrity, crossorigin, rel and type, and decodes entities', () => {
    const [s, l] = extractSubresources('<SCRIPT SRC="https://cdn.example/a.js?x=1&amp;y=2" Integrity="sha384-abc" crossorigin></SCRIPT><link rel="Stylesheet" href="s.css" integrity="sha256-x">', PAGE).resources;
    expect(s).toEqual({ tag: 'script', attr: 'src', url: 'https://cdn.example/a.js?x=1&y=2', integrity: 'sha384-abc', crossorigin: '' });
    expect(l).toEqual({ tag: 'link', attr: 'href', url: 'https://site.example/dir/s.css', integrity: 'sha256-x', rel: 'stylesheet' });
  });

  it('takes what a browser fetches and leaves out what it does not', () => {
    const html = [
      '<link rel="canonical" href="/c"><link rel="alternate stylesheet" href="alt.css"><link rel="modulepreload" href="m.js">',
      '<script type="text/template" src="t.js"></script><script type="module" src="mod.js"></script><script>inline()</script>',
      '<template><script src="tpl.js"></script></template><noscript><img src="ns.png"></noscript>',
      '<iframe src="http://a.example/"></iframe><object data="o.swf"></object><embed src="e.swf">',
      '<video src="v.mp4" poster="p.jpg"><source src="v.webm"></video><picture><source srcset="p1.webp 1x, p2.webp 2x"></picture>',
      '<form action="http://forms.example/post"><button formaction="/b">go</button></form><img srcset="a.png, b.png 2x">',
    ].join('');
    expect(urls(html)).toEqual([
      'link.href https://site.example/dir/alt.css',
      'link.href https://site.example/dir/m.js',
      'script.src https://site.example/dir/mod.js',
      'iframe.src http://a.example/',
      'object.data https://site.example/dir/o.swf',
      'embed.src https://site.example/dir/e.swf',
      'video.src https://site.example/dir/v.mp4',
      'video.poster https://site.example/dir/p.jpg',
      'source.src https://site.example/dir/v.webm',
      'source.srcset https://site.example/dir/p1.webp',
      'source.srcset https://site.example/dir/p2.webp',
      'form.action http://forms.example/post',
      'button.formaction https://site.example/b',
      'img.srcset https://site.example/dir/a.png',
      'img.srcset https://site.example/dir/b.png',
    ]);
  });

  it('stops at the resource cap and at the nesting cap, and says so', () => {
    const many = extractSubresources('<img src="x.png">'.repeat(PAGE_MAX_RESOURCES + 50), PAGE);
    expect(many.resources).toHaveLength(PAGE_MAX_RESOURCES);
    expect(many.complete).toBe(false);
    expect(many.cut).toMatch(/more than 1000 resources/);
    const start = performance.now();
    const deep = extractSubresources(`${'<div>'.repeat(100_000)}<script src="deep.js"></script>`, PAGE);
    expect(performance.now() - start).toBeLessThan(2_000);
    expect(deep).toMatchObject({ resources: [], complete: false });
    expect(extractSubresources('<img src="a.png">', PAGE)).toMatchObject({ complete: true });
  });
});

describe('srcsetUrls and isScriptType', () => {
  it('parses srcset as HTML does: commas inside a URL stay, descriptors go', () => {
    expect(srcsetUrls('a.png 1x, b.png 2x')).toEqual(['a.png', 'b.png']);
    expect(srcsetUrls('a.png,b.png')).toEqual(['a.png,b.png']);
    expect(srcsetUrls('a.png, , b.png 100w,')).toEqual(['a.png', 'b.png']);
    expect(srcsetUrls('  ')).toEqual([]);
  });
  it('knows which script types run', () => {
    for (const t of [undefined, '', 'module', 'text/javascript', 'application/javascript', ' TEXT/JavaScript ']) expect(isScriptType(t), String(t)).toBe(true);
    for (const t of ['text/template', 'application/json', 'importmap', 'text/babel']) expect(isScriptType(t), t).toBe(false);
  });
});
