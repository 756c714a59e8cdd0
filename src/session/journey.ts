import type { Activity, Request } from '../model/index.js';
import { entryTime, mergeJourney, upsertEntry, type JourneyEntry } from '../model/journey.js';
import type { ContextStore } from '../store/context-store.js';

/** How many activities one page of the journey holds (R8.3). */
export const JOURNEY_PAGE = 50;

/** A journey as a work area or a preview shows it: the entries loaded so far, and whether older ones are still to come. */
export interface JourneyRead {
  journey: JourneyEntry[];
  journeyHasMore: boolean;
}

const isActivity = (entry: JourneyEntry): entry is Activity => entry.type === 'activity';

/**
 * The journey of a customer, newest first, one page at a time: the first page,
 * or, given the journey `loaded` so far, the next page after it, merged into
 * it. Entries already loaded are kept as they are (they may be newer than the
 * page: writes reach a work area's journey as they happen), and the requests
 * take their place in time (`mergeJourney`).
 */
export async function readJourney(store: ContextStore, customerId: string, loaded?: readonly JourneyEntry[]): Promise<JourneyRead> {
  const activities = loaded?.filter(isActivity) ?? [];
  const last = activities.at(-1);
  const [page, requests] = await Promise.all([
    store.activitiesOf(customerId, { limit: JOURNEY_PAGE, before: last ? { at: last.at, id: last.id } : undefined }),
    store.requestsOf(customerId),
  ]);
  const hasMore = page.length === JOURNEY_PAGE;
  if (!loaded) return { journey: mergeJourney(page, requests, hasMore), journeyHasMore: hasMore };
  return { journey: withPage(loaded, page, requests, hasMore), journeyHasMore: hasMore };
}

/** `loaded` with the next page of activities and the requests read with it; an entry already loaded keeps its loaded version. */
function withPage(loaded: readonly JourneyEntry[], page: readonly Activity[], requests: readonly Request[], hasMore: boolean): JourneyEntry[] {
  const shown = new Map(loaded.map((e) => [e.id, e]));
  const all = [...loaded.filter(isActivity), ...page.filter((a) => !shown.has(a.id))];
  const current = requests.map((r) => (shown.get(r.id) as Request | undefined) ?? r);
  return mergeJourney(all, current, hasMore);
}

/**
 * A page read from `before` (the journey when the read began), now put onto
 * `now` (the journey when it answered): what reached the journey meanwhile
 * (a write, kept current by the session's store listener) stays.
 */
export function pageOnto(read: JourneyRead, before: readonly JourneyEntry[], now: readonly JourneyEntry[]): JourneyEntry[] {
  if (now === before) return read.journey;
  const old = new Set(before);
  let journey = read.journey;
  for (const entry of now) if (!old.has(entry)) journey = journeyWith({ journey, journeyHasMore: read.journeyHasMore }, entry);
  return journey;
}

/**
 * The journey with a written record in place. A record older than every loaded
 * activity, while older pages are still to come, waits for its page (as in
 * `mergeJourney`): put at the end, it would make the next page skip entries.
 */
export function journeyWith(read: JourneyRead, record: JourneyEntry): JourneyEntry[] {
  const { journey } = read;
  if (read.journeyHasMore && !journey.some((e) => e.id === record.id)) {
    const oldest = journey.findLast(isActivity);
    const time = entryTime(record);
    if (oldest && (time < oldest.at || (record.type === 'activity' && time === oldest.at && record.id < oldest.id))) return journey;
  }
  return upsertEntry(journey, record);
}
