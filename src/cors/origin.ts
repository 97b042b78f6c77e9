/** Origins as the browser serialises them: scheme://host[:port], default ports dropped, or "null". */

export interface UrlOrigin {
  scheme: string;
  host: string;
  port: string;
}

/** The serialised origin of a URL ("https://a.example", "http://127.0.0.1:8080"), or null for opaque ones. */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return parsed.origin;
}

/** Same origin: identical serialisations (opaque origins are never same-origin with anything here). */
export function sameOrigin(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a !== 'null' && a === b;
}
