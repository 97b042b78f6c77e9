/**
 * Bodies that are too big, compressed into bombs, or deeply nested: memory stays at the body cap, the
 * scan finishes, and the report says what was cut (peak memory per case is in `npm run bench -- hostile`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpEvidence } from '../../src/model/http.js';
import { category, expectExplained, scanLabCase } from './support.js';
import { startLabProcess, type LabProcess } from '../lab/hostile/lab-process.js';
import type { HttpCaseId } from '../lab/hostile/http-cases.js';

let lab: LabProcess;
beforeAll(async () => {
  lab = await startLabProcess(['body-100mb', 'html-50mb', 'nested-100k', 'gzip-bomb', 'deflate-bomb', 'brotli-bomb']);
});
afterAll(() => lab.close());
// The main page is what these cases are about; the gzip bomb also runs every path probe against it.
const scanHttpCase = (id: HttpCaseId, timeoutMs: number) => scanLabCase(lab, id, timeoutMs, id === 'gzip-bomb' ? {} : { probes: ['http', 'tls'] });

// Content, not time, is under test: a generous limit so a loaded machine does not turn it into a timeout.
const T = 30_000;
/**
 * Wall-time budget of these scans: 1–3 s each on an idle machine; the slack is for a loaded CI runner
 * (measured up to 45 s with the machine at load average 27). They run one after another, since
 * several 100 MB streams at once only measure the machine.
 */
const BUDGET_MS = 60_000;
const page = (evidence: Record<string, unknown>) => (evidence.http as { data: HttpEvidence }).data.http.hops.at(-1)!;

describe('big and compressed bodies', () => {
  it('a 100 MB body is cut at the 2 MiB cap and the report says so', async () => {
    const { report, evidence, ms } = await scanHttpCase('body-100mb', T);
    expect(ms).toBeLessThan(BUDGET_MS);
    expect(page(evidence).bodyTruncated).toBe(true);
    expect(page(evidence).truncatedBy).toBe('size_cap');
    expectExplained(report, /the body is larger than the body cap and was cut after 2048 KiB/);
    expect(category(report, 'headers').status).toBe('measured');
  });

  it('50 MB of HTML: cut at the cap, the head still read', async () => {
    const { report, evidence } = await scanHttpCase('html-50mb', T);
    expect(page(evidence).body.length).toBeLessThanOrEqual(2 * 1024 * 1024);
    expectExplained(report, /cut after 2048 KiB.*HTML checks saw only what was read/);
  });

  it('100,000 nested tags: the head parser stops at depth 512, no seconds of CPU', async () => {
    const { report, evidence, ms } = await scanHttpCase('nested-100k', T);
    expect(ms).toBeLessThan(BUDGET_MS);
    expect(page(evidence).bodyTruncated).toBe(false);
    expect(category(report, 'headers').status).toBe('measured');
    expect(report.notes?.filter((n) => n.probe === 'http' && /body/.test(n.note)) ?? []).toEqual([]);
  });

  for (const [id, name] of [
    ['gzip-bomb', 'gzip'],
    ['deflate-bomb', 'deflate'],
    ['brotli-bomb', 'br'],
  ] as const) {
    it(`a ${name} bomb (1 GiB of zeros): decompression stops at the cap and the report says so`, async () => {
      const { report, evidence, ms } = await scanHttpCase(id, T);
      expect(ms).toBeLessThan(BUDGET_MS);
      const hop = page(evidence);
      expect(hop.encoding).toMatchObject({ name, outcome: 'stopped_at_cap', decodedBytes: 2 * 1024 * 1024 });
      expect(hop.body.length).toBeLessThanOrEqual(2 * 1024 * 1024);
      expectExplained(report, new RegExp(`the ${name}-compressed body expands past the 2048 KiB body cap .*decompression was stopped there`));
    });
  }
});
