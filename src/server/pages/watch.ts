/** Pages of "watch this site": the form, the watch's own management page, unsubscribe. */
import { page, type PageContext } from '../html/layout.js';
import { html, seg } from '../html/template.js';
import { when } from '../html/components.js';
import type { Watch, Delivery } from '../../monitor/watch-store.js';
import { Monitor } from '../../monitor/monitor.js';
import { wellKnownPath } from '../../monitor/ownership.js';

export interface WatchFormValues {
  url: string;
  interval: string;
  webhookUrl: string;
  email: string;
  error?: string;
}

export function watchFormPage(ctx: PageContext, host: string, values: WatchFormValues, emailAvailable: boolean): string {
  return page(ctx, {
    title: `Watch ${host}`,
    body: html`<h1>Watch <span class="target">${host}</span></h1>
<p>Scorifya re-scans the site on a schedule and alerts you when the score drops or a new finding appears. Weekly watching is open to anyone; <strong>daily</strong> watching starts once you prove you control the site (a file under <code>/.well-known/</code> or a DNS TXT record, shown on the next page).</p>
${values.error ? html`<p class="notice error" role="alert" id="watch-error">${values.error}</p>` : ''}
<form method="post" action="/watches" class="card" id="watch-form">
<p><label for="watch-url">Site URL</label><br><input id="watch-url" name="url" type="url" required value="${values.url}" size="50"></p>
<fieldset><legend>How often</legend>
<label><input type="radio" name="interval" value="weekly"${values.interval !== 'daily' ? html` checked` : ''}> Weekly</label>
<label><input type="radio" name="interval" value="daily"${values.interval === 'daily' ? html` checked` : ''}> Daily (verified owners)</label>
</fieldset>
<p><label for="watch-webhook">Webhook URL (JSON POST, signed with HMAC-SHA256)</label><br><input id="watch-webhook" name="webhookUrl" type="url" value="${values.webhookUrl}" size="50"></p>
${emailAvailable
  ? html`<p><label for="watch-email">E-mail address</label><br><input id="watch-email" name="email" type="email" value="${values.email}" size="40"></p>`
  : html`<p class="muted small">E-mail alerts are off: this server has no SMTP server configured.</p>`}
<p><button type="submit">Watch this site</button></p>
</form>
<p><a href="/hosts/${seg(host)}">History of ${host}</a></p>`,
  });
}

export function manageWatchPage(ctx: PageContext, w: Watch, deliveries: readonly Delivery[], origin: string, message?: { ok: boolean; text: string }): string {
  const effective = Monitor.effectiveInterval(w);
  const manage = `/watches/manage/${seg(w.unsubscribe_token)}`;
  return page(ctx, {
    title: `Watching ${w.host}`,
    body: html`<h1>Watching <span class="target">${w.host}</span></h1>
${message ? html`<p class="notice${message.ok ? '' : ' error'}" role="status" id="watch-message">${message.text}</p>` : ''}
<p class="muted small">Keep this page's address private: it is the key to this watch.</p>
<dl class="card">
<dt>Site</dt><dd class="target">${w.url}</dd>
<dt>Interval</dt><dd id="watch-interval">${effective}${w.interval !== effective ? html` (daily once ownership is verified)` : ''}</dd>
<dt>Next scan</dt><dd>${when(w.next_run_at)}</dd>
<dt>Ownership</dt><dd id="watch-ownership">${w.verified_at ? html`verified ${when(w.verified_at)}` : 'not verified'}</dd>
${w.webhook_url ? html`<dt>Webhook</dt><dd class="target">${w.webhook_url}</dd><dt>Webhook secret</dt><dd><code id="watch-secret">${w.webhook_secret}</code><div class="muted small">Each POST carries <code>X-Scorifya-Timestamp</code> and <code>X-Scorifya-Signature: sha256=HMAC-SHA256(secret, timestamp + "." + body)</code>.</div></dd>` : ''}
${w.email ? html`<dt>E-mail</dt><dd>${w.email}</dd>` : ''}
</dl>
${w.verified_at ? '' : html`<section class="card" aria-labelledby="verify-h"><h2 id="verify-h">Verify ownership</h2>
<p>Either serve a file at <code>${new URL(w.url).origin}${wellKnownPath(w.verify_token)}</code> whose content is <code id="verify-token">${w.verify_token}</code>, or publish a DNS TXT record <code>scorifya-verify=${w.verify_token}</code> at <code>_scorifya.${w.host}</code>. Then:</p>
<form method="post" action="${manage}/verify"><button type="submit">Check ownership now</button></form></section>`}
<section aria-labelledby="alerts-h"><h2 id="alerts-h">Recent alerts</h2>
${deliveries.length === 0 ? html`<p class="muted">No alert sent yet.</p>` : html`<ul>${deliveries.slice(-20).map((d) => html`<li>${d.channel}: ${d.status} after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}${d.last_error ? html` — <span class="muted">${d.last_error}</span>` : ''}</li>`)}</ul>`}
</section>
<form method="post" action="/unsubscribe/${seg(w.unsubscribe_token)}"><button type="submit">Stop watching</button></form>
<p class="muted small">Unsubscribe link for the alerts: ${origin}/unsubscribe/${w.unsubscribe_token}</p>`,
  });
}

export function unsubscribePage(ctx: PageContext, w: Watch, done: boolean): string {
  return page(ctx, {
    title: 'Stop alerts',
    body: done
      ? html`<h1>Alerts stopped</h1><p id="unsubscribed"><span class="target">${w.host}</span> is no longer watched; no further alerts will be sent.</p>`
      : html`<h1>Stop alerts for <span class="target">${w.host}</span>?</h1><form method="post" action="/unsubscribe/${seg(w.unsubscribe_token)}"><button type="submit">Stop watching</button></form>`,
  });
}
