/** What `serve` prints: human error lines by default, fastify's JSON request lines only when asked. */
import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { errorLine, errorLinesLogger, loggerOptions } from '../../src/server/log.js';

describe('serve logging', () => {
  it('by default an error is one human line and a request prints nothing', async () => {
    const lines: string[] = [];
    const app = Fastify({ loggerInstance: errorLinesLogger((l) => lines.push(l)) });
    app.get('/ok', async () => 'ok');
    app.get('/boom', async () => {
      throw new Error('disk full');
    });
    await app.inject({ url: '/ok' });
    expect(lines).toEqual([]);
    await app.inject({ url: '/boom' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^scorifya: error: .*disk full.*\n$/);
    expect(lines[0]).not.toMatch(/^\{/);
    await app.close();
  });

  it('writes pino-style calls as words', () => {
    expect(errorLine([{ scanId: 'abc', err: new Error('timed out') }, 'scan failed'])).toBe('scorifya: error: scan failed: timed out (scanId=abc)\n');
    expect(errorLine([new Error('gone')])).toBe('scorifya: error: gone\n');
    expect(errorLine(['plain'])).toBe('scorifya: error: plain\n');
  });

  it('per-request JSON logs only when asked', () => {
    expect(loggerOptions('requests')).toEqual({ logger: { level: 'info' } });
    expect(loggerOptions(true)).toEqual({ logger: { level: 'info' } });
    expect(loggerOptions(false)).toEqual({ logger: false });
    expect('loggerInstance' in loggerOptions('errors')).toBe(true);
  });
});
