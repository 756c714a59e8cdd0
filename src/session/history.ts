import { CHANNELS, type Channel } from '../model/index.js';
import type { ContextStore, MonthCount, StoreChange } from '../store/context-store.js';
import type { SessionCore } from './core.js';
import { patch } from './workspace.js';

/**
 * A picture of a customer's history (issue #19 item 5): how many activities
 * they had each month over the last twelve, by channel, counted by the store's
 * index (`ContextStore.activityCounts`), never by loading activities.
 *
 * Months are UTC months (`YYYY-MM`): the stores group by the UTC month of an
 * activity's `at`, so "this month" is the UTC month of now. Near midnight on a
 * month's last or first day an activity can count in the month next to the one
 * the agent's clock shows.
 */

/** How many months the history covers: this month and the eleven before it. */
export const HISTORY_MONTHS = 12;

/** Activities of one month by channel; every channel present (0 when none). */
export type ChannelCounts = Readonly<Record<Channel, number>>;

export interface HistoryMonth {
  /** `YYYY-MM`, a UTC month. */
  readonly month: string;
  readonly counts: ChannelCounts;
  /** All channels together. */
  readonly total: number;
}

/** A customer's history: `HISTORY_MONTHS` months, oldest first, the last one the month of `now` (UTC). */
export interface CustomerHistory {
  readonly customerId: string;
  readonly months: readonly HistoryMonth[];
}

/** The UTC month of `time` (`YYYY-MM`). */
function monthOf(time: Date): string {
  return time.toISOString().slice(0, 7);
}

/** The `HISTORY_MONTHS` UTC months that end with the month of `now`, oldest first. */
export function historyMonths(now: Date | number | string): string[] {
  const at = new Date(now);
  const months: string[] = [];
  for (let back = HISTORY_MONTHS - 1; back >= 0; back--) {
    months.push(monthOf(new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - back, 1))));
  }
  return months;
}

/** Where the history starts (ISO): midnight UTC on the first day of its oldest month. */
export function historySince(now: Date | number | string): string {
  return `${historyMonths(now)[0]}-01T00:00:00.000Z`;
}

function noCounts(): Record<Channel, number> {
  return Object.fromEntries(CHANNELS.map((channel) => [channel, 0])) as Record<Channel, number>;
}

/** The store's counts laid on the months of `now`'s history: months and channels without activities are 0, counts outside are dropped. */
export function zeroFilled(customerId: string, now: Date | number | string, counts: readonly MonthCount[]): CustomerHistory {
  const byMonth = new Map(historyMonths(now).map((month) => [month, noCounts()]));
  for (const { month, channel, count } of counts) {
    const row = byMonth.get(month);
    if (row && Object.hasOwn(row, channel)) row[channel] += count;
  }
  return {
    customerId,
    months: [...byMonth].map(([month, counts]) => ({ month, counts, total: CHANNELS.reduce((sum, channel) => sum + counts[channel], 0) })),
  };
}

/** Reads `customerId`'s history for the twelve UTC months ending with the month of `now`. */
export async function historyOf(store: ContextStore, customerId: string, now: Date | number | string): Promise<CustomerHistory> {
  return zeroFilled(customerId, now, await store.activityCounts(customerId, historySince(now)));
}

/**
 * Keeps each open work area's `history` current: read when a work area shows a
 * customer whose history it does not hold (opened, created, followed to the
 * survivor of a merge, or a new month began), and read again when an activity
 * of that customer is written (here or by another agent: the store's change
 * events, `movedFrom` included). Only the newest read of a customer is kept:
 * an answer that comes after a later read began is dropped. A read that fails
 * leaves the chart as it was (it is a summary; the journey is the record).
 */
export class HistoryTracker {
  private readonly core: SessionCore;
  /** The newest read of each customer (a number that grows), so an older answer never wins. */
  private readonly reads = new Map<string, number>();
  /** Reads under way, by customer (for `settled`). */
  private readonly pending = new Map<string, Promise<void>>();
  private next = 0;
  private readonly off: () => void;

  constructor(core: SessionCore) {
    this.core = core;
    const listener = (): void => this.sessionChanged();
    core.listeners.add(listener);
    const offStore = core.store.subscribe((change) => this.storeChanged(change));
    this.off = () => {
      core.listeners.delete(listener);
      offStore();
    };
  }

  dispose(): void {
    this.off();
    this.reads.clear();
  }

  /** Customers with a read under way (a read over keeps nothing). */
  get size(): number {
    return this.reads.size;
  }

  /** Resolves once no read is under way (tests, hosts that wait for the chart). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all(this.pending.values());
  }

  /** After every change of the session's state: a read for each open customer whose history is missing, of another customer, or of an earlier month. */
  sessionChanged(): void {
    const thisMonth = monthOf(new Date(this.core.care.clock.now()));
    for (const workspace of this.core.current.open) {
      const id = workspace.customer?.id;
      if (!id || this.pending.has(id)) continue;
      const held = workspace.history;
      if (held && held.customerId === id && held.months.at(-1)?.month === thisMonth) continue;
      this.read(id);
    }
  }

  /** An activity written for (or moved from) an open customer: their counts are read again. */
  storeChanged(change: StoreChange): void {
    const record = change.record;
    if (record.type !== 'activity') return;
    const touched = [record.customerId, record.movedFrom];
    const open = new Set(this.core.current.open.map((w) => w.customer?.id));
    for (const id of new Set(touched)) if (id && open.has(id)) this.read(id);
  }

  private read(customerId: string): void {
    if (this.core.disposed || typeof this.core.store.activityCounts !== 'function') return;
    const ticket = ++this.next;
    this.reads.set(customerId, ticket);
    const work = historyOf(this.core.store, customerId, this.core.care.clock.now()).then(
      (history) => this.take(customerId, ticket, history),
      () => {
        this.settle(customerId, ticket);
      },
    );
    this.pending.set(customerId, work);
  }

  /** The read `ticket` of `customerId` is over; if it is the newest, no read of theirs is under way any more. */
  private settle(customerId: string, ticket: number): boolean {
    if (this.reads.get(customerId) !== ticket) return false;
    // The newest read is over: nothing of this customer is kept (an older answer still to come finds no ticket and is dropped).
    this.reads.delete(customerId);
    this.pending.delete(customerId);
    return true;
  }

  private take(customerId: string, ticket: number, history: CustomerHistory): void {
    // Settled before the work areas change, so that a change they cause (or one made meanwhile) can start the next read.
    if (!this.settle(customerId, ticket) || this.core.disposed) return;
    for (const workspace of this.core.current.open) {
      if (workspace.customer?.id !== customerId) continue;
      this.core.update(workspace.key, (w) => (w.customer?.id === customerId ? patch(w, { history }) : undefined));
    }
  }
}
