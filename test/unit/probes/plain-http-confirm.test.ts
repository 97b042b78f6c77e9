/**
 * The HTTP probe's proof that a TLS port speaks plain HTTP, on the default port (which no test may
 * listen on): a scripted transport stands in for the network and records what the probe asks.
 */
import { describe, expect, it } from 'vitest';
import { probeHttp } from '../../../src/probes/http.js';
import { NetError } from '../../../src/net/errors.js';
import type { NetContext } from '../../../src/net/context.js';
import type { TargetInfo } from '../../../src/model/evidence.js';
import type { HttpEvidence } from '../../../src/model/http.js';
import { exchange } from '../../support/evidence.js';

const target: TargetInfo = { input: 'site.example', url: 'https://site.example/', host: 'site.example', schemeGiven: false, resolved: ['192.0.2.10'] };

/** Answers from a table by URL; a NetError entry is thrown, as the client throws it. */
function scripted(answers: Record<string, ReturnType<typeof exchange> | NetError>) {
  const asked: string[] = [];
  const net = {
    timeoutMs: 1000,
    http: {
      request: async ({ url }: { url: string }) => {
        asked.push(url);
        const answer = answers[url];
        if (!answer) throw new NetError('ECONNREFUSED', `${new URL(url).host} refused the connection`);
        if (answer instanceof NetError) throw answer;
        return answer;
      },
    },
  } as unknown as NetContext;
  return { net, asked };
}

const notTls = new NetError('NOT_TLS', 'TLS handshake with site.example failed: the port did not answer in TLS (its answer is not a TLS record)');

async function http(answers: Record<string, ReturnType<typeof exchange> | NetError>) {
  const { net, asked } = scripted(answers);
  const result = await probeHttp(net, target);
  if (result.status !== 'ok') throw new Error(`probe unavailable: ${result.reason}`);
  return { data: result.data as HttpEvidence, asked };
}

describe('plain HTTP on port 443, proved once and said one way', () => {
  it('asks http://host:443/ once, and every chain that failed there says "port 443 speaks plain HTTP"', async () => {
    const { data, asked } = await http({
      'http://site.example/': exchange('http://site.example/', 301, [['Location', 'https://site.example/']]),
      'https://site.example/': notTls,
      'http://site.example:443/': exchange('http://site.example:443/', 400),
    });
    const words = 'port 443 speaks plain HTTP (http://site.example:443/ answered 400; a TLS handshake there got no TLS answer)';
    expect(data.https.error).toEqual({ code: 'PLAIN_HTTP', message: words, url: 'https://site.example/' });
    expect(data.http.error).toEqual({ code: 'PLAIN_HTTP', message: words, url: 'https://site.example/' });
    expect(asked.filter((u) => u === 'http://site.example:443/')).toHaveLength(1);
    // The finding says it; the probe's notes do not repeat it.
    expect(data.notes ?? []).toEqual([]);
  });

  it('a port that answers neither keeps its own words, and nothing is claimed', async () => {
    const { data } = await http({ 'http://site.example/': exchange('http://site.example/', 200), 'https://site.example/': notTls });
    expect(data.https.error).toMatchObject({ code: 'NOT_TLS', message: notTls.message });
  });

  it('a TLS alert is a TLS answer: the port is not asked in plain HTTP', async () => {
    const alert = new NetError('TLS_FAILED', 'TLS handshake with site.example failed: the server refused every offered TLS version');
    const { data, asked } = await http({ 'http://site.example/': exchange('http://site.example/', 200), 'https://site.example/': alert });
    expect(asked).not.toContain('http://site.example:443/');
    expect(data.https.error).toMatchObject({ code: 'TLS_FAILED' });
  });
});
