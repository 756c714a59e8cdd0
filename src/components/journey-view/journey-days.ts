// The day separators of <journey-view>: which day an entry falls on in the agent's time zone, where the
// separators go among the rows, and what they say. No DOM and no templates.
import { msg } from '@lit/localize';
import { entryTime, type JourneyEntry } from '../../model/journey.js';
import { dayRange } from '../../model/calendar.js';
import { cachedFormat } from '../shared/locale-format.js';

/**
 * The rows of the list with a day separator before the first entry of each
 * day (in the agent's time zone), laid out lazily: only as far as the list
 * has been shown (the first screen of a 100,000-entry journey lays out a few
 * dozen entries, never all of them). Each separator is an item of the list of
 * the same fixed height as a row. Until laid out, the rest of the entries
 * count as one item each (`size` grows as separators are found below what
 * was shown, so nothing in view moves).
 *
 * An item is the index of an entry in `view` (≥ 0) or a separator before
 * entry `v`, written `-v - 1`.
 */
export class DayLayout {
  private readonly items: number[] = [];
  /** Entry index → item index, for the entries laid out so far. */
  private readonly itemOf: number[] = [];
  /** The day being laid out, as ISO strings (the entries' times compare as strings). */
  private dayStart = '';
  private dayEnd = '';

  constructor(
    readonly view: readonly JourneyEntry[],
    readonly timeZone: string,
  ) {}

  /** Items so far: those laid out, plus one per entry not laid out yet. */
  get size(): number {
    return this.items.length + this.view.length - this.itemOf.length;
  }

  /** The item at `index`: an entry's index (≥ 0), a separator (< 0), or `undefined` past the end. */
  item(index: number): number | undefined {
    this.grow(index + 1, 0);
    return this.items[index];
  }

  /** The item index of entry `v` (-1: none). */
  itemIndex(v: number): number {
    if (v < 0 || v >= this.view.length) return -1;
    this.grow(0, v + 1);
    return this.itemOf[v] ?? -1;
  }

  /** Lays out at least `count` items (or every entry). */
  reach(count: number): void {
    this.grow(count, 0);
  }

  /** The entry shown by item `index`, or for a separator the first entry of its day (-1: none). */
  entryAt(index: number): number {
    const item = this.item(index);
    if (item === undefined) return -1;
    return item >= 0 ? item : -item - 1;
  }

  /** Whether item `index` is a separator. */
  isSeparator(index: number): boolean {
    return (this.item(index) ?? 0) < 0;
  }

  /** Lays out entries until there are `items` items or `entries` entries laid out (or all of them). */
  private grow(items: number, entries: number): void {
    const view = this.view;
    while (this.itemOf.length < view.length && (this.items.length < items || this.itemOf.length < entries)) {
      const v = this.itemOf.length;
      const time = entryTime(view[v]!);
      if (!(time >= this.dayStart && time < this.dayEnd)) {
        const ms = Date.parse(time);
        if (!Number.isNaN(ms)) {
          const day = dayRange(ms, this.timeZone);
          this.dayStart = new Date(day.start).toISOString();
          this.dayEnd = new Date(day.end).toISOString();
          this.items.push(-v - 1);
        }
      }
      this.itemOf.push(this.items.length);
      this.items.push(v);
    }
  }
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(locale: string, timeZone: string): Intl.DateTimeFormat {
  return cachedFormat(
    dayFormats,
    `${locale}|${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: timeZone || undefined }),
    () => new Intl.DateTimeFormat(undefined, { dateStyle: 'full' }),
  );
}

/** Today and yesterday, for the separators' words: when each starts (ms) in the agent's time zone. */
export interface RecentDays {
  today: number;
  yesterday: number;
}

export function recentDays(now: number, timeZone: string): RecentDays & { tomorrow: number } {
  const { start, end } = dayRange(now, timeZone);
  return { today: start, yesterday: dayRange(start - 1, timeZone).start, tomorrow: end };
}

/** What the separator of the day of `iso` says: "Today", "Yesterday", else the date in the agent's locale and time zone. */
export function dayLabel(iso: string, days: RecentDays, locale: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const start = dayRange(ms, timeZone).start;
  if (start === days.today) return msg('Today');
  if (start === days.yesterday) return msg('Yesterday');
  return dayFormat(locale, timeZone).format(ms);
}
