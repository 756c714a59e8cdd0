import type { Activity, Request } from '../model/index.js';
import { entryTime, mergeJourney, upsertEntry, type JourneyEntry } from '../model/journey.js';
import type { ContextStore } from '../store/context-store.js';
import type { SessionCore } from './core.js';
import { patch } from './workspace.js';
import { civil, startOfDay } from '../model/calendar.js';

/** How many activities one page of the journey holds (R8.3). */
export const JOURNEY_PAGE = 50;

/** The journey's time frame (issue #19): the last 10 or 30 days, 6 or 12 months, or everything. */
export type JourneyPeriod = '10d' | '30d' | '6m' | '12m' | 'all';

/** The time frames, shortest first. */
export const JOURNEY_PERIODS: readonly JourneyPeriod[] = ['10d', '30d', '6m', '12m', 'all'];

export function isJourneyPeriod(value: unknown): value is JourneyPeriod {
  return typeof value === 'string' && (JOURNEY_PERIODS as readonly string[]).includes(value);
}

/** A journey as a work area or a preview shows it: the entries loaded so far, and whether older ones are still to come. */
export interface JourneyRead {
  journey: JourneyEntry[];
  journeyHasMore: boolean;
  /** The start of its time frame (ISO): nothing older is in it. Absent: everything. */
  journeySince?: string | undefined;
}

const isActivity = (entry: JourneyEntry): entry is Activity => entry.type === 'activity';

/**
 * The journey of a customer, newest first, one page at a time: the first page,
 * or, given the journey `loaded` so far, the next page after it, merged into
 * it. Entries already loaded are kept as they are (they may be newer than the
 * page: writes reach a work area's journey as they happen), and the requests
 * take their place in time (`mergeJourney`).
 *
 * `since` (ISO, the time frame's start): only activities at or after it, read
 * as a range of the store's index (`activitiesOf`'s `since`), and only the
 * requests created from then on.
 */
export async function readJourney(
  store: ContextStore,
  customerId: string,
  loaded?: readonly JourneyEntry[],
  since?: string,
): Promise<JourneyRead> {
  const activities = loaded?.filter(isActivity) ?? [];
  const last = activities.at(-1);
  const [page, allRequests] = await Promise.all([
    store.activitiesOf(customerId, { limit: JOURNEY_PAGE, before: last ? { at: last.at, id: last.id } : undefined, since }),
    store.requestsOf(customerId),
  ]);
  const requests = since ? allRequests.filter((r) => r.createdAt >= since) : allRequests;
  const hasMore = page.length === JOURNEY_PAGE;
  const range = since ? { journeySince: since } : {};
  if (!loaded) return { journey: mergeJourney(page, requests, hasMore), journeyHasMore: hasMore, ...range };
  return { journey: withPage(loaded, page, requests, hasMore), journeyHasMore: hasMore, ...range };
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
  for (const entry of now) if (!old.has(entry)) journey = journeyWith({ ...read, journey }, entry);
  return journey;
}

/**
 * The journey with a written record in place. A record older than every loaded
 * activity, while older pages are still to come, waits for its page (as in
 * `mergeJourney`): put at the end, it would make the next page skip entries.
 * A record older than the time frame (`journeySince`) is not in it; one
 * already shown is kept up to date.
 */
export function journeyWith(read: JourneyRead, record: JourneyEntry): JourneyEntry[] {
  const { journey } = read;
  const time = entryTime(record);
  if (read.journeySince && time < read.journeySince && !journey.some((e) => e.id === record.id)) return journey;
  if (read.journeyHasMore && !journey.some((e) => e.id === record.id)) {
    const oldest = journey.findLast(isActivity);
    if (oldest && (time < oldest.at || (record.type === 'activity' && time === oldest.at && record.id < oldest.id))) return journey;
  }
  return upsertEntry(journey, record);
}

// ---- the time frame ---------------------------------------------------------------

/** Days or months back, per time frame. */
const BACK: Record<Exclude<JourneyPeriod, 'all'>, { days: number; months: number }> = {
  '10d': { days: 10, months: 0 },
  '30d': { days: 30, months: 0 },
  '6m': { days: 0, months: 6 },
  '12m': { days: 0, months: 12 },
};

/**
 * Where a time frame starts (ISO), as the agent reads it: the start of the day,
 * in their time zone, 10 or 30 days before today, or 6 or 12 months before
 * today (the same day of the month, or the month's last day when it has none);
 * `undefined` for everything.
 */
export function periodStart(period: JourneyPeriod, now: number, timeZone = ''): string | undefined {
  if (period === 'all' || !isJourneyPeriod(period)) return undefined;
  const { days, months } = BACK[period];
  const today = civil(now, timeZone);
  let year = today.year;
  let month = today.month - months;
  while (month < 1) {
    month += 12;
    year -= 1;
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const target = new Date(Date.UTC(year, month - 1, Math.min(today.day, lastDay) - days));
  return new Date(startOfDay(target.getUTCFullYear(), target.getUTCMonth() + 1, target.getUTCDate(), timeZone)).toISOString();
}

// ---- reading the journey of a work area -------------------------------------------

/**
 * Per session and work area, the number of the latest read that replaces the
 * journey (a time frame chosen): an answer to an earlier one, or a page asked
 * for before it, arrives late and is dropped (it never wins over a later choice).
 */
const turns = new WeakMap<SessionCore, Map<string, number>>();

function turnOf(core: SessionCore, key: string): number {
  return turns.get(core)?.get(key) ?? 0;
}

function nextTurn(core: SessionCore, key: string): number {
  let map = turns.get(core);
  if (!map) turns.set(core, (map = new Map()));
  const turn = (map.get(key) ?? 0) + 1;
  map.set(key, turn);
  return turn;
}

/**
 * The agent chose a time frame for the journey of work area `key`: the work
 * area keeps it (at once, so the filter shows the choice), and the first page
 * of the journey is read again from the store for that range. `now`: the
 * agent's clock; the frame starts at the start of a day in the agent's time
 * zone (`periodStart`). Writes that reached the journey while the page was
 * read stay (when in the frame); the answer to an earlier choice never
 * replaces a later one.
 */
export async function chooseJourneyPeriod(core: SessionCore, key: string, period: JourneyPeriod, now: number): Promise<void> {
  const workspace = core.workspace(key);
  if (!workspace || !isJourneyPeriod(period)) return;
  const since = periodStart(period, now, core.current.agent.timeZone ?? '');
  const turn = nextTurn(core, key);
  core.update(key, (w) => patch(w, { journeyPeriod: period === 'all' ? undefined : period, journeySince: since }));
  const customerId = workspace.customer?.id;
  if (!customerId) return;
  const before = core.workspace(key)!.journey;
  const read = await readJourney(core.store, customerId, undefined, since);
  if (turnOf(core, key) !== turn) return;
  core.update(key, (w) =>
    w.customer?.id === customerId
      ? patch(w, { journey: pageOnto(read, before, w.journey), journeyHasMore: read.journeyHasMore, journeySince: since })
      : undefined,
  );
}

/**
 * The next page of the journey of work area `key`, in its time frame, put
 * onto the journey as it is when the page arrives (writes that arrived
 * meanwhile stay). Dropped when the agent chose another time frame meanwhile.
 */
export async function loadMoreJourney(core: SessionCore, key: string): Promise<void> {
  const workspace = core.workspace(key);
  if (!workspace?.customer || !workspace.journeyHasMore) return;
  const turn = turnOf(core, key);
  const read = await readJourney(core.store, workspace.customer.id, workspace.journey, workspace.journeySince);
  if (turnOf(core, key) !== turn) return;
  core.update(key, (now) =>
    patch(now, { journey: pageOnto(read, workspace.journey, now.journey), journeyHasMore: read.journeyHasMore }),
  );
}
