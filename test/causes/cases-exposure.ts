/** Cause cases for the exposure and WordPress ids: stack traces, debug endpoints, security.txt, user lists. */
import type { Evidence } from '../../src/model/evidence.js';
import { ERROR_PROBE, PATH_SHAPES, shapeOf, type ExposureResponse } from '../../src/model/exposure.js';
import type { RawHeader } from '../../src/model/http.js';
import { ok } from '../../src/model/probed.js';
import { cause, type CauseCase } from './cases.js';

const ORIGIN = 'https://site.example';

function answer(probe: string, path: string, status: number, body: string, headers: RawHeader[] = [['Content-Type', 'text/html']], method = 'GET'): ExposureResponse {
  return { probe, path, url: `${ORIGIN}${path}`, method, shape: shapeOf(path), sent: [], status, headers, body, bodyBytes: body.length, bodyTruncated: false };
}

/** A plain 404 for a random path of each shape: the soft-404 baselines every hit is compared with. */
const BASELINES = PATH_SHAPES.map((shape, i) => ({ ...answer('baseline', `/zz-random-${i}`, 404, '<html><body>Not Found</body></html>'), shape }));

function exposure(...responses: ExposureResponse[]): Evidence {
  return {
    schemaVersion: 1,
    target: { input: `${ORIGIN}/`, url: `${ORIGIN}/`, host: 'site.example', schemeGiven: true, resolved: ['192.0.2.10'] },
    startedAt: '2026-11-25T12:00:00.000Z',
    durationMs: 1,
    exposure: ok({ origin: ORIGIN, baselines: BASELINES, responses, failures: [], requests: responses.length + BASELINES.length }),
  };
}

function wordpress(...responses: ExposureResponse[]): Evidence {
  return {
    ...exposure(),
    wordpress: ok({ origin: ORIGIN, signals: [{ kind: 'generator_meta', evidence: '<meta name="generator" content="WordPress 6.5">', where: `${ORIGIN}/` }], baselines: BASELINES, responses, failures: [], requests: responses.length }),
  };
}

const errorPage = (body: string) => exposure(answer(ERROR_PROBE, '/%zz', 500, body));
const JSON_TYPE: RawHeader[] = [['Content-Type', 'application/json']];
const TEXT: RawHeader[] = [['Content-Type', 'text/plain; charset=utf-8']];

export const EXPOSURE_CASES: CauseCase[] = [
  cause('stack_trace_exposed', 'django_debug', "Django's DEBUG page", errorPage("<p>You're seeing this error because you have <code>DEBUG = True</code> in your Django settings file.</p><pre>Traceback (most recent call last):</pre>")),
  cause('stack_trace_exposed', 'laravel_debug', "Laravel's Whoops page", errorPage('<title>Whoops! There was an error.</title> Stack trace: #0 /var/www/app.php')),
  cause('stack_trace_exposed', 'rails_debug', "Rails' development error page", errorPage('<h2 style="x">ActionController::RoutingError</h2><p>No route matches</p> Rails.root: /srv/app')),
  cause('stack_trace_exposed', 'aspnet_error_page', "ASP.NET's error page", errorPage("<h1>Server Error in '/' Application.</h1>")),
  cause('stack_trace_exposed', 'python_traceback', 'a bare Python traceback', errorPage('<pre>Traceback (most recent call last):\n  File "/srv/app.py", line 4</pre>')),
  cause('stack_trace_exposed', 'java_stack_trace', 'a Java stack trace', errorPage('<pre>java.lang.IllegalStateException\n\tat com.shop.Main.run(Main.java:10)</pre>')),
  cause('stack_trace_exposed', 'php_errors', 'a PHP fatal error', errorPage('<b>Fatal error</b>: Uncaught Error: boom in /var/www/html/index.php:12')),
  cause('stack_trace_exposed', 'node_stack_trace', 'a Node.js stack trace', errorPage('<pre>Error: boom<br>    at handler (/srv/app/server.js:14:9)</pre>')),
  cause('exposed_debug_endpoint', 'spring_actuator', 'the Actuator index', exposure(answer('actuator', '/actuator', 200, '{"_links":{"self":{"href":"/actuator"},"health":{"href":"/actuator/health"}}}', JSON_TYPE))),
  cause('exposed_debug_endpoint', 'elmah_log', "ELMAH's log", exposure(answer('elmah', '/elmah.axd', 200, '<html><title>Error log for / on WEB01</title><body>Error Log for <b>/</b> — Powered by ELMAH</body></html>'))),
  cause('exposed_debug_endpoint', 'aspnet_trace', "ASP.NET's trace.axd", exposure(answer('trace_axd', '/trace.axd', 200, '<html><body><h1>Application Trace</h1><p>Requests to this Application</p></body></html>'))),
  cause(
    'security_txt_invalid',
    'legacy_location_only',
    'a valid file only at /security.txt',
    exposure(
      answer('security_txt', '/.well-known/security.txt', 404, '<html><body>Not Found</body></html>'),
      answer('security_txt_legacy', '/security.txt', 200, 'Contact: mailto:security@site.example\nExpires: 2030-01-01T00:00:00.000Z\n', TEXT),
    ),
  ),
  cause(
    'security_txt_invalid',
    'rfc_violations',
    'a well-known file without Expires',
    exposure(answer('security_txt', '/.well-known/security.txt', 200, 'Contact: mailto:security@site.example\n', TEXT)),
  ),
  cause('wp_user_enumeration', 'rest_api_users', 'the REST API listing a user', wordpress(answer('users_api', '/wp-json/wp/v2/users', 200, '[{"id":1,"slug":"admin","name":"Admin"}]', JSON_TYPE))),
  cause(
    'wp_user_enumeration',
    'author_redirect',
    '?author=1 redirecting to the author page',
    wordpress(answer('author_query', '/?author=1', 301, '', [['Location', `${ORIGIN}/author/admin/`]])),
  ),
];
