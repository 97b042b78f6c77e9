/** The subresource extractor reads hostile HTML: it never throws, stays within its caps, and finds what a page plainly names. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractSubresources } from '../../../src/probes/page-resources.js';
import { PAGE_MAX_RESOURCES, PAGE_MAX_URL } from '../../../src/model/page.js';

const PAGE = 'https://site.example/p/';
const pieces = fc.constantFrom('<', '>', '/', '"', "'", '=', ' ', 'script', 'src', 'img', 'srcset', 'base', 'href', 'template', 'noscript', '<!--', '-->', '&amp;', '//', 'http:', ',', '\u0000', 'x'.repeat(3000));
const hostile = fc.oneof(fc.string({ unit: 'binary', maxLength: 2000 }), fc.array(pieces, { maxLength: 200 }).map((a) => a.join('')));

describe('extractSubresources on hostile input', () => {
  it('never throws; stays within the resource and URL caps', () => {
    fc.assert(
      fc.property(hostile, (html) => {
        const found = extractSubresources(html, PAGE);
        expect(found.resources.length).toBeLessThanOrEqual(PAGE_MAX_RESOURCES);
        for (const r of found.resources) expect(r.url.length).toBeLessThanOrEqual(PAGE_MAX_URL);
        expect(found.complete).toBe(found.cut === undefined);
      }),
      { numRuns: 500 },
    );
  });

  it('finds every plainly written script and image, in order, resolved against the page', () => {
    const element = fc.record({
      tag: fc.constantFrom('script', 'img', 'iframe'),
      path: fc.stringMatching(/^[a-z0-9._~-]{1,20}$/),
      host: fc.constantFrom('', 'https://cdn.example/', 'http://old.example/', '//proto.example/'),
      quote: fc.constantFrom('"', "'"),
      noise: fc.constantFrom('', ' async', ' class="a b"', ' data-x=\'<img src="no.png">\''),
    });
    fc.assert(
      fc.property(fc.array(element, { maxLength: 30 }), fc.constantFrom('', '<p>text</p>', '<!-- <script src="c.js"></script> -->'), (els, filler) => {
        const html = els
          .map((e) => `<${e.tag}${e.noise} src=${e.quote}${e.host}${e.path}${e.quote}>${e.tag === 'img' ? '' : `</${e.tag}>`}${filler}`)
          .join('');
        const got = extractSubresources(html, PAGE).resources.map((r) => r.url);
        expect(got).toEqual(els.map((e) => new URL(`${e.host}${e.path}`, PAGE).href));
      }),
      { numRuns: 300 },
    );
  });
});
