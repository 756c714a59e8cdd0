// "N new events" of <journey-view> (issue #19): which entries arrived that the agent has not seen yet.
// Pure: the element says what arrived, whether the list is at its top and what its filter shows.
import { msg, str } from '@lit/localize';
import { entryTime, type JourneyEntry } from '../../model/journey.js';
import { plural } from '../shared/plural.js';
import { keyOf } from './journey-entries.js';

/**
 * The entries of `next` newer than the newest of `previous`: those that
 * arrived (a new array is newest first, so they are at its start). None when
 * `previous` was empty (the journey's first page is not news).
 */
export function arrivedEntries(previous: readonly JourneyEntry[] | undefined, next: readonly JourneyEntry[]): JourneyEntry[] {
  const newest = Array.isArray(previous) ? previous[0] : undefined;
  if (!newest || !Array.isArray(next)) return [];
  const time = entryTime(newest);
  const arrived: JourneyEntry[] = [];
  for (const entry of next) {
    if (entryTime(entry) <= time) break;
    arrived.push(entry);
  }
  return arrived;
}

/** The words of the chip. */
export function newEventsText(count: number): string {
  return plural(count, { one: () => msg('1 new event'), other: () => msg(str`${count} new events`) });
}

/**
 * Entries that arrived while the agent could not see them: the list was
 * scrolled down (they came in above what the agent reads) or the filter hides
 * them. They are seen once the list is at its top with a filter that shows
 * them, or when the agent follows the chip.
 */
export class UnseenEntries {
  private readonly unseen = new Map<string, JourneyEntry>();

  get count(): number {
    return this.unseen.size;
  }

  /** `arrived` reached the list; `shown` tells whether the filter shows an entry; `atTop` whether the list is at its top. */
  add(arrived: readonly JourneyEntry[], shown: (entry: JourneyEntry) => boolean, atTop: boolean): void {
    for (const entry of arrived) if (!atTop || !shown(entry)) this.unseen.set(keyOf(entry), entry);
  }

  /** The agent can see what is at the top: the entries the filter shows there are seen. Returns whether any was. */
  seeTop(shown: (entry: JourneyEntry) => boolean): boolean {
    let changed = false;
    for (const [key, entry] of this.unseen) {
      if (shown(entry)) {
        this.unseen.delete(key);
        changed = true;
      }
    }
    return changed;
  }

  /** Whether the filter hides one of them. */
  hidden(shown: (entry: JourneyEntry) => boolean): boolean {
    for (const entry of this.unseen.values()) if (!shown(entry)) return true;
    return false;
  }

  /** Forgets those no longer in the journey (moved away, or another journey). Returns whether any was forgotten. */
  keepIn(entries: readonly JourneyEntry[]): boolean {
    if (this.unseen.size === 0) return false;
    const present = new Set<string>();
    for (const entry of entries) {
      const key = keyOf(entry);
      if (this.unseen.has(key)) present.add(key);
      if (present.size === this.unseen.size) return false;
    }
    for (const key of [...this.unseen.keys()]) if (!present.has(key)) this.unseen.delete(key);
    return true;
  }

  clear(): void {
    this.unseen.clear();
  }
}
