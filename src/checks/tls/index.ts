import type { Check } from '../check.js';
import { tlsProtocolsCheck } from './protocols.js';
import { tlsNoBrowserCheck } from './no-browser.js';
import { tlsCiphersCheck } from './ciphers.js';
import { tlsDhCheck } from './dh.js';
import { tlsDhGroupsCheck } from './dh-groups.js';
import { tlsHandshakeFeaturesCheck } from './handshake-features.js';
import { tlsCertificateValidityCheck } from './certificate-validity.js';
import { tlsCertificateTrustCheck } from './certificate-trust.js';
import { tlsCertificateCryptoCheck } from './certificate-crypto.js';
import { tlsCertificateTransparencyCheck } from './certificate-transparency.js';
import { tlsPostQuantumCheck } from './post-quantum.js';
import { tlsVulnerabilitiesCheck } from './vulnerabilities.js';
import { tlsRevocationCheck } from './revocation.js';
import { tlsNamedVulnerabilitiesCheck } from './named-vulnerabilities.js';

/** Every TLS check; all read the `tls` evidence key. */
export const TLS_CHECKS: Check[] = [
  tlsNoBrowserCheck,
  tlsProtocolsCheck,
  tlsCiphersCheck,
  tlsDhCheck,
  tlsDhGroupsCheck,
  tlsHandshakeFeaturesCheck,
  tlsPostQuantumCheck,
  tlsVulnerabilitiesCheck,
  tlsNamedVulnerabilitiesCheck,
  tlsCertificateValidityCheck,
  tlsCertificateTrustCheck,
  tlsCertificateCryptoCheck,
  tlsCertificateTransparencyCheck,
  tlsRevocationCheck,
];
