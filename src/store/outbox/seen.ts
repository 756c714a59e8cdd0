import type { AnyRecord } from '../../model/index.js';

/** How many records the outbox remembers as the latest it saw of each id. */
const LATEST_MAX = 500;
/** How many versions of records the outbox remembers, as the bases of queued writes. */
const BASES_MAX = 1000;

/** Puts `value` last in `map` (the most recent), dropping the oldest entry past `max`. */
function keepRecent<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}

/**
 * The versions of records the outbox saw (read, written, met in a conflict),
 * bounded: the latest of each id (what a queued update chains to) and each
 * `id rev` (the base data kept with a queued update, for the three-way merge
 * of a delivery conflict).
 */
export class SeenVersions {
  private readonly latestById = new Map<string, AnyRecord>();
  private readonly byRev = new Map<string, AnyRecord>();

  /** A version this agent wrote or was answered: the latest of its id, and a base. */
  remember<R extends AnyRecord>(record: R): R {
    keepRecent(this.latestById, record.id, record, LATEST_MAX);
    this.note(record);
    return record;
  }

  /** Keeps a version seen, as the base a later queued update may be made on. */
  note(record: AnyRecord): void {
    keepRecent(this.byRev, `${record.id} ${record.rev}`, record, BASES_MAX);
  }

  noteAll<R extends AnyRecord>(records: R[]): R[] {
    for (const record of records) this.note(record);
    return records;
  }

  latest(id: string): AnyRecord | undefined {
    return this.latestById.get(id);
  }

  version(id: string, rev: string): AnyRecord | undefined {
    return this.byRev.get(`${id} ${rev}`);
  }

  /** Forgets the latest versions (sign-out); the bases stay for reports already kept. */
  clearLatest(): void {
    this.latestById.clear();
  }
}
