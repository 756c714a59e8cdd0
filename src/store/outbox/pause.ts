/**
 * The delivery loop's wait between attempts: one at a time, for `ms` (or
 * until woken when `ms` is undefined), cut short by `wake()` (a `flush`, a
 * call the backend answered, `close`).
 */
export class Pause {
  private waking: (() => void) | undefined;

  wait(ms: number | undefined, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.waking === done) this.waking = undefined;
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      this.waking = done;
      if (signal.aborted) done();
    });
  }

  /** Ends the current wait, if any. */
  wake(): void {
    this.waking?.();
  }
}
