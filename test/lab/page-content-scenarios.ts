/**
 * Lab pages for the page-content checks (Subresource Integrity, mixed content): each is served over
 * https by the header lab site, names its subresources, and says which findings it must give and how
 * many URLs its HTML names. The Chromium test loads the same pages.
 */
import type { RawHeader } from '../../src/model/http.js';

export interface PageContentScenario {
  headers: RawHeader[];
  body: string;
  expected: string[];
  /** How many URL-bearing attributes the extractor must record. */
  resources: number;
}

const HASH = 'sha384-zTm/dblzLXQNp3CgY+hfaC/WJ6h4XtNrePh2CW2+rO9GPuNiPb9jmthvAL+oI/dQ';
const page = (head: string, body = ''): string => `<!doctype html><html><head><title>lab</title>${head}</head><body>${body}</body></html>`;

export const PAGE_CONTENT_SCENARIOS: Record<string, PageContentScenario> = {
  '/sri-clean': {
    headers: [],
    body: page(`<script src="/own.js"></script><script src="https://cdn.target.test/lib.js" integrity="${HASH}" crossorigin="anonymous"></script>`),
    expected: [],
    resources: 2,
  },
  '/sri-missing': {
    headers: [],
    body: page('<base href="https://cdn.target.test/v1/"><script src="lib.js"></script><link rel="stylesheet" href="//fonts.target.test/f.css">'),
    expected: ['sri_missing_cross_origin'],
    resources: 2,
  },
  '/sri-http-script': {
    headers: [],
    body: page(`<script src="http://cdn.target.test/lib.js" integrity="${HASH}"></script>`),
    expected: ['sri_script_over_http'],
    resources: 1,
  },
};
