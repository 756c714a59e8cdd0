import type { HostEvent } from '../model/index.js';

/** What an event waiting in the queue will have done to its interaction once acted on. */
export type PendingStatus = 'started' | 'ended' | 'offered' | 'withdrawn';

/**
 * Host events one task may hand over that are acted on at once: more in the
 * same task is a burst (a desktop replaying what it missed), and the rest
 * waits. A count, not a time, so that what a host sees does not depend on
 * the machine's speed: a host sends one event per task, a test a few dozen.
 */
export const AT_ONCE = 100;

/** Main-thread time one slice of a burst may spend acting on waiting events, in a task of its own. */
export const SLICE_MS = 8;

/**
 * Work areas of a burst being opened at one time: the next waits until one of
 * them is open. Each opening's first store steps run right after the slice
 * that began it, in the same task, and the store's answers come back in tasks
 * of their own, in the order asked: more openings at once would bring the
 * answers for all of them back together, and the work on them would then
 * run in one long task.
 */
export const MAX_IN_FLIGHT = 8;

interface Scheduler {
  yield(): Promise<void>;
}

/**
 * Gives the browser the main thread (input, rendering), then resolves in a
 * new task: `scheduler.yield()` where it exists (the continuation goes before
 * tasks queued meanwhile), else a message to ourselves (not clamped as
 * nested timeouts are).
 */
export function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<Scheduler> }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** The status an event leaves its interaction in, for the order checks of the events after it. */
function statusAfter(event: HostEvent): [string, PendingStatus] | undefined {
  switch (event.type) {
    case 'interaction.started':
      return [event.interactionId, 'started'];
    case 'interaction.ended':
      return [event.interactionId, 'ended'];
    case 'interaction.offered':
      return [event.interactionId, 'offered'];
    case 'interaction.withdrawn':
      return [event.interactionId, 'withdrawn'];
    default:
      return undefined;
  }
}

/**
 * Host events taken by `receive()` and acted on in order, without holding the
 * main thread (issue #20: a desktop reconnecting replays 2,000 events in one
 * task). An event is acted on at once when nothing waits and fewer than
 * {@link AT_ONCE} events (or, for an interaction started, {@link MAX_IN_FLIGHT}
 * interactions started) came before it in the same task; otherwise it waits
 * in the queue, which is worked through in slices of {@link SLICE_MS}, each in
 * a task of its own, with at most {@link MAX_IN_FLIGHT} work areas opening. Once one event waits, every later one waits behind it:
 * the order is kept. `receive()` still answers at once: the order checks of a
 * waiting event's successors see what it will do (`status`).
 */
export class HostQueue {
  private readonly waiting: HostEvent[] = [];
  /** Interactions with events waiting: the status the last of them leaves, and how many wait. */
  private readonly pending = new Map<string, { status: PendingStatus; count: number }>();
  /** Events taken in the current task (reset when the task ends). */
  private takenInTask = 0;
  /** Work areas begun at once in the current task (reset when the task ends). */
  private openedInTask = 0;
  /** Work areas the queue began (at once or from the queue) that are still opening. */
  private readonly opening = new Set<Promise<void>>();
  private draining = false;

  /**
   * @param act acts on one event (what `receive()` did synchronously before); returns the opening of a work area, if it began one.
   * @param track keeps the queue's work for `idle()`.
   * @param stopped whether the session was disposed (the events still waiting are dropped).
   * @param burst told `true` when events begin to wait, `false` once they are all acted on and the work areas they began are open.
   */
  constructor(
    private readonly act: (event: HostEvent) => Promise<void> | void,
    private readonly track: (work: Promise<void>) => void,
    private readonly stopped: () => boolean,
    private readonly burst: (on: boolean) => void = () => undefined,
  ) {}

  /** Events waiting. */
  get size(): number {
    return this.waiting.length;
  }

  /** What the events waiting will have done to interaction `id` (undefined: none waits for it). */
  status(id: string): PendingStatus | undefined {
    return this.pending.get(id)?.status;
  }

  /**
   * Acts on `event` now if nothing waits, this task has not handed over
   * {@link AT_ONCE} events yet and, for an interaction started, fewer than
   * {@link MAX_IN_FLIGHT} work areas began to open in it; else queues it.
   */
  take(event: HostEvent): void {
    if (this.takenInTask++ === 0) {
      // Counted per task: what runs after a yield is a later task.
      void yieldToBrowser().then(() => {
        this.takenInTask = 0;
        this.openedInTask = 0;
      });
    }
    const opens = event.type === 'interaction.started';
    if (this.waiting.length === 0 && this.takenInTask <= AT_ONCE && !(opens && this.openedInTask >= MAX_IN_FLIGHT)) {
      if (opens) this.openedInTask++;
      this.follow(this.run(event));
      return;
    }
    this.waiting.push(event);
    const after = statusAfter(event);
    if (after) {
      const [id, status] = after;
      const entry = this.pending.get(id);
      this.pending.set(id, { status, count: (entry?.count ?? 0) + 1 });
    }
    if (!this.draining) {
      this.draining = true;
      this.track(this.drain());
    }
  }

  /** Keeps the opening of a work area in {@link opening} until it is over. */
  private follow(work: Promise<void> | undefined): void {
    if (!work) return;
    const settled = work.then(
      () => void this.opening.delete(settled),
      () => void this.opening.delete(settled),
    );
    this.opening.add(settled);
  }

  private async drain(): Promise<void> {
    const opening = this.opening;
    this.burst(true);
    try {
      while (this.waiting.length > 0) {
        if (opening.size >= MAX_IN_FLIGHT) await Promise.race(opening);
        await yieldToBrowser();
        if (this.stopped()) {
          this.waiting.length = 0;
          this.pending.clear();
          return;
        }
        const start = performance.now();
        do this.follow(this.next());
        while (this.waiting.length > 0 && performance.now() - start < SLICE_MS && opening.size < MAX_IN_FLIGHT);
      }
    } finally {
      this.draining = false;
      await Promise.all(opening);
      this.burst(false);
    }
  }

  /** Acts on the next event waiting; returns the opening of a work area, if it began one. */
  private next(): Promise<void> | undefined {
    const event = this.waiting.shift()!;
    const after = statusAfter(event);
    if (after) {
      const entry = this.pending.get(after[0]);
      if (entry && --entry.count === 0) this.pending.delete(after[0]);
    }
    return this.run(event);
  }

  private run(event: HostEvent): Promise<void> | undefined {
    try {
      return this.act(event) ?? undefined;
    } catch (error) {
      // One event's failure must not stop the ones behind it: reported as an uncaught error, as before.
      queueMicrotask(() => {
        throw error;
      });
      return undefined;
    }
  }
}
