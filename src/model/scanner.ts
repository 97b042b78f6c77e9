/**
 * Who made a report: Scorifya's version and the runtime it ran on. Verdicts on TLS depend on the
 * runtime's OpenSSL (what our client can negotiate), so a report names both, as do the User-Agent and
 * `scorifya --version`. The version here is package.json's (a test keeps the two equal): reading the
 * file would cost the CLI's start a file read and make this model module do I/O.
 */
export const SCORIFYA_VERSION = '0.1.0';

export interface ScannerInfo {
  name: 'scorifya';
  version: string;
  /** e.g. `Node.js 24.22.3`. */
  runtime: string;
  /** The OpenSSL the runtime's TLS is built on, e.g. `3.5.9`. */
  openssl: string;
}

export function scannerInfo(): ScannerInfo {
  return { name: 'scorifya', version: SCORIFYA_VERSION, runtime: `Node.js ${process.versions.node}`, openssl: process.versions.openssl };
}

/** `0.1.0 (Node.js 24.22.3, OpenSSL 3.5.9)`: what `scorifya --version` prints. */
export function versionLine(): string {
  const info = scannerInfo();
  return `${info.version} (${info.runtime}, OpenSSL ${info.openssl})`;
}

/** The HTTP User-Agent: a browser-like prefix (some sites refuse bare clients), then who we are. */
export function defaultUserAgent(): string {
  return `Mozilla/5.0 (compatible; Scorifya/${SCORIFYA_VERSION}; Node.js/${process.versions.node}; website security scorecard)`;
}
