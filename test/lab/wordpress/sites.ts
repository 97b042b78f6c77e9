/**
 * WordPress lab sites: a careless install (static answers shaped like WordPress 6.4.2), a hardened
 * one (still detectable, nothing leaks), and a plain site whose text talks about WordPress.
 */
import type { RouteHandler, RouteResponse } from '../http-server.js';

type Routes = Record<string, RouteHandler | RouteResponse>;
const html = (body: string, status = 200, extra: [string, string][] = []): RouteResponse => ({ status, headers: [['Content-Type', 'text/html; charset=UTF-8'], ...extra], body });
const typed = (type: string, body: string, status = 200): RouteResponse => ({ status, headers: [['Content-Type', type]], body });
const NOT_FOUND = html('<!doctype html><html><head><title>Page not found – Shop</title></head><body class="error404"><h1>Oops! That page can&rsquo;t be found.</h1></body></html>', 404);

const home = (generator: boolean) => `<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8"><title>Shop – Just another WordPress site</title>
${generator ? '<meta name="generator" content="WordPress 6.4.2" />' : ''}
<link rel="stylesheet" id="twentytwentyfour-css" href="/wp-content/themes/twentytwentyfour/style.css?ver=1.0" media="all" />
<script src="/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
</head><body class="home blog"><h1>Shop</h1></body></html>`;

const LINK: [string, string] = ['Link', '<https://shop.example/wp-json/>; rel="https://api.w.org/"'];
const LOGIN_FORM = (extra = '') => `<!DOCTYPE html><html><head><title>Log In &lsaquo; Shop &#8212; WordPress</title>${extra}</head><body class="login"><form name="loginform" id="loginform" action="/wp-login.php" method="post"><input type="text" name="log" id="user_login"><input type="password" name="pwd" id="user_pass"></form></body></html>`;

export function carelessWordPress(): Routes {
  return {
    '/': (req) => {
      if ((req.url ?? '').includes('author=1')) return { status: 301, headers: [['Location', '/author/admin/']], body: '' };
      return html(home(true), 200, [LINK]);
    },
    '/readme.html': html('<!DOCTYPE html><html><head><title>WordPress &#8250; ReadMe</title></head><body><h1 id="logo"><a href="https://wordpress.org/"><img alt="WordPress" src="wp-admin/images/wordpress-logo.png" /></a><br /> Version 6.4.2</h1></body></html>'),
    '/feed/': typed('application/rss+xml; charset=UTF-8', '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Shop</title><generator>https://wordpress.org/?v=6.4.2</generator></channel></rss>'),
    '/xmlrpc.php': typed('text/plain;charset=UTF-8', 'XML-RPC server accepts POST requests only.', 405),
    '/wp-json/wp/v2/users': typed('application/json; charset=UTF-8', '[{"id":1,"name":"admin","slug":"admin","link":"https://shop.example/author/admin/"},{"id":2,"name":"Editor","slug":"jane","link":"https://shop.example/author/jane/"}]'),
    '/wp-content/uploads/': html('<html><head><title>Index of /wp-content/uploads</title></head><body><h1>Index of /wp-content/uploads</h1><ul><li><a href="2026/">2026/</a></li></ul></body></html>'),
    '/wp-config.php.bak': typed('application/x-trash', "<?php\n/** The base configuration for WordPress */\ndefine( 'DB_NAME', 'shop' );\ndefine( 'DB_USER', 'shop' );\ndefine( 'DB_PASSWORD', 'correct horse' );\n"),
    '/wp-content/debug.log': typed('text/plain', '[25-Nov-2026 09:12:44 UTC] PHP Notice:  Function wpdb::prepare was called incorrectly in /var/www/html/wp-includes/functions.php on line 6031\n'),
    '/wp-login.php': html(LOGIN_FORM()),
    '*': () => NOT_FOUND,
  };
}

export function hardenedWordPress(): Routes {
  return {
    '/': (req) => ((req.url ?? '').includes('author=') ? NOT_FOUND : html(home(false), 200, [LINK])),
    '/feed/': typed('application/rss+xml; charset=UTF-8', '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Shop</title></channel></rss>'),
    '/xmlrpc.php': html('<p>Forbidden</p>', 403),
    '/wp-json/wp/v2/users': typed('application/json', '{"code":"rest_user_cannot_view","message":"Sorry, you are not allowed to list users.","data":{"status":401}}', 401),
    '/wp-content/uploads/': html('<p>Forbidden</p>', 403),
    '/wp-login.php': html(LOGIN_FORM('<script src="https://www.google.com/recaptcha/api.js"></script><div class="g-recaptcha"></div>')),
    '*': () => NOT_FOUND,
  };
}

/** Not WordPress: a blog post about WordPress, naming wp-content and wp-includes in its prose. */
export function plainSiteAboutWordPress(): Routes {
  return {
    '/': html(`<!doctype html><html><head><title>Why we left WordPress</title><link rel="stylesheet" href="/css/site.css"></head>
<body><article><h1>Why we left WordPress</h1><p>Our old WordPress 5.9 site kept its files in /wp-content/uploads and /wp-includes/js,
and the generator tag said WordPress. We moved to a static site generator; xmlrpc.php and wp-login.php are gone.</p></article></body></html>`),
    '*': () => NOT_FOUND,
  };
}
