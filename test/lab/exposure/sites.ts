/**
 * Exposure lab sites (routes for test/lab/http-server.ts). `leaky` triggers every exposure id,
 * `tidy` is the negative control (same paths, harmless or refused answers), and the soft-404 traps
 * answer 200 with one page for every path, including prose full of signature words.
 */
import type { IncomingMessage } from 'node:http';
import type { RouteHandler, RouteResponse } from '../http-server.js';

type Routes = Record<string, RouteHandler | RouteResponse>;
const text = (body: string | Buffer, type = 'text/plain'): RouteResponse => ({ status: 200, headers: [['Content-Type', type]], body });
const html = (body: string, status = 200, extra: [string, string][] = []): RouteResponse => ({
  status,
  headers: [['Content-Type', 'text/html; charset=utf-8'], ...extra],
  body,
});
const NOT_FOUND = html('<!doctype html><html><head><title>Not found</title></head><body><h1>404</h1><p>Nothing here.</p></body></html>', 404);

const echoTrace = (req: IncomingMessage): RouteResponse => {
  const lines = [`TRACE ${req.url} HTTP/${req.httpVersion}`];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  return { status: 200, headers: [['Content-Type', 'message/http']], body: lines.join('\r\n') + '\r\n\r\n' };
};

const HOME = '<!doctype html><html><head><title>Shop</title><script src="/static/app.js"></script></head><body><h1>Welcome</h1></body></html>';

export const DS_STORE = Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from('Bud1'), Buffer.alloc(24, 0), Buffer.from('secret-plans.pdf', 'utf16le')]);

export function leakyRoutes(): Routes {
  return {
    '/': (req) => (req.method === 'TRACE' ? echoTrace(req) : html(HOME, 200, [['Server', 'Apache/2.4.41 (Ubuntu)'], ['X-Powered-By', 'PHP/7.4.3']])),
    '/.git/HEAD': text('ref: refs/heads/main\n'),
    '/.svn/wc.db': { status: 206, headers: [['Content-Type', 'application/octet-stream']], body: Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(64, 1)]) },
    '/.env': text('APP_NAME=Shop\nAPP_ENV=production\nAPP_KEY=base64:Zm9vYmFyYmF6\nDB_PASSWORD=hunter2\n'),
    '/.DS_Store': { status: 200, headers: [['Content-Type', 'application/octet-stream']], body: DS_STORE },
    '/.aws/credentials': text('[default]\naws_access_key_id = AKIAEXAMPLEEXAMPLE00\naws_secret_access_key = abcdEXAMPLEabcdEXAMPLEabcdEXAMPLE\n'),
    '/id_rsa': text('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ==\n-----END OPENSSH PRIVATE KEY-----\n'),
    '/backup.sql': text('-- MySQL dump 10.13\n\nDROP TABLE IF EXISTS `users`;\nCREATE TABLE `users` (id int);\nINSERT INTO `users` VALUES (1);\n', 'application/sql'),
    '/phpinfo.php': html('<html><head><title>PHP 8.2.1 - phpinfo()</title></head><body><table><tr><td><h1 class="p">PHP Version 8.2.1</h1></td></tr></table><table><tr><td>Zend Engine v4.2.1</td></tr><tr><th>PHP Extension</th><td>20220829</td></tr></table></body></html>'),
    '/server-status': html('<html><head><title>Apache Status</title></head><body><h1>Apache Server Status for 127.0.0.1 (via 127.0.0.1)</h1><dl><dt>Server Version: Apache/2.4.41 (Ubuntu)</dt></dl></body></html>'),
    '/actuator/env': text('{"activeProfiles":["prod"],"propertySources":[{"name":"server.ports","properties":{"local.server.port":{"value":8080}}}]}', 'application/vnd.spring-boot.actuator.v3+json'),
    '/swagger.json': text('{"swagger":"2.0","info":{"title":"Shop API","version":"1"},"paths":{"/orders":{},"/users":{}}}', 'application/json'),
    '/debug.log': text('[25-Nov-2026 10:00:00 UTC] PHP Warning:  Undefined variable $user in /var/www/html/index.php on line 12\n'),
    '/static/app.js': text('console.log(1);\n//# sourceMappingURL=app.js.map\n', 'application/javascript'),
    '/static/app.js.map': text('{"version":3,"sources":["src/app.ts"],"sourcesContent":["const key = 1;"],"mappings":"AAAA"}', 'application/json'),
    '/uploads/': html('<html><head><title>Index of /uploads/</title></head><body><h1>Index of /uploads/</h1><pre><a href="../">../</a>\n<a href="invoice-2026.pdf">invoice-2026.pdf</a></pre></body></html>'),
    '/crossdomain.xml': text('<?xml version="1.0"?>\n<cross-domain-policy>\n  <allow-access-from domain="*" />\n</cross-domain-policy>\n', 'text/x-cross-domain-policy'),
    '/.well-known/security.txt': text('Contact: http://shop.example/report\nExpires: 2020-01-01T00:00:00Z\n', 'text/plain; charset=utf-8'),
    '*': (req) =>
      (req.url ?? '').includes('%zz')
        ? html('<html><body><h1>Internal Server Error</h1><pre>Traceback (most recent call last):\n  File "/srv/app/views.py", line 42, in handler\nValueError: bad escape</pre></body></html>', 500)
        : NOT_FOUND,
  };
}

const FUTURE = '2099-01-01T00:00:00Z';

/** Negative control: the same paths answered harmlessly (refused, empty, restricted, or not the file). */
export function tidyRoutes(origin: () => string): Routes {
  return {
    '/': (req) => (req.method === 'TRACE' ? html('<p>Method not allowed</p>', 405) : html(HOME)),
    '/.git/HEAD': html('<html><body>Forbidden</body></html>', 403),
    '/.env': html('<!doctype html><html><head><title>Sign in</title></head><body><form><input name="user"></form></body></html>'),
    '/.DS_Store': NOT_FOUND,
    '/swagger.json': text('{"error":"not found"}', 'application/json'),
    '/actuator/env': html('<p>Unauthorized</p>', 401),
    '/static/app.js': text('console.log(1);\n', 'application/javascript'),
    '/uploads/': html('<html><body>Forbidden</body></html>', 403),
    '/crossdomain.xml': text('<?xml version="1.0"?>\n<cross-domain-policy>\n  <allow-access-from domain="*.shop.example" />\n</cross-domain-policy>\n', 'text/x-cross-domain-policy'),
    '/.well-known/security.txt': () =>
      text(`Contact: mailto:security@shop.example\nExpires: ${FUTURE}\nCanonical: ${origin()}/.well-known/security.txt\n`, 'text/plain; charset=utf-8'),
    '*': () => NOT_FOUND,
  };
}

/** The prose of a help page that talks about every signature without being any of the files. */
export const SIGNATURE_PROSE = `<!doctype html><html><head><title>Index of /help - Shop</title></head><body>
<h1>Help</h1><p>Never publish your .git folder: a file saying <code>ref: refs/heads/main</code> or a
<pre>[core]
	repositoryformatversion = 0
	filemode = true</pre> section gives your source away. Likewise .env lines such as
<pre>APP_KEY=base64:secret
DB_PASSWORD=hunter2</pre> and keys starting with -----BEGIN RSA PRIVATE KEY-----.
<table><tr><td>PHP Version 8.2.1</td><td>PHP Extension</td><td>Zend Engine</td></tr></table>
Apache Server Status for localhost — Server Version: Apache/2.4. Active connections: 1
server accepts handled requests. {"swagger":"2.0","paths":{}} &lt;allow-access-from domain="*"/&gt;
Error Log for ELMAH. Application Trace. Requests to this Application.
Traceback (most recent call last): at com.shop.Main.run(Main.java:10)
Contact: mailto:security@shop.example Expires: 2099-01-01T00:00:00Z
<a href="/">home</a> <a href="/docs">docs</a></p><script src="/static/app.js"></script></body></html>`;

/** Soft-404 trap: 200 and the same page for every path and method. */
export function trapRoutes(): Routes {
  return { '*': () => html(SIGNATURE_PROSE) };
}

/** Trap that echoes the requested path in its page (many CMS "page not found" templates do). */
export function echoTrapRoutes(): Routes {
  return {
    '*': (req) => html(SIGNATURE_PROSE.replace('<h1>Help</h1>', `<h1>Help for ${req.url}</h1><p>Request id ${Math.random().toString(36).slice(2)} at ${Date.now()}</p>`)),
  };
}

/** Trap that answers every path with the same plain-text body, which happens to match signatures. */
export function plainTrapRoutes(): Routes {
  return { '*': () => text('ref: refs/heads/main\nAPP_KEY=base64:x\nDB_PASSWORD=y\n') };
}
