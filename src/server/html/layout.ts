import { html, type SafeHtml } from './template.js';

export interface PageContext {
  nonce: string;
  /** Path of the current page, to mark the nav link. */
  path: string;
  assets: { css: string; js: string; icon: string };
}

export interface PageOptions {
  title: string;
  description?: string;
  body: SafeHtml;
  /** Extra <head> content (e.g. the no-JS refresh of the progress page). */
  head?: SafeHtml;
}

const NAV: [href: string, label: string][] = [
  ['/', 'Scan'],
  ['/methodology', 'Methodology'],
  ['/checks', 'Checks'],
  ['/learn', 'Learn'],
  ['/guides', 'Guides'],
  ['/tools', 'Tools'],
  ['/notices', 'Notices'],
  ['/api/docs', 'API'],
  ['/faq', 'FAQ'],
];

export function page(ctx: PageContext, options: PageOptions): string {
  const current = (href: string) => (href === '/' ? ctx.path === '/' : ctx.path === href || ctx.path.startsWith(href + '/'));
  return (
    '<!doctype html>\n' +
    html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Scorifya</title>
<meta name="description" content="${options.description ?? 'Open-source website security scorecard: one score, every finding explained, fixes for your stack.'}">
<link rel="stylesheet" href="${ctx.assets.css}">
<link rel="icon" href="${ctx.assets.icon}" type="image/svg+xml">
<script nonce="${ctx.nonce}" src="${ctx.assets.js}" defer></script>
${options.head}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site-header"><div class="wrap">
<a class="brand" href="/"><span class="brand-mark" aria-hidden="true">S</span>Scorifya</a>
<input type="checkbox" id="menu-toggle" class="menu-toggle" aria-controls="site-nav"><label for="menu-toggle" class="menu-button"><span aria-hidden="true">☰</span> Menu</label>
<nav aria-label="Main" id="site-nav"><ul>${NAV.map(
      ([href, label]) => html`<li><a href="${href}"${current(href) ? html` aria-current="page"` : ''}>${label}</a></li>`,
    )}</ul></nav>
</div></header>
<main id="main" class="wrap">
${options.body}
</main>
<footer class="site-footer"><div class="wrap">Scorifya — an open-source website security scorecard. Only scan sites you are allowed to test. <a href="/faq">What we store</a> · <a href="/methodology">How the score works</a> · <a href="/api/docs">API</a></div></footer>
</body>
</html>`.value
  );
}
