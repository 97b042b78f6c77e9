import { describe, expect, it } from 'vitest';
import { mixedContentCheck } from '../../../src/checks/headers/mixed-content.js';
import { evidenceWith, exchange, finalChain, siteWithHeaders } from '../../support/evidence.js';
import { extractMetaPolicies } from '../../../src/probes/html-meta.js';
import { extractSubresources } from '../../../src/probes/page-resources.js';
import { idsOf } from './run-check.js';

const page = (body: string, headers: [string, string][] = []) => siteWithHeaders([['Content-Type', 'text/html'], ...headers], `<html><head></head><body>${body}</body></html>`);

describe('mixed content', () => {
  it('sorts http: URLs of a https page into active, passive and forms', () => {
    const results = mixedContentCheck.run(
      page('<script src="http://cdn.example/a.js"></script><link rel=stylesheet href="http://cdn.example/s.css"><iframe src="http://x.example/"></iframe><object data="http://x.example/o"></object><img src="http://img.example/i.png"><img srcset="http://img.example/j.png 2x"><video poster="http://img.example/p.jpg"></video><form action="http://forms.example/post"></form><button formaction="http://forms.example/b"></button>'),
      { now: new Date() },
    );
    expect(results.map((r) => [r.id, (r.details!.urls as string[]).length])).toEqual([
      ['mixed_content_active', 4],
      ['mixed_content_passive', 3],
      ['form_posts_to_http', 2],
    ]);
  });

  it('gives nothing for https and relative URLs, loopback hosts, or links that load nothing', () => {
    expect(idsOf(mixedContentCheck, page('<script src="/a.js"></script><img src="https://img.example/i.png"><form action="/post"></form><a href="http://old.example/">link</a><link rel="canonical" href="http://x.example/">'))).toEqual([]);
    expect(idsOf(mixedContentCheck, page('<script src="http://localhost:8080/a.js"></script><img src="http://127.0.0.1/i.png"><img src="http://[::1]/i.png"><img src="http://dev.localhost/i.png">'))).toEqual([]);
  });

  it('gives nothing under an enforced upgrade-insecure-requests, in a header or a meta tag, but does under report-only', () => {
    const body = '<script src="http://cdn.example/a.js"></script><img src="http://img.example/i.png"><form action="http://f.example/"></form>';
    expect(idsOf(mixedContentCheck, page(body, [['Content-Security-Policy', "default-src https:; upgrade-insecure-requests"]]))).toEqual([]);
    const meta = '<meta http-equiv="content-security-policy" content="Upgrade-Insecure-Requests">';
    expect(idsOf(mixedContentCheck, siteWithHeaders([['Content-Type', 'text/html']], `<html><head>${meta}</head><body>${body}</body></html>`))).toEqual([]);
    // Browsers honour a meta policy only in the head: in the body it upgrades nothing.
    expect(idsOf(mixedContentCheck, page(`${meta}${body}`))).toHaveLength(3);
    expect(idsOf(mixedContentCheck, page(body, [['Content-Security-Policy-Report-Only', 'upgrade-insecure-requests']]))).toEqual(['mixed_content_active', 'mixed_content_passive', 'form_posts_to_http']);
  });

  it('judges only pages served over https', () => {
    const body = '<script src="http://cdn.example/a.js"></script>';
    const plain = exchange('http://site.example/', 200, [['Content-Type', 'text/html']], body);
    const evidence = evidenceWith({
      http: finalChain('http://site.example/', plain),
      https: { start: 'https://site.example/', hops: [], outcome: 'error', error: { code: 'ECONNREFUSED', message: 'refused', url: 'https://site.example/' } },
      primary: 'http',
      meta: extractMetaPolicies(body),
      subresources: extractSubresources(body, plain.url),
    });
    expect(idsOf(mixedContentCheck, evidence)).toEqual([]);
  });
});
