// Side-by-side with the MDN HTTP Observatory (npm 1.4.8, the version the registry serves) on the same
// lab pages, over loopback only. For each header scenario it prints our finding ids and the
// Observatory's failing results mapped onto our ids, then where and why the two differ.
//
// The Observatory is installed once into ~/.cache/scorifya-bench/observatory with --ignore-scripts
// (its install scripts download data from the internet) and an empty HSTS preload list.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { scan } from '../src/engine/index.js';
import { installObservatory } from './_observatory-install.js';
import { startHeaderSite } from '../test/lab/header-site.js';
import { HEADER_EXPECTED, HEADER_SCENARIOS } from '../test/lab/header-scenarios.js';

const run = promisify(execFile);
const pkg = await installObservatory();

/** Observatory result names that fail, mapped to the Scorifya id for the same problem. */
const MAP: Record<string, string> = {
  'hsts-not-implemented': 'missing_hsts',
  'hsts-not-implemented-no-https': 'missing_hsts',
  'hsts-invalid-cert': 'missing_hsts',
  'hsts-implemented-max-age-less-than-six-months': 'weak_hsts',
  'hsts-header-invalid': 'invalid_hsts',
  'csp-not-implemented': 'missing_csp',
  'csp-not-implemented-but-reporting-enabled': 'csp_report_only',
  'csp-implemented-with-unsafe-inline': 'weak_csp',
  'csp-implemented-with-unsafe-eval': 'weak_csp',
  'csp-implemented-with-insecure-scheme': 'weak_csp',
  'csp-header-invalid': 'weak_csp',
  'x-frame-options-not-implemented': 'missing_frame_protection',
  'x-frame-options-header-invalid': 'invalid_xfo',
  'x-content-type-options-not-implemented': 'missing_nosniff',
  'x-content-type-options-header-invalid': 'missing_nosniff',
  'referrer-policy-unsafe': 'weak_referrer_policy',
  'referrer-policy-header-invalid': 'missing_referrer_policy',
  'corp-header-invalid': 'missing_corp',
  'redirection-missing': 'no_https_redirect',
  'redirection-not-to-https': 'no_https_redirect',
  'redirection-off-host-from-http': 'redirect_offhost_first',
};
/** Our ids the Observatory has no test for (so a difference there is coverage, not disagreement). */
const NOT_COVERED = new Set(['missing_permissions_policy', 'invalid_permissions_policy', 'missing_coop', 'deprecated_header', 'hsts_over_http_only', 'hsts_preload_eligible', 'missing_referrer_policy', 'missing_corp', 'hsts_disabled']);

const site = await startHeaderSite(HEADER_SCENARIOS);
const caFile = join(tmpdir(), `scorifya-obs-ca-${process.pid}.pem`);
writeFileSync(caFile, site.ca.certPem);
const guard = fileURLToPath(new URL('../test/support/loopback-guard.mjs', import.meta.url));
const driver = `import { scan } from ${JSON.stringify(join(pkg, 'src', 'index.js'))};
const r = await scan(process.argv[1]); process.stdout.write(JSON.stringify(r));`;

let agree = 0;
let differ = 0;
let coverage = 0;
let oursMs = 0;
let theirsMs = 0;
const rows: string[] = [];
try {
  for (const path of Object.keys(HEADER_EXPECTED)) {
    let t0 = performance.now();
    // The Observatory judges headers and redirects: compare with our HTTP probe's findings alone
    // (a full scan would add TLS, exposure and DNS findings it has no counterpart for).
    const ours = (await scan(site.url(path), { ...site.scanOptions, probes: ['http'] })).report.findings.map((f) => f.id).sort();
    oursMs += performance.now() - t0;
    t0 = performance.now();
    const { stdout } = await run(process.execPath, ['--import', guard, '--input-type=module', '-e', driver, `127.0.0.1:${site.server.port}${path}`], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
      maxBuffer: 16 * 1024 * 1024,
    });
    theirsMs += performance.now() - t0;
    const result = JSON.parse(stdout) as { tests: Record<string, { result: string; pass: boolean }> };
    const theirs = [...new Set(Object.values(result.tests).filter((t) => !t.pass).map((t) => MAP[t.result] ?? `(${t.result})`))].sort();
    const comparable = ours.filter((id) => !NOT_COVERED.has(id));
    const same = JSON.stringify(comparable) === JSON.stringify(theirs.filter((id) => !NOT_COVERED.has(id)));
    if (same && comparable.length === ours.length) agree++;
    else if (same) coverage++;
    else differ++;
    rows.push(`${same ? (comparable.length === ours.length ? 'same ' : 'more ') : 'DIFF '} ${path.padEnd(30)} ours: ${ours.join(',') || '-'}   observatory: ${theirs.join(',') || '-'}`);
  }
} finally {
  await site.close();
}
console.log(rows.join('\n'));
console.log(`\nMDN Observatory 1.4.8 vs Scorifya on ${rows.length} lab pages: ${agree} agree, ${coverage} where only we check it, ${differ} differ (see README "Compared with the MDN Observatory").`);
console.log(`time for all pages: Scorifya ${oursMs.toFixed(0)} ms in-process, Observatory ${theirsMs.toFixed(0)} ms (incl. one Node start per page)`);
