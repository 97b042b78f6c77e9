/**
 * How a command that failed says so: one line on stderr for a person, and with `--json` (or
 * `--format json`) one JSON object on stdout for a machine, so a script that parses stdout always gets
 * something to parse, never an empty string. Loaded only when a command fails.
 */
import { CommanderError } from 'commander';
import { EXIT } from '../engine/exit-codes.js';
import { InputError, NetError, TargetRefusedError } from '../engine/errors.js';
import { escapeTerminal } from '../report/escape.js';

/** What `--json` prints when a command fails. */
export interface JsonFailure {
  error: { code: string; message: string };
  exitCode: number;
}

interface Failure extends JsonFailure {
  /** commander has already written its own line to stderr. */
  reported: boolean;
}

export function describeFailure(error: unknown): Failure {
  if (error instanceof CommanderError) {
    // Unknown option, missing argument, a value outside --format's choices …: usage errors.
    return { error: { code: 'BAD_USAGE', message: error.message.replace(/^error: /, '') }, exitCode: EXIT.BAD_INPUT, reported: true };
  }
  if (error instanceof InputError) return { error: { code: error.code, message: error.message }, exitCode: EXIT.BAD_INPUT, reported: false };
  // TargetRefusedError is a NetError: the address policy refused the target before any socket opened.
  if (error instanceof TargetRefusedError) return { error: { code: error.code, message: error.message }, exitCode: EXIT.BAD_INPUT, reported: false };
  if (error instanceof NetError) return { error: { code: error.code, message: error.message }, exitCode: EXIT.NOT_MEASURED, reported: false };
  const message = error instanceof Error ? error.message : String(error);
  return { error: { code: 'INTERNAL', message: `internal error: ${message}` }, exitCode: EXIT.INTERNAL, reported: false };
}

/** Whether the command line asks for JSON output (options after `--` are arguments, not options). */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const args = end === -1 ? argv.slice(2) : argv.slice(2, end);
  return args.some((a, i) => a === '--json' || a === '--format=json' || (a === '--format' && args[i + 1] === 'json'));
}

/** Writes the failure (stderr, and stdout for JSON) and sets the exit code. */
export function reportFailure(error: unknown, argv: readonly string[]): void {
  const failure = describeFailure(error);
  if (!failure.reported) {
    const detail = failure.error.code === 'INTERNAL' ? `internal error: ${(error as Error)?.stack ?? String(error)}` : escapeTerminal(failure.error.message);
    process.stderr.write(`scorifya: ${detail}\n`);
  }
  if (wantsJson(argv)) {
    const out: JsonFailure = { error: failure.error, exitCode: failure.exitCode };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  }
  process.exitCode = failure.exitCode;
}
