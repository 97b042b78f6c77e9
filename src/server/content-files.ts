/**
 * Learn explainers (content/learn/<topic>.md) and stack guides (content/guides/<stack>-<topic>.md),
 * read for rendering. Both start with `key: value` front matter (title, summary; guides also stack and
 * topic) followed by Markdown. Files are read once per process; a missing file is a 404, and a file
 * without front matter is skipped rather than taking the site down.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_DIR } from '../content/load.js';
import { parseFrontMatter } from '../content/markdown.js';

export interface ContentDoc {
  slug: string;
  title: string;
  summary: string;
  meta: Record<string, string>;
  body: string;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const caches = new Map<string, Map<string, ContentDoc>>();

export function contentDocs(folder: 'learn' | 'guides'): Map<string, ContentDoc> {
  const cached = caches.get(folder);
  if (cached) return cached;
  const dir = join(CONTENT_DIR, folder);
  const docs = new Map<string, ContentDoc>();
  if (existsSync(dir)) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
      const slug = file.slice(0, -3);
      if (!SLUG.test(slug)) continue;
      try {
        const { meta, body } = parseFrontMatter(readFileSync(join(dir, file), 'utf8'), file);
        const heading = /^#\s+(.+)$/m.exec(body)?.[1];
        const shown = heading && !meta.title ? body.replace(/^#\s+.+$/m, '') : body;
        docs.set(slug, { slug, title: meta.title ?? heading ?? slug, summary: meta.summary ?? '', meta, body: withoutCommandLineSection(shown) });
      } catch {
        // A malformed file is the content tests' business; the site shows the others.
      }
    }
  }
  caches.set(folder, docs);
  return docs;
}

/**
 * The Markdown files also serve the CLI's readers: their "Try the focused tools" section lists commands
 * and flags. The web page links its own tools instead, so that section is left out of the page.
 */
export function withoutCommandLineSection(body: string): string {
  return body.replace(/^## Try the focused tools\n[\s\S]*?(?=^## |(?![\s\S]))/m, '');
}

export const GUIDE_STACKS: Record<string, string> = { nginx: 'nginx', apache: 'Apache', caddy: 'Caddy', express: 'Express', nextjs: 'Next.js' };
export const GUIDE_TOPICS: Record<string, string> = { hsts: 'HSTS', csp: 'Content Security Policy', headers: 'Security headers' };
