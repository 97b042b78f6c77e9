import type { ServerConfig } from '../config.js';
import { page, type PageContext } from '../html/layout.js';
import { html } from '../html/template.js';

export function faqPage(ctx: PageContext, config: ServerConfig): string {
  const retention = config.retentionDays > 0 ? `${config.retentionDays} days` : 'until the operator deletes them (no automatic expiry is configured)';
  return page(ctx, {
    title: 'FAQ',
    body: html`<article class="prose"><h1>Frequently asked questions</h1>
<h2>Which sites may I scan?</h2>
<p>Only sites you own or have the owner's permission to test. A scan sends a few dozen ordinary requests, the kind a browser or a search engine sends, but it is still an assessment you need to be entitled to run. The scan form asks you to confirm this.</p>
<h2>What does this service store?</h2>
<p>For each scan: the URL you entered, its host name, when the scan was queued, started and finished, its progress messages, the score and grade, and the report. The report holds the findings with their evidence (for example the exact header value that caused a finding), the addresses the host resolved to, and which parts could not be measured. Response bodies and raw evidence are not stored.</p>
<p>Your own IP address is not stored with the scan. The rate limiter keeps a counter per client address in memory for the length of its window, and the server's request log (when enabled by the operator) records request lines as most web servers do.</p>
<h2>How long is it kept?</h2>
<p>Scans are deleted automatically after ${retention}. Results are public to anyone who has the link, and finished full scans appear in the recent list on the home page and in the host's history.</p>
<h2>Why did my re-scan return the same result?</h2>
<p>To avoid pointing repeated traffic at a site, a scan of the same URL within ${config.cooldownSeconds} seconds returns the result that was just produced. Wait a little and scan again.</p>
<h2>Which addresses are refused?</h2>
<p>${config.allowPrivate ? 'This instance was started with private targets allowed by its operator, so loopback and private addresses may be scanned.' : 'Loopback, private, link-local, carrier-grade NAT, multicast, reserved and cloud-metadata addresses are refused, in every spelling, at every redirect hop.'}</p>
<h2>How is the score calculated?</h2>
<p>See the <a href="/methodology">methodology</a>, which is generated from the same scoring table the scanner uses.</p>
<h2>Can I run it myself?</h2>
<p>Yes. Scorifya is open source: <code>npx scorifya scan https://your-site.example</code> on the command line, or <code>npx scorifya serve</code> for this web app with its API.</p>
</article>`,
  });
}
