/**
 * The embedded SCT list is target-controlled bytes: the parser must return (never throw) on anything,
 * and read every SCT of a well-formed list exactly.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSctList } from '../../../src/probes/tls/sct.js';
import { encodeSct, sctListValue } from '../../lab/tls/certs.js';
import { FUZZ_TIMEOUT_MS, fuzzParams, mutatedBytes } from '../../fuzz/arbitraries.js';

const sctFixture = fc.record({ logIdByte: fc.integer({ min: 0, max: 255 }), timestampMs: fc.integer({ min: 0, max: 4_102_444_800_000 }) });
const validList = fc.array(sctFixture, { minLength: 1, maxLength: 6 }).map((scts) => ({ scts, bytes: new Uint8Array(sctListValue(scts.map(encodeSct))) }));

describe('parseSctList', () => {
  it('reads a well-formed list: count, log ids, timestamps', () => {
    fc.assert(
      fc.property(validList, ({ scts, bytes }) => {
        const parsed = parseSctList(bytes);
        expect(parsed.error).toBeUndefined();
        expect(parsed.scts).toEqual(scts.map((s) => ({ version: 0, logId: Buffer.alloc(32, s.logIdByte).toString('base64'), timestamp: new Date(s.timestampMs).toISOString() })));
      }),
      fuzzParams(),
    );
  });

  it(
    'never throws on hostile bytes, and a damaged list says so',
    () => {
      fc.assert(
        fc.property(mutatedBytes(validList.map((v) => v.bytes)), (bytes) => {
          const parsed = parseSctList(bytes);
          expect(Array.isArray(parsed.scts)).toBe(true);
          if (parsed.scts.length === 0) expect(parsed.error).toMatch(/malformed/);
        }),
        fuzzParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it('names the fault of a truncated list and of an empty one', () => {
    const full = sctListValue([encodeSct({ logIdByte: 1, timestampMs: 0 })]);
    expect(parseSctList(full.subarray(0, 20)).error).toMatch(/malformed: the OCTET STRING says/);
    expect(parseSctList(new Uint8Array([0x04, 0x02, 0x00, 0x00]))).toEqual({ scts: [], error: 'the SCT list extension is malformed: the SCT list is empty' });
    // A future SCT version is counted, its fields not guessed at.
    const v2 = Buffer.concat([Buffer.from([1]), Buffer.alloc(10)]);
    expect(parseSctList(sctListValue([v2])).scts).toEqual([{ version: 1, logId: '', timestamp: null }]);
  });
});
