/**
 * The anchor of each finding in a rendered report: its id (`#missing_hsts`), so that a link pasted into
 * a ticket still points at the same finding after the next scan, whatever else was found. An id found
 * more than once (one per cookie, per path …) gets `-2`, `-3` … in report order, the first keeping the
 * bare id. The web result page, the HTML export and the Markdown export all use these, and so does the
 * JSON report's `fixFirst[].anchor`, so one anchor names one finding everywhere.
 *
 * Finding ids are ours (snake_case from src/scoring/rules), but a report can be a file from elsewhere
 * (`scorifya rescore`, a stored report of another version), so the id is reduced to what is safe in an
 * HTML id, a URL fragment and a CSS selector without escaping: `[a-z][a-z0-9_]*`, then the optional
 * `-N`. Every other id on our pages has a hyphen followed by a letter (`findings-h`, `stack-f0-1`), so it
 * cannot equal an anchor; the few that do not (`main`) are passed as `reserved`.
 */

/** The longest id part kept: ids are short; this only bounds a hostile one. */
const MAX_BASE = 64;

/** The id reduced to the anchor alphabet: lower case, every other character `_`, starting with a letter. */
export function anchorBase(id: string): string {
  const safe = id.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, MAX_BASE);
  return /^[a-z]/.test(safe) ? safe : `f_${safe}`.slice(0, MAX_BASE);
}

/**
 * One anchor per finding, in the order given (the report's order, so the suffixes are deterministic).
 * `reserved`: ids the page already uses, which no anchor may take.
 */
export function findingAnchors(findings: readonly { id: string }[], reserved: Iterable<string> = []): string[] {
  const taken = new Set(reserved);
  return findings.map((f) => {
    const base = anchorBase(f.id);
    let anchor = base;
    for (let n = 2; taken.has(anchor); n++) anchor = `${base}-${n}`;
    taken.add(anchor);
    return anchor;
  });
}
