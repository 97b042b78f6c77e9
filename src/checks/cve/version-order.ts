/**
 * Ordering of software version strings as advisories write them: semver (`3.0.0-rc.1`), loose
 * dotted numbers (`1.8`, `1.10.2`), retire.js pre-releases glued to the number (`1.9.0b1`), and
 * OpenSSL patch letters (`1.0.1f`, `1.0.2zd`), which come AFTER the bare number.
 *
 * Rules: numeric parts compare as numbers, missing parts count as 0 (`1.8` = `1.8.0`);
 * pre-release < release < patch letters. A suffix is a pre-release when it starts with `-`/`.`,
 * holds a digit (`b1`, `rc2`) or is a pre-release word (`alpha`, `beta`, `rc`, `pre`, `dev` …);
 * a bare run of letters (`f`, `zd`) is a patch letter. Build metadata (`+…`) is ignored.
 */

export interface ParsedVersion {
  numbers: number[];
  /** Pre-release identifiers (numbers and words), empty for a release. */
  pre: (number | string)[];
  /** OpenSSL-style patch letters, '' when none. */
  letters: string;
}

const PRE_WORDS = /^(alpha|beta|rc|pre|preview|dev|snapshot|next|canary|nightly)$/;

/** Parse a version; undefined when it does not start with a number (after an optional `v`). */
export function parseVersion(text: string): ParsedVersion | undefined {
  const m = /^v?(\d+(?:\.\d+)*)(.*)$/i.exec(text.trim());
  if (!m) return undefined;
  const numbers = m[1]!.split('.').map((n) => Math.min(Number(n), Number.MAX_SAFE_INTEGER));
  const rest = m[2]!.toLowerCase().replace(/\+.*$/, '');
  if (!rest) return { numbers, pre: [], letters: '' };
  if (/^[a-z]+$/.test(rest) && !PRE_WORDS.test(rest)) return { numbers, pre: [], letters: rest };
  const pre = (rest.match(/[a-z]+|\d+/g) ?? []).map((t) => (/^\d+$/.test(t) ? Number(t) : t));
  // A suffix with nothing usable in it ("1.2.3-" or "1.2.3_") is treated as the release itself.
  return { numbers, pre, letters: '' };
}

function compareNumbers(a: number[], b: number[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function comparePre(a: (number | string)[], b: (number | string)[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function compareLetters(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

export function compareParsed(a: ParsedVersion, b: ParsedVersion): number {
  return compareNumbers(a.numbers, b.numbers) || comparePre(a.pre, b.pre) || compareLetters(a.letters, b.letters);
}

/** -1, 0 or 1. Throws on a string that is not a version; use parseVersion to test first. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) throw new Error(`not a version: '${pa ? b : a}'`);
  return compareParsed(pa, pb);
}

/** The release branch: the first `parts` numbers ("1.20" for nginx and WordPress, "1.1.1" for OpenSSL). */
export function branchOf(version: string, parts = 2): string | undefined {
  const p = parseVersion(version);
  return p ? Array.from({ length: parts }, (_, i) => p.numbers[i] ?? 0).join('.') : undefined;
}
