/** Fix content filled in for the scanned host, and engine messages said in web terms. */
import { describe, expect, it } from 'vitest';
import { contentForHost, fillHost, hostNames } from '../../../src/content/host-snippets.js';
import { findingContent } from '../../../src/content/load.js';
import { webWords } from '../../../src/server/html/web-words.js';

describe('fillHost', () => {
  const www = hostNames('www.shop.co.uk');
  it('a bare name becomes the host, sub-names hang off the registrable domain', () => {
    expect(www.domain).toBe('shop.co.uk');
    expect(fillHost('server_name example.com www.example.com;', www)).toBe('server_name www.shop.co.uk www.shop.co.uk;');
    expect(fillHost('_dmarc.example.com and mailto:r@example.com', www, true)).toBe('_dmarc.shop.co.uk and mailto:r@shop.co.uk');
    expect(fillHost('Domain=.example.com; root /var/www/example.com', www)).toBe('Domain=.shop.co.uk; root /var/www/www.shop.co.uk');
  });
  it('leaves look-alikes alone and handles addresses', () => {
    expect(fillHost('notexample.com example.com.au example.community', www)).toBe('notexample.com example.com.au example.community');
    const ip = hostNames('127.0.0.1');
    expect(ip.domain).toBeNull();
    expect(fillHost('https://example.com/ and www.example.com', ip)).toBe('https://127.0.0.1/ and www.example.com');
  });
  it('every finding with example.com in a snippet gets the host instead', () => {
    let filled = 0;
    for (const content of findingContent().values()) {
      const out = contentForHost(content, 'shop.test.example');
      for (const s of out.snippets) expect(s.code).not.toMatch(/(?<![\w.-])example\.com(?![\w-]|\.[a-z])/);
      if (content.snippets.some((s) => s.code.includes('example.com'))) filled++;
    }
    expect(filled).toBeGreaterThan(20);
  });
});

describe('webWords', () => {
  it('says CLI-only advice in web terms', () => {
    expect(webWords('no DNS server configured: /etc/resolv.conf lists none and no --dns-server was given')).not.toContain('--');
    expect(webWords('refusing to scan 10.0.0.1: private address; pass --allow-private to scan it')).toBe('refusing to scan 10.0.0.1: private address: this service does not scan private or internal addresses');
    expect(webWords('api.test resolves to 127.0.0.1 (loopback): DNS checks are skipped unless a DNS server is given (--dns-server)')).toBe('api.test resolves to 127.0.0.1 (loopback): DNS and email checks are skipped for internal addresses');
    for (const content of findingContent().values()) {
      const causeWords = [...content.causes.values()].flatMap((c) => [c.summary, ...c.steps]);
      for (const step of [...content.steps, ...causeWords]) expect(webWords(step)).not.toMatch(/`--(ca|dns-server|dnssec-anchor|resolve|allow-private)\b/);
    }
  });
});
