/**
 * One target for every surface: a page at https://example.test:PORT/ on loopback (a certificate from a
 * lab CA; a few header and cookie findings; http:// redirecting to https://) whose DNS & email records
 * come from the DNS lab (knot + unbound, a private signed root). The same options are given to each
 * surface in its own syntax: engine options for the library and the web app's configuration, flags
 * for the CLI.
 *
 * The zone's MTA-STS record makes the DNS probe fetch https://mta-sts.example.test/…: the name is
 * pinned to loopback so that no surface asks the machine's resolver (tests contact loopback only).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLabCa } from '../lab/ca.js';
import { startLabServer, type LabServer } from '../lab/http-server.js';
import { startDnsLab, type DnsLab } from '../lab/dns/lab.js';
import { withHeader } from '../support/evidence.js';

export const HOST = 'example.test';

export interface SurfaceLab {
  url: string;
  server: LabServer;
  dnsLab: DnsLab;
  dir: string;
  caFile: string;
  /** A batch targets file holding the one URL. */
  targetsFile: string;
  /** The engine's network options (library, server configuration). */
  net: { allowPrivate: true; resolve: string[]; ca: string[]; timeoutMs: number };
  /** The engine's DNS options. */
  dns: { dnsServers: string[]; dnssecAnchor: string };
  /** The same, as CLI flags. */
  netArgs: string[];
  dnsArgs: string[];
  close(): Promise<void>;
}

/** Generous: the machine is shared, and a time-out on one surface only would be a false difference. */
const TIMEOUT_MS = 15_000;

export async function startSurfaceLab(): Promise<SurfaceLab> {
  const dnsLab = await startDnsLab();
  const ca = await createLabCa();
  const cert = await ca.issue({ dnsNames: [HOST] });
  // Findings on purpose: no CSP (and so no framing protection), no Permissions-Policy, a bare cookie.
  const headers = withHeader('Content-Security-Policy', null, withHeader('Permissions-Policy', null));
  const server = await startLabServer({
    cert,
    routes: {
      '/': (req, scheme) =>
        scheme === 'http'
          ? { status: 301, headers: [['Location', `https://${req.headers.host}/`]] }
          : { status: 200, headers: [['Content-Type', 'text/html; charset=utf-8'], ...headers, ['Set-Cookie', 'sid=1; Path=/']], body: '<!doctype html><title>surfaces</title>' },
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'scorifya-surfaces-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca.certPem);
  const url = `https://${HOST}:${server.port}/`;
  const targetsFile = join(dir, 'targets.txt');
  writeFileSync(targetsFile, `${url}\n`);
  const resolve = [`${HOST}:${server.port}:127.0.0.1`, `mta-sts.${HOST}:443:127.0.0.1`];
  return {
    url,
    server,
    dnsLab,
    dir,
    caFile,
    targetsFile,
    net: { allowPrivate: true, resolve, ca: [ca.certPem], timeoutMs: TIMEOUT_MS },
    dns: { dnsServers: [dnsLab.resolverSpec], dnssecAnchor: dnsLab.anchorFile },
    netArgs: ['--allow-private', ...resolve.flatMap((r) => ['--resolve', r]), '--ca', caFile, '--timeout', String(TIMEOUT_MS)],
    dnsArgs: ['--dns-server', dnsLab.resolverSpec, '--dnssec-anchor', dnsLab.anchorFile],
    close: async () => {
      await server.close();
      await dnsLab.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What "the same verdict" means: score, grade, the category rows, the findings and the recorded options. */
export function verdictOf(report: {
  score: number | null;
  grade: string | null;
  categories: { id: string; status: string; score: number | null }[];
  findings: { id: string; pointsLost: number; location: string }[];
  options?: unknown;
}) {
  return {
    score: report.score,
    grade: report.grade,
    categories: report.categories.map((c) => `${c.id} ${c.status} ${c.score}`),
    findings: report.findings.map((f) => `${f.id} −${f.pointsLost} @ ${f.location}`).sort(),
    options: report.options,
  };
}
