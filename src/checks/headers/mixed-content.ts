/**
 * Mixed content: a page served over HTTPS that names http: URLs. What happens is Chromium's behaviour,
 * measured in test/compare/mixed-content-chromium.test.ts:
 * - active content (scripts, style sheets, frames, plugins) over http is blocked: the page is broken,
 *   and any browser that still loaded it would hand control of the page to the network;
 * - passive content (images, audio, video) is upgraded to https, and fails when https does not serve it;
 * - a form that posts to http: stops the visitor at a warning page before anything is sent.
 * Under `upgrade-insecure-requests` Chromium fetches all of these over https (forms included), so the
 * page has no mixed content. Loopback URLs (`localhost`, 127.0.0.0/8, [::1]) are potentially trustworthy
 * and load over http without complaint: they are not mixed content.
 */
import type { CheckResult } from '../../model/finding.js';
import type { PageSubresource } from '../../model/page.js';
import { isHttpUrl, isLoopbackHost, pageContentCheck, plural, showElements, uniqueResources, upgradesInsecureRequests } from './page-content.js';
import { isScriptOrStyle } from './subresource-integrity.js';

const ACTIVE_TAGS = new Set(['script', 'iframe', 'frame', 'object', 'embed']);
const PASSIVE_TAGS = new Set(['img', 'source', 'audio', 'video']);
const FORM_TAGS = new Set(['form', 'button', 'input']);

const isActive = (r: PageSubresource) => (r.tag === 'link' ? isScriptOrStyle(r) : ACTIVE_TAGS.has(r.tag));

export const mixedContentCheck = pageContentCheck('headers/mixed-content', ['mixed_content_active', 'mixed_content_passive', 'form_posts_to_http'], 'mixed content', ({ page, http, found }) => {
  if (!page.url.startsWith('https:') || upgradesInsecureRequests(page, http)) return [];
  const insecure = uniqueResources(found.resources.filter((r) => isHttpUrl(r.url) && !isLoopbackHost(r.url)));
  const active = insecure.filter(isActive);
  const passive = insecure.filter((r) => PASSIVE_TAGS.has(r.tag));
  const forms = insecure.filter((r) => FORM_TAGS.has(r.tag));
  const results: CheckResult[] = [];
  const at = { location: page.url };
  if (active.length) {
    results.push({
      id: 'mixed_content_active',
      title: `The HTTPS page loads ${plural(active.length, 'script, style sheet, frame or plugin', 'scripts, style sheets, frames or plugins')} over plain http (browsers block ${active.length === 1 ? 'it' : 'them'})`,
      evidence: showElements(active, found),
      ...at,
      details: { urls: active.map((r) => r.url) },
    });
  }
  if (passive.length) {
    results.push({
      id: 'mixed_content_passive',
      title: `The HTTPS page names ${plural(passive.length, 'image or media file', 'images or media files')} over plain http (browsers upgrade or block ${passive.length === 1 ? 'it' : 'them'})`,
      evidence: showElements(passive, found),
      ...at,
      details: { urls: passive.map((r) => r.url) },
    });
  }
  if (forms.length) {
    results.push({
      id: 'form_posts_to_http',
      title: `${plural(forms.length, 'form sends', 'forms send')} what visitors type to a plain http address`,
      evidence: showElements(forms, found),
      ...at,
      details: { urls: forms.map((r) => r.url) },
    });
  }
  return results;
});
