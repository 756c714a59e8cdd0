import type { AnyRecord, Channel, Customer, DataOf, Kind, RecordOf, Request, Activity } from '../model/index.js';

/** A contact point an interaction comes from (R1.2). Only the given fields are looked up. */
export interface ContactPoint {
  phone?: string | undefined;
  email?: string | undefined;
  chatId?: string | undefined;
}

/** Which path of the search found a customer (R7.1). */
export type SearchField = 'name' | 'phone' | 'email' | 'request' | 'tag';

export interface SearchHit {
  customer: Customer;
  matched: SearchField;
}

/** A tag used before (issue #18): as it is most often written, and on how many activities. */
export interface TagSuggestion {
  tag: string;
  count: number;
}

/** A record was written. `source` is `local` for this instance's own writes, `remote` for another tab's or agent's. */
export interface StoreChange {
  kind: Kind;
  id: string;
  rev: string;
  by: string;
  record: AnyRecord;
  source: 'local' | 'remote';
  /** The document is in conflict (a cluster kept several versions): the other versions' revs. `record` is one side, its `rev` naming every side. */
  conflicts?: readonly string[];
}

export interface WriteOptions {
  /** Agent id that makes the write (kept as `updatedBy`). */
  by: string;
  /** Id for a new record; generated (`<kind>:<uuid>`) when absent. */
  id?: string;
}

/** A page of a journey, newest first. Pass the last activity of a page as `before` for the next. */
export interface PageOptions {
  limit?: number;
  before?: { at: string; id: string } | undefined;
  /**
   * Only activities at or after this ISO time (the journey's time frame, issue
   * #19). Read as a range of the store's index, never filtered after reading.
   */
  since?: string | undefined;
}

/** How many activities a customer had in one month on one channel (the history chart, issue #19). */
export interface MonthCount {
  /** `YYYY-MM`, the month of the activity's `at` in UTC. */
  month: string;
  channel: Channel;
  count: number;
}

export type ChangeListener = (change: StoreChange) => void;

/**
 * Persistence behind one interface. Every write carries the `rev` it was based
 * on; a stale one rejects with `ConflictError` and never overwrites the newer
 * record. Every write is validated against the model first (`ValidationError`).
 */
export interface ContextStore {
  /**
   * Names the data this store holds (`indexeddb:<name>`, `couchdb:<url>/<database>`):
   * the gadget keeps unsaved input per identity, so one backend's drafts never
   * come back over another's records. Optional for custom stores.
   */
  readonly identity?: string;
  get<K extends Kind>(kind: K, id: string): Promise<RecordOf[K] | undefined>;
  create<K extends Kind>(kind: K, data: DataOf[K], options: WriteOptions): Promise<RecordOf[K]>;
  update<K extends Kind>(kind: K, id: string, baseRev: string, data: DataOf[K], options: WriteOptions): Promise<RecordOf[K]>;
  /** Writes whole records as they are (seeding, imports). Validated; existing ids are replaced. */
  import(records: readonly AnyRecord[]): Promise<void>;
  /** Customers with this phone (digits compared), email or chat id (case-insensitive). Never a merged duplicate (`mergedInto` set). */
  findByContact(point: ContactPoint): Promise<Customer[]>;
  /** Customers by name prefix (any word of `name` or `lastName`, accents ignored), phone or email prefix, request title word, or tag. Never a merged duplicate. */
  search(query: string, limit?: number): Promise<SearchHit[]>;
  /**
   * Tags already used whose folded form (accents and case ignored) starts with
   * the folded `prefix`, most used first, at most `limit` (an empty prefix: none).
   * Reads a bounded number of distinct spellings (`TAG_SCAN`).
   */
  tagSuggestions(prefix: string, limit?: number): Promise<TagSuggestion[]>;
  /** All requests of a customer, most recently opened first. */
  requestsOf(customerId: string): Promise<Request[]>;
  /** A page of a customer's activities, newest first (from `page.since` on, when given). */
  activitiesOf(customerId: string, page?: PageOptions): Promise<Activity[]>;
  countActivities(customerId: string): Promise<number>;
  /**
   * A customer's activities counted per month (UTC) and channel, from the month
   * of `since` on, oldest month first; months and channels without activities
   * are left out. Counted by the store's index (a CouchDB view's `_count`, an
   * IndexedDB key cursor), never by reading the activities.
   */
  activityCounts(customerId: string, since: string): Promise<MonthCount[]>;
  activityByInteraction(interactionId: string): Promise<Activity | undefined>;
  subscribe(listener: ChangeListener): () => void;
  /**
   * Optional: the customers whose changes this client needs from now on (the
   * ones the agent has open). A shared store follows only those (CouchDB: a
   * change feed per agent); a store without it sends every change.
   */
  watch?(customerIds: readonly string[]): void;
  close(): void;
}

/** A write was based on a stale `rev`. `current` is the record as it is now. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  readonly code = 'conflict';
  readonly kind: Kind;
  readonly id: string;
  readonly current: AnyRecord;
  /**
   * True when the backend holds several versions side by side (a CouchDB
   * cluster or replica took writes on two nodes): `current` is another side,
   * not a version that followed the agent's; there is no common base to merge
   * against, so every field where they differ is the agent's choice.
   */
  readonly sideBySide: boolean;

  constructor(kind: Kind, id: string, current: AnyRecord, options: { sideBySide?: boolean } = {}) {
    super(`${kind} ${id} was changed by ${current.updatedBy} (rev ${current.rev})`);
    this.kind = kind;
    this.id = id;
    this.current = current;
    this.sideBySide = options.sideBySide ?? false;
  }
}

/** The record to update does not exist. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  readonly code = 'not-found';
  constructor(readonly kind: Kind, readonly id: string) {
    super(`${kind} ${id} does not exist`);
  }
}

/**
 * Why the storage failed:
 * - `quota`: no room left; `blocked`: a newer version holds the database;
 * - `unavailable`: the backend cannot be reached (5xx, time-out, offline);
 * - `denied`: the backend refused this user (401, a lapsed sign-in);
 * - `refused`: the backend refused this write's content (CouchDB's
 *   `validate_doc_update`, 403 `forbidden`); `detail` has the server's reason;
 * - `setup`: the shared database is not prepared for this version (no design document);
 * - `unknown`: anything else.
 */
export type StorageFailure = 'quota' | 'blocked' | 'unavailable' | 'denied' | 'refused' | 'setup' | 'unknown';

/** The storage itself failed. `reason` says why (`StorageFailure`); `detail` is the backend's own words, when it gave any. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly code = 'storage';
  readonly detail: string | undefined;
  constructor(readonly reason: StorageFailure, message: string, detail?: string) {
    super(message);
    this.detail = detail;
  }
}
