/** Exponential backoff between retries: `initialMs`, doubling, at most `maxMs`. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/** The wait before the next attempt after `failures` failed ones (at least `initialMs`). */
export function backoffDelay(backoff: Backoff, failures: number): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, failures - 1));
}
