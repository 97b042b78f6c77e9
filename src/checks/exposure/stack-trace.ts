/** Error pages that show a stack trace or framework debug page (file paths, code, configuration). */
import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { ExposureEvidence, ExposureResponse } from '../../model/exposure.js';
import { ERROR_PROBE } from '../../model/exposure.js';
import { quote } from './response.js';

/** Signatures of stack traces and debug pages by platform. */
export const STACK_TRACE_SIGNATURES: { platform: string; pattern: RegExp }[] = [
  { platform: 'Python', pattern: /Traceback \(most recent call last\):/ },
  { platform: 'Django (DEBUG = True)', pattern: /You(?:&#x27;|&#39;|')re seeing this error because you have <code>DEBUG = True<\/code>/ },
  { platform: 'Java', pattern: /\bat (?:[\w$]+\.)+[\w$<>]+\([\w$]+\.java:\d+\)/ },
  { platform: 'Java', pattern: /Exception in thread "[^"]+" [\w.$]+(?:Exception|Error)/ },
  { platform: 'ASP.NET', pattern: /Server Error in '[^']*' Application\./ },
  { platform: 'ASP.NET', pattern: /<title>Runtime Error<\/title>/i },
  { platform: '.NET', pattern: /\bat [\w.`<>]+\([^)]*\) in [^\n]+:line \d+/ },
  { platform: 'PHP', pattern: /(?:Fatal error|Uncaught [\w\\]+):.* in \S+\.php(?::\d+| on line \d+)/ },
  { platform: 'PHP', pattern: /Stack trace:\s*(?:<br\s*\/?>)?\s*#0 / },
  { platform: 'Laravel (Whoops)', pattern: /Whoops, looks like something went wrong|<title>\s*Whoops!/ },
  { platform: 'Ruby on Rails', pattern: /<h2[^>]*>\s*[\w:]+Error\b[\s\S]{0,400}Rails\.root:/ },
  { platform: 'Node.js', pattern: /\bat (?:[\w.<>]+ )?\(?(?:\/|[A-Z]:\\)[^\s()]+\.(?:js|mjs|cjs|ts):\d+:\d+\)?/ },
];

export function findStackTrace(body: string): { platform: string; quote: string } | undefined {
  for (const { platform, pattern } of STACK_TRACE_SIGNATURES) {
    const m = pattern.exec(body);
    if (m) return { platform, quote: quote(m[0], 160) };
  }
  return undefined;
}

export const stackTraceCheck: Check = {
  name: 'exposure/stack-trace',
  category: 'exposure',
  ids: ['stack_trace_exposed'],
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
