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
  ConflictError,
  type ChangeListener,
  type ContactPoint,
  type ContextStore,
  type MonthCount,
  type PageOptions,
  type SearchHit,
  type TagSuggestion,
  type WriteOptions,
} from './context-store.js';
import { backoffDelay, type Backoff } from './backoff.js';
import { newId } from './keys.js';
import { denied, deliverWrite, lostBase, refusalReport, unavailable } from './outbox/delivery.js';
import { SeenVersions } from './outbox/seen.js';
import { Pause } from './outbox/pause.js';
import { atMost, outboxLock, withLock, withLockWithin } from './outbox/lock.js';
import type { OutboxOptions, OutboxStatus } from './outbox/types.js';
import { OutboxQueue, PENDING_REV_PREFIX, type OutboxReport, type QueuedWrite } from './outbox/queue.js';
import { countsWithPending, pendingTombstones, withoutTombstones } from './outbox/pending.js';

export { isPendingRev, PENDING_REV_PREFIX, type OutboxReport } from './outbox/queue.js';
export type { OutboxOptions, OutboxStatus } from './outbox/types.js';

/** A provisional rev for a queued write (`isPendingRev`), replaced on delivery by the backend's. */
const pendingRev = (): string => `${PENDING_REV_PREFIX}${crypto.randomUUID()}`;

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
 * not applied twice. A write the backend refuses on delivery — a newer
 * revision (`ConflictError`), or its content (`validate_doc_update`'s 403,
 * 400, 413: `StorageError` `refused`, `unknown`, `quota`) — is removed from
 * the queue with the later writes of the same record (they depend on it) and
 * kept as one `OutboxReport` (the agent's newest version, the data it was
 * based on, theirs, the server's reason) announced through `onReport`, so the
 * session can show it on the record; nothing is overwritten, and the writes to
 * other records go on. Only network errors and 5xx (`unavailable`) are
 * retried with backoff; a refused sign-in (401, `denied`) waits, as
 * `signed-out`, for new headers or a `flush()`.
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
  /** Versions seen (read, written, or met in a conflict): the latest of each record, and the base data kept with a queued update. */
  private readonly seenVersions = new SeenVersions();
  private readonly stop = new AbortController();
  private current: OutboxStatus = { state: 'online', pending: 0 };
  private chain: Promise<unknown> = Promise.resolve();
  private loop: Promise<void> | undefined;
  private readonly waiting = new Pause();
  private failures = 0;
  /** A read failed as unreachable: probe the backend until it answers. */
  private suspect = false;
  /** The agents whose writes are delivered and whose reports are told (`setAgent`); `undefined`: every agent's. */
  private agents: ReadonlySet<string> | undefined;
  /** How many writes wait for another agent (last counted). */
  private others = 0;

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

  // ---- the agent ----------------------------------------------------------------

  /**
   * The agent now working with this outbox (issue #21): only the waiting writes
   * they made (`by`) are delivered — with the credentials the backend has now,
   * theirs — and only their reports are given (`reports`, `onReport`). Writes
   * of other agents wait, counted in `status.waitingForOthers`, until their
   * agent is set again; so do the later writes of the same record (each is
   * based on the one before). `also`: other authors whose writes count as the
   * agent's (the placeholder whose work the first named agent adopts).
   * `undefined` (the default): every agent's writes and reports.
   */
  setAgent(agentId: string | undefined, also: readonly string[] = []): void {
    const next = agentId === undefined ? undefined : new Set([agentId, ...also]);
    const same = next === undefined ? this.agents === undefined : this.agents !== undefined && this.agents.size === next.size && [...next].every((a) => this.agents!.has(a));
    if (same) return;
    this.agents = next;
    this.flush();
  }

  /** The agent set with `setAgent` (`undefined`: none, every agent's writes go). */
  get agent(): string | undefined {
    return this.agents ? [...this.agents][0] : undefined;
  }

  /** Whether a write or report by `by` is the current agent's. */
  private readonly mine = (by: string): boolean => this.agents === undefined || this.agents.has(by);

  // ---- status and reports -----------------------------------------------------

  get status(): OutboxStatus {
    return this.current;
  }

  /** Calls `listener` with every new status; returns the unsubscribe function. */
  onStatus(listener: (status: OutboxStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Calls `listener` for each write of the current agent refused on delivery (R4 caution for `reason: 'conflict'`). */
  onReport(listener: (report: OutboxReport) => void): () => void {
    this.reportListeners.add(listener);
    return () => this.reportListeners.delete(listener);
  }

  /** The current agent's reports not yet dismissed, oldest first (they survive reloads). */
  async reports(): Promise<OutboxReport[]> {
    return (await this.queue.reports()).filter((report) => this.mine(report.by));
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
      if (await this.direct(id)) {
        try {
          const record = await this.store.create(kind, clean, { by: options.by, id });
          this.reached();
          return this.seenVersions.remember(record);
        } catch (error) {
          if (!unavailable(error)) throw this.answered(error);
        }
      }
      const at = this.now().toISOString();
      const record = stamp(kind, clean, { id, rev: pendingRev(), createdAt: at, updatedAt: at, by: options.by });
      await this.enqueue({ op: 'create', kind, id, baseRev: null, base: null, data: clean, by: options.by, record, queuedAt: at });
      return record;
    });
  }

  async update<K extends Kind>(kind: K, id: string, baseRev: string, data: DataOf[K], options: WriteOptions): Promise<RecordOf[K]> {
    const clean = validateData(kind, data);
    return this.serially(async () => {
      if (await this.direct(id)) {
        const base = await this.queue.realRev(baseRev);
        if (base === undefined) throw await lostBase(this.store, kind, id);
        try {
          const record = await this.store.update(kind, id, base, clean, { by: options.by });
          this.reached();
          return this.seenVersions.remember(record);
        } catch (error) {
          if (error instanceof ConflictError) this.seenVersions.remember(error.current);
          if (!unavailable(error)) throw this.answered(error);
        }
      }
      const at = this.now().toISOString();
      const before = (await this.queue.latest(id))?.record ?? this.seenVersions.latest(id);
      const record = stamp(kind, clean, { id, rev: pendingRev(), createdAt: before?.createdAt ?? at, updatedAt: at, by: options.by });
      const baseData = await this.baseData(kind, id, baseRev);
      await this.enqueue({ op: 'update', kind, id, baseRev, base: baseData, data: clean, by: options.by, record, queuedAt: at });
      return record;
    });
  }

  /** Passed straight to the backend (seeding, imports): not queued. */
  import(records: readonly AnyRecord[]): Promise<void> {
    return this.read(() => this.store.import(records));
  }

  // ---- ContextStore: reads ----------------------------------------------------

  async get<K extends Kind>(kind: K, id: string): Promise<RecordOf[K] | undefined> {
    const queued = await this.queue.latest(id);
    if (queued && queued.kind === kind) return queued.record as RecordOf[K];
    const record = await this.read(() => this.store.get(kind, id));
    if (record) this.seenVersions.remember(record);
    return record;
  }

  /** The backend's answer, less the customers a waiting write made merged duplicates (issue #19). */
  async findByContact(point: ContactPoint): Promise<Customer[]> {
    const found = this.seenVersions.noteAll(await this.read(() => this.store.findByContact(point)));
    return withoutTombstones(found, pendingTombstones(await this.queue.all()));
  }

  /** The backend's hits, less the customers a waiting write made merged duplicates (issue #19). */
  async search(query: string, limit?: number): Promise<SearchHit[]> {
    const hits = await this.read(() => this.store.search(query, limit));
    this.seenVersions.noteAll(hits.map((hit) => hit.customer));
    const tombstones = pendingTombstones(await this.queue.all());
    return tombstones.size ? hits.filter((hit) => !tombstones.has(hit.customer.id)) : hits;
  }

  /** Passed to the store it wraps (reads only: nothing queued changes them). */
  tagSuggestions(prefix: string, limit?: number): Promise<TagSuggestion[]> {
    return this.read(() => this.store.tagSuggestions(prefix, limit));
  }

  async requestsOf(customerId: string): Promise<Request[]> {
    return this.seenVersions.noteAll(await this.read(() => this.store.requestsOf(customerId)));
  }

  async activitiesOf(customerId: string, page?: PageOptions): Promise<Activity[]> {
    return this.seenVersions.noteAll(await this.read(() => this.store.activitiesOf(customerId, page)));
  }

  countActivities(customerId: string): Promise<number> {
    return this.read(() => this.store.countActivities(customerId));
  }

  /** The backend's counts with the waiting activity writes counted in (`countsWithPending`, outbox/pending.ts). */
  async activityCounts(customerId: string, since: string): Promise<MonthCount[]> {
    const counts = await this.read(() => this.store.activityCounts(customerId, since));
    return countsWithPending(counts, await this.queue.all(), customerId, since, (id) => this.read(() => this.store.get('activity', id)));
  }

  async activityByInteraction(interactionId: string): Promise<Activity | undefined> {
    const activity = await this.read(() => this.store.activityByInteraction(interactionId));
    if (activity) this.seenVersions.note(activity);
    return activity;
  }

  /** The backend's changes, plus this outbox's provisional records (as `local`). */
  subscribe(listener: ChangeListener): () => void {
    const off = this.store.subscribe((change) => {
      this.seenVersions.note(change.record);
      listener(change);
    });
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
    this.waiting.wake();
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
        const outcome = await withLock(outboxLock(this.name), this.stop.signal, () => this.deliverHead());
        if (outcome === 'settled') continue;
        if (outcome === 'empty') this.setStatus({ state: 'online', pending: 0 });
        if (outcome === 'unreachable') this.setStatus({ state: 'offline', pending: await this.ownCount() });
        if (outcome === 'signed-out') this.setStatus({ state: 'signed-out', pending: await this.ownCount() });
        return;
      }
    })().catch(() => undefined);
    await atMost(attempt, timeoutMs);
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
    const clear = () => this.queue.clear(dropUnsent);
    let outcome = await withLockWithin(outboxLock(this.name), timeoutMs, clear);
    if (outcome === 'busy') {
      // A delivery holds the lock and does not finish: a write is on its way (with `dropUnsent`, it may still arrive).
      if (!dropUnsent) return { cleared: false, unsent: Math.max(1, await this.unsent()), refused: 0 };
      outcome = await clear();
    }
    const { cleared, waiting: unsent, refused } = outcome;
    if (!cleared) return { cleared, unsent, refused: 0 };
    this.seenVersions.clearLatest();
    this.others = 0;
    if (this.current.pending > 0 || this.current.waitingForOthers) {
      const state = this.current.state;
      this.setStatus(state === 'offline' || state === 'signed-out' ? { state, pending: 0 } : { state: 'online', pending: 0 });
    }
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
    if ((await this.queue.count()) === 0) return;
    const pending = await this.ownCount();
    this.setStatus(pending > 0 ? { state: 'delivering', pending } : { state: 'online', pending: 0 });
    this.kick();
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
      throw this.answered(error);
    }
  }

  /** The backend answered: deliver now if something waits. */
  private reached(): void {
    this.suspect = false;
    if (this.current.state === 'offline' || this.current.state === 'signed-out') {
      if (this.current.pending === 0) this.setStatus({ state: 'online', pending: 0 });
      this.flush();
    }
  }

  /** A call the backend answered with an error: a refused sign-in shows as `signed-out` (the writes waiting, if any, wait for it). */
  private answered(error: unknown): unknown {
    if (denied(error) && this.current.state !== 'signed-out') this.setStatus({ state: 'signed-out', pending: this.current.pending });
    return error;
  }

  /** The data of the version `baseRev` of record `id` (pending or real), when the outbox saw it; else null. */
  private async baseData(kind: Kind, id: string, baseRev: string): Promise<DataOf[Kind] | null> {
    const queued = (await this.queue.all()).find((item) => item.id === id && item.record.rev === baseRev);
    if (queued) return structuredClone(queued.data);
    const real = await this.queue.realRev(baseRev);
    const record = this.seenVersions.version(id, baseRev) ?? (real === undefined ? undefined : this.seenVersions.version(id, real));
    if (!record || record.type !== kind) return null;
    try {
      return validateData(kind, record);
    } catch {
      return null; // a stored record that breaks the rules: no base to merge against
    }
  }

  /** The current agent's writes that delivery sends now; notes how many wait for other agents. */
  private async ownCount(): Promise<number> {
    const { ready, waiting } = await this.queue.split(this.mine);
    this.others = waiting;
    return ready.length;
  }

  /** Whether a write to record `id` goes straight to the backend: none of the agent's waits, nor any to that record (order is kept). */
  private async direct(id: string): Promise<boolean> {
    return !(await this.queue.all()).some((item) => this.mine(item.by) || item.id === id);
  }

  private async enqueue(item: QueuedWrite): Promise<void> {
    await this.queue.add(item);
    this.seenVersions.remember(item.record);
    const pending = await this.ownCount();
    const state = this.current.state === 'signed-out' ? 'signed-out' : this.loop && this.current.state === 'delivering' ? 'delivering' : 'offline';
    this.setStatus({ state, pending });
    const change = { kind: item.kind, id: item.id, rev: item.record.rev, by: item.by, record: item.record, source: 'local' as const };
    for (const listener of this.localListeners) listener(change);
    this.kick(false);
  }

  private setStatus(given: OutboxStatus): void {
    const { waitingForOthers: _, ...bare } = given;
    const status: OutboxStatus = this.others > 0 ? { ...bare, waitingForOthers: this.others } : bare;
    if (status.state === this.current.state && status.pending === this.current.pending && status.waitingForOthers === this.current.waitingForOthers) return;
    this.current = status;
    for (const listener of this.statusListeners) listener(status);
  }

  /** Starts the delivery loop (or wakes it when `now`). */
  private kick(now = true): void {
    if (this.stop.signal.aborted) return;
    if (this.loop) {
      if (now) this.waiting.wake();
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
  private async deliverAll(immediately: boolean): Promise<void> {
    await this.queue.open();
    if (!immediately) await this.pause();
    while (!this.stop.signal.aborted) {
      // One write per turn of the lock: the head is read and settled under it, so no two tabs deliver it.
      const outcome = await withLock(outboxLock(this.name), this.stop.signal, () => this.deliverHead());
      if (outcome === 'closed') return;
      if (outcome === 'empty') {
        if (this.suspect && !(await this.probe())) continue;
        this.failures = 0;
        this.setStatus({ state: 'online', pending: 0 });
        return;
      }
      const pending = await this.ownCount();
      if (outcome === 'unreachable') {
        this.failures += 1;
        this.setStatus({ state: 'offline', pending });
        await this.pause();
        continue;
      }
      if (outcome === 'signed-out') {
        // Not retried on a timer: the same credentials would be refused again. New headers
        // (`Backend.setHeaders`), a `flush()`, the browser's `online` or a call the backend answers wake it.
        this.failures = 0;
        this.setStatus({ state: 'signed-out', pending });
        await this.pause(false);
        continue;
      }
      this.failures = 0;
      if (pending > 0) this.setStatus({ state: 'delivering', pending });
    }
  }

  private async deliverHead(): Promise<'empty' | 'unreachable' | 'signed-out' | 'settled'> {
    // The oldest write of the current agent's (another agent's wait for them: issue #21).
    const { ready, waiting } = await this.queue.split(this.mine);
    this.others = waiting;
    const item = ready[0];
    if (!item) return 'empty';
    // While offline (or signed out), a retry is not "delivering" yet: that shows once a write got through.
    if (this.current.state !== 'offline' && this.current.state !== 'signed-out') this.setStatus({ state: 'delivering', pending: ready.length });
    let record: AnyRecord | undefined;
    let refusal: unknown;
    try {
      record = await deliverWrite(this.store, this.queue, item);
    } catch (error) {
      // Network errors and 5xx are retried; a lapsed sign-in (`denied`) waits for the next one.
      // Either way the write was accepted from the agent: it is not dropped.
      if (unavailable(error)) return 'unreachable';
      if (denied(error)) return 'signed-out';
      refusal = error;
    }
    await this.settle(item, record, refusal);
    return 'settled';
  }

  /** Waits out the backoff (cut short by `flush`, a successful call, or close); without `timed`, only for those. */
  private pause(timed = true): Promise<void> {
    return this.waiting.wait(timed ? backoffDelay(this.backoff, Math.max(1, this.failures)) : undefined, this.stop.signal);
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
      this.seenVersions.remember(record);
      await this.queue.delivered(item, record.rev);
      return;
    }
    if (refusal instanceof ConflictError) this.seenVersions.note(refusal.current);
    const { stored: made, error } = refusalReport(item, refusal, this.now().toISOString());
    const { key, stored } = await this.queue.refused(item, made);
    const report: OutboxReport = { ...stored, key, error };
    // Told to its own agent only (it may have left meanwhile: the report is kept for their return).
    if (!this.mine(report.by)) return;
    for (const listener of this.reportListeners) listener(report);
  }
}
