/** How long an update waits for a frame at most: a page that is not shown has no frames, and must still update. */
export const FRAME_WAIT_MS = 100;

/** The next animation frame, or {@link FRAME_WAIT_MS} if none comes (a hidden page). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      cancelAnimationFrame(frame);
      resolve();
    }, FRAME_WAIT_MS);
    const frame = requestAnimationFrame(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Draws an element at the next animation frame while updates are asked for
 * faster than the screen is drawn (issue #20: a desktop replaying 2,000
 * events opens a work area every few milliseconds). Lit then takes every
 * change asked for meanwhile in that one update: the screen ends the same,
 * drawn once per frame instead of once per change, in a task of its own
 * rather than on top of the work that made the change. Otherwise an update
 * runs as it always did, at once: a keystroke's answer is never delayed.
 * `updateComplete` still resolves only once the element has drawn the change.
 *
 * @example
 * ```ts
 * class MyElement extends LitElement {
 *   private readonly pace = new FramePace();
 *
 *   protected override async scheduleUpdate(): Promise<void> {
 *     await this.pace.turn(this.busy);
 *     super.scheduleUpdate();
 *   }
 * }
 * ```
 */
export class FramePace {
  /** The next frame, awaited by every update asked for before it. */
  private waiting: Promise<void> | null = null;

  /** Resolves when the element may update: at the next frame while `pace` is true, else at once. */
  async turn(pace: boolean): Promise<void> {
    if (!pace) return;
    this.waiting ??= nextFrame().then(() => {
      this.waiting = null;
    });
    await this.waiting;
  }
}
