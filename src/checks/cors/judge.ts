/**
 * Shared judgement for the CORS checks: what the simulator says a browser would let a page on a
 * probe origin read, and how findings show their proof. Pure: works on recorded evidence only.
 */
import type { CorsEvidence, CorsExchange, CorsProbeKind, CorsProbeResult } from '../../model/cors.js';
import type { CheckResult, Severity } from '../../model/finding.js';
import { CHROMIUM, evaluatePreflight, corsUnsafeRequestHeaderNames, headerValues, showValue, simulate, type SimVerdict } from '../../cors/index.js';

export interface ReadVerdict {
  /** A page on the origin can read the response with the user's cookies. */
  withCredentials: SimVerdict;
  /** … without cookies. */
  withoutCredentials: SimVerdict;
  status: number;
}

/** Simulate a page on `origin` fetching the probed URL, answered by the recorded GET response. */
export function readVerdict(evidence: CorsEvidence, origin: string, exchange: CorsExchange): ReadVerdict | undefined {
  const response = exchange.response;
  if (!response) return undefined;
  const respond = () => ({ status: response.status, headers: response.headers });
  return {
    withCredentials: simulate({ origin, url: evidence.url, method: 'GET', credentials: 'include' }, respond),
    withoutCredentials: simulate({ origin, url: evidence.url, method: 'GET', credentials: 'omit' }, respond),
    status: response.status,
  };
}

/** Would the recorded preflight let a credentialed PUT with Authorization and JSON through? */
export function preflightVerdict(evidence: CorsEvidence, probe: CorsProbeResult, credentials: boolean) {
  const response = probe.preflight.response;
  if (!response) return undefined;
  const headers = evidence.preflightAsks.headers.map((n): [string, string] => [n, n === 'content-type' ? 'application/json' : 'x']);
  return evaluatePreflight(
    {
      origin: probe.origin,
      credentials,
      method: evidence.preflightAsks.method,
      headerNames: evidence.preflightAsks.headers,
      unsafeNames: corsUnsafeRequestHeaderNames(headers),
      status: response.status,
      headers: response.headers,
    },
    CHROMIUM,
  );
}

/** Error pages (non-2xx) matter less: one step milder. */
export function forStatus(severity: Severity, status: number): Severity {
  if (status >= 200 && status < 300) return severity;
  const order: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
  return order[Math.min(order.indexOf(severity) + 1, order.length - 1)]!;
}

export function probesOf(evidence: CorsEvidence, kind: CorsProbeKind): CorsProbeResult[] {
  return evidence.probes.filter((p) => p.kind === kind);
}

/** The exact request and the CORS headers of the answer, one header per line, escaped. */
export function showExchange(exchange: CorsExchange): string {
  const lines = [`${exchange.request.method} ${exchange.request.url}`];
  for (const [n, v] of exchange.request.headers) lines.push(`> ${n}: ${showValue(v, 200)}`);
  if (!exchange.response) {
    lines.push(`< (no response: ${exchange.error?.message ?? 'unknown'})`);
    return lines.join('\n');
  }
  lines.push(`< HTTP ${exchange.response.status}`);
  const shown = exchange.response.headers.filter(([n]) => n.toLowerCase() !== 'content-type');
  for (const [n, v] of shown.slice(0, 12)) lines.push(`< ${n}: ${showValue(v, 200)}`);
  if (shown.length > 12) lines.push(`< … ${shown.length - 12} more CORS header lines`);
  if (!shown.some(([n]) => n.toLowerCase() === 'vary')) lines.push('< (no Vary header)');
  return lines.join('\n');
}

export function acao(exchange: CorsExchange): string[] {
  return exchange.response ? headerValues(exchange.response.headers, 'access-control-allow-origin') : [];
}

export function acac(exchange: CorsExchange): string[] {
  return exchange.response ? headerValues(exchange.response.headers, 'access-control-allow-credentials') : [];
}

export function finding(id: string, severity: Severity, title: string, exchange: CorsExchange, location: string, attack: string, extra: Record<string, unknown> = {}): CheckResult {
  return {
    id,
    severity,
    title,
    evidence: `${showExchange(exchange)}\nAttack: ${attack}`,
    location,
    details: { attack, request: exchange.request, response: exchange.response ?? null, ...extra },
  };
}
