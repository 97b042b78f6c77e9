/**
 * Redirects that never reach a page: a loop, a 50-hop chain, non-web schemes. The chain's end is
 * named in words, and headers and cookies (which would otherwise be judged on a redirect response no
 * visitor ever sees as a page) are not measured with that reason.
 */
import { describe, expect, it } from 'vitest';
import type { HttpEvidence } from '../../src/model/http.js';
import { category, expectExplained, scanHttpCase } from './support.js';
import type { HttpCaseId } from '../lab/hostile/http-cases.js';

const T = 3000;
const httpChain = (evidence: Record<string, unknown>) => (evidence.http as { data: HttpEvidence }).data.http;

function expectNoPageJudged(report: Parameters<typeof category>[0], cause: RegExp): void {
  for (const id of ['headers', 'cookies']) {
    const c = category(report, id);
    expect(c.status).toBe('not_measured');
    expect(c.reason).toMatch(/neither redirect chain reached a page/);
    expect(c.reason).toMatch(cause);
  }
  expect(category(report, 'exposure').status).toBe('not_measured');
}

describe('redirects that never reach a page', () => {
  it.concurrent('a 302 to itself is a redirect loop, said so, after one request', async () => {
    const { report, evidence } = await scanHttpCase('redirect-loop', T);
    expect(httpChain(evidence).outcome).toBe('redirect_loop');
    expect(httpChain(evidence).hops).toHaveLength(1);
    expectExplained(report, /redirect loop: http:\/\/127\.0\.0\.1:\d+\/ redirects to itself, so no page is ever reached/);
    expectNoPageJudged(report, /redirect loop/);
  });

  it.concurrent('a 50-hop chain stops at the hop limit, said so', async () => {
    const { report, evidence } = await scanHttpCase('redirect-chain-50', T);
    const chain = httpChain(evidence);
    expect(chain.outcome).toBe('too_many_redirects');
    expect(chain.hops).toHaveLength(11);
    expectExplained(report, /hop limit reached: more than 10 redirects without reaching a page/);
    expectNoPageJudged(report, /hop limit/);
  });

  const schemes: [HttpCaseId, string][] = [
    ['redirect-file', 'file:'],
    ['redirect-gopher', 'gopher:'],
    ['redirect-data', 'data:'],
    ['redirect-javascript', 'javascript:'],
  ];
  for (const [id, scheme] of schemes) {
    it.concurrent(`a redirect to ${scheme} is never followed, and said so`, async () => {
      const { report, evidence, server } = await scanHttpCase(id, T);
      expect(httpChain(evidence).error?.code).toBe('BAD_LOCATION');
      // gopher: points back at the lab itself: still only the scanner's own http requests arrived.
      expect(server!.paths.every((p) => p.startsWith('/'))).toBe(true);
      expectExplained(report, new RegExp(`redirect to a ${scheme} URL, which is never followed \\(only http: and https: are\\)`));
      expectNoPageJudged(report, new RegExp(scheme));
    });
  }
});
