/**
 * Extract the policies a page declares in `<meta>` tags. Browsers only honour `<meta http-equiv>` CSP
 * in the document head, so parsing stops at the first `<body>` (or body content).
 */
import { Parser } from 'htmlparser2';
import type { MetaPolicies } from '../model/http.js';

export function extractMetaPolicies(html: string): MetaPolicies {
  const found: MetaPolicies = { csp: [], cspReportOnly: [], referrer: [], xFrameOptions: [], other: [] };
  let done = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (done) return;
        if (name === 'body') {
          done = true;
          return;
        }
        if (name !== 'meta') return;
        const content = attrs.content;
        if (content === undefined) return;
        const equiv = attrs['http-equiv']?.trim().toLowerCase();
        const metaName = attrs.name?.trim().toLowerCase();
        if (equiv === 'content-security-policy') found.csp.push(content);
        else if (equiv === 'content-security-policy-report-only') found.cspReportOnly.push(content);
        else if (equiv === 'x-frame-options') found.xFrameOptions.push(content);
        else if (equiv) found.other.push([attrs['http-equiv']!, content]);
        if (metaName === 'referrer') found.referrer.push(content);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return found;
}
