/**
 * The errors a caller of the engine tells apart: bad input (InputError: exit code 2, HTTP 400), a
 * target the address policy refuses (TargetRefusedError), and trouble on the wire (NetError, with a code).
 */
export { InputError } from '../net/target-input.js';
export { NetError, TargetRefusedError } from '../net/errors.js';
