/** Operator settings of monitoring (`scorifya serve` reads them from the environment, see docs/monitoring.md). */
export interface MonitorConfig {
  /** How often the scheduler looks for due watches, finished scans and due deliveries. */
  tickMs: number;
  /** Base URL of this app for links in alerts (scan pages, unsubscribe). */
  publicUrl: string;
  /** SMTP server for e-mail alerts, e.g. smtp://user:pass@mail.example:587; none = no e-mail alerts. */
  smtpUrl?: string;
  mailFrom: string;
  /** Per attempt: a receiver that stalls longer is abandoned and retried later. */
  deliveryTimeoutMs: number;
  /** Delay before each retry; after the last one the delivery is marked failed. */
  retryDelaysMs: number[];
  /** Deliveries attempted at once. */
  deliveryConcurrency: number;
  /** May webhooks point at private or loopback addresses? Default: the app's allowPrivate for scans. */
  allowPrivateWebhooks?: boolean;
}

export const DEFAULT_MONITOR_CONFIG: MonitorConfig = {
  tickMs: 60_000,
  publicUrl: 'http://127.0.0.1:8080',
  mailFrom: 'Scorifya <scorifya@localhost>',
  deliveryTimeoutMs: 10_000,
  retryDelaysMs: [30_000, 120_000, 600_000, 3_600_000, 6 * 3_600_000],
  deliveryConcurrency: 4,
};

/** From the environment of `scorifya serve`: SCORIFYA_PUBLIC_URL, SCORIFYA_SMTP_URL, SCORIFYA_MAIL_FROM. */
export function monitorConfigFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<MonitorConfig> {
  return {
    ...(env['SCORIFYA_PUBLIC_URL'] ? { publicUrl: env['SCORIFYA_PUBLIC_URL'] } : {}),
    ...(env['SCORIFYA_SMTP_URL'] ? { smtpUrl: env['SCORIFYA_SMTP_URL'] } : {}),
    ...(env['SCORIFYA_MAIL_FROM'] ? { mailFrom: env['SCORIFYA_MAIL_FROM'] } : {}),
  };
}
