import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFindingContent, type FindingContent } from './finding-content.js';

/** content/ sits at the package root, next to dist/ and src/. */
export const CONTENT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'content');

let cache: Map<string, FindingContent> | undefined;

/** All finding content, keyed by id. Parsed once; a malformed file throws with its name. */
export function findingContent(): Map<string, FindingContent> {
  if (cache) return cache;
  const dir = join(CONTENT_DIR, 'findings');
  const map = new Map<string, FindingContent>();
  if (existsSync(dir)) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
      const parsed = parseFindingContent(readFileSync(join(dir, file), 'utf8'), file);
      if (`${parsed.id}.md` !== file) throw new Error(`${file}: id '${parsed.id}' does not match the file name`);
      map.set(parsed.id, parsed);
    }
  }
  cache = map;
  return map;
}
