/**
 * RRsets and their signatures as DNSSEC reads them out of an answer: the records of one owner and
 * type, the RRSIGs over them, and the verification of a set against a zone's keys (RFC 4035 §5.3).
 */
import type * as dnsPacket from 'dns-packet';
import { normaliseZone } from '../anchor.js';
import type { BogusReason, DnssecRrsigInfo } from '../../../model/dns.js';
import { keyTag, publicKeyFor, signedData, verifySignature, type DnskeyData, type RrsigData } from './crypto.js';

export type Outcome = { ok: true } | { ok: false; reason: BogusReason; detail: string };

export const fqdn = (name: string): string => normaliseZone(name);
export const sameName = (a: string, b: string): boolean => fqdn(a) === fqdn(b);

export function rrsetOf(rrs: dnsPacket.Answer[], owner: string, type: string): dnsPacket.Answer[] {
  return rrs.filter((rr) => rr.type === type && sameName(rr.name, owner));
}

export function sigsFor(rrs: dnsPacket.Answer[], owner: string, type: string): { owner: string; sig: RrsigData }[] {
  return rrs
    .filter((rr) => rr.type === 'RRSIG' && sameName(rr.name, owner))
    .map((rr) => ({ owner: rr.name, sig: (rr as unknown as { data: RrsigData }).data }))
    .filter((s) => s.sig.typeCovered === type);
}

function sigInfo(owner: string, sig: RrsigData): DnssecRrsigInfo {
  return {
    owner: fqdn(owner),
    typeCovered: sig.typeCovered,
    algorithm: sig.algorithm,
    keyTag: sig.keyTag,
    signer: fqdn(sig.signersName),
    inception: new Date(sig.inception * 1000).toISOString(),
    originalTTL: sig.originalTTL,
    expiration: new Date(sig.expiration * 1000).toISOString(),
  };
}

/** Verify an RRset against the zone's keys; report the most telling failure when none verifies. */
export function verifyRrset(
  rrset: dnsPacket.Answer[],
  sigs: { owner: string; sig: RrsigData }[],
  keys: DnskeyData[],
  zone: string,
  now: Date,
  seen?: DnssecRrsigInfo[],
): Outcome {
  if (rrset.length === 0) return { ok: false, reason: 'rrsig_missing', detail: 'empty RRset' };
  const type = rrset[0]!.type;
  const owner = rrset[0]!.name;
  const candidates = sigs.filter((s) => sameName(s.sig.signersName, zone));
  if (candidates.length === 0) return { ok: false, reason: 'rrsig_missing', detail: `no RRSIG by ${fqdn(zone)} over ${fqdn(owner)} ${type}` };
  const nowSec = Math.floor(now.getTime() / 1000);
  let failure: Outcome = { ok: false, reason: 'dnskey_missing', detail: `no DNSKEY of ${fqdn(zone)} matches the RRSIG key tags over ${fqdn(owner)} ${type}` };
  const rank: Record<BogusReason, number> = {
    signature_expired: 5,
    signature_not_yet_valid: 5,
    signature_invalid: 4,
    dnskey_missing: 3,
    ds_mismatch: 2,
    rrsig_missing: 1,
    denial_missing: 1,
  };
  const consider = (o: Outcome): void => {
    if (!o.ok && !failure.ok && rank[o.reason] > rank[failure.reason]) failure = o;
  };
  for (const { sig, owner: sigOwner } of candidates) {
    seen?.push(sigInfo(sigOwner, sig));
    const matching = keys.filter((k) => k.algorithm === sig.algorithm && keyTag(k) === sig.keyTag && (k.flags & 0x100) !== 0);
    if (matching.length === 0) continue;
    if (nowSec > sig.expiration) {
      consider({ ok: false, reason: 'signature_expired', detail: `RRSIG over ${fqdn(owner)} ${type} expired ${new Date(sig.expiration * 1000).toISOString()}` });
      continue;
    }
    if (nowSec < sig.inception) {
      consider({ ok: false, reason: 'signature_not_yet_valid', detail: `RRSIG over ${fqdn(owner)} ${type} is valid only from ${new Date(sig.inception * 1000).toISOString()}` });
      continue;
    }
    const data = signedData(sig, owner, rrset);
    for (const key of matching) {
      const pub = publicKeyFor(key.algorithm, key.key);
      if (pub && verifySignature(sig.algorithm, pub, data, sig.signature)) return { ok: true };
    }
    consider({ ok: false, reason: 'signature_invalid', detail: `RRSIG over ${fqdn(owner)} ${type} (key ${sig.keyTag}, algorithm ${sig.algorithm}) does not verify` });
  }
  return failure;
}
