/** Exit codes of the `scorifya` command, documented in docs/scanning.md ("Exit codes"). */
export const EXIT = {
  OK: 0,
  /** The score is below --fail-under. */
  BELOW_THRESHOLD: 1,
  /** Bad usage or input: garbage URL, unsupported scheme, credentials in the URL, a refused target. */
  BAD_INPUT: 2,
  /** The scan ran but nothing could be measured (target unreachable). */
  NOT_MEASURED: 3,
  /** A bug in Scorifya. */
  INTERNAL: 70,
} as const;
