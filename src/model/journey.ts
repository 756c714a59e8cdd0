import type { Activity, Request } from './records.js';

/** A journey line: an activity or a request of the customer, newest first. */
export type JourneyEntry = Activity | Request;

export function entryTime(entry: JourneyEntry): string {
  return entry.type === 'activity' ? entry.at : entry.createdAt;
}

/**
 * Activities (newest first, as paged from the store) and requests on one time
 * line. While older pages are still to come, requests older than the last
 * loaded activity wait for them.
 */
export function mergeJourney(activities: readonly Activity[], requests: readonly Request[], hasMore: boolean): JourneyEntry[] {
  const oldest = activities.at(-1)?.at ?? '';
  const shown = hasMore ? requests.filter((r) => r.createdAt >= oldest) : requests;
  const entries: JourneyEntry[] = [...activities, ...shown];
  return entries.sort((a, b) => (entryTime(a) < entryTime(b) ? 1 : entryTime(a) > entryTime(b) ? -1 : 0));
}

/** Replaces an entry by id, or inserts it at its place in time (newest first). */
export function upsertEntry(journey: readonly JourneyEntry[], record: JourneyEntry): JourneyEntry[] {
  const index = journey.findIndex((e) => e.id === record.id);
  if (index !== -1) return journey.with(index, record);
  const time = entryTime(record);
  const at = journey.findIndex((e) => entryTime(e) <= time);
  const next = [...journey];
  next.splice(at === -1 ? next.length : at, 0, record);
  return next;
}
