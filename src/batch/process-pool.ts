/**
 * Spreads a local batch over several scan processes (`--processes N`). It offers the same scan
 * function the in-process runner uses, so politeness, concurrency, time caps and Ctrl-C handling stay
 * in one place (local-runner.ts); each scan goes to the process with the fewest scans in flight.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ScanOptions } from '../engine/scan.js';
import type { Report } from '../model/report.js';
import type { FromChild, ToChild } from './scan-child.js';

interface Slot {
  child: ChildProcess;
  inFlight: Map<number, { resolve: (r: { report: Report }) => void; reject: (e: Error) => void }>;
}

export class ScanProcessPool {
  private readonly slots: Slot[] = [];
  private nextId = 0;

  private constructor() {}

  /** Start `count` scan processes; every scan gets `options` (JSON: net options, probes, DNS servers). */
  static async start(count: number, options: Omit<ScanOptions, 'signal' | 'onProgress'>): Promise<ScanProcessPool> {
    const pool = new ScanProcessPool();
    const script = fileURLToPath(new URL('./scan-child.js', import.meta.url));
    await Promise.all(
      Array.from({ length: count }, async () => {
        const child = fork(script, [], {
          env: { ...process.env, SCORIFYA_BATCH_SCAN_OPTIONS: JSON.stringify(options) },
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
          // Inherit loader flags (the tests' loopback guard), not inspector or profiler ports.
          execArgv: process.execArgv.filter((a) => !a.startsWith('--inspect')),
        });
        const slot: Slot = { child, inFlight: new Map() };
        await new Promise<void>((resolve, reject) => {
          child.once('error', reject);
          child.once('exit', (code) => reject(new Error(`a scan process exited at start (code ${code})`)));
          child.on('message', (m: FromChild) => {
            if (m.kind === 'ready') return resolve();
            const waiting = slot.inFlight.get(m.id);
            slot.inFlight.delete(m.id);
            if (m.report) waiting?.resolve({ report: m.report });
            else waiting?.reject(new Error(m.error ?? 'scan failed'));
          });
        });
        child.removeAllListeners('exit');
        child.on('exit', (code, signal) => {
          // A process that dies takes its scans with it: they fail (and are listed with the reason).
          for (const w of slot.inFlight.values()) w.reject(new Error(`the scan process died (${signal ?? `exit ${code}`})`));
          slot.inFlight.clear();
        });
        pool.slots.push(slot);
      }),
    );
    return pool;
  }

  scan = (input: string, options: Pick<ScanOptions, 'signal'>): Promise<{ report: Report }> => {
    const slot = this.slots.reduce((a, b) => (b.inFlight.size < a.inFlight.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.inFlight.set(id, { resolve, reject });
      slot.child.send({ kind: 'scan', id, input } satisfies ToChild);
      options.signal?.addEventListener('abort', () => {
        if (slot.inFlight.has(id) && slot.child.connected) slot.child.send({ kind: 'abort', id } satisfies ToChild);
      }, { once: true });
    });
  };

  async close(): Promise<void> {
    await Promise.all(
      this.slots.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
            s.child.once('exit', () => resolve());
            s.child.disconnect();
          }),
      ),
    );
  }
}
