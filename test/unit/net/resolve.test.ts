import { describe, expect, it } from 'vitest';
import { PinnedResolver, parseResolveEntry } from '../../../src/net/resolve.js';
import { parseTargetInput, InputError } from '../../../src/net/target-input.js';
import { ScanBudget } from '../../../src/net/budget.js';

describe('--resolve entries (curl syntax)', () => {
  it('parses host, port and one or more addresses', () => {
    expect(parseResolveEntry('Api.Example.com:443:127.0.0.1')).toEqual({ host: 'api.example.com', port: 443, addresses: ['127.0.0.1'] });
    expect(parseResolveEntry('a.test:8443:[::1],127.0.0.2')).toEqual({ host: 'a.test', port: 8443, addresses: ['0:0:0:0:0:0:0:1', '127.0.0.2'] });
    expect(parseResolveEntry('a.test:*:127.0.0.1').port).toBe('*');
  });
  it.each(['a.test', 'a.test:443', 'a.test:99999:1.2.3.4', 'a.test:443:not-an-ip', ':443:1.2.3.4'])('rejects %s', (entry) => {
    expect(() => parseResolveEntry(entry)).toThrow(InputError);
  });
});

describe('PinnedResolver', () => {
  it('resolves a name once per scan and pins the answer, even if DNS changes its mind', async () => {
    const answers = [['93.184.215.14'], ['127.0.0.1']];
    let calls = 0;
    const resolver = new PinnedResolver({ lookup: async () => answers[calls++]! });
    expect(await resolver.resolve('site.example')).toBe('93.184.215.14');
    expect(await resolver.resolve('site.example')).toBe('93.184.215.14');
    expect(await resolver.resolve('SITE.example.')).toBe('93.184.215.14');
    expect(calls).toBe(1);
  });
  it('refuses a name that resolves only to private addresses', async () => {
    const resolver = new PinnedResolver({ lookup: async () => ['10.0.0.5', '::1'] });
    await expect(resolver.resolve('intranet.example')).rejects.toMatchObject({ code: 'TARGET_REFUSED' });
  });
  it('skips refused addresses when a public one is also offered', async () => {
    const resolver = new PinnedResolver({ lookup: async () => ['127.0.0.1', '93.184.215.14'] });
    expect(await resolver.resolve('mixed.example')).toBe('93.184.215.14');
  });
  it('refuses localhost without asking DNS', async () => {
    let asked = false;
    const resolver = new PinnedResolver({ lookup: async () => ((asked = true), ['93.184.215.14']) });
    await expect(resolver.resolve('localhost')).rejects.toMatchObject({ code: 'TARGET_REFUSED' });
    await expect(resolver.resolve('app.localhost')).rejects.toMatchObject({ code: 'TARGET_REFUSED' });
    expect(asked).toBe(false);
  });
  it('pins from --resolve win over DNS and are still checked against the policy', async () => {
    const resolver = new PinnedResolver({ pins: [parseResolveEntry('api.target.test:8080:127.0.0.2')], lookup: async () => ['93.184.215.14'] });
    await expect(resolver.resolve('api.target.test', 8080)).rejects.toThrow(/127\.0\.0\.2/);
    const open = new PinnedResolver({ allowPrivate: true, pins: [parseResolveEntry('api.target.test:8080:127.0.0.2')] });
    expect(await open.resolve('api.target.test', 8080)).toBe('127.0.0.2');
    // The pin names the host for the scan: other ports of that host use it too.
    expect(await open.resolve('api.target.test', 443)).toBe('127.0.0.2');
  });
  it('a DNS failure is a NetError with a reason', async () => {
    const resolver = new PinnedResolver({ lookup: async () => Promise.reject(Object.assign(new Error('x'), { code: 'ENOTFOUND' })) });
    await expect(resolver.resolve('nowhere.example')).rejects.toMatchObject({ code: 'DNS_FAILED' });
  });
});

describe('target input', () => {
  it('accepts a bare host as https-then-http', () => {
    const t = parseTargetInput('Example.COM');
    expect(t).toMatchObject({ url: 'https://example.com/', host: 'example.com', schemeGiven: false });
  });
  it('keeps an explicit port and path', () => {
    expect(parseTargetInput('example.com:8443/app?x=1')).toMatchObject({ url: 'https://example.com:8443/app?x=1', port: 8443, schemeGiven: false });
    expect(parseTargetInput('http://example.com:8080/')).toMatchObject({ port: 8080, schemeGiven: true });
  });
  it('refuses a port outside 1–65535 in every spelling, and keeps the ports at the ends', () => {
    for (const input of ['http://x.example:0/', 'x.example:0', 'https://x.example:65536', 'x.example:99999/a', 'http://[::1]:0/', 'https://u@x.example:0/', 'https:\\\\x.example:0\\p']) {
      expect(() => parseTargetInput(input), input).toThrow(/port \d+ is not a usable port/);
    }
    expect(parseTargetInput('x.example:1').port).toBe(1);
    expect(parseTargetInput('http://x.example:65535/').port).toBe(65535);
    expect(parseTargetInput('http://x.example/a:0').port).toBeUndefined();
  });
  it('normalises IP literals', () => {
    expect(parseTargetInput('http://0x7f.1/').host).toBe('127.0.0.1');
    expect(parseTargetInput('http://[::ffff:127.0.0.1]/').host).toBe('0:0:0:0:0:ffff:7f00:1');
  });
  it.each(['ftp://x.example', 'file:///etc/passwd', 'https://a:b@x.example', 'http://', '  ', 'http://exa mple.com', 'http://bad_host!.example/'])('refuses %s', (input) => {
    expect(() => parseTargetInput(input)).toThrow(InputError);
  });
});

describe('ScanBudget', () => {
  it('caps the number of requests', async () => {
    const budget = new ScanBudget(2, 1);
    await budget.run(async () => 1);
    await budget.run(async () => 2);
    await expect(budget.run(async () => 3)).rejects.toMatchObject({ code: 'BUDGET_EXHAUSTED' });
    expect(budget.used).toBe(2);
  });
  it('caps concurrency', async () => {
    const budget = new ScanBudget(20, 2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        budget.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});
