/**
 * Shared material for the fuzzers: hostile strings and bytes, run counts, and a time bound for
 * adversarial inputs. `npm test` runs every property FUZZ_BASE_RUNS times (1,000); `npm run fuzz`
 * sets FUZZ_RUNS (default there: 100,000) to run the same properties at nightly size.
 */
import fc from 'fast-check';
import { expect } from 'vitest';

const fromEnv = Number(process.env.FUZZ_RUNS);
/** Runs per property: 1,000 in CI, FUZZ_RUNS when set. */
export const RUNS = Number.isFinite(fromEnv) && fromEnv > 0 ? Math.floor(fromEnv) : 1_000;
/** fast-check parameters for one property; a seed in FUZZ_SEED replays a failure. */
export const fuzzParams = (scale = 1): fc.Parameters<unknown> => ({
  numRuns: Math.max(1, Math.floor(RUNS * scale)),
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
});
/** Per-test timeout: generous in CI, scaled with FUZZ_RUNS for nightly runs. */
export const FUZZ_TIMEOUT_MS = Math.max(120_000, RUNS * 20);

/** Pieces that break naive parsers: controls, NUL, quotes, escapes, separators, odd unicode. */
export const HOSTILE_PIECES = [
  '\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\r', '\r\n', '\u000b', '\u000c', '\u001b[31m', '\u007f', '\u0085', '\u00a0',
  '\u00ff', '\u2028', '\u2029', '\ufeff', '\ufffd', '\ud800', '\udfff', '😀', 'é', 'İ', 'ß', '\u0301',
  '"', "'", '`', '\\', '\\"', '""', ';', ',', ':', '=', '==', ' ', '  ', '/', '//', '*', '%', '%{', '{', '}', '(', ')', '<', '>', '&', '#',
  '__proto__', 'constructor', 'toString', '-1', '0', '00', '1e999', '9'.repeat(40), 'NaN', 'Infinity',
];

/** A piece repeated into a huge token (a few kB, still cheap per run). */
const hugeToken = fc.tuple(fc.constantFrom(...HOSTILE_PIECES, 'a', 'A1', '-', '.'), fc.integer({ min: 100, max: 4_000 })).map(([p, n]) => p.repeat(n));

/** Any string a target could send, weighted towards trouble. */
export const hostileString = (maxLength = 400): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.string({ maxLength }), weight: 2 },
    { arbitrary: fc.string({ unit: 'binary', maxLength }), weight: 2 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: Math.ceil(maxLength / 2) }), weight: 1 },
    { arbitrary: latin1String(maxLength), weight: 2 },
    { arbitrary: fc.array(fc.constantFrom(...HOSTILE_PIECES), { maxLength: 60 }).map((a) => a.join('')), weight: 3 },
    { arbitrary: hugeToken, weight: 1 },
  );

/** Header values reach the parsers latin1-decoded: one char per octet. */
export function latin1String(maxLength = 400): fc.Arbitrary<string> {
  return fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength });
}

/**
 * Grammar-aware hostility: the parser's own vocabulary shuffled with hostile pieces and random
 * text, so runs reach deep branches instead of failing at the first character.
 */
export function grammarString(vocabulary: readonly string[], maxParts = 40): fc.Arbitrary<string> {
  const part = fc.oneof(
    { arbitrary: fc.constantFrom(...vocabulary), weight: 6 },
    { arbitrary: fc.constantFrom(...HOSTILE_PIECES), weight: 3 },
    { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
  );
  return fc.oneof(
    { arbitrary: fc.array(part, { maxLength: maxParts }).map((a) => a.join('')), weight: 4 },
    { arbitrary: hostileString(), weight: 1 },
  );
}

/** Bytes: random, or a valid sample with a few bytes flipped, cut short or spliced. */
export function mutatedBytes(valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  const flips = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 });
  return fc.oneof(
    fc.uint8Array({ maxLength: 600 }),
    fc.tuple(valid, flips).map(([bytes, edits]) => {
      const out = Uint8Array.from(bytes);
      for (const [at, v] of edits) if (out.length) out[at % out.length] = v;
      return out;
    }),
    fc.tuple(valid, fc.nat()).map(([bytes, cut]) => bytes.subarray(0, bytes.length ? cut % bytes.length : 0)),
    fc.tuple(valid, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 40 })).map(([bytes, at, junk]) => {
      const i = bytes.length ? at % bytes.length : 0;
      return Uint8Array.from([...bytes.subarray(0, i), ...junk, ...bytes.subarray(i)]);
    }),
  );
}

/**
 * Adversarial inputs of `size` chars built from a parser's vocabulary: each piece repeated, pairs
 * repeated, and each with a trailing character that makes an anchored match fail at the very end
 * (the shape that exposes backtracking regular expressions).
 */
export function pathologicalInputs(vocabulary: readonly string[], size = 64 * 1024, prefixes: readonly string[] = ['']): string[] {
  const fill = (s: string) => s.repeat(Math.ceil(size / Math.max(1, s.length))).slice(0, size);
  const pieces = [...new Set([...vocabulary, ' ', '\t', 'a', '=', ';', ',', ':', '"', '\\"', '<', '%{'])];
  const out: string[] = [];
  for (const prefix of prefixes) {
    for (const p of pieces) {
      out.push(prefix + fill(p), prefix + fill(p) + '!', prefix + 'a' + fill(p) + '\u0000x');
    }
    for (let i = 0; i + 1 < pieces.length; i++) out.push(prefix + fill(pieces[i]! + pieces[i + 1]!) + '!');
  }
  return out;
}

/**
 * Runs `fn` on every adversarial input and asserts each finishes within `boundMs` — a bound
 * generous enough for a loaded CI machine; a quadratic regex on 64 kB takes seconds to minutes.
 * Returns the slowest time, for the report.
 */
export function expectBoundedTime(fn: (input: string) => unknown, inputs: readonly string[], boundMs = 1_000): number {
  let worst = 0;
  for (const input of inputs) {
    const start = performance.now();
    fn(input);
    const ms = performance.now() - start;
    worst = Math.max(worst, ms);
    if (ms > boundMs) expect.fail(`took ${ms.toFixed(0)} ms on ${JSON.stringify(input.slice(0, 40))}… (${input.length} chars)`);
  }
  return worst;
}
