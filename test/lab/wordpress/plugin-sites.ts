/**
 * WordPress lab sites for the CVE checks: an outdated install (core 6.4.2, Contact Form 7 5.3.1,
 * WP File Manager 6.8, a plugin whose ?ver= is only the core version) and an up-to-date one.
 */
import type { RouteResponse } from '../http-server.js';

const html = (body: string): RouteResponse => ({ status: 200, headers: [['Content-Type', 'text/html; charset=UTF-8']], body });
const NOT_FOUND: RouteResponse = { status: 404, headers: [['Content-Type', 'text/html']], body: '<!doctype html><title>Not found</title><h1>Nothing here</h1>' };

function home(core: string, plugins: [slug: string, ver: string][]): string {
  const assets = plugins
    .map(([slug, ver]) => `<link rel="stylesheet" href="/wp-content/plugins/${slug}/includes/css/styles.css?ver=${ver}" media="all" />\n<script src="/wp-content/plugins/${slug}/includes/js/index.js?ver=${ver}"></script>`)
    .join('\n');
  return `<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8"><title>Shop</title>
<meta name="generator" content="WordPress ${core}" />
<link rel="stylesheet" id="twentytwentyfour-css" href="/wp-content/themes/twentytwentyfour/style.css?ver=1.0" media="all" />
<script src="/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
${assets}
</head><body class="home"><h1>Shop</h1></body></html>`;
}

function site(core: string, plugins: [string, string][]) {
  return {
    '/': html(home(core, plugins)),
    '/readme.html': html(`<!DOCTYPE html><html><body><h1 id="logo"><br /> Version ${core}</h1></body></html>`),
    '*': NOT_FOUND,
  };
}

export const outdatedWordPressWithPlugins = () =>
  site('6.4.2', [
    ['contact-form-7', '5.3.1'],
    ['wp-file-manager', '6.8'],
    // Enqueued without a version: WordPress appends the core version, which says nothing about the plugin.
    ['elementor', '6.4.2'],
  ]);

export const currentWordPressWithPlugins = () =>
  site('6.8.3', [
    ['contact-form-7', '6.1.2'],
    ['wp-file-manager', '8.0.2'],
    ['elementor', '3.32.4'],
  ]);
