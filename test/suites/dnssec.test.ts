/**
 * DNSSEC vectors from the RFCs: RFC 5155 Appendix A's NSEC3 hashes through our nsec3Hash, and RFC 8624's
 * algorithm and digest tables against what our validator supports and what our check calls weak.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nsec3Hash, SUPPORTED_ALGORITHMS, SUPPORTED_DIGESTS } from '../../src/net/dns/dnssec/crypto.js';
import { WEAK_ALGORITHMS } from '../../src/checks/dns/dnssec.js';

const dir = fileURLToPath(new URL('./dnssec/', import.meta.url));
const vectors = JSON.parse(readFileSync(`${dir}rfc-vectors.json`, 'utf8')) as {
  nsec3: { salt: string; iterations: number; hashes: [string, string][] };
  algorithms: { table: { number: number; name: string; signing: string; validation: string }[] };
  digests: { table: { number: number; name: string; signing: string; validation: string }[] };
};
const mustValidate = (v: string) => v === 'MUST' || v === 'RECOMMENDED';

describe('DNSSEC: RFC vectors', () => {
  it('RFC 5155 Appendix A: every NSEC3 owner hash', () => {
    const { salt, iterations, hashes } = vectors.nsec3;
    const wrong = hashes.filter(([name, hash]) => nsec3Hash(name, Buffer.from(salt, 'hex'), iterations) !== hash);
    console.log(`[conformance] dnssec RFC 5155 NSEC3 hashes: ${hashes.length} cases; agree ${hashes.length - wrong.length}`);
    expect(wrong).toEqual([]);
  });

  it('RFC 8624: we validate every algorithm and digest validators must support, and flag every one signers should avoid', () => {
    const problems: string[] = [];
    for (const a of vectors.algorithms.table) {
      if (mustValidate(a.validation) && !SUPPORTED_ALGORITHMS.has(a.number)) problems.push(`algorithm ${a.number} ${a.name}: validation ${a.validation}, not supported`);
      const avoid = a.signing === 'MUST NOT' || a.signing === 'NOT RECOMMENDED';
      if (avoid !== a.number in WEAK_ALGORITHMS) problems.push(`algorithm ${a.number} ${a.name}: signing ${a.signing}, weak finding ${a.number in WEAK_ALGORITHMS}`);
    }
    for (const d of vectors.digests.table) {
      if (mustValidate(d.validation) && !SUPPORTED_DIGESTS.has(d.number)) problems.push(`digest ${d.number} ${d.name}: validation ${d.validation}, not supported`);
    }
    const total = vectors.algorithms.table.length + vectors.digests.table.length;
    console.log(`[conformance] dnssec RFC 8624 tables: ${total} rows; problems ${problems.length}`);
    expect(problems).toEqual([]);
  });
});
