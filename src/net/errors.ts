/** Errors raised by net/: each has a stable code so probes can explain what could not be measured. */
export class NetError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'NetError';
  }
}

/** The target policy refused an address or name: no socket was opened. */
export class TargetRefusedError extends NetError {
  constructor(message: string) {
    super('TARGET_REFUSED', message);
    this.name = 'TargetRefusedError';
  }
}
