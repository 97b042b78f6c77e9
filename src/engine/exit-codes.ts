/**
 * Exit codes of the `scorifya` command, documented in one table in docs/scanning.md ("Exit codes");
 * test/unit/exit-codes-doc.test.ts keeps the two the same.
 */
export const EXIT = {
  OK: 0,
  /** The score is below --fail-under (scan, rescore, headers, --tool), or `diff --fail-on-new` found something new. */
  BELOW_THRESHOLD: 1,
  /** Bad usage or input: an option value outside what it documents, garbage URL, unsupported scheme, credentials in the URL, a refused target. */
  BAD_INPUT: 2,
  /** The scan ran but nothing could be measured (target unreachable, a name that does not exist). */
  NOT_MEASURED: 3,
  /** A bug in Scorifya. */
  INTERNAL: 70,
  /** `batch` stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it). */
  INTERRUPTED: 130,
} as const;
