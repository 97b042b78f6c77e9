/**
 * A small Markdown-to-HTML renderer for our own content files (headings, paragraphs, lists, fenced
 * code, block quotes, inline code, emphasis, links). Every piece of text is escaped; links keep only
 * http(s), site-relative and fragment targets. Inline code naming a finding id links to its check page.
 */
import { escapeHtml } from '../../report/escape.js';

export interface MarkdownOptions {
  /** Finding ids that `code` spans should link to (/checks/<id>). */
  checkIds?: ReadonlySet<string>;
  /** Offset added to heading levels (a `##` in content becomes h2 + offset). */
  headingOffset?: number;
}

export function renderMarkdown(source: string, options: MarkdownOptions = {}): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = /^```\s*([\w+-]*)\s*$/.exec(line);
    if (fence) {
      const code: string[] = [];
      i++;
      while (i < lines.length && !/^```\s*$/.test(lines[i]!)) code.push(lines[i++]!);
      i++;
      const lang = fence[1] ? ` data-lang="${escapeHtml(fence[1])}"` : '';
      out.push(`<pre class="code"${lang}><code>${escapeHtml(code.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const level = Math.min(6, heading[1]!.length + (options.headingOffset ?? 0));
      const text = heading[2]!.trim();
      out.push(`<h${level} id="${slug(text)}">${inline(text, options)}</h${level}>`);
      i++;
      continue;
    }
    if (/^\s*([-*]|\d+\.)\s+/.test(line)) {
      const ordered = /^\s*\d+\./.test(line);
      const items: string[] = [];
      while (i < lines.length && lines[i]!.trim()) {
        const item = /^\s*(?:[-*]|\d+\.)\s+(.*)$/.exec(lines[i]!);
        if (item) items.push(item[1]!);
        else if (items.length) items[items.length - 1] += ' ' + lines[i]!.trim();
        i++;
      }
      const tag = ordered ? 'ol' : 'ul';
      out.push(`<${tag}>${items.map((it) => `<li>${inline(it, options)}</li>`).join('')}</${tag}>`);
      continue;
    }
    if (line.startsWith('>')) {
      const quote: string[] = [];
      while (i < lines.length && lines[i]!.startsWith('>')) quote.push(lines[i++]!.replace(/^>\s?/, ''));
      out.push(`<blockquote>${renderMarkdown(quote.join('\n'), options)}</blockquote>`);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i]!.trim() && !/^(```|#{1,6}\s|\s*([-*]|\d+\.)\s+|>)/.test(lines[i]!)) para.push(lines[i++]!.trim());
    out.push(`<p>${inline(para.join(' '), options)}</p>`);
  }
  return out.join('\n');
}

/** Inline spans: `code`, **strong**, *em*, [text](href). Text between them is escaped. */
export function inline(text: string, options: MarkdownOptions = {}): string {
  let out = '';
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    out += escapeHtml(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1] !== undefined) {
      const code = `<code>${escapeHtml(m[1])}</code>`;
      out += options.checkIds?.has(m[1]) ? `<a href="/checks/${encodeURIComponent(m[1])}">${code}</a>` : code;
    } else if (m[2] !== undefined) out += `<strong>${inline(m[2], options)}</strong>`;
    else if (m[3] !== undefined) out += `<em>${inline(m[3], options)}</em>`;
    else {
      const href = safeHref(m[5]!);
      out += href ? `<a href="${escapeHtml(href)}">${inline(m[4]!, options)}</a>` : escapeHtml(m[0]);
    }
  }
  return out + escapeHtml(text.slice(last));
}

function safeHref(href: string): string | undefined {
  if (/^https?:\/\//i.test(href) || /^\/(?!\/)/.test(href) || href.startsWith('#')) return href;
  return undefined;
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}
