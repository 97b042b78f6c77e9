/** The classifier of protection answers and login redirects, on hand-written responses. */
import { describe, expect, it } from 'vitest';
import { classifyAnswer, classifyMainPage, layerCookiesSeen } from '../../../src/probes/protection.js';
import { PROTECTION_LAYERS, protectionLayerOfCookie } from '../../../src/model/protection-layers.js';
import { LAYER_ANSWERS, SITE_OWN_ANSWERS } from '../../lab/protection/answers.js';
import { exchange, finalChain } from '../../support/evidence.js';
import type { HttpEvidence } from '../../../src/model/http.js';

describe('classifyAnswer: each layer by its documented answer', () => {
  for (const [name, fixture] of Object.entries(LAYER_ANSWERS)) {
    it(`${name}: ${fixture.kind}${fixture.layer ? ` by ${fixture.layer}` : ''}`, () => {
      const facts = classifyAnswer(fixture.response);
      expect(facts?.kind).toBe(fixture.kind);
      expect(facts?.layer).toBe(fixture.layer);
      expect(facts?.markers[0]).toBe(`status ${fixture.response.status}`);
      expect(facts!.markers.length).toBeGreaterThan(1);
    });
  }

  it('names the proof: the Cloudflare challenge by its cf-mitigated header', () => {
    const facts = classifyAnswer(LAYER_ANSWERS['cloudflare-challenge']!.response)!;
    expect(facts).toMatchObject({ layerName: 'Cloudflare', answer: 'a challenge page', markers: ['status 403', 'cf-mitigated: challenge'] });
  });

  it('a 429 with Retry-After is a rate limit, layer or not, and quotes the header', () => {
    expect(classifyAnswer(LAYER_ANSWERS['rate-limit']!.response)).toEqual({
      kind: 'rate_limit',
      answer: '429 Too Many Requests',
      markers: ['status 429', 'retry-after: 120'],
      status: 429,
    });
  });

  it('reads the Akamai reference number written plainly as well as in HTML entities', () => {
    const plain = { ...LAYER_ANSWERS.akamai!.response, body: '<H1>Access Denied</H1> Reference #18.6f1e2d17.1790000000.2a3b4c5d' };
    expect(classifyAnswer(plain)?.layer).toBe('akamai');
  });
});

describe('classifyAnswer: the site’s own answers stay the site’s', () => {
  for (const [name, response] of Object.entries(SITE_OWN_ANSWERS)) {
    it(`${name} names no layer`, () => expect(classifyAnswer(response)).toBeUndefined());
  }

  it('a layer’s markers on a 200 page are never a block', () => {
    for (const fixture of Object.values(LAYER_ANSWERS)) expect(classifyAnswer({ ...fixture.response, status: 200 })).toBeUndefined();
  });

  it('the markers without the layer’s headers are not enough (a page that quotes a block page)', () => {
    const cf = LAYER_ANSWERS['cloudflare-block']!.response;
    expect(classifyAnswer({ ...cf, headers: [['Server', 'nginx']] })).toBeUndefined();
    const cloudfront = LAYER_ANSWERS['aws-cloudfront']!.response;
    expect(classifyAnswer({ ...cloudfront, headers: [['Content-Type', 'text/html']] })).toBeUndefined();
  });

  it('DataDome’s header rides on allowed answers: x-datadome on a 403 without its challenge or block marker is the site’s', () => {
    expect(classifyAnswer({ status: 403, headers: [['X-DataDome', 'protected']], body: '<h1>Forbidden</h1>' })).toBeUndefined();
  });

  it('the header value must match, not just the header: cf-mitigated with another value is no challenge', () => {
    expect(classifyAnswer({ status: 403, headers: [['cf-mitigated', 'block']], body: '' })).toBeUndefined();
  });
});

describe('the table', () => {
  it('every rule needs a non-200 status and at least one marker group; every marker and cookie has an https source', () => {
    for (const layer of PROTECTION_LAYERS) {
      expect(layer.rules.length).toBeGreaterThan(0);
      for (const rule of layer.rules) {
        expect(rule.statuses).not.toContain(200);
        expect(rule.requires.length).toBeGreaterThan(0);
        expect(rule.source).toMatch(/^https:\/\//);
        for (const group of rule.requires) for (const marker of group) expect(marker.source).toMatch(/^https:\/\//);
      }
      for (const cookie of layer.cookies) expect(cookie.source).toMatch(/^https:\/\//);
    }
  });

  it('cookies by exact name or documented prefix', () => {
    expect(protectionLayerOfCookie('__cf_bm')?.id).toBe('cloudflare');
    expect(protectionLayerOfCookie('incap_ses_123_456789')?.id).toBe('imperva');
    expect(protectionLayerOfCookie('visid_incap_456789')?.id).toBe('imperva');
    expect(protectionLayerOfCookie('datadome')?.id).toBe('datadome');
    expect(protectionLayerOfCookie('_px3')?.id).toBe('human');
    expect(protectionLayerOfCookie('session')).toBeUndefined();
    expect(protectionLayerOfCookie('__cf_bm_site')).toBeUndefined();
  });
});

const site = (url: string, status = 200, headers: [string, string][] = [], body = '') => exchange(url, status, headers, body);
const redirect = (from: string, to: string) => exchange(from, 302, [['Location', to]]);

describe('classifyMainPage', () => {
  const evidence = (https: HttpEvidence['https'], http: HttpEvidence['http'], primary: HttpEvidence['primary'] = 'https') => ({ https, http, primary });

  it('a block on both chains names both chains', () => {
    const r = LAYER_ANSWERS['cloudflare-block']!.response;
    const verdict = classifyMainPage(
      evidence(finalChain('https://shop.test/', site('https://shop.test/', r.status, r.headers, r.body)), finalChain('http://shop.test/', site('http://shop.test/', r.status, r.headers, r.body))),
      'shop.test',
    );
    expect(verdict).toMatchObject({ kind: 'block', layer: 'cloudflare', url: 'https://shop.test/', chains: ['https', 'http'] });
  });

  it('http redirecting to the blocked https page: both chains end on the block', () => {
    const r = LAYER_ANSWERS['cloudflare-challenge']!.response;
    const page = site('https://shop.test/', r.status, r.headers, r.body);
    const verdict = classifyMainPage(evidence(finalChain('https://shop.test/', page), finalChain('http://shop.test/', redirect('http://shop.test/', 'https://shop.test/'), page)), 'shop.test');
    expect(verdict).toMatchObject({ kind: 'challenge', chains: ['https', 'http'] });
  });

  it('every chain ending on a login page on another host names that host', () => {
    const login = site('https://login.idp.test/authorize?client_id=shop', 200, [], '<form><input name="user"><input type="password" name="pw"></form>');
    const verdict = classifyMainPage(
      evidence(
        finalChain('https://shop.test/', redirect('https://shop.test/', login.url), login),
        finalChain('http://shop.test/', redirect('http://shop.test/', 'https://shop.test/'), redirect('https://shop.test/', login.url), login),
      ),
      'shop.test',
    );
    expect(verdict).toEqual({
      kind: 'login_redirect',
      host: 'login.idp.test',
      url: login.url,
      markers: ['the URL names a sign-in step ("authorize")', 'the host is a login host (login.…)', 'the page has a password field'],
    });
  });

  it('no login redirect when one chain stays on the site, when the other host is www, or when nothing reads as a login', () => {
    const login = site('https://login.idp.test/signin', 200);
    const stays = site('http://shop.test/', 200);
    expect(classifyMainPage(evidence(finalChain('https://shop.test/', redirect('https://shop.test/', login.url), login), finalChain('http://shop.test/', stays)), 'shop.test')).toBeUndefined();
    const www = site('https://www.shop.test/login', 200);
    expect(classifyMainPage(evidence(finalChain('https://shop.test/', redirect('https://shop.test/', www.url), www), finalChain('http://shop.test/')), 'shop.test')).toBeUndefined();
    const moved = site('https://shop.example/', 200, [], '<h1>We moved</h1>');
    expect(classifyMainPage(evidence(finalChain('https://shop.test/', redirect('https://shop.test/', moved.url), moved), finalChain('http://shop.test/')), 'shop.test')).toBeUndefined();
  });

  it('a normal page is no verdict; no page at all is none either', () => {
    expect(classifyMainPage(evidence(finalChain('https://shop.test/', site('https://shop.test/')), finalChain('http://shop.test/')), 'shop.test')).toBeUndefined();
    expect(classifyMainPage(evidence(finalChain('https://shop.test/'), finalChain('http://shop.test/'), 'none'), 'shop.test')).toBeUndefined();
  });
});

describe('layerCookiesSeen', () => {
  it('lists each layer’s cookies once, on any hop of either chain', () => {
    const page = site('https://shop.test/', 200, [
      ['Set-Cookie', '__cf_bm=a; Secure'],
      ['Set-Cookie', 'sid=b'],
      ['Set-Cookie', 'incap_ses_1_2=c'],
      ['Set-Cookie', '__cf_bm=a2'],
    ]);
    const seen = layerCookiesSeen({ https: finalChain('https://shop.test/', page), http: finalChain('http://shop.test/', page) });
    expect(Object.fromEntries(seen)).toEqual({ Cloudflare: ['__cf_bm'], 'Imperva (Incapsula)': ['incap_ses_1_2'] });
  });
});
