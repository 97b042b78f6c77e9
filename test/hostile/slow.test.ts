/**
 * Servers that are slow on purpose: silent after accept, a body one byte per second, a plain-HTTP port
 * scanned as https. Each scan ends within its documented budget (a multiple of the time limit) and the
 * report says why. Short time limits keep the suite fast; the budgets scale with them.
 */
import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../src/report/terminal.js';
import { category, expectExplained, scanHttpCase } from './support.js';

const T = 1000;

describe('slow and silent servers', () => {
  it.concurrent('stall after accept: one time limit, every category not measured with the reason', async () => {
    const { report, ms } = await scanHttpCase('stall-after-accept', T);
    expect(ms).toBeLessThan(3 * T + 2000);
    expect(report.score).toBeNull();
    expectExplained(report, /no response from 127\.0\.0\.1:\d+ within 1000 ms/);
    expect(category(report, 'tls').status).toBe('not_measured');
    // The TLS probe does not wait a second time for the same silence.
    expect(report.unavailable.find((u) => u.probe === 'tls')?.reason).toMatch(/no TLS on port \d+: no TLS handshake completed in time/);
  });

  it.concurrent('one byte per second: headers judged, the body cut and said so, path probes stopped early', async () => {
    const { report, ms } = await scanHttpCase('one-byte-per-second', T);
    expect(ms).toBeLessThan(10 * T + 3000);
    expect(category(report, 'headers').status).toBe('measured');
    expectExplained(report, /the body stalled and was cut after \d+ bytes/);
    expect(category(report, 'exposure').status).toBe('not_measured');
    expect(category(report, 'exposure').reason).toMatch(/the server stalled on 3 requests in a row/);
  });

  it.concurrent('plain HTTP on the TLS port, answering a ClientHello with 400: recognised at once', async () => {
    // A long time limit, so "recognised at once" is plain even on a loaded machine: nothing waits for it.
    const { report, ms } = await scanHttpCase('plain-http-400-to-tls', 30 * T, { scheme: 'https' });
    expect(ms).toBeLessThan(15 * T);
    // Said one way: the finding and the TLS probe in the same words (model/http.ts, plainHttpOnTlsPort).
    const statement = /port \d+ speaks plain HTTP \(http:\/\/127\.0\.0\.1:\d+\/ answered \d+; a TLS handshake there got no TLS answer\)$/m;
    expectExplained(report, statement);
    const noHttps = report.findings.find((f) => f.id === 'no_https');
    expect(noHttps?.title).toMatch(/^The site is not served over HTTPS: port \d+ speaks plain HTTP$/);
    expect(noHttps?.evidence.split(': ').slice(1).join(': ')).toBe(report.unavailable.find((u) => u.probe === 'tls')?.reason);
    expect(noHttps?.evidence).toMatch(statement);
    expect(category(report, 'headers').status).toBe('measured');
  });

  it.concurrent('plain HTTP on the TLS port, silent to a ClientHello: stopped after a short grace, not the time limit', async () => {
    const { report, ms } = await scanHttpCase('plain-http-silent-to-tls', 30 * T, { scheme: 'https' });
    expect(ms).toBeLessThan(15 * T);
    expectExplained(report, /port \d+ speaks plain HTTP \(http:\/\/127\.0\.0\.1:\d+\/ answered 200; a TLS handshake there got no answer within \d+ ms\)/);
    expect(report.findings.find((f) => f.id === 'no_https')?.title).toMatch(/port \d+ speaks plain HTTP$/);
    // The finding says it: not repeated as a limit of the scan.
    expect(renderTerminal(report, { color: false })).toMatch(/no_https {2}The site is not served over HTTPS: port \d+ speaks plain HTTP\n.*no answer within \d+ ms\)/);
  });
});
