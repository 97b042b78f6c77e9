/** E-mail alerts through the operator's SMTP server (nodemailer), with a time limit per message. */
import nodemailer from 'nodemailer';

export interface MailOptions {
  smtpUrl: string;
  from: string;
  timeoutMs: number;
}

export async function sendMail(to: string, subject: string, text: string, options: MailOptions): Promise<void> {
  const url = new URL(options.smtpUrl);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`the SMTP URL must start with smtp:// or smtps://, not ${url.protocol}`);
  const transport = nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  try {
    await transport.sendMail({ from: options.from, to, subject, text, headers: { 'Auto-Submitted': 'auto-generated' } });
  } finally {
    transport.close();
  }
}

const EMAIL = /^[^\s@<>(),;:"\\[\]]{1,64}@[a-z0-9.-]{1,253}\.[a-z]{2,63}$/i;
export const isEmailAddress = (text: string) => EMAIL.test(text);
