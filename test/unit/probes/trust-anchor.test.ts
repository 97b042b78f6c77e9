/** Public or private root: decided from the chain Node assembled, against Node's bundled roots. */
import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { trustAnchor } from '../../../src/probes/tls/trust-anchor.js';
import { createTlsLabCerts } from '../../lab/tls/certs.js';

const der = (pem: string) => Buffer.from(new X509Certificate(pem).raw);

describe('trustAnchor', () => {
  it('public when the chain ends in one of Node’s bundled roots', () => {
    expect(trustAnchor(true, [der(tls.rootCertificates[0]!)])).toBe('public');
  });

  it('private when only a --ca root vouches for it, none when it did not validate', async () => {
    const lab = await createTlsLabCerts();
    const chain = [der(lab.good.certPem), der(lab.intermediatePem), der(lab.rootPem)];
    expect(trustAnchor(true, chain)).toBe('private');
    expect(trustAnchor(false, [der(tls.rootCertificates[0]!)])).toBe('none');
    expect(trustAnchor(true, [])).toBe('none');
  });
});
