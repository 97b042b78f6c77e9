/**
 * An IP address as people write it. The resolver keeps IPv6 addresses with all eight groups
 * (`0:0:0:0:0:0:0:1`), which suits comparisons but not a report: shown, they take RFC 5952's short
 * form (`::1`). The WHATWG URL parser already serialises IPv6 hosts that way.
 */
export function addressText(address: string): string {
  if (!address.includes(':')) return address;
  try {
    return new URL(`http://[${address.replace(/^\[|\]$/g, '')}]/`).hostname.slice(1, -1);
  } catch {
    return address;
  }
}
