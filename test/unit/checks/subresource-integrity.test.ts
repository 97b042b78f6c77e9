import { describe, expect, it } from 'vitest';
import { hasValidIntegrity, sriCheck } from '../../../src/checks/headers/subresource-integrity.js';
import { ALL_CHECKS } from '../../../src/checks/index.js';
import type { HttpEvidence } from '../../../src/model/http.js';
import { siteWithHeaders } from '../../support/evidence.js';
import { idsOf } from './run-check.js';

const page = (head: string, headers: [string, string][] = []) => siteWithHeaders([['Content-Type', 'text/html'], ...headers], `<html><head>${head}</head><body></body></html>`);
const HASH = 'sha384-zTm/dblzLXQNp3CgY+hfaC/WJ6h4XtNrePh2CW2+rO9GPuNiPb9jmthvAL+oI/dQ';

describe('Subresource Integrity', () => {
  it('gives no finding for same-origin files, files pinned by a hash, and pages without scripts', () => {
    expect(idsOf(sriCheck, page('<script src="/a.js"></script><link rel=stylesheet href="https://site.example/s.css">'))).toEqual([]);
    expect(idsOf(sriCheck, page(`<script src="https://cdn.example/a.js" integrity="${HASH}" crossorigin="anonymous"></script>`))).toEqual([]);
    expect(idsOf(sriCheck, page(`<link rel="stylesheet" href="//cdn.example/s.css" integrity="sha256-abc= sha512-def">`))).toEqual([]);
    expect(idsOf(sriCheck, page('<script>inline()</script><img src="https://cdn.example/i.png">'))).toEqual([]);
  });

  it('flags cross-origin scripts and style sheets without a hash a browser checks', () => {
    const results = sriCheck.run(page('<script src="https://cdn.example/a.js"></script><link rel="stylesheet" href="//fonts.example/f.css" integrity="md5-abc"><script src="https://cdn.example/a.js"></script>'), { now: new Date() });
    expect(results.map((r) => r.id)).toEqual(['sri_missing_cross_origin']);
    expect(results[0]!.title).toBe('1 script and 1 style sheet from other origins load without Subresource Integrity');
    expect(results[0]!.evidence).toContain('(no sha256/sha384/sha512 hash: browsers ignore this integrity value)');
  });

  it('treats another host of the same site, and another port or scheme, as another origin', () => {
    expect(idsOf(sriCheck, page('<script src="https://static.site.example/a.js"></script>'))).toEqual(['sri_missing_cross_origin']);
    expect(idsOf(sriCheck, page('<script src="https://site.example:8443/a.js"></script>'))).toEqual(['sri_missing_cross_origin']);
  });

  it('flags scripts over plain http, with or without a hash, once', () => {
    expect(idsOf(sriCheck, page('<script src="http://cdn.example/a.js"></script>'))).toEqual(['sri_script_over_http']);
    expect(idsOf(sriCheck, page(`<script src="http://cdn.example/a.js" integrity="${HASH}"></script><script src="https://cdn.example/b.js"></script>`))).toEqual([
      'sri_script_over_http',
      'sri_missing_cross_origin',
    ]);
    // A style sheet over http is not a script: it is a missing hash here (and mixed content on its own).
    expect(idsOf(sriCheck, page('<link rel=stylesheet href="http://cdn.example/s.css">'))).toEqual(['sri_missing_cross_origin']);
  });

  it('judges what the browser fetches under upgrade-insecure-requests (header or meta)', () => {
    expect(idsOf(sriCheck, page('<script src="http://cdn.example/a.js"></script>', [['Content-Security-Policy', 'upgrade-insecure-requests']]))).toEqual(['sri_missing_cross_origin']);
    expect(idsOf(sriCheck, page(`<meta http-equiv="Content-Security-Policy" content="upgrade-insecure-requests"><script src="http://cdn.example/a.js" integrity="${HASH}"></script>`))).toEqual([]);
    // Report-only upgrades nothing.
    expect(idsOf(sriCheck, page('<script src="http://cdn.example/a.js"></script>', [['Content-Security-Policy-Report-Only', 'upgrade-insecure-requests']]))).toEqual(['sri_script_over_http']);
  });

  it('knows the integrity syntax browsers accept', () => {
    for (const v of [HASH, 'sha256-abc', 'SHA512-a_b-c==', 'md5-x sha256-abc', 'sha384-abc?opt']) expect(hasValidIntegrity(v), v).toBe(true);
    for (const v of [undefined, '', 'md5-abc', 'sha1-abc', 'sha384', 'sha384-', 'abc']) expect(hasValidIntegrity(v), String(v)).toBe(false);
  });

  it('is not measured, with the reason, on evidence recorded before pages were read for subresources', () => {
    const evidence = page('<script src="https://cdn.example/a.js"></script>');
    delete (evidence.http as { data: HttpEvidence }).data.subresources;
    const check = ALL_CHECKS.find((c) => c.name === 'headers/subresource-integrity')!;
    expect(check.cannotJudge!(evidence)).toMatch(/Subresource Integrity not judged: this evidence was recorded before/);
  });
});
