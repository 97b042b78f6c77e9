/**
 * Product tokens in software banners (RFC 9110 `Server` syntax: `Apache/2.4.49 (Unix) OpenSSL/1.1.1k`).
 * A token without a version still names the product; a version is only ever what the banner says.
 */

export interface BannerProduct {
  product: string;
  version?: string;
  /** The operating system comment, e.g. "Ubuntu": such builds often carry backported fixes. */
  distribution?: string;
}

/** Banner names → inventory product keys, where they differ from the lower-cased name. */
const ALIASES: Record<string, string> = {
  'apache': 'apache',
  'apache-coyote': 'tomcat',
  'microsoft-iis': 'iis',
  'mod_ssl': 'mod_ssl',
};

const DISTRIBUTIONS = /\b(ubuntu|debian|red hat|redhat|centos|fedora|rhel|almalinux|rocky|amazon|suse|alpine|freebsd)\b/i;
const TOKEN = /([A-Za-z][\w.+-]{0,40})(?:\/(\d[\w.+~-]{0,40}))?/g;

export function parseBanner(value: string): BannerProduct[] {
  const text = value.slice(0, 500);
  const comments = [...text.matchAll(/\(([^)]*)\)/g)].map((m) => m[1]).join(' ');
  const outside = text.replace(/\([^)]*\)/g, ' ');
  const products: BannerProduct[] = [];
  for (const m of outside.matchAll(TOKEN)) {
    const name = m[1]!.toLowerCase();
    const product = ALIASES[name] ?? name;
    const version = m[2]?.replace(/[-~+.]+$/, '');
    // Distribution builds say so in a comment ("(Ubuntu)") or in the version ("7.4.3-4ubuntu2.19").
    const distro = DISTRIBUTIONS.exec(comments)?.[1] ?? /(ubuntu|deb\d|debian|el\d|fc\d)/i.exec(version ?? '')?.[1];
    products.push({ product, ...(version ? { version } : {}), ...(distro ? { distribution: distro } : {}) });
  }
  return products;
}
