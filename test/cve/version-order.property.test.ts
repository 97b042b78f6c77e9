import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { branchOf, compareVersions, parseVersion } from '../../src/checks/cve/version-order.js';

const num = fc.integer({ min: 0, max: 40 });
const numeric = fc.array(num, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.'));
const preTag = fc.constantFrom('alpha', 'beta', 'rc', 'alpha.1', 'beta.2', 'rc.1', 'rc1', 'b1', 'beta10');
const letters = fc.constantFrom('a', 'b', 'f', 'g', 'z', 'za', 'zd', 'zg');
const version = fc.oneof(
  numeric,
  fc.tuple(numeric, preTag).map(([n, p]) => `${n}-${p}`),
  fc.tuple(numeric, fc.constantFrom('b1', 'rc2', 'beta')).map(([n, p]) => `${n}${p}`),
  fc.tuple(numeric, letters).map(([n, l]) => `${n}${l}`),
);

describe('version ordering (properties)', () => {
  it('is reflexive and antisymmetric', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(compareVersions(a, a)).toBe(0);
        expect(compareVersions(a, b)).toBe(-compareVersions(b, a) || 0);
      }),
    );
  });

  it('is transitive', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        const [x, y, z] = [a, b, c].sort(compareVersions);
        expect(compareVersions(x!, z!)).toBeLessThanOrEqual(0);
        expect(compareVersions(x!, y!)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('orders plain numeric versions like tuples of numbers, trailing zeros ignored', () => {
    fc.assert(
      fc.property(fc.array(num, { minLength: 1, maxLength: 4 }), fc.array(num, { minLength: 1, maxLength: 4 }), (a, b) => {
        const pad = (x: number[]) => [...x, 0, 0, 0, 0].slice(0, 4);
        const pa = pad(a);
        const pb = pad(b);
        const i = pa.findIndex((v, k) => v !== pb[k]);
        const expected = i === -1 ? 0 : pa[i]! < pb[i]! ? -1 : 1;
        expect(compareVersions(a.join('.'), b.join('.'))).toBe(expected);
      }),
    );
  });

  it('puts pre-releases before the release and patch letters after it', () => {
    fc.assert(
      fc.property(numeric, preTag, letters, (n, p, l) => {
        expect(compareVersions(`${n}-${p}`, n)).toBe(-1);
        expect(compareVersions(`${n}${l}`, n)).toBe(1);
        expect(compareVersions(`${n}-${p}`, `${n}${l}`)).toBe(-1);
      }),
    );
  });

  it('never throws on hostile strings: parseVersion answers or says no', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const p = parseVersion(s);
        if (p) expect(p.numbers.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('version ordering (known pairs)', () => {
  it.each([
    ['1.9', '1.10', -1],
    ['1.8', '1.8.0', 0],
    ['v2.1.0', '2.1', 0],
    ['1.9.0b1', '1.9.0', -1],
    ['3.0.0-rc.1', '3.0.0-beta1', 1],
    ['1.0.0-alpha', '1.0.0-alpha.1', -1],
    ['1.0.1f', '1.0.1g', -1],
    ['1.0.2z', '1.0.2za', -1],
    ['1.0.2zd', '1.0.2h', 1],
    ['1.0.2a', '1.0.2', 1],
    ['6.3.0.1', '6.4', -1],
    ['1.2.3+build.5', '1.2.3', 0],
  ])('%s vs %s → %i', (a, b, want) => {
    expect(compareVersions(a, b)).toBe(want);
  });

  it('names branches by their leading numbers', () => {
    expect(branchOf('1.20.1')).toBe('1.20');
    expect(branchOf('6')).toBe('6.0');
    expect(branchOf('1.1.1k', 3)).toBe('1.1.1');
  });
});
