/** One piece of software a scan saw, with the version only when the site showed one. */
export interface SoftwareItem {
  kind: 'server' | 'cms' | 'generator' | 'js_library' | 'wp_plugin' | 'wp_theme';
  /** Lower-case key: nginx, apache, openssl, php, wordpress, jquery, a plugin slug … */
  product: string;
  version?: string;
  /** Operating-system build named in the banner ("Ubuntu"): it may carry backported fixes. */
  distribution?: string;
  /** How it was seen, in words ("Server header", "script filename", "?ver= on its asset URL"). */
  source: string;
  /** The exact text that shows it. Target-controlled: renderers escape it. */
  evidence: string;
  location: string;
}
