/**
 * Loads the vendored advisory data once per process. The data is read-only input to pure checks,
 * like the content files: a scan's findings depend on the evidence and on this data set, whose
 * dates are shown with every finding. `SCORIFYA_ADVISORIES_DIR` points at a refreshed copy
 * (written by `scorifya update-advisories --dir`); the default is the copy shipped in data/advisories.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdvisoryData, AdvisoryTable, RetireRepository } from './advisory-types.js';

export const SHIPPED_ADVISORIES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data', 'advisories');

export const ADVISORY_FILES = {
  js: 'retirejs/jsrepository.json',
  servers: 'servers.json',
  wordpressCore: 'wordpress-core.json',
  wordpressPlugins: 'wordpress-plugins.json',
} as const;

export function advisoriesDir(): string {
  return process.env['SCORIFYA_ADVISORIES_DIR'] || SHIPPED_ADVISORIES_DIR;
}

/** Read a data set from a folder; a file a refreshed folder lacks is taken from the shipped copy. */
export function loadAdvisoryData(dir = advisoriesDir()): AdvisoryData {
  const read = <T>(file: string): T => {
    let text: string;
    try {
      text = readFileSync(join(dir, file), 'utf8');
    } catch {
      text = readFileSync(join(SHIPPED_ADVISORIES_DIR, file), 'utf8');
    }
    return JSON.parse(text) as T;
  };
  return {
    js: read<RetireRepository>(ADVISORY_FILES.js),
    servers: read<AdvisoryTable>(ADVISORY_FILES.servers),
    wordpressCore: read<AdvisoryTable>(ADVISORY_FILES.wordpressCore),
    wordpressPlugins: read<AdvisoryTable>(ADVISORY_FILES.wordpressPlugins),
  };
}

let cached: AdvisoryData | undefined;
export function defaultAdvisoryData(): AdvisoryData {
  return (cached ??= loadAdvisoryData());
}
