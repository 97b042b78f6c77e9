/**
 * Turn what the user typed into a target. Anything that is not an http(s) URL or a bare host is
 * refused with one clear sentence (InputError → exit code 2 in the CLI).
 */
import type { TargetInfo } from '../model/evidence.js';
import { domainToUnicode } from 'node:url';
import { parseIpLiteral } from './target-policy.js';

export class InputError extends Error {
  readonly code = 'BAD_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * A port in the URL must be one a connection can use: port 0 would make the scan fail on the wire (exit 3,
 * as if the site were down), and a port above 65535 would only be "not a valid URL". Both are the input's fault.
 */
function checkPort(afterScheme: string): void {
  const authority = afterScheme.split(/[/\\?#]/)[0]!.replace(/^.*@/, '').replace(/^\[[^\]]*\]/, '');
  const port = /:(\d+)$/.exec(authority)?.[1];
  if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535)) throw new InputError(`port ${port} is not a usable port: give one from 1 to 65535`);
}

export function parseTargetInput(input: string): TargetInfo {
  const text = input.trim();
  if (!text) throw new InputError('no URL given');
  if (/[\u0000-\u001f\u007f\s]/.test(text)) throw new InputError('the URL contains spaces or control characters');
  if (text.length > 2048) throw new InputError('the URL is longer than 2048 characters');

  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  // "host:8443" looks like a scheme to a URL parser; a scheme is only one followed by "//" or a known non-web scheme.
  const looksLikeHostPort = /^[^:/?#]+:\d+([/?#]|$)/.test(text);
  const schemeGiven = scheme !== undefined && !looksLikeHostPort;
  if (schemeGiven && scheme !== 'http' && scheme !== 'https') {
    throw new InputError(`unsupported scheme '${scheme}:' — give an http:// or https:// URL or a host name`);
  }
  checkPort(schemeGiven ? text.replace(SCHEME, '').replace(/^[/\\]*/, '') : text);
  let url: URL;
  try {
    url = new URL(schemeGiven ? text : `https://${text}`);
  } catch {
    throw new InputError(`'${input}' is not a valid URL or host name`);
  }
  if (url.username || url.password) throw new InputError('URLs with credentials (user:password@) are refused; remove them');
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (!host) throw new InputError(`'${input}' has no host name`);
  const literal = parseIpLiteral(host);
  if (!literal && !/^[a-z0-9_]([a-z0-9_-]{0,62}\.)*[a-z0-9_-]{0,63}$/i.test(host.replace(/^xn--/, ''))) {
    throw new InputError(`'${host}' is not a valid host name`);
  }
  url.hash = '';
  // The URL parser turned a Unicode host into punycode (what DNS, SNI and certificates use); keep the
  // Unicode form for people to read.
  const unicodeHost = literal ? host : domainToUnicode(host);
  return {
    input,
    url: url.href,
    host: literal ?? host,
    ...(unicodeHost && unicodeHost !== host ? { unicodeHost } : {}),
    ...(url.port ? { port: Number(url.port) } : {}),
    schemeGiven,
    resolved: [],
  };
}
