import type { Activity, ActivityData, AnyRecord } from '../../model/index.js';
import type { MonthCount } from '../context-store.js';
import { activityMonth, journeyBound } from '../keys.js';
import type { QueuedWrite } from './queue.js';

/**
 * What the outbox's waiting writes change in the backend's answers to reads
 * (issue #19): the counts of a customer's activities, and the customers a
 * waiting write made a merged duplicate. Pure: the queue is read by the caller.
 */

/** The latest waiting version of each record, in queue order (the last write to an id wins). */
function latestById(queue: readonly QueuedWrite[]): Map<string, QueuedWrite> {
  const latest = new Map<string, QueuedWrite>();
  for (const item of queue) latest.set(item.id, item);
  return latest;
}

/** Customers whose latest waiting version is a merged duplicate (`mergedInto` set): lookups and search leave them out. */
export function pendingTombstones(queue: readonly QueuedWrite[]): Set<string> {
  const ids = new Set<string>();
  for (const [id, item] of latestById(queue)) {
    if (item.kind === 'customer' && item.record.type === 'customer' && item.record.mergedInto) ids.add(id);
  }
  return ids;
}

/**
 * The activities whose waiting writes change what the backend counts: each
 * activity's first waiting write says what the backend holds now (nothing for
 * a create; for an update, the version it was based on: `base`, or `unknown`
 * when the outbox did not keep it), its last one what it will hold.
 */
export interface PendingActivity {
  id: string;
  /** The version the backend holds: `null` when none (a waiting create), `undefined` when not known. */
  delivered: Pick<ActivityData, 'customerId' | 'at' | 'channel'> | null | undefined;
  latest: Activity;
}

export function pendingActivities(queue: readonly QueuedWrite[]): PendingActivity[] {
  const first = new Map<string, QueuedWrite>();
  for (const item of queue) if (item.kind === 'activity' && !first.has(item.id)) first.set(item.id, item);
  const out: PendingActivity[] = [];
  for (const [id, item] of latestById(queue)) {
    const head = first.get(id);
    if (!head || item.record.type !== 'activity') continue;
    const base = head.base as ActivityData | null | undefined;
    out.push({ id, delivered: head.op === 'create' ? null : (base ?? undefined), latest: item.record });
  }
  return out;
}

type Counted = Pick<ActivityData, 'customerId' | 'at' | 'channel'>;

/**
 * The backend's counts with the waiting writes applied: each pending
 * activity's delivered version taken out (when it counted for this customer
 * from `since`'s month on), its latest version put in. `delivered` gives the
 * backend's version of an activity whose base the outbox did not keep.
 */
export function withPending(
  counts: readonly MonthCount[],
  customerId: string,
  since: string,
  pending: ReadonlyArray<Omit<PendingActivity, 'delivered'> & { delivered: Counted | null }>,
): MonthCount[] {
  const from = activityMonth(journeyBound(since));
  const key = (month: string, channel: string) => `${month} ${channel}`;
  const byKey = new Map<string, MonthCount>();
  for (const row of counts) byKey.set(key(row.month, row.channel), { ...row });
  const add = (activity: Counted | null, delta: number): void => {
    if (!activity || activity.customerId !== customerId) return;
    const month = activityMonth(activity.at);
    if (month < from) return;
    const row = byKey.get(key(month, activity.channel)) ?? { month, channel: activity.channel, count: 0 };
    row.count += delta;
    byKey.set(key(month, activity.channel), row);
  };
  for (const { delivered, latest } of pending) {
    add(delivered, -1);
    add(latest, +1);
  }
  return [...byKey.values()]
    .filter((row) => row.count > 0)
    .sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
}

/**
 * The backend's `counts` with the waiting activity writes of `queue` counted in:
 * a new activity added, a changed one counted where it now is and taken off
 * where the backend has it (its base as the outbox kept it, else `delivered`,
 * a read of the backend's version).
 */
export async function countsWithPending(
  counts: MonthCount[],
  queue: readonly QueuedWrite[],
  customerId: string,
  since: string,
  delivered: (id: string) => Promise<Activity | undefined>,
): Promise<MonthCount[]> {
  const pending = pendingActivities(queue);
  if (!pending.length) return counts;
  const known = await Promise.all(pending.map(async (item) => ({ ...item, delivered: item.delivered === undefined ? ((await delivered(item.id)) ?? null) : item.delivered })));
  return withPending(counts, customerId, since, known);
}

/** Leaves out the customers `tombstones` names (a waiting write merged them into another). */
export function withoutTombstones<R extends AnyRecord>(records: R[], tombstones: ReadonlySet<string>): R[] {
  return tombstones.size ? records.filter((record) => !tombstones.has(record.id)) : records;
}
