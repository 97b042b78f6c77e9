/**
 * Issue 26's terminal defects, on hand-written evidence: the address as people write it (`::1`, not
 * eight groups), what an unknown address is, "1 more line" in the singular, a Learn pointer a terminal
 * user can open, and a progress line that is erased when the scan ends, fails or is interrupted.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { rescore } from '../../src/engine/index.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { addressText } from '../../src/report/address.js';
import { terminalProgress } from '../../src/cli/progress-line.js';
import { renderText as renderCorsText } from '../../src/cli/commands/cors.js';
import type { Finding } from '../../src/model/finding.js';
import type { Report } from '../../src/model/report.js';
import { GOOD_HEADERS, siteWithHeaders } from '../support/evidence.js';

const base = rescore(siteWithHeaders(GOOD_HEADERS));
const firstLine = (r: Report) => renderTerminal(r, { color: false }).split('\n')[0]!;

describe('the terminal report', () => {
  it('prints an IPv6 address in its short form and says when no address was resolved', () => {
    expect(addressText('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(addressText('2001:db8:0:0:0:0:0:10')).toBe('2001:db8::10');
    expect(addressText('127.0.0.1')).toBe('127.0.0.1');
    const v6 = firstLine({ ...base, target: { ...base.target, pinned: '0:0:0:0:0:0:0:1' } });
    expect(v6).toMatch(/\(address ::1, \d/);
    expect(v6).not.toContain('0:0:0');
    const none = firstLine({ ...base, target: { ...base.target, pinned: undefined } as Report['target'] });
    expect(none).toMatch(/\(no address resolved, \d/);
    expect(none).not.toContain('?');
  });

  it('counts hidden evidence lines in the right number', () => {
    const finding = (lines: number): Finding => ({ ...base.findings[0]!, id: 'missing_csp', category: 'headers', severity: 'high', pointsLost: 6, title: 't', evidence: Array.from({ length: lines }, (_, i) => `line ${i}`).join('\n') });
    const text = (lines: number) => renderTerminal({ ...base, findings: [finding(lines)] }, { color: false });
    expect(text(4)).toContain('… 1 more line (--verbose)');
    expect(text(4)).not.toContain('1 more lines');
    expect(text(5)).toContain('… 2 more lines (--verbose)');
  });

  it('the CORS command points to an explainer a terminal user can open, not a bare /learn path', () => {
    const out = renderCorsText(undefined, []);
    const learn = out.split('\n').find((l) => l.startsWith('Learn more'))!;
    const file = /(\/\S+\/content\/learn\/cors\.md)/.exec(learn)?.[1];
    expect(file, learn).toBeDefined();
    expect(existsSync(file!)).toBe(true);
  });
});

describe('a result without a score says each cause once', () => {
  const HTTP = 'no HTTP response from the target: 127.0.0.1:9 refused the connection';
  const TLS = 'could not connect to 127.0.0.1:9: the server refused the connection';
  const dead = rescore({
    ...siteWithHeaders(GOOD_HEADERS),
    http: { status: 'unavailable', reason: HTTP },
    tls: { status: 'unavailable', reason: TLS },
    cors: { status: 'unavailable', reason: `not probed: the target gave no HTTP response (${HTTP})` },
  } as Parameters<typeof rescore>[0]);
  const count = (text: string, words: string) => text.split(words).length - 1;

  it('in the report: a category lists each missing probe once, however many of its checks needed it', () => {
    expect(dead.score).toBeNull();
    const tls = dead.categories.find((c) => c.id === 'tls')!;
    expect(count(tls.reason!, HTTP)).toBe(1);
    expect(count(tls.reason!, TLS)).toBe(1);
  });

  it('in the terminal: one statement, then each reason once', () => {
    const text = renderTerminal(dead, { color: false });
    expect(count(text, HTTP)).toBe(1);
    expect(count(text, TLS)).toBe(1);
    expect(text).toContain('No score: nothing could be measured (measured 0 of 100 points).');
    expect(text).not.toMatch(/TLS & HTTPS +not measured/);
    expect(text).toContain('cors: not probed: the target gave no HTTP response (see http)');
  });
});

describe('the progress line', () => {
  const fakeProcess = () => {
    const handlers = new Map<string, () => void>();
    const kills: string[] = [];
    return {
      handlers,
      kills,
      proc: {
        pid: 1,
        once: (event: string, fn: () => void) => handlers.set(event, fn),
        removeListener: (event: string) => handlers.delete(event),
        kill: (_pid: number, signal: string) => kills.push(signal),
      } as unknown as Parameters<typeof terminalProgress>[2],
    };
  };
  const start = { probe: 'http', label: 'HTTP', state: 'start', finished: 0, total: 2 } as const;

  it('is erased once when the scan ends, and nothing is drawn after that', () => {
    const written: string[] = [];
    const { proc, handlers } = fakeProcess();
    const line = terminalProgress((t) => written.push(t), 'h', proc);
    line.onProgress(start);
    line.clear();
    line.onRequestActivity({ tag: 'http', phase: 'end', requests: 3, meanMs: 10 });
    line.onProgress({ ...start, state: 'done', finished: 1 });
    line.clear();
    expect(written.at(-1)).toBe('\r\x1b[2K');
    expect(written.filter((w) => w === '\r\x1b[2K')).toHaveLength(1);
    expect(written).toHaveLength(2);
    expect(handlers.size).toBe(0); // no SIGINT or exit handler left behind
  });

  it('on Ctrl-C: erased, then the interrupt goes on; on exit (an error ending the process): erased', () => {
    const written: string[] = [];
    const a = fakeProcess();
    const line = terminalProgress((t) => written.push(t), 'h', a.proc);
    line.onProgress(start);
    a.handlers.get('SIGINT')!();
    expect(written.at(-1)).toBe('\r\x1b[2K');
    expect(a.kills).toEqual(['SIGINT']);

    const b = fakeProcess();
    const other: string[] = [];
    terminalProgress((t) => other.push(t), 'h', b.proc).onProgress(start);
    b.handlers.get('exit')!();
    expect(other.at(-1)).toBe('\r\x1b[2K');
  });

  it('writes nothing to erase when nothing was drawn', () => {
    const written: string[] = [];
    terminalProgress((t) => written.push(t), 'h', fakeProcess().proc).clear();
    expect(written).toEqual([]);
  });
});
