/**
 * The one-line progress of `scorifya scan` on a terminal: elapsed time, steps done of total, the
 * current step and its request count, and a note when the target is slow to answer.
 *
 * The line is erased when the scan ends, fails, or is interrupted (Ctrl-C), and nothing is drawn after
 * that: a late request event must not leave a stale line above the report or the error message.
 */
import type { ProbeProgress, RequestActivity } from '../engine/scan.js';
import { escapeTerminal } from '../report/escape.js';

const ERASE = '\r\x1b[2K';

export interface ProgressLine {
  onProgress: (e: ProbeProgress) => void;
  onRequestActivity: (a: RequestActivity) => void;
  /** Erase the line (if one is shown) and stop drawing. Safe to call more than once. */
  clear: () => void;
}

export function terminalProgress(write: (text: string) => void, host: string, proc: Pick<NodeJS.Process, 'once' | 'removeListener' | 'kill' | 'pid'> = process): ProgressLine {
  const t0 = Date.now();
  let steps = '';
  let current: { key: string; label: string } | undefined;
  let requests = '';
  let shown = false;
  let stopped = false;
  const draw = () => {
    if (stopped) return;
    shown = true;
    write(`${ERASE}${Math.round((Date.now() - t0) / 1000)} s  ${steps}${current ? ` · ${escapeTerminal(current.label)} …` : ''}${requests}`);
  };
  const clear = () => {
    if (stopped) return;
    stopped = true;
    proc.removeListener('SIGINT', onInterrupt);
    proc.removeListener('exit', clear);
    if (shown) write(ERASE);
  };
  // Ctrl-C: erase the line, then let the signal end the process as it would have.
  function onInterrupt() {
    clear();
    proc.kill(proc.pid, 'SIGINT');
  }
  proc.once('SIGINT', onInterrupt);
  // Any other way out (an error that ends the process, process.exit) erases it too.
  proc.once('exit', clear);
  return {
    onProgress: (e) => {
      if (e.total !== undefined) steps = `${e.finished ?? 0}/${e.total} steps`;
      if (e.state === 'start') current = { key: e.probe, label: e.label };
      else if (current?.key === e.probe) current = undefined;
      requests = '';
      draw();
    },
    onRequestActivity: (a) => {
      if (!a.tag || a.tag !== current?.key) return;
      const slow = a.meanMs !== null && a.meanMs >= 2000 ? ` — waiting for ${escapeTerminal(host)}, ${Math.round(a.meanMs / 1000)} s per response` : '';
      requests = ` ${a.requests} request${a.requests === 1 ? '' : 's'}${slow}`;
      draw();
    },
    clear,
  };
}
