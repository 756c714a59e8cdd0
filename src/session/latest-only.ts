import { realClock, type Clock } from './agent-state.js';

/**
 * A question asked `delayMs` after the last call (debounced) and answered
 * only while it is the latest: a call made since wins, and the earlier one
 * resolves `null`, also when its answer arrives after the later one's (a late
 * answer never replaces a newer one). A failing `ask` answers `failed`. Used
 * for tag suggestions and for a form's likely duplicates.
 */
export class LatestOnly<T> {
  private latest = 0;
  private timer: unknown;
  /** The call waiting for its delay to pass, resolved `null` when a newer call replaces it. */
  private waiting: ((value: T | null) => void) | undefined;

  constructor(
    private readonly delayMs: number,
    private readonly clock: Clock = realClock,
  ) {}

  /** Asks `ask()` after the delay unless another call comes first; `now`: answers `now` at once instead. */
  call(ask: () => Promise<T>, failed: T, now?: T): Promise<T | null> {
    const call = ++this.latest;
    this.stopWaiting();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.timer = this.clock.setTimeout(() => {
        this.waiting = undefined;
        this.timer = undefined;
        ask()
          .catch(() => failed)
          .then((answer) => resolve(call === this.latest ? answer : null));
      }, this.delayMs);
    });
  }

  /** Drops the call waiting and any answer still to come. */
  cancel(): void {
    this.latest++;
    this.stopWaiting();
  }

  private stopWaiting(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting?.(null);
    this.waiting = undefined;
  }
}
