import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import {
  sameData,
  stamp,
  validateData,
  type Activity,
  type AnyRecord,
  type Customer,
  type DataOf,
  type Kind,
  type RecordOf,
  type Request,
} from '../model/index.js';
import {
  ConflictError,
  NotFoundError,
  StorageError,
  type ChangeListener,
  type ContactPoint,
  type ContextStore,
  type PageOptions,
  type SearchHit,
  type WriteOptions,
} from './context-store.js';
import { backoffDelay, type Backoff } from './couchdb-store.js';
import { newId } from './keys.js';

/** Revs of provisional records (written while the backend was unreachable) start with this. */
export const PENDING_REV_PREFIX = 'pending:';

/** Is this the rev of a provisional record, accepted by the outbox but not yet delivered? */
export function isPendingRev(rev: string): boolean {
  return rev.startsWith(PENDING_REV_PREFIX);
}

/**
 * What the outbox is doing, for the gadget's status line:
 * - `online`: nothing waiting, the backend answered last time;
 * - `offline`: the backend is unreachable; `pending` writes wait (0 when only a read failed);
 * - `delivering`: sending the waiting writes, oldest first.
 */
export type OutboxStatus =
  | { state: 'online'; pending: 0 }
  | { state: 'offline'; pending: number }
  | { state: 'delivering'; pending: number };

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
  by: string;
  /** The backend's current version (conflicts). */
  theirs: AnyRecord | undefined;
  message: string;
  at: string;
  /** The error itself; only on the live event, not on reports read back with `reports()`. */
  error?: Error;
}

export interface OutboxOptions {
  /** IndexedDB database holding the queue. Instances on the same name share it (tabs, reloads). Default `customer-context-outbox`. */
  name?: string;
  /** Wait between delivery attempts while the backend is unreachable. Default 1 s doubling to 30 s. */
  backoff?: Backoff;
  /** Clock, for tests. */
  now?: () => Date;
  /** Close the wrapped store with the outbox. Default true. */
  closeStore?: boolean;
}

interface QueuedWrite {
  seq?: number;
  op: 'create' | 'update';
  kind: Kind;
  id: string;
  baseRev: string | null;
  data: DataOf[Kind];
  by: string;
  record: AnyRecord;
  queuedAt: string;
}

interface OutboxDb extends DBSchema {
  queue: { key: number; value: QueuedWrite };
  /** Pending rev → the rev it got on delivery, so writes based on a provisional record find their real base. */
  revs: { key: string; value: { pendingRev: string; rev: string; id: string } };
  reports: { key: number; value: Omit<OutboxReport, 'error' | 'key'> & { key?: number } };
}

function unavailable(error: unknown): boolean {
  return error instanceof StorageError && error.reason === 'unavailable';
}

/** Is `current` this very write (delivered before, its answer lost)? */
function sameWrite(current: AnyRecord, item: QueuedWrite): boolean {
  if (current.updatedBy !== item.by || current.type !== item.kind) return false;
  try {
    return sameData(validateData(item.kind, current), item.data);
  } catch {
    return false;
  }
}

/**
 * Keeps writes the backend cannot take (network error, 5xx, time-out: a
 * `StorageError('unavailable')`) in IndexedDB and delivers them, in order,
 * when it is back. Wraps any `ContextStore` (normally a `CouchDbStore`) and is
 * one itself.
 *
 * **Writes.** While nothing waits, a write goes straight to the backend. If
 * the backend is unreachable, or earlier writes still wait (order is kept),
 * the write is queued with its base `rev` and resolves at once with a
 * *provisional* record: data as written, `updatedAt` now, and a rev that
 * `isPendingRev()` recognises. Use that record as usual: a later update based
 * on its pending rev is chained to it (on delivery the pending rev is replaced
 * by the rev the backend gave). Invalid data is refused at once
 * (`ValidationError`), never queued.
 *
 * **Delivery** runs oldest first with backoff between attempts, in one tab at
 * a time (Web Locks), and survives reloads: a new `Outbox` on the same `name`
 * picks the queue up. A write whose earlier answer was lost is recognised and
 * not applied twice. A write the backend refuses on delivery (a newer
 * revision: `ConflictError`) is removed from the queue and kept as an
 * `OutboxReport` (the agent's version and theirs) announced through
 * `onReport`, so the session can show R4's caution; nothing is overwritten.
 *
 * **Reads** go to the backend: while it is unreachable they reject with
 * `StorageError('unavailable')`, except `get` of a record with a waiting
 * write, which answers with the provisional record. `import` is not queued.
 *
 * **Status** (`status`, `onStatus`): `online`, `offline` with `pending`
 * writes waiting, `delivering`.
 */
export class Outbox implements ContextStore {
  readonly name: string;
  /** The identity of the store it delivers to: the data is that store's. */
  readonly identity: string | undefined;
  /** Resolves once the queue left by an earlier instance is loaded (delivery starts then). */
  readonly ready: Promise<void>;
  private readonly store: ContextStore;
  private readonly backoff: Backoff;
  private readonly now: () => Date;
  private readonly closeStore: boolean;
  private readonly dbPromise: Promise<IDBPDatabase<OutboxDb>>;
  private readonly statusListeners = new Set<(status: OutboxStatus) => void>();
  private readonly reportListeners = new Set<(report: OutboxReport) => void>();
  private readonly localListeners = new Set<ChangeListener>();
  private readonly known = new Map<string, AnyRecord>();
  private readonly stop = new AbortController();
  private current: OutboxStatus = { state: 'online', pending: 0 };
  private chain: Promise<unknown> = Promise.resolve();
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private failures = 0;
  /** A read failed as unreachable: probe the backend until it answers. */
  private suspect = false;

  constructor(store: ContextStore, options: OutboxOptions = {}) {
    this.store = store;
    this.identity = store.identity;
    this.name = options.name ?? 'customer-context-outbox';
    this.backoff = options.backoff ?? { initialMs: 1000, maxMs: 30_000 };
    this.now = options.now ?? (() => new Date());
    this.closeStore = options.closeStore ?? true;
    this.dbPromise = openDB<OutboxDb>(this.name, 1, {
      upgrade(db) {
        db.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
        db.createObjectStore('revs', { keyPath: 'pendingRev' });
        db.createObjectStore('reports', { keyPath: 'key', autoIncrement: true });
      },
    }).catch((error: unknown) => {
      throw new StorageError('unavailable', `the outbox (IndexedDB) could not be opened: ${String(error)}`);
    });
    this.ready = this.start();
    globalThis.addEventListener?.('online', this.onBrowserOnline);
  }

  // ---- status and reports -----------------------------------------------------

  get status(): OutboxStatus {
    return this.current;
  }

  /** Calls `listener` with every new status; returns the unsubscribe function. */
  onStatus(listener: (status: OutboxStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Calls `listener` for each write refused on delivery (R4 caution for `reason: 'conflict'`). */
  onReport(listener: (report: OutboxReport) => void): () => void {
    this.reportListeners.add(listener);
    return () => this.reportListeners.delete(listener);
  }

  /** Reports not yet dismissed, oldest first (they survive reloads). */
  async reports(): Promise<OutboxReport[]> {
    const db = await this.dbPromise;
    return (await db.getAll('reports')) as OutboxReport[];
  }

  /** The agent dealt with a report (Load + save, or discard): forget it. */
  async dismissReport(key: number): Promise<void> {
    const db = await this.dbPromise;
    await db.delete('reports', key);
  }

  /** Writes waiting, oldest first. */
  async pending(): Promise<Array<{ op: 'create' | 'update'; kind: Kind; id: string; record: AnyRecord }>> {
    const db = await this.dbPromise;
    return (await db.getAll('queue')).map(({ op, kind, id, record }) => ({ op, kind, id, record }));
  }

  /** Try delivering now, skipping the rest of the current backoff wait. */
  flush(): void {
    this.failures = 0;
    this.kick();
  }

  // ---- ContextStore: writes ---------------------------------------------------

  async create<K extends Kind>(kind: K, data: DataOf[K], options: WriteOptions): Promise<RecordOf[K]> {
    const clean = validateData(kind, data);
    const id = options.id ?? newId(kind);
    return this.serially(async () => {
      if ((await this.queueLength()) === 0) {
        try {
          const record = await this.store.create(kind, clean, { by: options.by, id });
          this.reached();
          return this.remember(record);
        } catch (error) {
          if (!unavailable(error)) throw error;
        }
      }
      const at = this.now().toISOString();
      const record = stamp(kind, clean, { id, rev: this.pendingRev(), createdAt: at, updatedAt: at, by: options.by });
      await this.enqueue({ op: 'create', kind, id, baseRev: null, data: clean, by: options.by, record, queuedAt: at });
      return record;
    });
  }

  async update<K extends Kind>(kind: K, id: string, baseRev: string, data: DataOf[K], options: WriteOptions): Promise<RecordOf[K]> {
    const clean = validateData(kind, data);
    return this.serially(async () => {
      if ((await this.queueLength()) === 0) {
        const base = await this.realRev(baseRev);
        if (base === undefined) throw await this.lostBase(kind, id);
        try {
          const record = await this.store.update(kind, id, base, clean, { by: options.by });
          this.reached();
          return this.remember(record);
        } catch (error) {
          if (!unavailable(error)) throw error;
        }
      }
      const at = this.now().toISOString();
      const before = (await this.latestQueued(id))?.record ?? this.known.get(id);
      const record = stamp(kind, clean, { id, rev: this.pendingRev(), createdAt: before?.createdAt ?? at, updatedAt: at, by: options.by });
      await this.enqueue({ op: 'update', kind, id, baseRev, data: clean, by: options.by, record, queuedAt: at });
      return record;
    });
  }

  /** Passed straight to the backend (seeding, imports): not queued. */
  import(records: readonly AnyRecord[]): Promise<void> {
    return this.read(() => this.store.import(records));
  }

  // ---- ContextStore: reads ----------------------------------------------------

  async get<K extends Kind>(kind: K, id: string): Promise<RecordOf[K] | undefined> {
    const queued = await this.latestQueued(id);
    if (queued && queued.kind === kind) return queued.record as RecordOf[K];
    const record = await this.read(() => this.store.get(kind, id));
    if (record) this.remember(record);
    return record;
  }

  findByContact(point: ContactPoint): Promise<Customer[]> {
    return this.read(() => this.store.findByContact(point));
  }

  search(query: string, limit?: number): Promise<SearchHit[]> {
    return this.read(() => this.store.search(query, limit));
  }

  requestsOf(customerId: string): Promise<Request[]> {
    return this.read(() => this.store.requestsOf(customerId));
  }

  activitiesOf(customerId: string, page?: PageOptions): Promise<Activity[]> {
    return this.read(() => this.store.activitiesOf(customerId, page));
  }

  countActivities(customerId: string): Promise<number> {
    return this.read(() => this.store.countActivities(customerId));
  }

  activityByInteraction(interactionId: string): Promise<Activity | undefined> {
    return this.read(() => this.store.activityByInteraction(interactionId));
  }

  /** The backend's changes, plus this outbox's provisional records (as `local`). */
  subscribe(listener: ChangeListener): () => void {
    const off = this.store.subscribe(listener);
    this.localListeners.add(listener);
    return () => {
      off();
      this.localListeners.delete(listener);
    };
  }

  close(): void {
    if (this.stop.signal.aborted) return;
    this.stop.abort();
    this.wake?.();
    globalThis.removeEventListener?.('online', this.onBrowserOnline);
    this.statusListeners.clear();
    this.reportListeners.clear();
    this.localListeners.clear();
    if (this.closeStore) this.store.close();
    void this.dbPromise.then((db) => db.close(), () => undefined);
  }

  /** Closes and deletes the outbox database: waiting writes and reports are lost (tests). */
  async destroy(): Promise<void> {
    this.close();
    await this.loop;
    await deleteDB(this.name);
  }

  // ---- internals ----------------------------------------------------------------

  private readonly onBrowserOnline = () => this.flush();

  private async start(): Promise<void> {
    const pending = await this.queueLength();
    if (pending > 0) {
      this.setStatus({ state: 'delivering', pending });
      this.kick();
    }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.chain.then(async () => {
      await this.ready.catch(() => undefined);
      return work();
    });
    this.chain = result.catch(() => undefined);
    return result;
  }

  private async read<T>(work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.reached();
      return result;
    } catch (error) {
      if (unavailable(error)) {
        this.suspect = true;
        if (this.current.state === 'online') this.setStatus({ state: 'offline', pending: 0 });
        this.kick();
      }
      throw error;
    }
  }

  /** The backend answered: deliver now if something waits. */
  private reached(): void {
    this.suspect = false;
    if (this.current.state === 'offline') {
      if (this.current.pending === 0) this.setStatus({ state: 'online', pending: 0 });
      this.flush();
    }
  }

  private pendingRev(): string {
    return `${PENDING_REV_PREFIX}${crypto.randomUUID()}`;
  }

  private remember<R extends AnyRecord>(record: R): R {
    this.known.delete(record.id);
    this.known.set(record.id, record);
    if (this.known.size > 500) this.known.delete(this.known.keys().next().value!);
    return record;
  }

  private async queueLength(): Promise<number> {
    return (await this.dbPromise).count('queue');
  }

  private async latestQueued(id: string): Promise<QueuedWrite | undefined> {
    const db = await this.dbPromise;
    const all = await db.getAll('queue');
    return all.filter((item) => item.id === id).at(-1);
  }

  /** The backend rev a (possibly pending) rev stands for; undefined when its write was never delivered. */
  private async realRev(rev: string | null): Promise<string | undefined> {
    if (rev === null || !isPendingRev(rev)) return rev ?? undefined;
    const alias = await (await this.dbPromise).get('revs', rev);
    return alias?.rev;
  }

  /** A write based on a provisional record whose own write was refused: the base never reached the backend. */
  private async lostBase(kind: Kind, id: string): Promise<Error> {
    const current = await this.store.get(kind, id);
    return current ? new ConflictError(kind, id, current) : new NotFoundError(kind, id);
  }

  private async enqueue(item: QueuedWrite): Promise<void> {
    const db = await this.dbPromise;
    await db.add('queue', item);
    this.remember(item.record);
    const pending = await db.count('queue');
    this.setStatus({ state: this.loop && this.current.state === 'delivering' ? 'delivering' : 'offline', pending });
    const change = { kind: item.kind, id: item.id, rev: item.record.rev, by: item.by, record: item.record, source: 'local' as const };
    for (const listener of this.localListeners) listener(change);
    this.kick(false);
  }

  private setStatus(status: OutboxStatus): void {
    if (status.state === this.current.state && status.pending === this.current.pending) return;
    this.current = status;
    for (const listener of this.statusListeners) listener(status);
  }

  /** Starts the delivery loop (or wakes it when `now`). */
  private kick(now = true): void {
    if (this.stop.signal.aborted) return;
    if (this.loop) {
      if (now) this.wake?.();
      return;
    }
    this.loop = this.deliverAll(now)
      .catch(() => {
        // IndexedDB itself failed (or closed under us): nothing was lost, the queue is
        // still there. Try again after a pause unless closed.
        if (this.stop.signal.aborted) return;
        this.failures += 1;
        setTimeout(() => this.kick(), backoffDelay(this.backoff, this.failures));
      })
      .finally(() => {
        this.loop = undefined;
      });
  }

  /** Runs `work` holding the outbox's lock, shared by every tab on the same outbox (Web Locks). */
  private async withLock<T>(work: () => Promise<T>): Promise<T | 'closed'> {
    const locks = globalThis.navigator?.locks;
    try {
      if (!locks) return await work();
      return (await locks.request(`customer-context-outbox:${this.name}`, { signal: this.stop.signal }, work)) as T;
    } catch (error) {
      if (this.stop.signal.aborted) return 'closed';
      throw error;
    }
  }

  private async deliverAll(immediately: boolean): Promise<void> {
    const db = await this.dbPromise;
    if (!immediately) await this.pause();
    while (!this.stop.signal.aborted) {
      // One write per turn of the lock: the head is read and settled under it, so no two tabs deliver it.
      const outcome = await this.withLock(() => this.deliverHead(db));
      if (outcome === 'closed') return;
      if (outcome === 'empty') {
        if (this.suspect && !(await this.probe())) continue;
        this.failures = 0;
        this.setStatus({ state: 'online', pending: 0 });
        return;
      }
      const pending = await db.count('queue');
      if (outcome === 'unreachable') {
        this.failures += 1;
        this.setStatus({ state: 'offline', pending });
        await this.pause();
        continue;
      }
      this.failures = 0;
      if (pending > 0) this.setStatus({ state: 'delivering', pending });
    }
  }

  private async deliverHead(db: IDBPDatabase<OutboxDb>): Promise<'empty' | 'unreachable' | 'settled'> {
    const [item] = await db.getAll('queue', undefined, 1);
    if (!item) return 'empty';
    // While offline, a retry is not "delivering" yet: that shows once a write got through.
    if (this.current.state !== 'offline') this.setStatus({ state: 'delivering', pending: await db.count('queue') });
    let record: AnyRecord | undefined;
    let refusal: unknown;
    try {
      record = await this.deliver(item);
    } catch (error) {
      // Already accepted from the agent: a lapsed sign-in (`denied`) waits for the next one, it does not drop the write.
      if (unavailable(error) || (error instanceof StorageError && error.reason === 'denied')) return 'unreachable';
      refusal = error;
    }
    await this.settle(db, item, record, refusal);
    return 'settled';
  }

  /** Waits out the backoff (cut short by `flush`, a successful call, or close). */
  private pause(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, backoffDelay(this.backoff, Math.max(1, this.failures)));
      this.wake = done;
    });
  }

  /** With nothing queued but a read failed: is the backend back? */
  private async probe(): Promise<boolean> {
    try {
      const ping = (this.store as { ping?: () => Promise<void> }).ping;
      if (ping) await ping.call(this.store);
      else await this.store.get('customer', 'customer:outbox-probe');
      this.suspect = false;
      return true;
    } catch (error) {
      if (!unavailable(error)) {
        this.suspect = false;
        return true;
      }
      this.failures += 1;
      this.setStatus({ state: 'offline', pending: 0 });
      await this.pause();
      return false;
    }
  }

  private async deliver(item: QueuedWrite): Promise<AnyRecord> {
    if (item.op === 'create') {
      try {
        return await this.store.create(item.kind, item.data, { by: item.by, id: item.id });
      } catch (error) {
        if (error instanceof ConflictError && sameWrite(error.current, item)) return error.current;
        throw error;
      }
    }
    const base = await this.realRev(item.baseRev);
    if (base === undefined) throw await this.lostBase(item.kind, item.id);
    try {
      return await this.store.update(item.kind, item.id, base, item.data, { by: item.by });
    } catch (error) {
      if (error instanceof ConflictError && sameWrite(error.current, item)) return error.current;
      throw error;
    }
  }

  private async settle(db: IDBPDatabase<OutboxDb>, item: QueuedWrite, record: AnyRecord | undefined, refusal: unknown): Promise<void> {
    const tx = db.transaction(['queue', 'revs', 'reports'], 'readwrite');
    void tx.objectStore('queue').delete(item.seq!);
    let report: OutboxReport | undefined;
    if (record) {
      void tx.objectStore('revs').put({ pendingRev: item.record.rev, rev: record.rev, id: item.id });
      this.remember(record);
    } else {
      const error = refusal instanceof Error ? refusal : new Error(String(refusal));
      const stored: Omit<OutboxReport, 'error' | 'key'> = {
        reason: error instanceof ConflictError ? 'conflict' : error instanceof NotFoundError ? 'not-found' : 'refused',
        op: item.op,
        kind: item.kind,
        id: item.id,
        mine: item.data,
        provisional: item.record,
        baseRev: item.baseRev,
        by: item.by,
        theirs: error instanceof ConflictError ? error.current : undefined,
        message: error.message,
        at: this.now().toISOString(),
      };
      const key = await tx.objectStore('reports').add(stored);
      report = { ...stored, key, error };
    }
    await tx.done;
    if (report) for (const listener of this.reportListeners) listener(report);
  }
}
