/** The one set of option-value checks (src/engine/option-values.ts): what each takes, and nothing else. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countOption, daysOption, millisecondsOption, portOption, scoreOption, secondsOption } from '../../src/engine/option-values.js';
import { InputError } from '../../src/engine/errors.js';

describe('option values', () => {
  it('takes the documented ranges, ends included', () => {
    expect(scoreOption('--fail-under')('0')).toBe(0);
    expect(scoreOption('--fail-under')('100')).toBe(100);
    expect(scoreOption('--fail-under')('79.5')).toBe(79.5);
    expect(millisecondsOption('--timeout')('1')).toBe(1);
    expect(millisecondsOption('--timeout')('2147483647')).toBe(2147483647);
    expect(portOption('--port')('65535')).toBe(65535);
    expect(secondsOption('--cooldown', 0)('0')).toBe(0);
    expect(daysOption('--retention-days', 0)('0')).toBe(0);
    expect(countOption('--concurrency')(' 8 ')).toBe(8);
  });
  it.each([
    [scoreOption('--fail-under'), ['abc', '101', '100.01', '-1', '', '1e2', '0x10', 'NaN', 'Infinity', '.5']],
    [millisecondsOption('--timeout'), ['abc', '0', '-5', '1.5', '2147483648', '1e3', '']],
    [secondsOption('--scan-timeout'), ['0', '2147484', 'x']],
    [portOption('--port'), ['0', '65536', '-1', '80.0']],
    [countOption('--rate-limit'), ['0', '-0', '1_000', '9007199254740993']],
    [daysOption('--retention-days', 0), ['-1', '100001']],
  ] as const)('refuses what it does not document (%#)', (parse, values) => {
    for (const v of values) expect(() => parse(v), v).toThrow(InputError);
  });
  it('any string: a whole number in range that prints back as typed, or InputError naming the option', () => {
    const port = portOption('--port');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer({ min: -100_000, max: 100_000 }).map(String)), (s) => {
        try {
          const n = port(s);
          expect(Number.isInteger(n) && n >= 1 && n <= 65535).toBe(true);
          expect(String(n)).toBe(s.trim().replace(/^0+(?=\d)/, ''));
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as Error).message).toContain(`--port expects a port number from 1 to 65535, got '${s}'`);
        }
      }),
    );
  });
  it('any score string: in [0, 100] or refused', () => {
    const score = scoreOption('--fail-under');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double().map(String)), (s) => {
        try {
          const n = score(s);
          expect(n >= 0 && n <= 100).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
        }
      }),
    );
  });
});
