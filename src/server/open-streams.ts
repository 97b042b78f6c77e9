/**
 * Event streams open per client address. A stream holds a connection, two timers and a store read a
 * second for up to ten minutes, so one address opening thousands would cost the server what thousands
 * of visitors cost. A person follows a few scans at once (one per tab); a script following more gets
 * 429 for the extra ones until it closes some.
 */
export class OpenStreams {
  private readonly open = new Map<string, number>();

  constructor(readonly maxPerClient: number) {}

  /** Count a new stream for `client`; returns its release (call once, when it closes), or undefined when the client is at the cap. */
  tryOpen(client: string): (() => void) | undefined {
    const now = this.open.get(client) ?? 0;
    if (now >= this.maxPerClient) return undefined;
    this.open.set(client, now + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(client) ?? 1) - 1;
      if (left > 0) this.open.set(client, left);
      else this.open.delete(client);
    };
  }
}
