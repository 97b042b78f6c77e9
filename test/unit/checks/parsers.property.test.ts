import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePolicy, parsePolicyList } from '../../../src/checks/headers/csp-parse.js';
import { scriptWeaknesses } from '../../../src/checks/headers/csp.js';
import { parseHsts } from '../../../src/checks/headers/hsts-parse.js';
import { parsePermissionsPolicy } from '../../../src/checks/headers/permissions-policy.js';
import { effectiveReferrerPolicy } from '../../../src/checks/headers/referrer-policy.js';
import { extractMetaPolicies } from '../../../src/probes/html-meta.js';
import { HEADER_CHECKS } from '../../../src/checks/headers/index.js';
import { siteWithHeaders } from '../../support/evidence.js';

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(fc.constantFrom(';', ',', ' ', "'", '"', '=', 'script-src', "'unsafe-inline'", "'nonce-", '*', 'max-age', '0', '\u0000', '\r\n', '()', 'self'), { maxLength: 40 }).map((a) => a.join('')),
);

describe('parsers of hostile header values never throw', () => {
  it('CSP', () => {
    fc.assert(
      fc.property(hostile, (v) => {
        const policies = parsePolicyList([v], 'header');
        for (const p of policies) {
          scriptWeaknesses(p);
          for (const name of p.directives.keys()) expect(name).toMatch(/^[a-z0-9-]+$/);
        }
      }),
      { numRuns: 1000 },
    );
  });
  it('CSP meta policies never keep frame-ancestors, report-uri or sandbox', () => {
    fc.assert(
      fc.property(fc.constantFrom('frame-ancestors', 'report-uri', 'sandbox', 'FRAME-ANCESTORS'), hostile, (d, rest) => {
        expect(parsePolicy(`${d} 'none'; ${rest}`, 'meta').directives.has(d.toLowerCase())).toBe(false);
      }),
    );
  });
  it('HSTS: parse either succeeds with a non-negative max-age or explains why not', () => {
    fc.assert(
      fc.property(hostile, (v) => {
        const r = parseHsts(v);
        if (r.ok) expect(r.policy.maxAge).toBeGreaterThanOrEqual(0);
        else expect(r.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });
  it('HSTS round trip: any max-age and flags serialise and parse back', () => {
    fc.assert(
      fc.property(fc.nat(), fc.boolean(), fc.boolean(), (age, sub, pre) => {
        const v = [`max-age=${age}`, sub ? 'includeSubDomains' : '', pre ? 'preload' : ''].filter(Boolean).join('; ');
        expect(parseHsts(v)).toEqual({ ok: true, policy: { maxAge: age, includeSubDomains: sub, preload: pre } });
      }),
    );
  });
  it('Permissions-Policy and Referrer-Policy', () => {
    fc.assert(
      fc.property(hostile, (v) => {
        parsePermissionsPolicy([v]);
        effectiveReferrerPolicy([v]);
      }),
      { numRuns: 1000 },
    );
  });
  it('meta extraction on hostile HTML', () => {
    fc.assert(fc.property(fc.string({ maxLength: 500 }), (html) => void extractMetaPolicies(html)), { numRuns: 500 });
  });
  it('every header check survives arbitrary header values', () => {
    const names = ['Strict-Transport-Security', 'Content-Security-Policy', 'X-Frame-Options', 'X-Content-Type-Options', 'Referrer-Policy', 'Permissions-Policy', 'Cross-Origin-Opener-Policy', 'Cross-Origin-Resource-Policy', 'Cross-Origin-Embedder-Policy', 'X-XSS-Protection'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...names), hostile), { maxLength: 12 }), (headers) => {
        const evidence = siteWithHeaders(headers);
        for (const check of HEADER_CHECKS) {
          for (const r of check.run(evidence, { now: new Date() })) {
            if (r.id !== 'duplicate_header_field') continue;
            // A duplicate is named only for a header that really came twice, and is low or info.
            const header = String(r.details!.header).toLowerCase();
            expect(headers.filter(([n]) => n.toLowerCase() === header).length).toBeGreaterThanOrEqual(2);
            expect(['low', 'info']).toContain(r.severity);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
