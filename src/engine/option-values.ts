/**
 * The numeric options of every command, checked one way: a value that is not what the option documents
 * is bad input (InputError: exit code 2, with the reason), never silently ignored or clamped, and never
 * passed on to fail later as if the target were at fault. Shared by cli/ (as commander's argument
 * parsers) and batch/, so it lives here, below both.
 */
import { InputError } from '../net/target-input.js';

/** Node's timers fire at once (with a warning) beyond 2^31-1 ms: a longer time limit would be no limit. */
export const MAX_TIMER_MS = 2_147_483_647;
const MAX_TIMER_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

interface WholeRule {
  /** How the value reads in the message: "a number of milliseconds", "a port". */
  what: string;
  min: number;
  max: number;
}

// Digits only: Number() would also take '', ' 5', '0x10', '1e3' and '-0', none of which a user means.
const DIGITS = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;

function whole(option: string, rule: WholeRule): (value: string) => number {
  return (value: string) => {
    const text = value.trim();
    const n = DIGITS.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n < rule.min || n > rule.max) {
      throw new InputError(`${option} expects ${rule.what} from ${rule.min} to ${rule.max}, got '${value}'`);
    }
    return n;
  };
}

/** A per-request or per-job time limit in milliseconds: at least 1. */
export const millisecondsOption = (option: string) => whole(option, { what: 'a whole number of milliseconds', min: 1, max: MAX_TIMER_MS });

/** A duration in seconds; `min` 0 where 0 has a documented meaning (no cooldown). */
export const secondsOption = (option: string, min: 0 | 1 = 1) => whole(option, { what: 'a whole number of seconds', min, max: MAX_TIMER_SECONDS });

/** A count (scans at once, processes, requests per minute, days); `min` 0 where 0 has a documented meaning. */
export const countOption = (option: string, min: 0 | 1 = 1) => whole(option, { what: 'a whole number', min, max: Number.MAX_SAFE_INTEGER });

/** A number of days (retention): dates that far back must still be dates (JavaScript's run ±273,790 years). */
export const daysOption = (option: string, min: 0 | 1 = 1) => whole(option, { what: 'a whole number of days', min, max: 100_000 });

/** A TCP port to listen on or connect to. */
export const portOption = (option: string) => whole(option, { what: 'a port number', min: 1, max: 65535 });

/** A score threshold (`--fail-under`): scores run from 0 to 100, so anything else could never, or always, fail. */
export function scoreOption(option: string): (value: string) => number {
  return (value: string) => {
    const text = value.trim();
    const n = DECIMAL.test(text) ? Number(text) : NaN;
    if (!(n >= 0 && n <= 100)) throw new InputError(`${option} expects a score from 0 to 100, got '${value}'`);
    return n;
  };
}
