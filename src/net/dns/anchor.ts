/**
 * DNSSEC trust anchors. The default is the IANA root anchor (the DS records of the root KSKs published
 * at data.iana.org/root-anchors: KSK-2017 and KSK-2024). `--dnssec-anchor FILE` replaces it with DS or
 * DNSKEY lines in zone-file presentation format, e.g. for a private test root.
 */
export interface DsAnchor {
  kind: 'DS';
  zone: string;
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: Buffer;
}

export interface DnskeyAnchor {
  kind: 'DNSKEY';
  zone: string;
  flags: number;
  protocol: number;
  algorithm: number;
  key: Buffer;
}

export type TrustAnchor = DsAnchor | DnskeyAnchor;

export const IANA_ROOT_ANCHORS: readonly TrustAnchor[] = [
  {
    kind: 'DS',
    zone: '.',
    keyTag: 20326,
    algorithm: 8,
    digestType: 2,
    digest: Buffer.from('E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D', 'hex'),
  },
  {
    kind: 'DS',
    zone: '.',
    keyTag: 38696,
    algorithm: 8,
    digestType: 2,
    digest: Buffer.from('683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16', 'hex'),
  },
];

export function normaliseZone(name: string): string {
  const lower = name.trim().toLowerCase();
  if (lower === '' || lower === '.') return '.';
  return lower.endsWith('.') ? lower : `${lower}.`;
}

/** Parse anchor lines: `OWNER [TTL] [IN] DS tag alg dtype hex…` or `OWNER [TTL] [IN] DNSKEY flags proto alg base64…`. */
export function parseTrustAnchors(text: string): TrustAnchor[] {
  const anchors: TrustAnchor[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.replace(/;.*$/, '').trim();
    if (!line) return;
    const tokens = line.split(/\s+/);
    const typeAt = tokens.findIndex((t, i) => i > 0 && /^(DS|DNSKEY)$/i.test(t));
    if (typeAt < 0) throw new Error(`anchor line ${index + 1}: expected a DS or DNSKEY record`);
    const zone = normaliseZone(tokens[0]!);
    const type = tokens[typeAt]!.toUpperCase();
    const rest = tokens.slice(typeAt + 1);
    const int = (s: string | undefined, max: number, what: string): number => {
      const n = Number(s);
      if (!s || !/^\d+$/.test(s) || n > max) throw new Error(`anchor line ${index + 1}: bad ${what} '${s ?? ''}'`);
      return n;
    };
    if (type === 'DS') {
      const hex = rest.slice(3).join('');
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length % 2) throw new Error(`anchor line ${index + 1}: bad DS digest`);
      anchors.push({
        kind: 'DS',
        zone,
        keyTag: int(rest[0], 65535, 'key tag'),
        algorithm: int(rest[1], 255, 'algorithm'),
        digestType: int(rest[2], 255, 'digest type'),
        digest: Buffer.from(hex, 'hex'),
      });
    } else {
      const b64 = rest.slice(3).join('');
      if (!/^[A-Za-z0-9+/=]+$/.test(b64)) throw new Error(`anchor line ${index + 1}: bad DNSKEY key data`);
      anchors.push({
        kind: 'DNSKEY',
        zone,
        flags: int(rest[0], 65535, 'flags'),
        protocol: int(rest[1], 255, 'protocol'),
        algorithm: int(rest[2], 255, 'algorithm'),
        key: Buffer.from(b64, 'base64'),
      });
    }
  });
  if (anchors.length === 0) throw new Error('the anchor file holds no DS or DNSKEY record');
  const zones = new Set(anchors.map((a) => a.zone));
  if (zones.size > 1) throw new Error(`anchors for several zones (${[...zones].join(', ')}) are not supported`);
  return anchors;
}
