/**
 * Lab cookies for the browser proof: each is served by one response and Chromium's jar is then read
 * back. Together they cover every reason our verdict gives for a rejection, and close accepted twins.
 */
export interface BrowserCookieCase {
  /** Unique marker to find the cookie in the jar: its name, or for a nameless cookie its value. */
  key: string;
  nameless?: boolean;
  raw: string;
  scheme: 'http' | 'https';
  host: string;
}

const SHOP = 'shop.example.com';
const big = (n: number) => 'x'.repeat(n);

export const BROWSER_COOKIE_CASES: BrowserCookieCase[] = [
  { key: 'c01', raw: 'c01=v; Path=/', scheme: 'https', host: SHOP },
  { key: 'c02', raw: 'c02=v; Secure; Path=/', scheme: 'http', host: SHOP },
  { key: 'c03', raw: 'c03=v; Secure; Path=/', scheme: 'https', host: SHOP },
  { key: 'c04', raw: 'c04=v; SameSite=None; Path=/', scheme: 'https', host: SHOP },
  { key: 'c05', raw: 'c05=v; SameSite=None; Secure; Path=/', scheme: 'https', host: SHOP },
  { key: 'c06', raw: 'c06=v; SameSite=Bogus; Path=/', scheme: 'https', host: SHOP },
  { key: '__Secure-c07', raw: '__Secure-c07=v; Path=/', scheme: 'https', host: SHOP },
  { key: '__Secure-c08', raw: '__Secure-c08=v; Secure; Path=/', scheme: 'https', host: SHOP },
  { key: '__Host-c09', raw: '__Host-c09=v; Secure; Path=/', scheme: 'https', host: SHOP },
  { key: '__Host-c10', raw: `__Host-c10=v; Secure; Path=/; Domain=${SHOP}`, scheme: 'https', host: SHOP },
  { key: '__Host-c11', raw: '__Host-c11=v; Secure', scheme: 'https', host: SHOP },
  { key: '__host-c12', raw: '__host-c12=v; Path=/', scheme: 'https', host: SHOP },
  { key: '__SECURE-c13', raw: '__SECURE-c13=v; Path=/', scheme: 'https', host: SHOP },
  { key: 'c14', raw: 'c14=v; Domain=example.com; Path=/', scheme: 'https', host: SHOP },
  { key: 'c15', raw: 'c15=v; Domain=other.com; Path=/', scheme: 'https', host: SHOP },
  { key: 'c16', raw: 'c16=v; Domain=com; Path=/', scheme: 'https', host: SHOP },
  { key: 'c17', raw: `c17=${big(4100)}; Path=/`, scheme: 'https', host: SHOP },
  { key: 'c18', raw: `c18=${big(4000)}; Path=/`, scheme: 'https', host: SHOP },
  { key: 'c19', raw: 'c19=v; Max-Age=0; Path=/', scheme: 'https', host: SHOP },
  { key: 'c20', raw: 'c20=v; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/', scheme: 'https', host: SHOP },
  { key: 'c21', raw: 'c21=v; Max-Age=99999999; Path=/', scheme: 'https', host: SHOP },
  { key: '__Host-c22', nameless: true, raw: '__Host-c22; Secure; Path=/', scheme: 'https', host: SHOP },
  { key: 'value23', nameless: true, raw: 'value23; Path=/n23', scheme: 'https', host: SHOP },
  { key: 'c24', raw: 'c24=v; Partitioned; Path=/', scheme: 'https', host: SHOP },
  { key: 'c26', raw: 'c26=v; Domain=lab.test; Path=/', scheme: 'https', host: 'a.lab.test' },
  { key: 'c40', raw: 'c40=v; Domain=test; Path=/', scheme: 'https', host: 'a.lab.test' },
  { key: 'c27', raw: 'c27=v; Domain=github.io; Path=/', scheme: 'https', host: 'x.github.io' },
  { key: 'c28', raw: 'c28=v; Domain=x.github.io; Path=/', scheme: 'https', host: 'x.github.io' },
  { key: 'c29', raw: `c29=v; Path=/${big(1100)}`, scheme: 'https', host: SHOP },
  { key: 'c31', raw: 'c31=v; Secure; Path=/', scheme: 'http', host: 'localhost' },
  { key: '__Secure-c32', raw: '__Secure-c32=v; Secure; Path=/', scheme: 'http', host: SHOP },
  { key: 'c33', raw: 'c33=v; SameSite=none; Path=/', scheme: 'https', host: SHOP },
  { key: 'c34', raw: 'c34=v; Domain=.example.com; Path=/', scheme: 'https', host: SHOP },
  { key: 'c36', raw: 'c36=v; SameSite=; Path=/', scheme: 'https', host: SHOP },
  { key: 'c37', raw: 'c37=v; Path=/', scheme: 'http', host: SHOP },
  { key: 'c38', raw: 'c38=v; Domain=shop.example.com; Secure; HttpOnly; SameSite=Strict; Path=/', scheme: 'https', host: SHOP },
  { key: 'c39', raw: 'c39=v; Domain=example.com; Path=/', scheme: 'http', host: SHOP },
];

export const LAB_HOSTS = [...new Set(BROWSER_COOKIE_CASES.map((c) => c.host))];
