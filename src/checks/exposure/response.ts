/** Small readers over recorded responses, shared by the exposure and WordPress checks. */
import type { ExposureResponse } from '../../model/exposure.js';

export function header(r: { headers: [string, string][] }, name: string): string | undefined {
  const lower = name.toLowerCase();
  return r.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

export function contentType(r: { headers: [string, string][] }): string {
  return (header(r, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** 200, or 206 for a ranged request: anything else is not the file. */
export const served = (r: ExposureResponse) => r.status === 200 || r.status === 206;

/** HTML pages (a catch-all, an error page, a login page) are never a raw config or data file. */
export function looksLikeHtml(r: ExposureResponse): boolean {
  return /<\s*(html|body|head)\b|<!doctype\s+html/i.test(r.body) || contentType(r) === 'text/html';
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Show a short quote of the response in evidence, with secrets' values blanked out. */
export function quote(text: string, max = 160): string {
  const oneLine = text.replace(/\r?\n/g, '⏎').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/** `KEY=secret` → `KEY=<redacted>`: a report must prove the leak without repeating it. */
export function redactAssignment(line: string): string {
  return line.replace(/^(\s*(?:export\s+)?[^=:\s]+\s*[=:]\s*).+$/, '$1<redacted>');
}
