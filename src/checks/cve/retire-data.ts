/**
 * Turns retire.js's `repository/jsrepository.json` into the trimmed form Scorifya vendors: only what
 * can be matched from what a scan sees (script URLs, file names, the first bytes of a script), and
 * only the fields a finding shows. Dropped: `func` and AST extractors (they need to run the script),
 * `hashes` (they need the whole file), `filecontentreplace`, CWE lists and extra links.
 * Used by `scorifya update-advisories` and to produce the vendored copy; pure, so it is tested offline.
 */
import type { AdvisorySeverity, RetireLibrary, RetireRepository, RetireVulnerability } from './advisory-types.js';

const SEVERITIES: readonly AdvisorySeverity[] = ['critical', 'high', 'medium', 'low'];

export class AdvisoryDataError extends Error {
  readonly code = 'ADVISORY_DATA_INVALID';
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function trimRetireRepository(text: string, source: RetireRepository['source']): RetireRepository {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new AdvisoryDataError(`the retire.js repository is not JSON: ${(e as Error).message}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new AdvisoryDataError('the retire.js repository is not a JSON object of libraries');
  const libraries: Record<string, RetireLibrary> = {};
  for (const [name, entry] of Object.entries(raw as Record<string, unknown>)) {
    if (!entry || typeof entry !== 'object') continue;
    const e = entry as { vulnerabilities?: unknown; extractors?: Record<string, unknown> };
    const vulnerabilities = (Array.isArray(e.vulnerabilities) ? e.vulnerabilities : []).map(trimVulnerability).filter((v): v is RetireVulnerability => !!v);
    const extractors = {
      uri: strings(e.extractors?.['uri']),
      filename: strings(e.extractors?.['filename']),
      filecontent: strings(e.extractors?.['filecontent']),
    };
    // A library with nothing to report, or no way to see its version from outside, is left out.
    const versioned = [...extractors.uri, ...extractors.filename, ...extractors.filecontent].some((x) => x.includes('§§version§§'));
    if (vulnerabilities.length === 0 || !versioned) continue;
    libraries[name] = { vulnerabilities, extractors: Object.fromEntries(Object.entries(extractors).filter(([, v]) => v.length)) };
  }
  if (Object.keys(libraries).length === 0) throw new AdvisoryDataError('the retire.js repository lists no library with versions and vulnerabilities');
  return { source, libraries };
}

function trimVulnerability(v: unknown): RetireVulnerability | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const x = v as Record<string, unknown>;
  if (typeof x['below'] !== 'string') return undefined;
  const identifiers = (x['identifiers'] ?? {}) as Record<string, unknown>;
  const ids = [...strings(identifiers['CVE']), ...(typeof identifiers['githubID'] === 'string' ? [identifiers['githubID']] : [])];
  const severity = SEVERITIES.includes(x['severity'] as AdvisorySeverity) ? (x['severity'] as AdvisorySeverity) : 'medium';
  const summary = typeof identifiers['summary'] === 'string' ? identifiers['summary'].slice(0, 300) : undefined;
  const info = strings(x['info']);
  return {
    ...(typeof x['atOrAbove'] === 'string' ? { atOrAbove: x['atOrAbove'] } : {}),
    below: x['below'],
    severity,
    ids: ids.length ? ids : [summary ? `retire.js: ${summary.slice(0, 60)}` : 'retire.js advisory'],
    ...(summary ? { summary } : {}),
    ...(info[0] ? { info: info.find((u) => u.includes('nvd.nist.gov')) ?? info[0] } : {}),
  };
}
