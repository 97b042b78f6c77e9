/** The lazy probe registry repeats each probe's key, label and dependencies: they must not drift. */
import { describe, expect, it } from 'vitest';
import { ALL_PROBES, selectProbes } from '../../../src/probes/index.js';
import { httpProbe } from '../../../src/probes/http.js';
import { tlsProbe } from '../../../src/probes/tls.js';
import { corsProbe } from '../../../src/probes/cors.js';
import { exposureProbe } from '../../../src/probes/exposure.js';
import { wordpressProbe } from '../../../src/probes/wordpress.js';
import { dnsProbe } from '../../../src/probes/dns.js';
import { mailProbe } from '../../../src/probes/mail.js';
import { ipv6Probe } from '../../../src/probes/ipv6.js';

describe('probe registry', () => {
  it('names every probe exactly as its module does', () => {
    const modules = [httpProbe, tlsProbe, corsProbe, exposureProbe, wordpressProbe, dnsProbe, mailProbe, ipv6Probe];
    expect(ALL_PROBES.map((p) => [p.key, p.label, p.dependsOn ?? []])).toEqual(modules.map((p) => [p.key, p.label, p.dependsOn ?? []]));
  });

  it('starts TLS and DNS without waiting for HTTP; CORS, exposure and WordPress wait only for HTTP', () => {
    expect(selectProbes(['tls']).probes.map((p) => p.key)).toEqual(['tls']);
    expect(selectProbes(['dns']).probes.map((p) => p.key)).toEqual(['dns']);
    // The mail probe reads MX records itself: it starts with the scan, beside the web probes.
    expect(selectProbes(['mail']).probes.map((p) => p.key)).toEqual(['mail']);
    expect(selectProbes(['wordpress']).probes.map((p) => p.key)).toEqual(['http', 'wordpress']);
    // IPv6 compares the page the HTTP probe judged.
    expect(selectProbes(['ipv6']).probes.map((p) => p.key)).toEqual(['http', 'ipv6']);
  });
});
