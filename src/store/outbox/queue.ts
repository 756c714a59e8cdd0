import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { AnyRecord, DataOf, Kind } from '../../model/index.js';
import { StorageError } from '../context-store.js';

/** Revs of provisional records (written while the backend was unreachable) start with this. */
export const PENDING_REV_PREFIX = 'pending:';

/** Is this the rev of a provisional record, accepted by the outbox but not yet delivered? */
export function isPendingRev(rev: string): boolean {
  return rev.startsWith(PENDING_REV_PREFIX);
}

/**
 * A waiting write the backend refused on delivery. Nothing is dropped: the
 * agent's version (`mine`, with the `baseRev` it was based on) is kept here
 * until `dismissReport`, and for a conflict `theirs` is the version that won.
 */
export interface OutboxReport {
  key: number;
  /** `conflict`: someone saved a newer revision first (R4: show the caution); `not-found`: the record is gone; `refused`: every other refusal. */
  reason: 'conflict' | 'not-found' | 'refused';
  op: 'create' | 'update';
  kind: Kind;
  id: string;
  /** The agent's data as written. */
  mine: DataOf[Kind];
  /** The provisional record the write resolved with (its `rev` is pending). */
  provisional: AnyRecord;
  baseRev: string | null;
  /**
   * The data of the version the agent's write was made on (the record at
   * `baseRev`), so Load merges three ways as online; `null` when it is not
   * known (a create, or a report kept by an earlier version).
   */
  base: DataOf[Kind] | null;
  by: string;
  /** The backend's current version (conflicts). */
  theirs: AnyRecord | undefined;
  message: string;
  /** The server's own reason for a refusal (`StorageError.detail`: its `validate_doc_update`), when it gave one. */
  detail?: string;
  at: string;
  /** The error itself; only on the live event, not on reports read back with `reports()`. */
  error?: Error;
}

/** A report as stored, before IndexedDB gives it its key. */
export type StoredReport = Omit<OutboxReport, 'error' | 'key'>;

/** A write waiting for the backend, as queued (`seq` is given by IndexedDB: delivery order). */
export interface QueuedWrite {
  seq?: number;
  op: 'create' | 'update';
  kind: Kind;
  id: string;
  baseRev: string | null;
  /**
   * The data of the version at `baseRev` when the write was queued (the base
   * of Load's three-way merge if delivery meets a newer version). Absent in
   * writes queued by an earlier version, and `null` when not known: Load then
   * lists every field where the versions differ.
   */
  base?: DataOf[Kind] | null;
  data: DataOf[Kind];
  by: string;
  /** The provisional record the write resolved with. */
  record: AnyRecord;
  queuedAt: string;
}

interface OutboxDb extends DBSchema {
  queue: { key: number; value: QueuedWrite };
  /** Pending rev → the rev it got on delivery, so writes based on a provisional record find their real base. */
  revs: { key: string; value: { pendingRev: string; rev: string; id: string } };
  reports: { key: number; value: StoredReport & { key?: number } };
}

/**
 * The outbox's IndexedDB database: the queue of waiting writes (oldest
 * first), the revs delivered writes got, and the reports of refused writes.
 * Instances on the same `name` share it (tabs, reloads). When the database
 * cannot be opened, every call rejects with `StorageError('unavailable')`.
 */
export class OutboxQueue {
  readonly name: string;
  private readonly db: Promise<IDBPDatabase<OutboxDb>>;

  constructor(name: string) {
    this.name = name;
    this.db = openDB<OutboxDb>(name, 1, {
      upgrade(db) {
        db.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
        db.createObjectStore('revs', { keyPath: 'pendingRev' });
        db.createObjectStore('reports', { keyPath: 'key', autoIncrement: true });
      },
    }).catch((error: unknown) => {
      throw new StorageError('unavailable', `the outbox (IndexedDB) could not be opened: ${String(error)}`);
    });
  }

  /** Resolves once the database is open. */
  async open(): Promise<void> {
    await this.db;
  }

  /** How many writes wait. */
  async count(): Promise<number> {
    return (await this.db).count('queue');
  }

  /** Every waiting write, oldest first. */
  async all(): Promise<QueuedWrite[]> {
    return (await this.db).getAll('queue');
  }

  /** The oldest waiting write, the next to deliver. */
  async head(): Promise<QueuedWrite | undefined> {
    const [item] = await (await this.db).getAll('queue', undefined, 1);
    return item;
  }

  /**
   * The waiting writes split by agent (issue #21): `ready`, oldest first, the
   * writes `mine` accepts (made by the current agent), except those behind a
   * waiting write of another agent to the same record (each is based on the one
   * before); `waiting`, how many wait for another agent (those, and the writes
   * held behind them).
   */
  async split(mine: (by: string) => boolean): Promise<{ ready: QueuedWrite[]; waiting: number }> {
    const held = new Set<string>();
    const ready: QueuedWrite[] = [];
    let waiting = 0;
    for (const item of await (await this.db).getAll('queue')) {
      if (!mine(item.by) || held.has(item.id)) {
        held.add(item.id);
        waiting += 1;
      } else ready.push(item);
    }
    return { ready, waiting };
  }

  /** The newest waiting write to record `id`. */
  async latest(id: string): Promise<QueuedWrite | undefined> {
    const all = await (await this.db).getAll('queue');
    return all.filter((item) => item.id === id).at(-1);
  }

  /** Queues a write at the end. */
  async add(item: QueuedWrite): Promise<void> {
    await (await this.db).add('queue', item);
  }

  /** The backend rev a (possibly pending) rev stands for; undefined when its write was never delivered. */
  async realRev(rev: string | null): Promise<string | undefined> {
    if (rev === null || !isPendingRev(rev)) return rev ?? undefined;
    const alias = await (await this.db).get('revs', rev);
    return alias?.rev;
  }

  /** Takes a delivered write off the queue and notes the rev it got, in one transaction. */
  async delivered(item: QueuedWrite, rev: string): Promise<void> {
    const tx = (await this.db).transaction(['queue', 'revs'], 'readwrite');
    void tx.objectStore('queue').delete(item.seq!);
    void tx.objectStore('revs').put({ pendingRev: item.record.rev, rev, id: item.id });
    await tx.done;
  }

  /**
   * Takes a refused write off the queue and keeps its report, in one
   * transaction. The later waiting writes of the same record depend on it
   * (each is based on the one before): they are taken off with it, and the
   * report keeps the newest of them as the agent's version (`mine`,
   * `provisional`), still with the first one's base. An earlier report of the
   * same record is superseded: deleted. Returns the report as kept.
   */
  async refused(item: QueuedWrite, report: StoredReport): Promise<{ key: number; stored: StoredReport; superseded: number[] }> {
    const tx = (await this.db).transaction(['queue', 'reports'], 'readwrite');
    const queue = tx.objectStore('queue');
    const reports = tx.objectStore('reports');
    void queue.delete(item.seq!);
    let stored = report;
    for (const later of await queue.getAll()) {
      if (later.id !== item.id || later.seq! <= item.seq!) continue;
      void queue.delete(later.seq!);
      stored = { ...stored, mine: later.data, provisional: later.record };
    }
    const superseded: number[] = [];
    for (const earlier of await reports.getAll()) {
      if (earlier.kind !== stored.kind || earlier.id !== stored.id || earlier.key === undefined) continue;
      superseded.push(earlier.key);
      void reports.delete(earlier.key);
    }
    const key = await reports.add(stored);
    await tx.done;
    return { key, stored, superseded };
  }

  /** Reports not yet dismissed, oldest first (`base: null` on those kept by an earlier version). */
  async reports(): Promise<OutboxReport[]> {
    return ((await (await this.db).getAll('reports')) as OutboxReport[]).map((report) => ({ ...report, base: report.base ?? null }));
  }

  /** Forgets one report. */
  async dismissReport(key: number): Promise<void> {
    await (await this.db).delete('reports', key);
  }

  /**
   * Empties the database — waiting writes, the revs of delivered ones, the
   * reports of refused ones — in one transaction, unless writes wait and
   * `drop` is false: then nothing is deleted. Resolves with how many writes
   * waited and how many reports were kept.
   */
  async clear(drop: boolean): Promise<{ cleared: boolean; waiting: number; refused: number }> {
    const tx = (await this.db).transaction(['queue', 'revs', 'reports'], 'readwrite');
    const [waiting, refused] = await Promise.all([tx.objectStore('queue').count(), tx.objectStore('reports').count()]);
    const cleared = drop || waiting === 0;
    if (cleared) await Promise.all([tx.objectStore('queue').clear(), tx.objectStore('revs').clear(), tx.objectStore('reports').clear()]);
    await tx.done;
    return { cleared, waiting, refused };
  }

  /** Closes the database (once open). */
  close(): void {
    void this.db.then((db) => db.close(), () => undefined);
  }

  /** Deletes the database: waiting writes and reports are lost. */
  async destroy(): Promise<void> {
    await deleteDB(this.name);
  }
}
