/**
 * The only way pages build HTML: a tagged template that escapes every interpolated value unless it
 * is already `SafeHtml` (produced by this same template or by `trusted()` for our own constant
 * markup). Target-controlled text therefore cannot reach a page unescaped by accident.
 */
import { escapeHtml } from '../../report/escape.js';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup we wrote ourselves (e.g. the Markdown renderer's output, which escapes its own text). */
export const trusted = (markup: string): SafeHtml => new SafeHtml(markup);

/** Percent-encode a path segment for use in an href. */
export const seg = (text: string): string => encodeURIComponent(text);
