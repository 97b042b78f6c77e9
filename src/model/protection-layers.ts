/**
 * The protection layers the scan recognises, as data: per layer, the answers it gives instead of a
 * page (status + markers, each with the vendor's public page that documents it) and the cookies it
 * sets. probes/protection.ts reads the answers, checks/cookies reads the cookie names, and
 * docs/protection-layers.md shows the same table (a test holds the two together).
 *
 * Conservative on purpose: a layer is named only when a block-type status comes together with that
 * layer's own markers. A header that rides on every response through a CDN (`server: cloudflare`,
 * `cf-ray`, `x-iinfo`, `x-datadome`) is never enough alone, and no rule accepts a 200: a site's own
 * 403 or 503 from an unknown server, or a 403 from the origin passed through a CDN, stays the site's.
 */
import type { ProtectionKind } from './protection.js';

export interface HeaderMarker {
  /** Header name, lower-case. */
  header: string;
  /** The value must match; absent: the header's presence is the marker. Anchored or bounded patterns only. */
  value?: RegExp;
  /** The marker as the docs show it. */
  shows: string;
  source: string;
}

export interface BodyMarker {
  /** Searched in the first bytes of the body the scan kept. Bounded patterns only (hostile bodies). */
  body: RegExp;
  shows: string;
  source: string;
}

export type Marker = HeaderMarker | BodyMarker;

export interface LayerRule {
  kind: ProtectionKind;
  /** Statuses this answer is sent with. Never 200: a 200 page is the site's. */
  statuses: readonly number[];
  /** Every group must hold; a group holds when any one of its markers is in the response. */
  requires: readonly (readonly Marker[])[];
  /** The answer in words: "a challenge page". */
  answer: string;
  /** Where the vendor documents the answer and its status. */
  source: string;
}

export interface LayerCookie {
  /** Cookie name, compared case-sensitively as browsers do. */
  name: string;
  /** The layer appends an id to this prefix (`incap_ses_123_456`). */
  prefix?: boolean;
  source: string;
}

export interface ProtectionLayer {
  id: string;
  name: string;
  /** Tried in order; the first rule that holds names the answer. */
  rules: readonly LayerRule[];
  cookies: readonly LayerCookie[];
}

const CLOUDFLARE = {
  challenge: 'https://developers.cloudflare.com/cloudflare-challenges/challenge-types/challenge-pages/detect-response/',
  pages: 'https://developers.cloudflare.com/cloudflare-challenges/challenge-types/challenge-pages/',
  ray: 'https://developers.cloudflare.com/fundamentals/reference/cloudflare-ray-id/',
  e1020: 'https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-1xxx-errors/error-1020/',
  e1015: 'https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-1xxx-errors/error-1015/',
  cookies: 'https://developers.cloudflare.com/fundamentals/reference/policies-compliances/cloudflare-cookies/',
};
const cfServer: HeaderMarker = { header: 'server', value: /^\s*cloudflare\s*$/i, shows: 'server: cloudflare', source: CLOUDFLARE.ray };
const cfRay: HeaderMarker = { header: 'cf-ray', shows: 'cf-ray: <id>', source: CLOUDFLARE.ray };

const AKAMAI = {
  denied: 'https://community.akamai.com/community/cloud-security/blog/2016/04/07/why-is-akamai-blocking-me',
  cookies: 'https://techdocs.akamai.com/bot-manager/docs/javascript-sensor',
};

const IMPERVA = {
  overview: 'https://docs.imperva.com/bundle/cloud-application-security/page/introducing-incapsula.htm',
  resource: 'https://community.imperva.com/discussion/cloud-waf-fundamentals-understanding-key-concepts-architecture-and-global-security-questions-and-answers',
};

const SUCURI = {
  headers: 'https://docs.sucuri.net/website-firewall/troubleshooting/investigating-cache-headers/',
  blocked: 'https://docs.sucuri.net/website-firewall/whitelist-and-blacklist/whitelist-an-ip-address/',
};

const AWS = {
  actions: 'https://docs.aws.amazon.com/waf/latest/developerguide/waf-captcha-and-challenge-actions.html',
  cloudfront: 'https://repost.aws/knowledge-center/cloudfront-error-request-blocked',
  forbidden: 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-403-permission-denied.html',
  token: 'https://docs.aws.amazon.com/waf/latest/developerguide/waf-tokens.html',
};

const DATADOME = {
  captcha: 'https://docs.datadome.co/docs/datadome-captcha',
  deviceCheck: 'https://docs.datadome.co/docs/device-check',
  cookies: 'https://docs.datadome.co/docs/cookie-session-storage',
};

const HUMAN = {
  responses: 'https://docs.humansecurity.com/applications-and-accounts/docs/supported-features-fce',
};

const FASTLY = {
  ngwaf: 'https://docs.fastly.com/en/ngwaf/using-custom-agent-response-codes',
  servedBy: 'https://www.fastly.com/documentation/reference/http/http-headers/X-Served-By/',
};

export const PROTECTION_LAYERS: readonly ProtectionLayer[] = [
  {
    id: 'cloudflare',
    name: 'Cloudflare',
    rules: [
      {
        kind: 'challenge',
        statuses: [403, 429, 503],
        requires: [[{ header: 'cf-mitigated', value: /^\s*challenge\s*$/i, shows: 'cf-mitigated: challenge', source: CLOUDFLARE.challenge }]],
        answer: 'a challenge page',
        source: CLOUDFLARE.challenge,
      },
      {
        kind: 'challenge',
        statuses: [403, 503],
        requires: [
          [cfServer],
          [
            // The challenge's own orchestration script, not the detection script Cloudflare injects into
            // every HTML page it serves (/cdn-cgi/challenge-platform/scripts/jsd/), origin error pages included.
            { body: /\/cdn-cgi\/challenge-platform\/h\/[a-z]\/orchestrate\//, shows: '/cdn-cgi/challenge-platform/…/orchestrate/ script', source: CLOUDFLARE.pages },
            { body: /window\._cf_chl_opt\b/, shows: 'window._cf_chl_opt', source: CLOUDFLARE.pages },
            { body: /<title>\s*Just a moment\.\.\.\s*<\/title>/i, shows: '<title>Just a moment...</title>', source: CLOUDFLARE.pages },
          ],
        ],
        answer: 'a challenge page',
        source: CLOUDFLARE.pages,
      },
      {
        kind: 'rate_limit',
        statuses: [429],
        requires: [[cfServer], [cfRay], [{ body: /error\s+(?:code:?\s*)?1015\b/i, shows: 'error 1015 (You are being rate limited)', source: CLOUDFLARE.e1015 }]],
        answer: 'a rate-limit page (error 1015)',
        source: CLOUDFLARE.e1015,
      },
      {
        kind: 'block',
        statuses: [403],
        requires: [
          [cfServer],
          [cfRay],
          [
            { body: /Sorry, you have been blocked/i, shows: '"Sorry, you have been blocked"', source: CLOUDFLARE.e1020 },
            { body: /Attention Required! \| Cloudflare/i, shows: '"Attention Required! | Cloudflare"', source: CLOUDFLARE.e1020 },
            { body: /error\s+(?:code:?\s*)?1020\b/i, shows: 'error 1020 (Access denied)', source: CLOUDFLARE.e1020 },
          ],
        ],
        answer: 'a block page',
        source: CLOUDFLARE.e1020,
      },
    ],
    cookies: [
      { name: '__cf_bm', source: CLOUDFLARE.cookies },
      { name: 'cf_clearance', source: CLOUDFLARE.cookies },
      { name: '__cflb', source: CLOUDFLARE.cookies },
      { name: '_cfuvid', source: CLOUDFLARE.cookies },
      { name: '__cfruid', source: CLOUDFLARE.cookies },
      { name: '__cfseq', prefix: true, source: CLOUDFLARE.cookies },
      { name: '__cfwaitingroom', source: CLOUDFLARE.cookies },
      { name: 'cf_ob_info', source: CLOUDFLARE.cookies },
      { name: 'cf_use_ob', source: CLOUDFLARE.cookies },
      { name: 'cf_chl_', prefix: true, source: CLOUDFLARE.cookies },
    ],
  },
  {
    id: 'akamai',
    name: 'Akamai',
    rules: [
      {
        kind: 'block',
        statuses: [403],
        requires: [
          [{ header: 'server', value: /^\s*AkamaiGHost\s*$/i, shows: 'server: AkamaiGHost', source: AKAMAI.denied }],
          [{ body: /Access Denied/i, shows: '"Access Denied"', source: AKAMAI.denied }],
          // The page writes the number with HTML entities (`Reference&#32;&#35;18&#46;…`) or plainly.
          [{ body: /Reference(?:\s|&#32;){0,3}(?:#|&#35;)\d{1,4}(?:(?:\.|&#46;)[0-9a-f]{1,16}){3}/i, shows: '"Reference #18.xxxx.xxxx.xxxx"', source: AKAMAI.denied }],
        ],
        answer: 'an "Access Denied" page with an Akamai reference number',
        source: AKAMAI.denied,
      },
    ],
    cookies: [
      { name: '_abck', source: AKAMAI.cookies },
      { name: 'bm_sz', source: AKAMAI.cookies },
      { name: 'ak_bmsc', source: AKAMAI.cookies },
      { name: 'bm_sv', source: AKAMAI.cookies },
      { name: 'bm_mi', source: AKAMAI.cookies },
    ],
  },
  {
    id: 'imperva',
    name: 'Imperva (Incapsula)',
    rules: [
      {
        kind: 'block',
        statuses: [403],
        requires: [
          [
            { header: 'x-iinfo', shows: 'x-iinfo: <id>', source: IMPERVA.overview },
            { header: 'x-cdn', value: /^\s*(?:Incapsula|Imperva)\b/i, shows: 'x-cdn: Incapsula', source: IMPERVA.overview },
          ],
          [
            { body: /Incapsula incident ID/i, shows: '"Incapsula incident ID"', source: IMPERVA.overview },
            { body: /_Incapsula_Resource/i, shows: '/_Incapsula_Resource script', source: IMPERVA.resource },
          ],
        ],
        answer: 'a block page with an incident ID',
        source: IMPERVA.overview,
      },
    ],
    cookies: [
      { name: 'visid_incap_', prefix: true, source: IMPERVA.overview },
      { name: 'incap_ses_', prefix: true, source: IMPERVA.overview },
      { name: 'nlbi_', prefix: true, source: IMPERVA.overview },
      { name: 'reese84', source: IMPERVA.overview },
      { name: '___utmvc', source: IMPERVA.overview },
    ],
  },
  {
    id: 'sucuri',
    name: 'Sucuri Website Firewall',
    rules: [
      {
        kind: 'block',
        statuses: [403],
        requires: [[{ header: 'x-sucuri-block', shows: 'x-sucuri-block: <block id>', source: SUCURI.blocked }]],
        answer: 'a block page',
        source: SUCURI.blocked,
      },
      {
        kind: 'block',
        statuses: [403],
        requires: [
          [
            { header: 'x-sucuri-id', shows: 'x-sucuri-id: <node>', source: SUCURI.headers },
            { header: 'server', value: /^\s*Sucuri\//i, shows: 'server: Sucuri/…', source: SUCURI.headers },
          ],
          [
            { body: /Sucuri Website Firewall/i, shows: '"Sucuri Website Firewall"', source: SUCURI.blocked },
            { body: /Block reason:/i, shows: '"Block reason:"', source: SUCURI.blocked },
          ],
        ],
        answer: 'an "Access Denied" block page',
        source: SUCURI.blocked,
      },
    ],
    cookies: [
      { name: 'sucuri_cloudproxy_uuid_', prefix: true, source: SUCURI.headers },
      { name: 'sucuri_cloudproxy_js', source: SUCURI.headers },
    ],
  },
  {
    id: 'aws-waf',
    name: 'AWS WAF / CloudFront',
    rules: [
      {
        kind: 'challenge',
        statuses: [202],
        requires: [[{ header: 'x-amzn-waf-action', value: /^\s*challenge\s*$/i, shows: 'x-amzn-waf-action: challenge', source: AWS.actions }]],
        answer: 'a challenge page',
        source: AWS.actions,
      },
      {
        kind: 'challenge',
        statuses: [405],
        requires: [[{ header: 'x-amzn-waf-action', value: /^\s*captcha\s*$/i, shows: 'x-amzn-waf-action: captcha', source: AWS.actions }]],
        answer: 'a CAPTCHA page',
        source: AWS.actions,
      },
      {
        kind: 'block',
        statuses: [403],
        requires: [
          [
            { header: 'x-cache', value: /^\s*Error from cloudfront\s*$/i, shows: 'x-cache: Error from cloudfront', source: AWS.forbidden },
            { header: 'server', value: /^\s*CloudFront\s*$/i, shows: 'server: CloudFront', source: AWS.forbidden },
            { header: 'x-amz-cf-id', shows: 'x-amz-cf-id: <id>', source: AWS.forbidden },
          ],
          [{ body: /Request blocked\./i, shows: '"Request blocked."', source: AWS.cloudfront }],
          [{ body: /Generated by cloudfront \(CloudFront\)/i, shows: '"Generated by cloudfront (CloudFront)"', source: AWS.cloudfront }],
        ],
        answer: 'a "Request blocked" page',
        source: AWS.cloudfront,
      },
    ],
    cookies: [{ name: 'aws-waf-token', source: AWS.token }],
  },
  {
    id: 'datadome',
    name: 'DataDome',
    rules: [
      {
        kind: 'challenge',
        statuses: [403, 401],
        requires: [
          [
            { header: 'x-datadome', shows: 'x-datadome: <state>', source: DATADOME.captcha },
            { header: 'server', value: /^\s*DataDome\s*$/i, shows: 'server: DataDome', source: DATADOME.captcha },
          ],
          [{ body: /(?:geo|ct)\.captcha-delivery\.com/i, shows: 'captcha-delivery.com challenge', source: DATADOME.captcha }],
        ],
        answer: 'a CAPTCHA or device-check page',
        source: DATADOME.captcha,
      },
      {
        kind: 'block',
        statuses: [403],
        requires: [
          [
            { header: 'x-datadome', shows: 'x-datadome: <state>', source: DATADOME.captcha },
            { header: 'server', value: /^\s*DataDome\s*$/i, shows: 'server: DataDome', source: DATADOME.captcha },
          ],
          [{ header: 'x-dd-b', shows: 'x-dd-b: <code>', source: DATADOME.deviceCheck }],
        ],
        answer: 'a block page',
        source: DATADOME.deviceCheck,
      },
    ],
    cookies: [{ name: 'datadome', source: DATADOME.cookies }],
  },
  {
    id: 'human',
    name: 'HUMAN (PerimeterX)',
    rules: [
      {
        kind: 'challenge',
        statuses: [403],
        requires: [
          [
            { body: /id=["']?px-captcha\b/i, shows: 'px-captcha element', source: HUMAN.responses },
            { body: /captcha\.px-cdn\.net|captcha\.px-cloud\.net/i, shows: 'captcha.px-cdn.net script', source: HUMAN.responses },
          ],
        ],
        answer: 'a block page with a press-and-hold CAPTCHA',
        source: HUMAN.responses,
      },
    ],
    cookies: [
      { name: '_px', source: HUMAN.responses },
      { name: '_px2', source: HUMAN.responses },
      { name: '_px3', source: HUMAN.responses },
      { name: '_pxhd', source: HUMAN.responses },
      { name: '_pxvid', source: HUMAN.responses },
      { name: '_pxde', source: HUMAN.responses },
      { name: 'pxcts', source: HUMAN.responses },
    ],
  },
  {
    id: 'fastly',
    name: 'Fastly Next-Gen WAF',
    rules: [
      {
        kind: 'block',
        statuses: [406],
        requires: [[{ header: 'x-served-by', value: /^\s*cache-[a-z0-9-]+/i, shows: 'x-served-by: cache-…', source: FASTLY.servedBy }]],
        answer: 'its default block answer (406 Not Acceptable)',
        source: FASTLY.ngwaf,
      },
    ],
    cookies: [],
  },
];

/** Which layer sets a cookie of this name, if any: such a cookie is the layer's, never judged as the site's. */
export function protectionLayerOfCookie(name: string): ProtectionLayer | undefined {
  return PROTECTION_LAYERS.find((layer) => layer.cookies.some((c) => (c.prefix ? name.startsWith(c.name) : name === c.name)));
}
