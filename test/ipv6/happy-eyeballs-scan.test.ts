/**
 * Issue 24's bug, reproduced: a name with an AAAA where nothing listens and an A that serves the site.
 * The scan used to try only the IPv6 address, get "refused", and report TLS, headers, exposure and
 * cookies as not measured (a perfect score). It now connects as browsers do (RFC 8305).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/index.js';
import { startDualStackSite, type DualStackSite } from '../lab/ipv6/dual-stack-site.js';
import type { ConnectAttempt } from '../../src/net/index.js';
import { canonicalAddress } from '../../src/net/resolve.js';

/** The gate reports addresses in the policy's eight-group form; compare them as people write them. */
const seen = (list: ConnectAttempt[]) => (a: ConnectAttempt) => list.push({ ...a, address: canonicalAddress(a.address) });

describe('Happy Eyeballs: an AAAA where nothing listens', () => {
  let site: DualStackSite;
  beforeAll(async () => {
    site = await startDualStackSite('nothing-listens');
  });
  afterAll(() => site.close());

  it('measures the site over IPv4 instead of marking the web categories not measured', async () => {
    const attempts: ConnectAttempt[] = [];
    const { report } = await scan(site.url('/'), { ...site.scanOptions, probes: ['http', 'tls'], onConnect: seen(attempts) });
    expect(report.target.pinned).toBe('127.0.0.1');
    const byId = Object.fromEntries(report.categories.map((c) => [c.id, c.status]));
    expect(byId.headers).toBe('measured');
    expect(byId.tls).toBe('measured');
    // IPv6 was tried first (RFC 8305), refused, and never tried again by the probes.
    expect(attempts[0]).toMatchObject({ address: '::1', purpose: 'connect-race' });
    expect(attempts.filter((a) => a.address === '::1')).toHaveLength(1);
    expect(site.v4.connections).toBeGreaterThan(0);
  });
});

describe('Happy Eyeballs: both families serve', () => {
  let site: DualStackSite;
  beforeAll(async () => {
    site = await startDualStackSite('same');
  });
  afterAll(() => site.close());

  it('settles on IPv6 (tried first, answered within the 250 ms delay) and every probe uses it', async () => {
    const attempts: ConnectAttempt[] = [];
    const { report } = await scan(site.url('/'), { ...site.scanOptions, probes: ['http', 'tls'], onConnect: seen(attempts) });
    expect(report.target.pinned).toBe('::1');
    expect(attempts.filter((a) => a.address === '127.0.0.1')).toEqual([]);
    expect(site.v4.connections).toBe(0);
    // The race's winning socket carried the first request: the race cost no connection of its own.
    expect(attempts.filter((a) => a.purpose === 'connect-race')).toHaveLength(1);
    expect(report.categories.find((c) => c.id === 'headers')?.status).toBe('measured');
  });
});
