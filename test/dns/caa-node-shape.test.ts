/**
 * node:dns resolveCaa names each record's property after its tag. Node 20 gives {critical, <tag>}; Node 24
 * gives {critical, type: 'CAA', <tag>}. Both shapes (captured from the DNS lab and a loopback server under
 * each version) must become the same {flags, tag, value}.
 */
import { describe, expect, it } from 'vitest';
import { caaFromNode } from '../../src/net/dns/client.js';

describe('CAA records from node:dns', () => {
  it('reads the Node 20 shape', () => {
    expect(caaFromNode({ critical: 0, issue: 'not a domain!' })).toEqual({ flags: 0, tag: 'issue', value: 'not a domain!' });
    expect(caaFromNode({ critical: 128, tbs: 'unknown-critical-tag' })).toEqual({ flags: 128, tag: 'tbs', value: 'unknown-critical-tag' });
  });
  it('reads the Node 24 shape, which adds type: "CAA" before the tag', () => {
    expect(caaFromNode({ critical: 0, type: 'CAA', issue: 'other-ca.test' })).toEqual({ flags: 0, tag: 'issue', value: 'other-ca.test' });
    expect(caaFromNode({ critical: 128, type: 'CAA', tbs: 'unknown-critical-tag' })).toEqual({
      flags: 128,
      tag: 'tbs',
      value: 'unknown-critical-tag',
    });
  });
  it('keeps a record whose tag really is "type" (it overwrites Node 24\'s own type key)', () => {
    expect(caaFromNode({ critical: 0, type: 'weird' })).toEqual({ flags: 0, tag: 'type', value: 'weird' });
  });
});
