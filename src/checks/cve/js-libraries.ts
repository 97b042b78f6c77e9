/**
 * JavaScript library versions from what a page shows: the script URL (`/3.4.1/jquery.min.js`) and its
 * file name (`jquery-1.8.3.min.js`). `librariesFromContent` reads a script's banner (`/*! jQuery v1.8.3`)
 * for when the first bytes of scripts are recorded (no probe fetches them yet). The patterns are retire.js's extractors, with `§§version§§` standing for
 * a version as retire.js defines it.
 */
import type { RetireRepository } from './advisory-types.js';

const VERSION_PATTERN = '[0-9][0-9.a-z_\\-]+';
const MAX_TEXT = 1_000;

export interface DetectedLibrary {
  library: string;
  version: string;
  how: 'uri' | 'filename' | 'filecontent';
  /** The URL (or URL + banner) it was read from. */
  where: string;
}

type Compiled = { library: string; how: DetectedLibrary['how']; re: RegExp }[];
const compiledCache = new WeakMap<RetireRepository, Compiled>();

function compile(repo: RetireRepository): Compiled {
  let compiled = compiledCache.get(repo);
  if (compiled) return compiled;
  compiled = [];
  for (const [library, entry] of Object.entries(repo.libraries)) {
    for (const how of ['uri', 'filename', 'filecontent'] as const) {
      for (const pattern of entry.extractors[how] ?? []) {
        try {
          compiled.push({ library, how, re: new RegExp(pattern.replaceAll('§§version§§', VERSION_PATTERN)) });
        } catch {
          // A pattern this engine cannot compile is skipped rather than failing every scan.
        }
      }
    }
  }
  compiledCache.set(repo, compiled);
  return compiled;
}

const cleanVersion = (v: string) => v.replace(/[.-]min$/, '').replace(/[._-]+$/, '');

function scan(text: string, how: DetectedLibrary['how'], where: string, repo: RetireRepository): DetectedLibrary[] {
  const found: DetectedLibrary[] = [];
  for (const c of compile(repo)) {
    if (c.how !== how) continue;
    const m = c.re.exec(text);
    if (m?.[1]) found.push({ library: c.library, version: cleanVersion(m[1]), how, where });
  }
  return found;
}

/** Libraries named by one script URL (path and file name; the query string is not a version source). */
export function librariesFromUrl(url: string, repo: RetireRepository): DetectedLibrary[] {
  let path = url;
  try {
    const u = new URL(url);
    path = `${u.origin}${u.pathname}`;
  } catch {
    path = url.split(/[?#]/)[0]!;
  }
  path = path.slice(0, MAX_TEXT);
  const fileName = path.split('/').pop() ?? '';
  return uniqueLibraries([...scan(path, 'uri', url, repo), ...scan(fileName, 'filename', url, repo)]);
}

/** Libraries announced in the first bytes of a script (its licence banner). */
export function librariesFromContent(head: string, url: string, repo: RetireRepository): DetectedLibrary[] {
  return uniqueLibraries(scan(head.slice(0, 4_096), 'filecontent', url, repo));
}

export function uniqueLibraries(found: DetectedLibrary[]): DetectedLibrary[] {
  const seen = new Set<string>();
  return found.filter((d) => {
    const key = `${d.library}@${d.version}@${d.where}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
