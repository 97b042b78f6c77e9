import type { Evidence, TargetInfo } from '../model/evidence.js';
import type { Probed } from '../model/probed.js';
import type { NetContext } from '../net/context.js';

/**
 * A probe gathers raw facts for one evidence key and never judges. Probes run concurrently; one that
 * needs another's evidence names it in `dependsOn` and reads it from `ctx.evidence`.
 */
export interface Probe {
  key: string;
  /** Human label for progress output. */
  label: string;
  dependsOn?: readonly string[];
  run(ctx: ProbeContext): Promise<Probed<unknown>>;
}

export interface ProbeContext {
  target: TargetInfo;
  net: NetContext;
  /** Evidence gathered so far (the keys in `dependsOn` are complete). */
  evidence: Readonly<Evidence>;
  signal?: AbortSignal;
  /**
   * Another probe's evidence once it is complete, without waiting for it before starting (unlike
   * `dependsOn`): for a probe that runs alongside another and may stop early on what that one finds.
   * Resolves to undefined when that probe is not part of this scan.
   */
  evidenceOf?: (key: string) => Promise<unknown>;
}
