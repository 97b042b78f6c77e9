import type { HttpEvidence, HttpExchange, RawHeader } from './http.js';

/** Every value of a header, in the order received (names compare case-insensitively). */
export function headerValues(headers: readonly RawHeader[], name: string): string[] {
  const lower = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

/** The response that stands for "the page": the final hop of the primary chain. */
export function primaryResponse(http: HttpEvidence): HttpExchange | undefined {
  if (http.primary === 'none') return undefined;
  return http[http.primary].hops.at(-1);
}

/** The final response of the https chain, if it ended on an https URL. */
export function finalHttpsResponse(http: HttpEvidence): HttpExchange | undefined {
  const last = http.https.outcome === 'final' ? http.https.hops.at(-1) : undefined;
  return last && last.url.startsWith('https:') ? last : undefined;
}
