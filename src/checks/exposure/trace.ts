/** TRACE echoing the request back (cross-site tracing; exposes headers such as cookies to scripts). */
import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { ExposureEvidence } from '../../model/exposure.js';
import { TRACE_PROBE } from '../../model/exposure.js';
import { contentType, quote } from './response.js';

export const traceCheck: Check = {
  name: 'exposure/trace',
  category: 'exposure',
  ids: ['trace_enabled'],
  reads: ['exposure'],
  run(evidence) {
    const exposure = dataOf<ExposureEvidence>(evidence, 'exposure');
    const r = exposure.responses.find((x) => x.probe === TRACE_PROBE);
    const marker = r?.sent.find(([n]) => n.toLowerCase() === 'x-scorifya-trace')?.[1];
    if (!r || !marker || r.status !== 200) return [];
    // Only an echo of our own request counts: the random marker header must come back in the body.
    const echoed = r.body.includes(marker) && (/^TRACE \S+ HTTP\/\d/m.test(r.body) || contentType(r) === 'message/http');
    if (!echoed) return [];
    return [
      {
        id: 'trace_enabled',
        title: 'the server answers TRACE by echoing the request',
        evidence: `TRACE ${r.url} → 200, Content-Type: ${contentType(r) || '(none)'}; the body repeats our request, including the marker header: ${quote(r.body, 120)}`,
        location: r.url,
      },
    ];
  },
};
