import type { AnyRecord } from '../../model/index.js';
import { backoffDelay, type Backoff } from '../backoff.js';
import type { ChangeListener, StoreChange } from '../context-store.js';
import { isKind, RESOLUTION, toRecord, type Doc } from './docs.js';
import { RequestTimeout, STOPPED, type CouchHttp } from './http.js';
import { canShareFeed, SharedFeed, type ChangeRow } from './shared-feed.js';

/** How a poll of `_changes` ended (diagnostics). */
export type PollOutcome = 'changes' | 'timeout' | 'error';

export interface ChangeFeedOptions {
  /** Follow `_changes` while someone is subscribed. */
  live: boolean;
  /** `timeout` asked of the server for one longpoll. */
  pollTimeoutMs: number;
  /** The client aborts a longpoll still open after this long and polls again. */
  abortAfterMs: number;
  /** Wait between failed polls. */
  backoff: Backoff;
  /** Called after each poll with how it ended. */
  onPoll?: ((outcome: PollOutcome) => void) | undefined;
  /** Where the last `seq` seen is kept, so a reload resumes from it (see `SeqCheckpoint`). */
  checkpoint?: SeqCheckpoint | undefined;
}

/** Keeps the change feed's last `seq` across reloads (`localSeqCheckpoint`: localStorage). */
export interface SeqCheckpoint {
  read(): string | undefined;
  write(seq: string): void;
}

/** A `SeqCheckpoint` in localStorage under `key`; a browser that refuses storage keeps none. */
export function localSeqCheckpoint(key: string): SeqCheckpoint {
  return {
    read() {
      try {
        return globalThis.localStorage?.getItem(key) ?? undefined;
      } catch {
        return undefined;
      }
    },
    write(seq) {
      try {
        globalThis.localStorage?.setItem(key, seq);
      } catch {
        // No storage (private mode, quota): the next reload starts from the database's current seq.
      }
    },
  };
}

/** Is a `_changes` row about one of these customers (what `watchSelector` selects)? All rows when undefined. */
function concerns(row: ChangeRow, customerIds: readonly string[] | undefined, presenceIds: readonly string[] = []): boolean {
  if (!customerIds) return true;
  const doc = row.doc;
  if (doc && (doc.type as string) === PRESENCE_TYPE) return namesAny(doc, customerIds) || namesAny(doc, presenceIds);
  if (customerIds.includes(row.id)) return true;
  if (!doc) return false;
  // Its customer's, or moved away from one (issue #19: `movedFrom`).
  const names = (field: 'customerId' | 'movedFrom') => typeof doc[field] === 'string' && customerIds.includes(doc[field]);
  return names('customerId') || names('movedFrom');
}

/** The `type` of presence documents (`store/presence/couchdb.ts`): never a record, handed to the presence listeners. */
export const PRESENCE_TYPE = 'presence';

/** Does a presence document name one of these customers in its `entries`? */
function namesAny(doc: Record<string, unknown>, customerIds: readonly string[]): boolean {
  const entries = doc.entries;
  return Array.isArray(entries) && entries.some((entry: unknown) => typeof entry === 'object' && entry !== null && customerIds.includes((entry as { customerId?: unknown }).customerId as string));
}

/**
 * The Mango selector of the watched customers: their own documents, their
 * requests and activities, the activities moved away from them (`movedFrom`,
 * issue #19: the agents who have the old customer open see it leave); and the
 * presence documents (issue #18 item 2) that name one of them, or one of `presenceIds` (customers shown in Recent or the
 * search results, whose records are not followed), in an entry.
 */
export function watchSelector(customerIds: readonly string[], presenceIds: readonly string[] = []): Record<string, unknown> {
  const ids = [...customerIds];
  const present = [...new Set([...ids, ...presenceIds])];
  const presence = { type: PRESENCE_TYPE, entries: { $elemMatch: { customerId: { $in: present } } } };
  return { $or: [{ _id: { $in: ids } }, { customerId: { $in: ids } }, { movedFrom: { $in: ids } }, ...(present.length ? [presence] : [])] };
}

/** A presence document as the feed brought it (`live`), for the presence part of the backend. */
export type PresenceListener = (doc: Record<string, unknown>) => void;

/** The feeds made with each checkpoint: how the presence part finds the feed of its store (`presenceFeedOf`). */
const feedsByCheckpoint = new WeakMap<SeqCheckpoint, ChangeFeed>();

/**
 * The change feed made with `checkpoint` (as `createStore` passes it to its
 * `CouchDbStore`), for the presence part of the same backend: presence rides
 * on the agent's own feed instead of a longpoll of its own.
 */
export function presenceFeedOf(checkpoint: SeqCheckpoint): ChangeFeed | undefined {
  return feedsByCheckpoint.get(checkpoint);
}

/**
 * The changes of `CouchDbStore` and its subscribers. Changes by other agents
 * arrive through `_changes?feed=longpoll` while someone is subscribed, as
 * `source: 'remote'`; this store's own writes are announced at once as
 * `source: 'local'` (`announce`) and skipped when the feed brings them back.
 * `since` is CouchDB's opaque sequence: the checkpoint's (the last one this
 * browser saw, so changes made while the page was away still arrive), else
 * the database's `update_seq` when the feed is made.
 *
 * What it follows: the whole database until `watch` is called; from then on
 * only the watched customers (`POST _changes?filter=_selector`, see
 * `watchSelector`), re-targeted at once when the set changes and resumed from
 * the same `seq`, so nothing in between is missed. An empty set polls nothing.
 *
 * Many tabs: where the browser has Web Locks and BroadcastChannel, the feeds of
 * one browser profile on one database share one longpoll (`SharedFeed`): one
 * tab leads and polls for every tab's watched customers, the others take what
 * concerns them from what it broadcasts. Without them each feed polls itself.
 */
export class ChangeFeed {
  private readonly http: CouchHttp;
  private readonly live: boolean;
  private readonly pollTimeoutMs: number;
  private readonly abortAfterMs: number;
  private readonly backoff: Backoff;
  private readonly onPoll: ((outcome: PollOutcome) => void) | undefined;
  private readonly listeners = new Set<ChangeListener>();
  /** `id rev` of writes this instance made, so the feed does not announce them again. */
  private readonly ownRevs = new Set<string>();
  /** Writes under way, by document id: settled (either way) when their answer is in. */
  private readonly writing = new Map<string, Promise<void>>();
  /** Ends the change feed's wait between failed polls. */
  private wakeFeed: (() => void) | undefined;
  private since: Promise<string> | undefined;
  private feed: { abort: AbortController } | undefined;
  private closed = false;
  private readonly checkpoint: SeqCheckpoint | undefined;
  /** The watched customers (`watch`); undefined: the whole database. */
  private watched: readonly string[] | undefined;
  /** Ends a poll whose selector is out of date (the watched set changed). */
  private retarget: AbortController | undefined;
  /** Resolves a feed waiting for something to watch. */
  private wakeWatch: (() => void) | undefined;
  /** The feed shared with the other tabs on this database, while following (see `SharedFeed`). */
  private shared: SharedFeed | undefined;
  /** Customers whose presence documents are followed besides the watched ones (`watchPresence`). */
  private presenceIds: readonly string[] = [];
  private readonly presenceListeners = new Set<PresenceListener>();

  constructor(http: CouchHttp, options: ChangeFeedOptions) {
    this.http = http;
    this.live = options.live;
    this.pollTimeoutMs = options.pollTimeoutMs;
    this.abortAfterMs = options.abortAfterMs;
    this.backoff = options.backoff;
    this.onPoll = options.onPoll;
    this.checkpoint = options.checkpoint;
    if (this.checkpoint) feedsByCheckpoint.set(this.checkpoint, this);
    const saved = this.checkpoint?.read();
    if (this.live) {
      this.since = saved ? Promise.resolve(saved) : this.updateSeq();
      // Unreachable now: the feed asks again when it starts (`follow`); no unhandled rejection meanwhile.
      this.since.catch(() => undefined);
    }
  }

  /**
   * Follows only these customers from now on (their documents, requests and
   * activities): the records an agent has open. The poll under way is ended
   * and asked again with the new set, from the same `seq`.
   */
  watch(customerIds: readonly string[]): void {
    const next = [...new Set(customerIds)].sort();
    if (this.watched && next.length === this.watched.length && next.every((id, i) => id === this.watched![i])) return;
    this.watched = next;
    this.shared?.announce();
    this.repoll();
  }

  /**
   * Also brings the presence documents naming these customers (issue #18 item
   * 2: Recent and the search results show who else has them open), not their
   * records. Re-targeted like `watch`.
   */
  watchPresence(customerIds: readonly string[]): void {
    const next = [...new Set(customerIds)].sort();
    if (next.length === this.presenceIds.length && next.every((id, i) => id === this.presenceIds[i])) return;
    this.presenceIds = next;
    this.shared?.announce();
    this.repoll();
  }

  /** The customers whose presence documents are followed besides the watched ones. */
  get watchingPresence(): readonly string[] {
    return this.presenceIds;
  }

  /** Hears the presence documents the feed brings (never records); returns the unsubscribe function. */
  onPresence(listener: PresenceListener): () => void {
    this.presenceListeners.add(listener);
    return () => this.presenceListeners.delete(listener);
  }

  /** Ends the poll under way (its selector is out of date) and asks again, from the same seq. */
  private repoll(): void {
    this.retarget?.abort(STOPPED);
    this.wakeWatch?.();
  }

  /** The customers followed, or undefined while the whole database is. */
  get watching(): readonly string[] | undefined {
    return this.watched;
  }

  /** Resolves once the feed knows where it starts: writes after this are announced to subscribers. */
  async ready(): Promise<void> {
    if (this.since) await this.since.catch(() => undefined);
  }

  /** Adds a subscriber (and starts following `_changes` if live); returns the unsubscribe function. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    if (this.live && !this.feed && !this.closed) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** A feed backing off after failed polls (an expired token) polls again at once. */
  wake(): void {
    this.wakeFeed?.();
  }

  /** Forgets every subscriber and stops following `_changes` for good. */
  close(): void {
    this.closed = true;
    this.listeners.clear();
    this.stop();
  }

  /** Notes a rev this store wrote, so the feed does not announce it again. */
  remember(id: string, rev: string): void {
    this.ownRevs.add(`${id} ${rev}`);
    if (this.ownRevs.size > 1000) this.ownRevs.delete(this.ownRevs.values().next().value!);
  }

  /**
   * A write to `id` is under way. A change of that document the feed brings
   * before the write's answer (a slow answer: the server applied it, the feed
   * was quicker) waits for the answer, so that its rev tells whether it is this
   * store's own write (skipped) or another client's (announced).
   */
  during<T>(id: string, write: Promise<T>): Promise<T> {
    const settled = write.then(
      () => undefined,
      () => undefined,
    );
    this.writing.set(id, settled);
    void settled.then(() => {
      if (this.writing.get(id) === settled) this.writing.delete(id);
    });
    return write;
  }

  /** Announces a record this store wrote to the subscribers at once, as `local`. */
  announce(record: AnyRecord): void {
    this.remember(record.id, record.rev);
    this.emit({ kind: record.type, id: record.id, rev: record.rev, by: record.updatedBy, record, source: 'local' });
  }

  private async updateSeq(): Promise<string> {
    const response = await this.http.request('GET', '');
    return String((response.body as { update_seq: unknown }).update_seq);
  }

  private start(): void {
    const abort = new AbortController();
    this.feed = { abort };
    if (!canShareFeed()) {
      void this.follow(abort.signal);
      return;
    }
    // One longpoll for the tabs of this browser profile on this database: this tab polls when it leads.
    // A follower may never await its own start seq (a failed one is asked again when it leads).
    this.since?.catch(() => undefined);
    this.shared = new SharedFeed(`customer-context-changes:${this.http.dbUrl}`, {
      watching: () => this.watched,
      watchingPresence: () => this.presenceIds,
      since: () => this.since,
      lead: (signal) => this.follow(signal),
      take: (rows, seq) => this.take(rows, seq),
      adopt: (seq) => {
        this.since = Promise.resolve(seq);
        this.checkpoint?.write(seq);
      },
      retarget: () => this.repoll(),
    }, abort.signal);
    this.shared.start();
  }

  private stop(): void {
    this.feed?.abort.abort(STOPPED);
    this.feed = undefined;
    this.shared = undefined;
  }

  /** A page of `_changes` (polled by this tab or by the leading one): the rows about the watched customers, then its seq. */
  private take(rows: readonly ChangeRow[], seq: string): void {
    const watched = this.watched;
    for (const row of rows) if (concerns(row, watched, this.presenceIds)) this.received(row);
    this.since = Promise.resolve(seq);
    this.checkpoint?.write(seq);
  }

  private async follow(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        this.since ??= this.updateSeq();
        let since: string;
        try {
          since = await this.since;
        } catch (error) {
          this.since = undefined;
          throw error;
        }
        // What to follow: the watched customers, or every tab's when this one leads the shared feed.
        const target = this.shared ? this.shared.union() : this.watched;
        const presenceTarget = this.shared ? this.shared.presenceUnion() : this.presenceIds;
        if (target && target.length === 0 && presenceTarget.length === 0) {
          // Nothing open: no poll until something is watched (the seq stays; nothing is missed).
          await new Promise<void>((resolve) => {
            const done = () => {
              signal.removeEventListener('abort', done);
              this.wakeWatch = undefined;
              resolve();
            };
            this.wakeWatch = done;
            signal.addEventListener('abort', done, { once: true });
          });
          continue;
        }
        // One poll's own abort: the feed stopping, or the watched set changing (`watch`).
        const retarget = new AbortController();
        const forward = () => retarget.abort(STOPPED);
        signal.addEventListener('abort', forward, { once: true });
        this.retarget = retarget;
        const selector = target ? watchSelector(target, presenceTarget) : undefined;
        const query = {
          feed: 'longpoll',
          include_docs: 'true',
          conflicts: 'true',
          since,
          timeout: String(this.pollTimeoutMs),
          ...(selector ? { filter: '_selector' } : {}),
        };
        let response;
        try {
          response = selector
            ? await this.http.request('POST', '/_changes', { query, body: { selector }, signal: retarget.signal, timeoutMs: this.abortAfterMs })
            : await this.http.request('GET', '/_changes', { query, signal, timeoutMs: this.abortAfterMs });
        } catch (error) {
          if (retarget.signal.aborted && !signal.aborted) continue;
          throw error;
        } finally {
          signal.removeEventListener('abort', forward);
          if (this.retarget === retarget) this.retarget = undefined;
        }
        const body = response.body as { results: ChangeRow[]; last_seq: unknown };
        if (signal.aborted) return;
        this.shared?.broadcast(body.results, String(body.last_seq));
        this.take(body.results, String(body.last_seq));
        failures = 0;
        this.onPoll?.('changes');
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof RequestTimeout) {
          // Our own abort timer: the server kept the longpoll open (some ignore `timeout`). Poll again.
          this.onPoll?.('timeout');
          continue;
        }
        failures += 1;
        this.onPoll?.('error');
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            this.wakeFeed = undefined;
            resolve();
          };
          const timer = setTimeout(wake, backoffDelay(this.backoff, failures));
          this.wakeFeed = wake;
          signal.addEventListener('abort', wake, { once: true });
        });
      }
    }
  }

  private received(row: ChangeRow): void {
    const doc = row.doc;
    if (doc && !row.deleted && !doc._deleted && (doc.type as string) === PRESENCE_TYPE) {
      if (!this.closed) for (const listener of this.presenceListeners) listener(doc);
      return;
    }
    if (row.deleted || !doc || doc._deleted || !isKind(doc.type)) return;
    const pending = this.writing.get(doc._id);
    if (pending) void pending.then(() => this.deliver(doc));
    else this.deliver(doc);
  }

  private deliver(doc: Doc): void {
    if (this.closed) return;
    if (doc._conflicts?.length) {
      void this.deliverConflict(doc).catch(() => undefined);
      return;
    }
    const key = `${doc._id} ${doc._rev}`;
    if (this.ownRevs.has(key)) return;
    const record = toRecord(doc);
    this.emit({ kind: record.type, id: record.id, rev: record.rev, by: record.updatedBy, record, source: 'remote' });
  }

  /** A document in conflict: every live side this store did not write, each naming the others (its rev joins them all). */
  private async deliverConflict(doc: Doc): Promise<void> {
    const response = await this.http.request('GET', `/${encodeURIComponent(doc._id)}`, { query: { open_revs: 'all' }, accept: [404] });
    if (this.closed || response.status === 404) return;
    const leaves = (response.body as Array<{ ok?: Doc }>).flatMap((r) => (r.ok && !r.ok._deleted && isKind(r.ok.type) ? [r.ok] : []));
    const revs = leaves.map((leaf) => leaf._rev);
    for (const leaf of leaves) {
      if (this.ownRevs.has(`${leaf._id} ${leaf._rev}`)) continue;
      const others = revs.filter((r) => r !== leaf._rev);
      const rev = [leaf._rev, ...others].join(RESOLUTION);
      const record = { ...toRecord(leaf), rev: others.length ? rev : leaf._rev };
      this.emit({ kind: record.type, id: record.id, rev: record.rev, by: record.updatedBy, record, source: 'remote', ...(others.length ? { conflicts: others } : {}) });
    }
  }

  private emit(change: StoreChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
