/**
 * What the scan saw of the target over IPv6 and IPv4 (evidence key `ipv6`): the Happy Eyeballs race
 * that chose the scan's address, and one request over each family to compare the site they serve.
 * Header values are target-controlled: renderers escape them.
 */

/** One connection attempt of the race (RFC 8305). */
export interface RaceAttempt {
  address: string;
  family: 4 | 6;
  /** When the attempt started, ms after the race began. */
  startedMs: number;
  /**
   * connected: it won; failed: the connect failed (see code); cancelled: another attempt won first;
   * refused_by_policy: the address policy refused it (never contacted); not_tried: the race ended first.
   */
  outcome: 'pending' | 'connected' | 'failed' | 'cancelled' | 'refused_by_policy' | 'not_tried';
  /** How long it took to connect, fail or be cancelled, ms. */
  ms?: number;
  /** The socket's error code (ECONNREFUSED, ENETUNREACH, CONNECT_TIMEOUT …). */
  code?: string;
  error?: string;
}

export interface ConnectRace {
  port: number;
  /** The address that connected first: the scan's address from then on. */
  winner?: string;
  attempts: RaceAttempt[];
}

/** The security headers compared across the two families (internet.nl's "same website" test, narrowed to what we score). */
export const COMPARED_HEADERS = [
  'strict-transport-security',
  'content-security-policy',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
] as const;

/** The site as one request over one family saw it. */
export interface FamilyView {
  family: 4 | 6;
  address: string;
  /** The response status, when a response came. */
  status?: number;
  /** The compared headers (lower-case names), values joined by ", " when repeated; absent header: missing key. */
  headers?: Record<string, string>;
  /** Why no response came. */
  error?: string;
  code?: string;
  /** The failure is about the scanning machine's own network (no IPv6 route), not the site. */
  localNetwork?: boolean;
  /** Learnt from the race (no request of its own was needed to know the address fails). */
  fromRace?: boolean;
}

export interface Ipv6Evidence {
  host: string;
  /** The addresses the scan's resolution gave, by family (after the address policy). */
  ipv4: string[];
  ipv6: string[];
  /** The race that chose the scan's address; absent when the name had one address (nothing to race). */
  race?: ConnectRace;
  /** The URL requested over each family (the scan's final URL on this host, or its start URL). */
  url?: string;
  /** One request per family that has addresses. */
  views: FamilyView[];
}
