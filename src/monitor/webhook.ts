/**
 * Webhook delivery: the JSON payload, signed with HMAC-SHA256 over "<timestamp>.<body>" with the
 * watch's secret, sent through the scanner's HTTP client. That client applies the same target policy
 * as scans (a private address is refused unless allowed), pins DNS, caps time and never follows redirects.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sendOnce } from '../engine/outbound.js';
import { checkTargetAllowed } from '../engine/inputs.js';

export const SIGNATURE_HEADER = 'X-Scorifya-Signature';
export const TIMESTAMP_HEADER = 'X-Scorifya-Timestamp';

export function signPayload(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers (and tests): constant-time check of a signature header. */
export function verifySignature(secret: string, timestamp: string, body: string, header: string): boolean {
  const want = Buffer.from(signPayload(secret, Number(timestamp), body));
  const got = Buffer.from(header);
  return want.length === got.length && timingSafeEqual(want, got);
}

export interface WebhookOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  /** Test hook: pin names like `--resolve`. */
  resolve?: string[];
}

/** Resolves when the receiver answered 2xx; rejects with a reason otherwise (timeout, refused, status). */
export async function sendWebhook(url: string, secret: string, deliveryId: string, body: string, options: WebhookOptions): Promise<void> {
  const timestamp = Math.floor(Date.now() / 1000);
  const res = await sendOnce(
    {
      url,
      method: 'POST',
      body,
      bodyLimit: 4096,
      timeoutMs: options.timeoutMs,
      headers: [
        ['Content-Type', 'application/json'],
        ['X-Scorifya-Event', 'scorifya.regression'],
        ['X-Scorifya-Delivery', deliveryId],
        [TIMESTAMP_HEADER, String(timestamp)],
        [SIGNATURE_HEADER, signPayload(secret, timestamp, body)],
      ],
    },
    { allowPrivate: options.allowPrivate, timeoutMs: options.timeoutMs, ...(options.resolve ? { resolve: options.resolve } : {}) },
  );
  if (res.status < 200 || res.status >= 300) throw new Error(`the receiver answered ${res.status}`);
}

/** Is this webhook URL acceptable? Checks the scheme and resolves the host under the target policy. */
export async function checkWebhookUrl(raw: string, options: Pick<WebhookOptions, 'allowPrivate' | 'resolve'>): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlError('the webhook URL is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookUrlError('the webhook URL must use http or https');
  if (url.username || url.password) throw new WebhookUrlError('the webhook URL must not contain credentials');
  try {
    await checkTargetAllowed(url.hostname.replace(/^\[|\]$/g, ''), url.port ? Number(url.port) : undefined, { allowPrivate: options.allowPrivate, resolve: options.resolve ?? [] });
  } catch (error) {
    throw new WebhookUrlError(`the webhook URL is refused: ${(error as Error).message}`);
  }
  return url.href;
}

export class WebhookUrlError extends Error {
  readonly code = 'WEBHOOK_URL_REFUSED';
}
