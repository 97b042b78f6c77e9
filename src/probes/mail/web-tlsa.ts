/**
 * DANE for the web site: the TLSA RRset at `_443._tcp.<host>`. Wired into the DNS probe, beside its
 * other lookups and sharing the DNSSEC walk's questions, so it adds no round trip of its own to a scan.
 * Never throws: a failure is a TlsaLookup with status `error`.
 */
import type { DnsClient } from '../../net/dns/client.js';
import type { TlsaLookup } from '../../model/mail-transport.js';
import { lookupTlsa, tlsaName, type TlsaLookupOptions } from './tlsa.js';

export async function gatherWebTlsa(client: DnsClient, host: string, options: TlsaLookupOptions = {}): Promise<TlsaLookup | undefined> {
  const name = tlsaName(443, host);
  try {
    return await lookupTlsa(client, name, options);
  } catch (err) {
    return { name, status: 'error', records: [], code: 'TLSA_ERROR', dnssec: 'indeterminate', dnssecExplanation: (err as Error).message };
  }
}
