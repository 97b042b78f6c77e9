/**
 * One TLS lab per test file: the certificates are made before its tests, and every server started
 * through `start` is closed after them.
 */
import { afterAll, beforeAll } from 'vitest';
import { createTlsLabCerts, type TlsLabCerts } from './certs.js';
import type { RunningServer } from './servers.js';

export interface TlsLabPerFile {
  /** Read inside a test or a hook (they are made in beforeAll). */
  readonly certs: TlsLabCerts;
  start(run: () => Promise<RunningServer>): Promise<RunningServer>;
}

export function tlsLabPerFile(): TlsLabPerFile {
  let certs: TlsLabCerts | undefined;
  const servers: RunningServer[] = [];
  beforeAll(async () => {
    certs = await createTlsLabCerts();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  return {
    get certs() {
      if (!certs) throw new Error('the TLS lab certificates are made in beforeAll: read them inside a test');
      return certs;
    },
    async start(run) {
      const server = await run();
      servers.push(server);
      return server;
    },
  };
}
