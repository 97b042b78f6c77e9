/**
 * What a scan records of the choices it was given (model/options.ts): the ones that can change its
 * result, in words a reader can act on. A CA is named by its subject, not by its PEM; a trust anchor
 * by its zone, type and key tag, not by the path of the file it came from (a path means nothing on
 * another machine, the key tag does). Loaded after the probes have run, off the first packet's path.
 */
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import type { ScanChoices } from '../model/options.js';
import { DEFAULT_TIMEOUT_MS } from '../net/index.js';
import { parseTrustAnchors, type TrustAnchor } from '../net/dns/anchor.js';

export interface ChoiceInputs {
  tool?: string;
  probes?: readonly string[];
  dnsServers?: readonly string[];
  /** A path of an anchor file, or anchors already parsed. */
  dnssecAnchor?: string | readonly TrustAnchor[];
  resolve?: readonly string[];
  /** PEM text of extra trusted CAs. */
  ca?: readonly string[];
  allowPrivate?: boolean;
  timeoutMs?: number;
  siteHeaders?: readonly (readonly [string, string])[];
}

export function recordChoices(inputs: ChoiceInputs): ScanChoices | undefined {
  const out: ScanChoices = {};
  if (inputs.tool) out.tool = inputs.tool;
  if (inputs.probes?.length) out.probes = [...inputs.probes];
  if (inputs.dnsServers?.length) out.dnsServers = [...inputs.dnsServers];
  if (inputs.dnssecAnchor !== undefined) out.dnssecAnchor = describeAnchors(inputs.dnssecAnchor);
  if (inputs.resolve?.length) out.resolve = [...inputs.resolve];
  if (inputs.ca?.length) out.ca = inputs.ca.flatMap(caSubjects);
  if (inputs.allowPrivate) out.allowPrivate = true;
  // The names only: a value is a session cookie or a token.
  if (inputs.siteHeaders?.length) out.headers = inputs.siteHeaders.map(([name]) => name);
  if (inputs.timeoutMs !== undefined && inputs.timeoutMs !== DEFAULT_TIMEOUT_MS) out.timeoutMs = inputs.timeoutMs;
  return Object.keys(out).length ? out : undefined;
}

/** `. DS 20326 alg 8`, one line per anchor; a file that cannot be read or parsed says so (the DNS probe reports why). */
export function describeAnchors(anchor: string | readonly TrustAnchor[]): string[] {
  let anchors: readonly TrustAnchor[];
  try {
    anchors = typeof anchor === 'string' ? parseTrustAnchors(readFileSync(anchor, 'utf8')) : anchor;
  } catch {
    return ['an anchor file that could not be read'];
  }
  return anchors.map((a) => (a.kind === 'DS' ? `${a.zone} DS ${a.keyTag} alg ${a.algorithm}` : `${a.zone} DNSKEY flags ${a.flags} alg ${a.algorithm}`));
}

/** The subject of every certificate in a PEM text (a file may hold a bundle). */
function caSubjects(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => {
    try {
      return new X509Certificate(block).subject.replace(/\n/g, ', ');
    } catch {
      return 'a certificate that could not be parsed';
    }
  });
}
