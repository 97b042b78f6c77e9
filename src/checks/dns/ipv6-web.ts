/**
 * The web host over IPv6, as internet.nl's website test asks: reachable over IPv6 when it publishes an
 * AAAA ("IPv6 reachability of web server"), and the same site there as over IPv4 ("Same website on
 * IPv6 and IPv4"), compared on the status code and the security headers we score. The AAAA itself is
 * nameservers.ts's (`dns_no_ipv6`).
 *
 * An IPv6 failure that is about the scanning machine (no IPv6 route, no IPv6 source address) is not
 * the site's: the check then cannot judge, and says so, rather than blame the site for our network.
 */
import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import { COMPARED_HEADERS, type FamilyView, type Ipv6Evidence } from '../../model/ipv6.js';

const ipv6 = (evidence: Parameters<Check['run']>[0]): Ipv6Evidence => dataOf<Ipv6Evidence>(evidence, 'ipv6');

export const ipv6WebCheck: Check = {
  name: 'dns/ipv6-web',
  category: 'dns',
  ids: ['ipv6_unreachable', 'ipv6_site_differs'],
  // Runs with the DNS facts: without them the DNS & email category is not measured, and IPv6 alone
  // must not make it look measured. The `ipv6` evidence is read when present (a full scan); the DNS
  // tool has none and judges the records only. A failed ipv6 probe is listed with its reason.
  reads: ['dns'],
  topic: 'IPv6 reachability of the web server',
  cannotJudge(evidence) {
    const e = (evidence.ipv6 as { status?: string } | undefined)?.status === 'ok' ? ipv6(evidence) : undefined;
    const local = e?.views.find((v) => v.localNetwork);
    if (!local) return undefined;
    return `this scanner has no IPv6 connectivity (connecting to ${local.address} failed with ${local.code ?? 'an error'}: ${local.error ?? ''}); whether the site answers over IPv${local.family} is not known. Scan from a machine with an IPv${local.family} route to measure it`;
  },
  run(evidence) {
    if ((evidence.ipv6 as { status?: string } | undefined)?.status !== 'ok') return [];
    const e = ipv6(evidence);
    const v6 = e.views.find((v) => v.family === 6);
    const v4 = e.views.find((v) => v.family === 4);
    if (!v6 || !v4) return [];
    const out: CheckResult[] = [];
    if (v6.status === undefined) {
      out.push({
        id: 'ipv6_unreachable',
        title: `${e.host} has an IPv6 address (AAAA) but the site does not answer there`,
        evidence: [`AAAA ${e.host}: ${e.ipv6.join(', ')}`, `over IPv6 (${v6.address}): ${v6.error ?? 'no answer'}`, over(v4), ...raceLines(e)].join('\n'),
        location: e.url ?? e.host,
        details: { address: v6.address, ...(v6.code ? { code: v6.code } : {}) },
      });
      return out;
    }
    if (v4.status === undefined) return out;
    const differences = compare(v4, v6);
    if (differences.length) {
      out.push({
        id: 'ipv6_site_differs',
        title: `${e.host} serves a different site over IPv6 than over IPv4 (${differences.map((d) => d.what).join(', ')})`,
        evidence: differences.map((d) => `${d.what}\n  IPv4 ${v4.address}: ${d.v4}\n  IPv6 ${v6.address}: ${d.v6}`).join('\n'),
        location: e.url ?? e.host,
        details: { differences },
      });
    }
    return out;
  },
};

function over(view: FamilyView): string {
  return `over IPv4 (${view.address}): ${view.status !== undefined ? `HTTP ${view.status}` : (view.error ?? 'no answer')}`;
}

function raceLines(e: Ipv6Evidence): string[] {
  if (!e.race) return [];
  const tried = e.race.attempts.map((a) => `${a.address} ${a.outcome}${a.code ? ` (${a.code})` : ''}${a.ms !== undefined ? ` after ${a.ms} ms` : ''}`);
  return [`connection race on port ${e.race.port} (IPv6 first, as browsers do): ${tried.join('; ')}`];
}

/** One header's value as compared: whitespace collapsed, CSP nonces (fresh on every response) masked. */
function normalise(value: string | undefined): string | undefined {
  return value?.replace(/\s+/g, ' ').trim().replace(/'nonce-[^']*'/gi, "'nonce-…'");
}

export function compare(v4: FamilyView, v6: FamilyView): { what: string; v4: string; v6: string }[] {
  const out: { what: string; v4: string; v6: string }[] = [];
  if (v4.status !== v6.status) out.push({ what: 'status code', v4: String(v4.status), v6: String(v6.status) });
  for (const name of COMPARED_HEADERS) {
    const a = normalise(v4.headers?.[name]);
    const b = normalise(v6.headers?.[name]);
    if (a !== b) out.push({ what: name, v4: a ?? '(absent)', v6: b ?? '(absent)' });
  }
  return out;
}
