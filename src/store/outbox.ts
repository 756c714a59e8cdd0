import {
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
  StorageError,
  type ChangeListener,
  type ContactPoint,
  type ContextStore,
  type PageOptions,
  type SearchHit,
  type WriteOptions,
} from './context-store.js';
import { backoffDelay, type Backoff } from './backoff.js';
import { newId } from './keys.js';
import { deliverWrite, lostBase, refusalReport } from './outbox/delivery.js';
import { OutboxQueue, PENDING_REV_PREFIX, type OutboxReport, type QueuedWrite } from './outbox/queue.js';

export { isPendingRev, PENDING_REV_PREFIX, type OutboxReport } from './outbox/queue.js';

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

function unavailable(error: unknown): boolean {
  return error instanceof StorageError && error.reason === 'unavailable';
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
  private readonly queue: OutboxQueue;
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
    this.queue = new OutboxQueue(this.name);
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
    return this.queue.reports();
  }

  /** The agent dealt with a report (Load + save, or discard): forget it. */
  async dismissReport(key: number): Promise<void> {
    await this.queue.dismissReport(key);
  }

  /** Writes waiting, oldest first. */
  async pending(): Promise<Array<{ op: 'create' | 'update'; kind: Kind; id: string; record: AnyRecord }>> {
    return (await this.queue.all()).map(({ op, kind, id, record }) => ({ op, kind, id, record }));
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
        const base = await this.queue.realRev(baseRev);
        if (base === undefined) throw await lostBase(this.store, kind, id);
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

  /** Passes the watched customers on to the backend (`ContextStore.watch`). */
  watch(customerIds: readonly string[]): void {
    this.store.watch?.(customerIds);
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
    this.queue.close();
  }

  // ---- sign-out (`<customer-context>.clearLocalData()`) --------------------------

  /** How many writes wait for the backend (`count` of the queue; unlike `status.pending`, read from the database, so other tabs' count too). */
  async unsent(): Promise<number> {
    return this.queue.count();
  }

  /**
   * Tries to deliver the waiting writes now, oldest first, until none waits,
   * the backend is unreachable (or refuses the sign-in), or `timeoutMs` has
   * passed; resolves with `unsent()` then. Runs beside the delivery loop under
   * the same lock, so no write goes twice.
   */
  async deliverNow(timeoutMs: number): Promise<number> {
    this.failures = 0;
    const deadline = Date.now() + timeoutMs;
    const attempt = (async () => {
      await this.queue.open();
      while (!this.stop.signal.aborted && Date.now() < deadline) {
        const outcome = await this.withLock(() => this.deliverHead());
        if (outcome === 'settled') continue;
        if (outcome === 'empty') this.setStatus({ state: 'online', pending: 0 });
        if (outcome === 'unreachable') this.setStatus({ state: 'offline', pending: await this.queue.count() });
        return;
      }
    })().catch(() => undefined);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([attempt, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    return this.unsent();
  }

  /**
   * Empties the outbox's database (waiting writes, the revs of delivered ones,
   * the reports of refused ones) in one transaction, holding the delivery lock
   * so that no write is on its way meanwhile, in any tab. With writes waiting
   * and no `dropUnsent`, deletes nothing — nor when the lock is not free within
   * `timeoutMs` (a delivery hanging; with `dropUnsent` it clears anyway, and
   * the write on its way may still arrive). Resolves with whether it cleared,
   * how many writes waited (deleted, when it cleared) and how many reports of
   * refused writes it deleted.
   */
  async clearLocal(dropUnsent: boolean, timeoutMs: number): Promise<{ cleared: boolean; unsent: number; refused: number }> {
    const locks = globalThis.navigator?.locks;
    const clear = () => this.queue.clear(dropUnsent);
    let outcome: Awaited<ReturnType<typeof clear>>;
    try {
      outcome = locks ? await locks.request(this.lockName, { signal: AbortSignal.timeout(timeoutMs) }, clear) : await clear();
    } catch (error) {
      if (!(error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'))) throw error;
      // A delivery holds the lock and does not finish: a write is on its way (with `dropUnsent`, it may still arrive).
      if (!dropUnsent) return { cleared: false, unsent: Math.max(1, await this.unsent()), refused: 0 };
      outcome = await clear();
    }
    const { cleared, waiting: unsent, refused } = outcome;
    if (!cleared) return { cleared, unsent, refused: 0 };
    this.known.clear();
    if (this.current.pending > 0) this.setStatus(this.current.state === 'offline' ? { state: 'offline', pending: 0 } : { state: 'online', pending: 0 });
    return { cleared, unsent, refused };
  }

  /** Closes and deletes the outbox database: waiting writes and reports are lost (tests). */
  async destroy(): Promise<void> {
    this.close();
    await this.loop;
    await this.queue.destroy();
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
    return this.queue.count();
  }

  private async latestQueued(id: string): Promise<QueuedWrite | undefined> {
    return this.queue.latest(id);
  }

  private async enqueue(item: QueuedWrite): Promise<void> {
    await this.queue.add(item);
    this.remember(item.record);
    const pending = await this.queue.count();
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

  /** The Web Lock delivery holds, shared by every tab on the same outbox. */
  private get lockName(): string {
    return `customer-context-outbox:${this.name}`;
  }

  /** Runs `work` holding the outbox's lock, shared by every tab on the same outbox (Web Locks). */
  private async withLock<T>(work: () => Promise<T>): Promise<T | 'closed'> {
    const locks = globalThis.navigator?.locks;
    try {
      if (!locks) return await work();
      return (await locks.request(this.lockName, { signal: this.stop.signal }, work)) as T;
    } catch (error) {
      if (this.stop.signal.aborted) return 'closed';
      throw error;
    }
  }

  private async deliverAll(immediately: boolean): Promise<void> {
    await this.queue.open();
    if (!immediately) await this.pause();
    while (!this.stop.signal.aborted) {
      // One write per turn of the lock: the head is read and settled under it, so no two tabs deliver it.
      const outcome = await this.withLock(() => this.deliverHead());
      if (outcome === 'closed') return;
      if (outcome === 'empty') {
        if (this.suspect && !(await this.probe())) continue;
        this.failures = 0;
        this.setStatus({ state: 'online', pending: 0 });
        return;
      }
      const pending = await this.queue.count();
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

  private async deliverHead(): Promise<'empty' | 'unreachable' | 'settled'> {
    const item = await this.queue.head();
    if (!item) return 'empty';
    // While offline, a retry is not "delivering" yet: that shows once a write got through.
    if (this.current.state !== 'offline') this.setStatus({ state: 'delivering', pending: await this.queue.count() });
    let record: AnyRecord | undefined;
    let refusal: unknown;
    try {
      record = await deliverWrite(this.store, this.queue, item);
    } catch (error) {
      // Already accepted from the agent: a lapsed sign-in (`denied`) waits for the next one, it does not drop the write.
      if (unavailable(error) || (error instanceof StorageError && error.reason === 'denied')) return 'unreachable';
      refusal = error;
    }
    await this.settle(item, record, refusal);
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

  /** Takes a delivered or refused write off the queue; a refusal is kept as a report and announced. */
  private async settle(item: QueuedWrite, record: AnyRecord | undefined, refusal: unknown): Promise<void> {
    if (record) {
      this.remember(record);
      await this.queue.delivered(item, record.rev);
      return;
    }
    const { stored, error } = refusalReport(item, refusal, this.now().toISOString());
    const key = await this.queue.refused(item, stored);
    const report: OutboxReport = { ...stored, key, error };
    for (const listener of this.reportListeners) listener(report);
  }
}
