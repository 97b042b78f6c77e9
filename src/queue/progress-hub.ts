/**
 * Wakes server-sent-event streams in this process as soon as a local scan makes progress. The store
 * is still the truth (streams re-read the row), so streams served by a web node that is not running
 * the scan just fall back to polling.
 */
import { EventEmitter } from 'node:events';

export class ProgressHub {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open stream; many viewers of one scan are normal.
    this.emitter.setMaxListeners(0);
  }

  notify(scanId: string): void {
    this.emitter.emit(scanId);
  }

  subscribe(scanId: string, listener: () => void): () => void {
    this.emitter.on(scanId, listener);
    return () => this.emitter.off(scanId, listener);
  }
}
