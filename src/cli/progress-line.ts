/**
 * The one-line progress of `scorifya scan` on a terminal: elapsed time, steps done of total, the
 * current step and its request count, and a note when the target is slow to answer.
 */
import type { ProbeProgress, RequestActivity } from '../engine/scan.js';
import { escapeTerminal } from '../report/escape.js';

export function terminalProgress(write: (text: string) => void, host: string): {
  onProgress: (e: ProbeProgress) => void;
  onRequestActivity: (a: RequestActivity) => void;
} {
  const t0 = Date.now();
  let steps = '';
  let current: { key: string; label: string } | undefined;
  let requests = '';
  const draw = () =>
    write(`\r\x1b[2K${Math.round((Date.now() - t0) / 1000)} s  ${steps}${current ? ` · ${escapeTerminal(current.label)} …` : ''}${requests}`);
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
  };
}
