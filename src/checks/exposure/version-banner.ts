/** Software names and versions announced in response headers (Server, X-Powered-By …). */
import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { HttpEvidence } from '../../model/http.js';
import type { CheckResult } from '../../model/finding.js';
import { quote } from './response.js';

/** Headers whose only purpose is to name software (from OWASP's list of headers to remove). */
export const BANNER_HEADERS = [
  'server',
  'x-powered-by',
  'x-aspnet-version',
  'x-aspnetmvc-version',
  'x-generator',
  'x-generated-by',
  'x-php-version',
  'x-powered-cms',
  'x-redirect-by',
  'x-runtime-version',
  'x-joomla-version',
  'x-umbraco-version',
  'x-owa-version',
  'liferay-portal',
  'x-varnish-version',
  'x-litespeed-version',
];

const VERSION = /\d+\.\d+(?:\.\d+)*|\/\d+\b|\bv\d+\b/i;

export const versionBannerCheck: Check = {
  name: 'exposure/version-banner',
  category: 'exposure',
  ids: ['version_banner'],
  // Reads the main page's headers, but belongs to the exposure category: it runs with the exposure
  // probe so that category is never "measured" from the main page alone.
  reads: ['http', 'exposure'],
  run(evidence) {
    const http = dataOf<HttpEvidence>(evidence, 'http');
    const results: CheckResult[] = [];
    const seen = new Set<string>();
    for (const chain of [http.https, http.http]) {
      for (const hop of chain?.hops ?? []) {
        for (const [name, value] of hop.headers) {
          const lower = name.toLowerCase();
          if (!BANNER_HEADERS.includes(lower) || !value.trim() || seen.has(lower)) continue;
          seen.add(lower);
          const versioned = VERSION.test(value);
          results.push({
            id: 'version_banner',
            severity: versioned ? 'low' : 'info',
            title: versioned ? `${name} header discloses a software version` : `${name} header names the software`,
            evidence: `${name}: ${quote(value, 200)} (on ${hop.url})`,
            location: hop.url,
            details: { header: lower, versioned },
          });
        }
      }
    }
    return results;
  },
};
