/** Error pages that show a stack trace or framework debug page (file paths, code, configuration). */
import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { ExposureEvidence, ExposureResponse } from '../../model/exposure.js';
import { ERROR_PROBE } from '../../model/exposure.js';
import { quote } from './response.js';

/**
 * Signatures of stack traces and debug pages by platform. The cause is the setting that shows them,
 * which differs by platform (Django's DEBUG, PHP's display_errors, ASP.NET's customErrors …). Framework
 * debug pages come first: they also contain their language's trace, and their fix is the framework's.
 */
export const STACK_TRACE_SIGNATURES: { platform: string; cause: string; pattern: RegExp }[] = [
  { platform: 'Django (DEBUG = True)', cause: 'django_debug', pattern: /You(?:&#x27;|&#39;|')re seeing this error because you have <code>DEBUG = True<\/code>/ },
  { platform: 'Laravel (Whoops)', cause: 'laravel_debug', pattern: /Whoops, looks like something went wrong|<title>\s*Whoops!/ },
  { platform: 'Ruby on Rails', cause: 'rails_debug', pattern: /<h2[^>]*>\s*[\w:]+Error\b[\s\S]{0,400}Rails\.root:/ },
  { platform: 'ASP.NET', cause: 'aspnet_error_page', pattern: /Server Error in '[^']*' Application\./ },
  { platform: 'ASP.NET', cause: 'aspnet_error_page', pattern: /<title>Runtime Error<\/title>/i },
  { platform: 'Python', cause: 'python_traceback', pattern: /Traceback \(most recent call last\):/ },
  { platform: 'Java', cause: 'java_stack_trace', pattern: /\bat (?:[\w$]+\.)+[\w$<>]+\([\w$]+\.java:\d+\)/ },
  { platform: 'Java', cause: 'java_stack_trace', pattern: /Exception in thread "[^"]+" [\w.$]+(?:Exception|Error)/ },
  { platform: '.NET', cause: 'aspnet_error_page', pattern: /\bat [\w.`<>]+\([^)]*\) in [^\n]+:line \d+/ },
  { platform: 'PHP', cause: 'php_errors', pattern: /(?:Fatal error|Uncaught [\w\\]+):.* in \S+\.php(?::\d+| on line \d+)/ },
  { platform: 'PHP', cause: 'php_errors', pattern: /Stack trace:\s*(?:<br\s*\/?>)?\s*#0 / },
  { platform: 'Node.js', cause: 'node_stack_trace', pattern: /\bat (?:[\w.<>]+ )?\(?(?:\/|[A-Z]:\\)[^\s()]+\.(?:js|mjs|cjs|ts):\d+:\d+\)?/ },
];

export function findStackTrace(body: string): { platform: string; cause: string; quote: string } | undefined {
  for (const { platform, cause, pattern } of STACK_TRACE_SIGNATURES) {
    const m = pattern.exec(body);
    if (m) return { platform, cause, quote: quote(m[0], 160) };
  }
  return undefined;
}

export const stackTraceCheck: Check = {
  name: 'exposure/stack-trace',
  category: 'exposure',
  ids: ['stack_trace_exposed'],
  causes: { stack_trace_exposed: [...new Set(STACK_TRACE_SIGNATURES.map((s) => s.cause))] },
  reads: ['exposure'],
  run(evidence) {
    const exposure = dataOf<ExposureEvidence>(evidence, 'exposure');
    // Error pages: the malformed-path probe and the not-found baselines. Never pages that merely
    // return 200 for a catalogue path (those are judged by their own signatures).
    const candidates: ExposureResponse[] = [
      ...exposure.responses.filter((r) => r.probe === ERROR_PROBE),
      ...exposure.baselines,
    ];
    for (const r of candidates) {
      // Only error responses: a 200 answer for a random path is the site's ordinary page (soft 404),
      // whose prose may well talk about stack traces.
      if (r.status < 400) continue;
      const found = findStackTrace(r.body);
      if (!found) continue;
      return [
        {
          id: 'stack_trace_exposed',
          cause: found.cause,
          title: `an error page shows a ${found.platform} stack trace`,
          evidence: `${r.method} ${r.url} → ${r.status}; ${found.quote}`,
          location: r.url,
          details: { platform: found.platform },
        },
      ];
    }
    return [];
  },
};
