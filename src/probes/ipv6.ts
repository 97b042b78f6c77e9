/**
 * The IPv6 probe (evidence key `ipv6`): how the scanned host is reached over each address family.
 * The scan itself already settled on one address by racing both families (net/happy-eyeballs.ts);
 * this probe records that race and, for a host with addresses of both families, makes one request over
 * each to the page the scan judged, so the checks can say whether IPv6 visitors reach the site at all
 * and whether they get the same site (status and security headers) as IPv4 visitors. Never judges.
 */
import { isIP } from 'node:net';
import type { Probe, ProbeContext } from './probe.js';
import { ok, type Probed } from '../model/probed.js';
import type { HttpEvidence } from '../model/http.js';
import { COMPARED_HEADERS, type ConnectRace, type FamilyView, type Ipv6Evidence } from '../model/ipv6.js';
import { describeNetFailure } from '../net/error-words.js';
import { LOCAL_NETWORK_CODES } from '../net/happy-eyeballs.js';

/** Each family's request is bounded on its own: a black-holed AAAA must not hold the scan for the full request limit. */
export const FAMILY_REQUEST_TIMEOUT_MS = 5_000;
/** The comparison needs the headers, not the page: the body is read up to this many bytes. */
const BODY_BYTES = 1024;

export const ipv6Probe: Probe = {
  key: 'ipv6',
  label: 'IPv6 and IPv4 reachability',
  // The page to compare is the one the HTTP probe ended on.
  dependsOn: ['http'],
  run: (ctx) => gatherIpv6(ctx),
};

export async function gatherIpv6(ctx: ProbeContext): Promise<Probed<Ipv6Evidence>> {
  const host = ctx.target.host;
  const port = ctx.target.port;
  // An IP literal has one address and no family to compare it with.
  if (isIP(host) || !ctx.net.addressesOf) return ok({ host, ipv4: isIP(host) === 4 ? [host] : [], ipv6: isIP(host) === 6 ? [host] : [], views: [] });
  const addresses = await ctx.net.addressesOf(host, port);
  const ipv4 = addresses.filter((a) => isIP(a) === 4);
  const ipv6 = addresses.filter((a) => isIP(a) === 6);
  const race = ctx.net.connectRace?.(host);
  const base: Ipv6Evidence = { host, ipv4, ipv6, ...(race ? { race } : {}), views: [] };
  if (ipv4.length === 0 || ipv6.length === 0 || !ctx.net.httpVia) return ok(base);
  const url = pageUrl(ctx);
  const views = await Promise.all(
    ([6, 4] as const).map((family) => viewOver(ctx, family, pick(family === 6 ? ipv6 : ipv4, race), url, race)),
  );
  return ok({ ...base, url, views });
}

/** The winner when it is of this family (the address the scan used), else the family's first address. */
function pick(addresses: string[], race: ConnectRace | undefined): string {
  return addresses.find((a) => a === race?.winner) ?? addresses[0]!;
}

/** The page the scan judged when it is on the scanned host (a redirect elsewhere leaves the start URL). */
function pageUrl(ctx: ProbeContext): string {
  const http = ctx.evidence.http as Probed<HttpEvidence> | undefined;
  if (http?.status === 'ok' && http.data.primary !== 'none') {
    const final = http.data[http.data.primary].hops.at(-1);
    if (final && new URL(final.url).hostname.replace(/^\[|\]$/g, '') === ctx.target.host) return final.url;
  }
  return ctx.target.url;
}

async function viewOver(ctx: ProbeContext, family: 4 | 6, address: string, url: string, race: ConnectRace | undefined): Promise<FamilyView> {
  // The race already proved this address unreachable on the page's port: asking again would only repeat it.
  const failed = race?.attempts.find((a) => a.address === address && a.outcome === 'failed');
  if (failed && race?.port === portOf(url)) {
    return {
      family,
      address,
      fromRace: true,
      code: failed.code ?? 'ECONNECT',
      error: failed.code === 'CONNECT_TIMEOUT' ? `no connection to ${address} port ${race.port} within the race's bound` : describeNetFailure(Object.assign(new Error(failed.error ?? ''), { code: failed.code }), `${address} port ${race.port}`, ctx.net.timeoutMs).message,
      ...(failed.code && LOCAL_NETWORK_CODES.has(failed.code) ? { localNetwork: true } : {}),
    };
  }
  const timeoutMs = Math.min(ctx.net.timeoutMs, FAMILY_REQUEST_TIMEOUT_MS);
  try {
    const exchange = await ctx.net.httpVia!(ctx.target.host, address).request({
      url,
      bodyLimit: BODY_BYTES,
      timeoutMs,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    const headers: Record<string, string> = {};
    for (const name of COMPARED_HEADERS) {
      const values = exchange.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
      if (values.length) headers[name] = values.join(', ');
    }
    return { family, address, status: exchange.status, headers };
  } catch (err) {
    const words = describeNetFailure(err, `${address} port ${portOf(url)}`, timeoutMs);
    const raw = rawCode(err);
    return { family, address, code: raw ?? words.code, error: words.message, ...(raw && LOCAL_NETWORK_CODES.has(raw) ? { localNetwork: true } : {}) };
  }
}

function portOf(url: string): number {
  const u = new URL(url);
  return Number(u.port) || (u.protocol === 'https:' ? 443 : 80);
}

/** The socket's own code (ECONNREFUSED, ENETUNREACH …) under whatever wraps it. */
function rawCode(err: unknown): string | undefined {
  let e = err as { code?: unknown; cause?: unknown } | undefined;
  for (let i = 0; e && i < 5; i++) {
    if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}
