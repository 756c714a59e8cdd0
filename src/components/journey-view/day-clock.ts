// What "today" and "yesterday" are for <journey-view>'s day separators, and a re-render when the day changes.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Clock } from '../../session/agent-state.js';
import { recentDays, type RecentDays } from './journey-days.js';

/** The browser's clock. */
export const browserClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => window.setTimeout(callback, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
};

/**
 * Today and yesterday in the agent's time zone, read from the host's clock
 * (a fake one in tests); after each update a timer waits for the next day to
 * start there, and then updates the host ("Today" becomes "Yesterday").
 */
export class DayClockController implements ReactiveController {
  private timer: { clock: Clock; handle: unknown; at: number } | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly clock: () => Clock | undefined,
    private readonly timeZone: () => string,
  ) {
    host.addController(this);
  }

  /** The days last worked out, for the clock and zone they were worked out with (until the next day starts). */
  private known: { clock: Clock; timeZone: string; days: RecentDays & { tomorrow: number } } | null = null;

  /** When today and yesterday start, now (worked out once a day: every render of a scroll asks). */
  days(): RecentDays & { tomorrow: number } {
    const clock = this.clock() ?? browserClock;
    const timeZone = this.timeZone();
    const known = this.known;
    const now = clock.now();
    if (known && known.clock === clock && known.timeZone === timeZone && now >= known.days.today && now < known.days.tomorrow) return known.days;
    const days = recentDays(now, timeZone);
    this.known = { clock, timeZone, days };
    return days;
  }

  hostUpdated(): void {
    const clock = this.clock() ?? browserClock;
    const next = this.days().tomorrow;
    if (this.timer && this.timer.clock === clock && this.timer.at === next) return;
    this.stop();
    const handle = clock.setTimeout(
      () => {
        this.timer = null;
        this.host.requestUpdate();
      },
      Math.max(0, next - clock.now()),
    );
    this.timer = { clock, handle, at: next };
  }

  hostDisconnected(): void {
    this.stop();
  }

  private stop(): void {
    this.timer?.clock.clearTimeout(this.timer.handle);
    this.timer = null;
  }
}
