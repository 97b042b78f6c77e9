/**
 * A lab API whose CORS behaviour is configured per path: an allow-origin policy, credentials, Vary,
 * preflight answers, and misbehaviours (closing on OPTIONS, stalling, floods of headers). It serves
 * https://api.target.test:<port> (pinned to 127.0.0.1 with the lab CA) and plain http on the same port.
 */
import type http from 'node:http';
import type { RawHeader } from '../../../src/model/http.js';
import { createLabCa, type LabCa } from '../ca.js';
import { startLabServer, type LabServer, type RouteResponse } from '../http-server.js';

export const CORS_LAB_HOST = 'api.target.test';

export interface CorsPolicy {
  /** ACAO value(s) for a request's Origin (undefined origin: no Origin header); undefined = no header. */
  allowOrigin: (origin: string | undefined, self: string) => string | string[] | undefined;
  /** ACAC value(s) sent whenever ACAO is sent. */
  credentials?: string | string[];
  vary?: boolean;
  allowMethods?: string;
  allowHeaders?: string;
  maxAge?: string;
  status?: number;
  preflightStatus?: number;
  /** Misbehaviour on OPTIONS, or on every request. */
  onOptions?: 'close' | 'stall';
  always?: 'stall';
  extraHeaders?: RawHeader[];
}

export interface CorsSite {
  server: LabServer;
  ca: LabCa;
  self: string;
  scanOptions: { allowPrivate: true; resolve: string[]; ca: string[]; timeoutMs: number };
  url(path: string, scheme?: 'http' | 'https'): string;
  close(): Promise<void>;
}

function answer(policy: CorsPolicy, req: http.IncomingMessage, self: string): RouteResponse {
  if (policy.always) return { behaviour: policy.always };
  const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (preflight && policy.onOptions) return { behaviour: policy.onOptions };
  const origin = req.headers.origin;
  const headers: RawHeader[] = [['Content-Type', 'application/json']];
  const allowed = policy.allowOrigin(origin, self);
  if (allowed !== undefined) {
    for (const v of Array.isArray(allowed) ? allowed : [allowed]) headers.push(['Access-Control-Allow-Origin', v]);
    const creds = policy.credentials;
    if (creds !== undefined) for (const v of Array.isArray(creds) ? creds : [creds]) headers.push(['Access-Control-Allow-Credentials', v]);
  }
  if (policy.vary) headers.push(['Vary', 'Origin']);
  headers.push(...(policy.extraHeaders ?? []));
  if (preflight) {
    if (policy.allowMethods) headers.push(['Access-Control-Allow-Methods', policy.allowMethods]);
    if (policy.allowHeaders) headers.push(['Access-Control-Allow-Headers', policy.allowHeaders]);
    if (policy.maxAge) headers.push(['Access-Control-Max-Age', policy.maxAge]);
    return { status: policy.preflightStatus ?? 204, headers };
  }
  return { status: policy.status ?? 200, headers, body: '{"account":"secret"}' };
}

export async function startCorsSite(policies: Record<string, CorsPolicy>): Promise<CorsSite> {
  const ca = await createLabCa();
  const cert = await ca.issue({ dnsNames: [CORS_LAB_HOST] });
  let self = '';
  const routes: Record<string, (req: http.IncomingMessage) => RouteResponse> = {};
  for (const [path, policy] of Object.entries(policies)) routes[path] = (req) => answer(policy, req, self);
  const server = await startLabServer({ cert, routes });
  self = `https://${CORS_LAB_HOST}:${server.port}`;
  return {
    server,
    ca,
    self,
    scanOptions: { allowPrivate: true, resolve: [`${CORS_LAB_HOST}:${server.port}:127.0.0.1`], ca: [ca.certPem], timeoutMs: 15_000 },
    url: (path, scheme = 'https') => `${scheme}://${CORS_LAB_HOST}:${server.port}${path}`,
    close: () => server.close(),
  };
}

const host = (origin: string): string => {
  try {
    return new URL(origin).hostname;
  } catch {
    return '';
  }
};

/** One fixture per finding id, plus a strict allow-list that must trigger none. Paths are the keys. */
export const FIXTURES: Record<string, { policy: CorsPolicy; expect: string[] }> = {
  '/reflect-credentials': {
    policy: { allowOrigin: (o) => o, credentials: 'true', vary: true, allowMethods: 'GET, PUT', allowHeaders: 'authorization, content-type' },
    expect: ['cors_origin_reflected_credentials', 'cors_null_origin'],
  },
  '/reflect': { policy: { allowOrigin: (o) => o, vary: true }, expect: ['cors_origin_reflected', 'cors_null_origin'] },
  '/null': { policy: { allowOrigin: (o, self) => (o === 'null' || o === self ? o : undefined), credentials: 'true', vary: true }, expect: ['cors_null_origin'] },
  '/prefix': {
    policy: { allowOrigin: (o) => (o?.startsWith(`https://${CORS_LAB_HOST}`) ? o : undefined), credentials: 'true', vary: true },
    expect: ['cors_prefix_bypass'],
  },
  '/suffix': { policy: { allowOrigin: (o) => (o && host(o).endsWith('target.test') ? o : undefined), credentials: 'true', vary: true }, expect: ['cors_suffix_bypass', 'cors_unescaped_dot', 'cors_http_origin_trusted', 'cors_subdomain_trusted'] },
  '/unescaped-dot': {
    // The classic bug: a pattern written with "." unescaped.
    policy: { allowOrigin: (o) => (o && /^https:\/\/api.target.test(:\d+)?$/.test(o) ? o : undefined), credentials: 'true', vary: true },
    expect: ['cors_unescaped_dot'],
  },
  '/http-origin': {
    policy: { allowOrigin: (o, self) => (o === self || o === self.replace('https:', 'http:') ? o : undefined), credentials: 'true', vary: true },
    expect: ['cors_http_origin_trusted'],
  },
  '/subdomain': {
    policy: { allowOrigin: (o) => (o?.startsWith('https://') && (host(o) === CORS_LAB_HOST || host(o).endsWith(`.${CORS_LAB_HOST}`)) ? o : undefined), credentials: 'true', vary: true },
    expect: ['cors_subdomain_trusted'],
  },
  '/third-party': { policy: { allowOrigin: (o, self) => (o === self || o === 'https://codepen.io' ? o : undefined), credentials: 'true', vary: true }, expect: ['cors_third_party_trusted'] },
  '/vary-missing': { policy: { allowOrigin: (o, self) => (o === self ? o : undefined), credentials: 'true' }, expect: ['cors_vary_missing'] },
  '/wildcard': { policy: { allowOrigin: () => '*' }, expect: ['cors_wildcard'] },
  '/wildcard-credentials': { policy: { allowOrigin: () => '*', credentials: 'true' }, expect: ['cors_wildcard', 'cors_wildcard_credentials_invalid', 'cors_preflight_wildcard_credentials'] },
  '/preflight-wildcard-credentials': {
    policy: { allowOrigin: (o, self) => (o === self ? o : undefined), credentials: 'true', vary: true, allowMethods: '*', allowHeaders: '*' },
    expect: ['cors_preflight_wildcard_credentials'],
  },
  '/credentials-value': { policy: { allowOrigin: (o, self) => (o === self ? o : undefined), credentials: 'True', vary: true }, expect: ['cors_credentials_value_invalid'] },
  '/max-age': {
    policy: { allowOrigin: (o, self) => (o === self ? o : undefined), credentials: 'true', vary: true, allowMethods: 'PUT', allowHeaders: 'authorization, content-type', maxAge: '31536000' },
    expect: ['cors_max_age_excessive'],
  },
  '/strict': {
    policy: {
      allowOrigin: (o, self) => (o === self ? o : undefined), credentials: 'true', vary: true,
      allowMethods: 'GET, PUT', allowHeaders: 'authorization, content-type', maxAge: '600',
    },
    expect: [],
  },
  '/no-cors': { policy: { allowOrigin: () => undefined }, expect: [] },
};
