/** security.txt (RFC 9116): present at /.well-known/, over https, text/plain, valid and unexpired. */
import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { ExposureEvidence, ExposureResponse } from '../../model/exposure.js';
import type { CheckResult } from '../../model/finding.js';
import { judgeAgainstBaselines } from './baseline.js';
import { header, looksLikeHtml, quote, served } from './response.js';
import { parseSecurityTxt, validateSecurityTxt } from './security-txt-parse.js';

/** A security.txt has at least one field line; a catch-all HTML page does not. */
function looksLikeSecurityTxt(r: ExposureResponse): boolean {
  return served(r) && !looksLikeHtml(r) && /^[ \t]*(contact|expires|encryption|policy|canonical)[ \t]*:/im.test(r.body);
}

function realFile(r: ExposureResponse | undefined, baselines: readonly ExposureResponse[]): boolean {
  return !!r && looksLikeSecurityTxt(r) && judgeAgainstBaselines(r, baselines, looksLikeSecurityTxt) === 'distinct';
}

export const securityTxtCheck: Check = {
  name: 'exposure/security-txt',
  category: 'exposure',
  ids: ['security_txt_missing', 'security_txt_invalid', 'security_txt_expired'],
  causes: { security_txt_invalid: ['legacy_location_only', 'rfc_violations'] },
  reads: ['exposure'],
  run(evidence, ctx) {
    const exposure = dataOf<ExposureEvidence>(evidence, 'exposure');
    const wellKnown = exposure.responses.find((r) => r.probe === 'security_txt');
    const legacy = exposure.responses.find((r) => r.probe === 'security_txt_legacy');
    if (!wellKnown && !legacy) return []; // neither request got an answer: not measured, not missing
    const location = new URL('/.well-known/security.txt', exposure.origin).href;

    if (!realFile(wellKnown, exposure.baselines)) {
      if (wellKnown && wellKnown.status >= 300 && wellKnown.status < 400) return []; // a redirect we do not follow
      if (legacy && realFile(legacy, exposure.baselines)) {
        return [
          {
            id: 'security_txt_invalid',
            cause: 'legacy_location_only',
            title: 'security.txt is only at the legacy /security.txt, not at /.well-known/security.txt',
            evidence: `GET ${legacy.url} → ${legacy.status} with security.txt fields; GET ${location} → ${wellKnown?.status ?? 'no answer'}`,
            location,
          },
        ];
      }
      return [
        {
          id: 'security_txt_missing',
          title: 'no security.txt: researchers have no published way to report a vulnerability',
          evidence: `GET ${location} → ${wellKnown?.status ?? 'no answer'}${wellKnown && served(wellKnown) ? ' but the body is not a security.txt (no Contact/Expires fields, or the same page as any unknown path)' : ''}`,
          location,
        },
      ];
    }

    const results: CheckResult[] = [];
    const file = wellKnown!;
    const doc = parseSecurityTxt(file.body);
    const problems = validateSecurityTxt(doc, file.url, ctx.now);
    const errors = [...problems.errors];
    if (new URL(file.url).protocol !== 'https:') errors.unshift('served over plain http (RFC 9116 requires https)');
    const type = header(file, 'content-type') ?? '';
    const mediaType = type.split(';')[0]!.trim().toLowerCase();
    if (mediaType !== 'text/plain') errors.unshift(`Content-Type is '${type || 'absent'}', not text/plain`);
    const charset = /charset\s*=\s*"?([\w-]+)/i.exec(type)?.[1];
    if (charset && charset.toLowerCase() !== 'utf-8') errors.push(`charset is ${charset}, not utf-8`);
    if (errors.length > 0) {
      results.push({
        id: 'security_txt_invalid',
        cause: 'rfc_violations',
        title: `security.txt breaks RFC 9116: ${errors[0]}${errors.length > 1 ? ` (+${errors.length - 1} more)` : ''}`,
        evidence: [`GET ${file.url} → ${file.status}, Content-Type: ${type || '(none)'}`, ...errors.map((e) => `- ${e}`), ...problems.advice.map((a) => `note: ${a}`)].join('\n'),
        location: file.url,
        details: { errors, advice: problems.advice },
      });
    }
    if (problems.expires && problems.expires.getTime() <= ctx.now.getTime()) {
      results.push({
        id: 'security_txt_expired',
        title: `security.txt expired on ${problems.expires.toISOString().slice(0, 10)}`,
        evidence: `Expires: ${quote(problems.expires.toISOString())} is before the scan (${ctx.now.toISOString()}); an expired file should be treated as stale`,
        location: file.url,
      });
    }
    return results;
  },
};
