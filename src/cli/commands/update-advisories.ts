/**
 * `scorifya update-advisories`: refresh the retire.js data (JavaScript library advisories) from its
 * public source, trim it like the vendored copy and write it where the CVE checks read it. The download
 * goes through the scanner's own HTTP client and target policy (public addresses only unless
 * `--allow-private`), with a size cap and a time limit. The curated server and WordPress tables are
 * edited by hand and are not touched.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { sendOnce } from '../../engine/outbound.js';
import { InputError } from '../../engine/errors.js';
import { ADVISORY_FILES, SHIPPED_ADVISORIES_DIR } from '../../checks/cve/advisory-data.js';
import type { RetireRepository } from '../../checks/cve/advisory-types.js';
import { AdvisoryDataError, trimRetireRepository } from '../../checks/cve/retire-data.js';

export const RETIRE_URL = 'https://raw.githubusercontent.com/RetireJS/retire.js/master/repository/jsrepository.json';
const MAX_BYTES = 16 * 1024 * 1024;

export interface UpdateSummary {
  file: string;
  libraries: number;
  vulnerabilities: number;
  added: string[];
  removed: string[];
  vulnerabilitiesBefore: number;
}

const countVulns = (r: RetireRepository) => Object.values(r.libraries).reduce((n, l) => n + l.vulnerabilities.length, 0);

/** Trim `text` and write it into `dir`, replacing the previous copy atomically; report what changed. */
export function writeRetireUpdate(text: string, dir: string, source: { url: string; now: Date }): UpdateSummary {
  const next = trimRetireRepository(text, {
    url: source.url,
    date: source.now.toISOString().slice(0, 10),
    sha256: createHash('sha256').update(text).digest('hex'),
    licence: 'Apache-2.0',
  });
  const file = join(dir, ADVISORY_FILES.js);
  const previousFile = existsSync(file) ? file : join(SHIPPED_ADVISORIES_DIR, ADVISORY_FILES.js);
  let previous: RetireRepository | undefined;
  try {
    previous = JSON.parse(readFileSync(previousFile, 'utf8')) as RetireRepository;
  } catch {
    previous = undefined;
  }
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(next, null, 1)}\n`);
  renameSync(tmp, file);
  // The licence travels with the data.
  for (const name of ['LICENSE.md', 'NOTICE.md']) {
    const from = join(SHIPPED_ADVISORIES_DIR, 'retirejs', name);
    const to = join(dirname(file), name);
    if (resolve(from) !== resolve(to) && existsSync(from)) copyFileSync(from, to);
  }
  const before = new Set(Object.keys(previous?.libraries ?? {}));
  const after = new Set(Object.keys(next.libraries));
  return {
    file,
    libraries: after.size,
    vulnerabilities: countVulns(next),
    added: [...after].filter((l) => !before.has(l)).sort(),
    removed: [...before].filter((l) => !after.has(l)).sort(),
    vulnerabilitiesBefore: previous ? countVulns(previous) : 0,
  };
}

export async function downloadText(url: string, allowPrivate: boolean, timeoutMs = 30_000): Promise<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`not a URL: ${url}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new InputError(`only http(s) URLs can be downloaded, not ${parsed.protocol}`);
  const res = await sendOnce({ url, bodyLimit: MAX_BYTES, timeoutMs }, { allowPrivate, timeoutMs });
  if (res.status !== 200) throw new InputError(`${url} answered ${res.status}${res.status >= 300 && res.status < 400 ? ' (redirects are not followed: give the final URL)' : ''}`);
  if (res.bodyTruncated) throw new InputError(`${url} is larger than ${MAX_BYTES} bytes`);
  return res.body;
}

export function registerUpdateAdvisories(program: Command): void {
  program
    .command('update-advisories')
    .description('refresh the JavaScript library advisories (retire.js) used by the CVE checks')
    .option('--url <url>', 'where to download retire.js\'s jsrepository.json', RETIRE_URL)
    .option('--from-file <file>', 'use a local copy of jsrepository.json instead of downloading')
    .option('--dir <dir>', 'advisory folder to write (then set SCORIFYA_ADVISORIES_DIR to it)', SHIPPED_ADVISORIES_DIR)
    .option('--allow-private', 'allow a download URL on a private or loopback address')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { url: string; fromFile?: string; dir: string; allowPrivate?: boolean; json?: boolean }) => {
      let text: string;
      if (opts.fromFile) {
        try {
          text = readFileSync(opts.fromFile, 'utf8');
        } catch (error) {
          throw new InputError(`cannot read ${opts.fromFile}: ${(error as Error).message}`);
        }
      } else {
        text = await downloadText(opts.url, !!opts.allowPrivate);
      }
      let summary: UpdateSummary;
      try {
        summary = writeRetireUpdate(text, opts.dir, { url: opts.fromFile ? `file:${resolve(opts.fromFile)}` : opts.url, now: new Date() });
      } catch (error) {
        if (error instanceof AdvisoryDataError) throw new InputError(error.message);
        throw error;
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        return;
      }
      const delta = summary.vulnerabilities - summary.vulnerabilitiesBefore;
      process.stdout.write(
        [
          `wrote ${summary.file}`,
          `${summary.libraries} libraries, ${summary.vulnerabilities} vulnerabilities (${delta >= 0 ? '+' : ''}${delta})`,
          summary.added.length ? `new libraries: ${summary.added.join(', ')}` : '',
          summary.removed.length ? `libraries no longer listed: ${summary.removed.join(', ')}` : '',
          resolve(opts.dir) === resolve(SHIPPED_ADVISORIES_DIR) ? '' : `use it with SCORIFYA_ADVISORIES_DIR=${resolve(opts.dir)}`,
        ]
          .filter(Boolean)
          .join('\n') + '\n',
      );
    });
}
