import { openDB, type IDBPDatabase } from 'idb';
import {
  stamp,
  validateData,
  validateRecord,
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
  type MonthCount,
  type PageOptions,
  type SearchField,
  type SearchHit,
  type StoreChange,
  type TagSuggestion,
  type WriteOptions,
} from './context-store.js';
import { isSameWrite } from './same-write.js';
import {
  activityMonth,
  asChannel,
  fold,
  journeyBound,
  newId,
  nextRev,
  phoneLookup,
  planQuery,
  rankTags,
  searchPaths,
  TAG_SCAN,
  TAG_SEP,
  type PhoneLookup,
  type SearchPath,
  type TagSpellingCount,
} from './keys.js';
import { DB_VERSION, STORE_OF, strip, toStored, upgradeDb, type ContextDb, type Stored } from './indexeddb/schema.js';

export interface IndexedDbStoreOptions {
  /** IndexedDB database name; every store instance (every tab) on the same name shares data and changes. */
  name?: string;
  /** Clock, for tests. */
  now?: () => Date;
}

/** The part of idb's typed index API the search uses (one shape for every index). */
interface SearchIndex {
  getAll(range: IDBKeyRange, count: number): Promise<AnyRecord[]>;
  getAllKeys(range: IDBKeyRange, count: number): Promise<string[]>;
  openKeyCursor(range: IDBKeyRange, direction?: IDBCursorDirection): Promise<SearchKeyCursor | null>;
  count(range: IDBKeyRange): Promise<number>;
}

interface SearchKeyCursor {
  key: IDBValidKey;
  primaryKey: string;
  continue(): Promise<SearchKeyCursor | null>;
}

/**
 * A search path reads this many index entries per wanted hit in one request
 * (a customer can match more than once: two phones, five activities with the
 * tag); it walks on with a cursor only when that was not enough.
 */
const SEARCH_READ_FACTOR = 4;

/** `getAllRecords({ query, count, direction })` (IndexedDB 3.0, Chromium 141+): the newest page in one request. */
interface BackwardsIndex {
  getAllRecords(options: { query: IDBKeyRange; count: number; direction: 'prev' }): Promise<Array<{ value: Stored<Activity> }>>;
}
const canReadBackwards = typeof IDBIndex !== 'undefined' && 'getAllRecords' in IDBIndex.prototype;

function toStorageError(error: unknown): unknown {
  if (error instanceof DOMException && error.name === 'QuotaExceededError') {
    return new StorageError('quota', 'The browser refused to store more data (storage quota exceeded).');
  }
  return error;
}

/**
 * The embedded default store: IndexedDB in this browser, shared by its tabs.
 * Changes made through one instance are announced to every other instance on
 * the same database through a BroadcastChannel.
 */
export class IndexedDbStore implements ContextStore {
  readonly name: string;
  readonly identity: string;
  private readonly now: () => Date;
  private readonly listeners = new Set<ChangeListener>();
  private readonly channel: BroadcastChannel;
  private dbPromise: Promise<IDBPDatabase<ContextDb>> | undefined;

  constructor(options: IndexedDbStoreOptions = {}) {
    this.name = options.name ?? 'customer-context';
    this.identity = `indexeddb:${this.name}`;
    this.now = options.now ?? (() => new Date());
    this.channel = new BroadcastChannel(`customer-context:${this.name}`);
    this.channel.onmessage = (event: MessageEvent<Omit<StoreChange, 'source'>>) =>
      this.emit({ ...event.data, source: 'remote' });
  }

  private db(): Promise<IDBPDatabase<ContextDb>> {
    this.dbPromise ??= openDB<ContextDb>(this.name, DB_VERSION, {
      upgrade: (db, oldVersion, _newVersion, tx) => upgradeDb(db, oldVersion, tx),
      blocking: () => {
        this.dbPromise?.then((db) => db.close(), () => undefined);
        this.dbPromise = undefined;
      },
    }).catch((error: unknown) => {
      this.dbPromise = undefined;
      if (error instanceof DOMException && error.name === 'VersionError') {
        throw new StorageError('blocked', 'A newer version of Customer Context is open in another tab: reload this tab to go on (your unsaved input is kept).');
      }
      throw new StorageError('unavailable', `IndexedDB could not be opened: ${String(error)}`);
    });
    return this.dbPromise;
  }

  async get<K extends Kind>(kind: K, id: string): Promise<RecordOf[K] | undefined> {
    const db = await this.db();
    const stored = await db.get(STORE_OF[kind], id);
    return stored ? (strip(stored as Stored<AnyRecord>, kind) as RecordOf[K]) : undefined;
  }

  async create<K extends Kind>(kind: K, data: DataOf[K], options: WriteOptions): Promise<RecordOf[K]> {
    const clean = validateData(kind, data);
    const at = this.now().toISOString();
    const record = stamp(kind, clean, { id: options.id ?? newId(kind), rev: nextRev(), createdAt: at, updatedAt: at, by: options.by });
    const db = await this.db();
    const tx = db.transaction(STORE_OF[kind], 'readwrite');
    tx.done.catch(() => undefined);
    try {
      // `add` refuses an id that exists (ConstraintError: there is no unique index), so no read comes first.
      await tx.objectStore(STORE_OF[kind]).add(toStored<AnyRecord>(record) as never);
      await tx.done;
    } catch (error) {
      if (error instanceof DOMException && error.name === 'ConstraintError') {
        const existing = await db.get(STORE_OF[kind], record.id);
        // The same create again (a retry after a tab died before it heard back): it resolves with the record it made.
        const current = existing ? strip(existing as Stored<AnyRecord>, kind) : undefined;
        if (current && isSameWrite(current, kind, clean, options.by)) return current as RecordOf[K];
        if (current) throw new ConflictError(kind, record.id, current);
      }
      throw toStorageError(error);
    }
    this.announce(record);
    return record;
  }

  async update<K extends Kind>(
    kind: K,
    id: string,
    baseRev: string,
    data: DataOf[K],
    options: WriteOptions,
  ): Promise<RecordOf[K]> {
    const clean = validateData(kind, data);
    const db = await this.db();
    const tx = db.transaction(STORE_OF[kind], 'readwrite');
    const store = tx.objectStore(STORE_OF[kind]);
    let record: RecordOf[K];
    tx.done.catch(() => undefined);
    try {
      const existing = await store.get(id);
      if (!existing) throw new NotFoundError(kind, id);
      const current = strip(existing as Stored<AnyRecord>, kind) as RecordOf[K];
      if (current.rev !== baseRev) throw new ConflictError(kind, id, current);
      record = stamp(kind, clean, { id, rev: nextRev(current.rev), createdAt: current.createdAt, updatedAt: this.now().toISOString(), by: options.by });
      await store.put(toStored<AnyRecord>(record) as never);
      await tx.done;
    } catch (error) {
      throw toStorageError(error);
    }
    this.announce(record);
    return record;
  }

  async import(records: readonly AnyRecord[]): Promise<void> {
    const rows = records.map((record) => {
      return toStored(validateRecord(record));
    });
    const db = await this.db();
    const tx = db.transaction(['customers', 'requests', 'activities'], 'readwrite');
    try {
      for (const row of rows) void tx.objectStore(STORE_OF[row.type]).put(row as never);
      await tx.done;
    } catch (error) {
      throw toStorageError(error);
    }
  }

  async findByContact(point: ContactPoint): Promise<Customer[]> {
    const db = await this.db();
    const lookups: Array<Promise<Stored<Customer>[]>> = [];
    const phone = point.phone ? phoneLookup(point.phone) : undefined;
    if (phone) lookups.push(this.findByPhone(db, phone));
    if (point.email) lookups.push(db.getAllFromIndex('customers', 'emails', fold(point.email)));
    if (point.chatId) lookups.push(db.getAllFromIndex('customers', 'chatIds', fold(point.chatId)));
    const found = new Map<string, Customer>();
    // A merged duplicate has no keys (`searchKeys`): the check is for one stored before that rule.
    for (const rows of await Promise.all(lookups)) for (const row of rows) if (!row.mergedInto) found.set(row.id, strip(row, 'customer'));
    return [...found.values()];
  }

  /** The customers a caller's number matches (R1.2): the same digits, else one written without its country code. */
  private async findByPhone(db: IDBPDatabase<ContextDb>, phone: PhoneLookup): Promise<Stored<Customer>[]> {
    const store = db.transaction('customers').objectStore('customers');
    // The same digits first: the usual case costs one request.
    const exact = await store.index('phones').getAll(phone.digits);
    if (exact.length) return exact;
    const found = await Promise.all([
      ...phone.asTail.map((digits) => store.index('phoneTails').getAll(digits)),
      ...phone.tails.map((tail) => store.index('phones').getAll(tail)),
    ]);
    return found.flat();
  }

  /**
   * Hits in the order of `searchPaths` (name, phone, email, phone without its
   * country code, request title, tag); one per customer, the first path that
   * finds them. Each path is one
   * `getAll` over its prefix range, the paths of a stage read in parallel (one
   * round trip), and the customers are fetched together at the end.
   */
  async search(query: string, limit = 20): Promise<SearchHit[]> {
    const plan = planQuery(query);
    if (!plan.text || limit <= 0) return [];
    const db = await this.db();
    const tx = db.transaction(['customers', 'requests', 'activities']);
    const range = ({ key, exact }: SearchPath) => (exact ? IDBKeyRange.only(key) : IDBKeyRange.bound(key, `${key}\uffff`));
    const hits = new Map<string, SearchField>();
    const found = new Map<string, Stored<Customer>>();
    const read = SEARCH_READ_FACTOR * limit;

    const indexOf = ({ kind, keys }: SearchPath) => tx.objectStore(STORE_OF[kind]).index(keys as never) as unknown as SearchIndex;
    const take = (field: SearchField, row: AnyRecord): void => {
      const customerId = row.type === 'customer' ? row.id : row.customerId;
      if (row.type === 'customer') found.set(row.id, row as Stored<Customer>);
      // A merged duplicate (issue #19) has no keys of its own, but its requests and activities may still name it.
      if (found.get(customerId)?.mergedInto) return;
      if (hits.size < limit && !hits.has(customerId)) hits.set(customerId, field);
    };
    /** Reads the customers of requests and activities not read yet, so that `take` knows a merged duplicate. */
    const owners = async (rows: readonly AnyRecord[]): Promise<void> => {
      const ids = new Set(rows.flatMap((row) => (row.type === 'customer' || found.has(row.customerId) ? [] : [row.customerId])));
      const customers = tx.objectStore('customers');
      for (const row of await Promise.all([...ids].map((id) => customers.get(id)))) if (row) found.set(row.id, row);
    };
    /**
     * A request or an activity may match along many keys (100 tags starting
     * alike) and be large: its path reads the matching ids first and each
     * record once, never the same record once per key.
     */
    const records = async (path: SearchPath, ids: readonly string[], seen: Set<string>): Promise<AnyRecord[]> => {
      const fresh = ids.filter((id) => !seen.has(id) && seen.add(id));
      const store = tx.objectStore(STORE_OF[path.kind]);
      const rows = await Promise.all(fresh.map((id) => store.get(id) as Promise<Stored<AnyRecord> | undefined>));
      return rows.filter((row): row is Stored<AnyRecord> => row !== undefined).map((row) => strip(row, path.kind));
    };
    /** Reads every path of a stage at once, then takes their rows in path order. */
    const stage = async (paths: SearchPath[]): Promise<void> => {
      const seen = paths.map(() => new Set<string>());
      const reads = await Promise.all(
        paths.map(async (path, i) => {
          if (path.kind === 'customer') {
            const rows = (await indexOf(path).getAll(range(path), read)).map((row) => strip(row as Stored<AnyRecord>, 'customer'));
            for (const row of rows) seen[i]!.add(row.id);
            return { rows, entries: rows.length };
          }
          const ids = await indexOf(path).getAllKeys(range(path), read);
          return { rows: await records(path, ids, seen[i]!), entries: ids.length };
        }),
      );
      await owners(reads.flatMap((read) => read.rows));
      for (const [i, path] of paths.entries()) {
        for (const row of reads[i]!.rows) take(path.field, row);
        // A full read that still left room: walk the whole range by key (rare: one customer matching many times).
        if (hits.size < limit && reads[i]!.entries === read) {
          let cursor = await indexOf(path).openKeyCursor(range(path));
          while (cursor && hits.size < limit) {
            const rows = await records(path, [cursor.primaryKey], seen[i]!);
            await owners(rows);
            for (const row of rows) take(path.field, row);
            cursor = await cursor.continue();
          }
        }
      }
    };

    // The customers' own keys first (one round trip); the other paths only while there is room.
    const paths = searchPaths(plan);
    await stage(paths.filter((path) => path.stage === 1));
    if (hits.size < limit) await stage(paths.filter((path) => path.stage === 2));

    const customers = tx.objectStore('customers');
    const rows = await Promise.all([...hits.keys()].map((id) => found.get(id) ?? customers.get(id)));
    const result: SearchHit[] = [];
    [...hits.values()].forEach((matched, i) => {
      const row = rows[i];
      if (row && !row.mergedInto) result.push({ customer: strip(row, 'customer'), matched });
    });
    return result;
  }

  /**
   * Walks the distinct spellings of the prefix's range of `tagSpellings`
   * (`openKeyCursor(range, 'nextunique')`, at most `TAG_SCAN`), counts the
   * activities of each, and ranks them (`rankTags`).
   */
  async tagSuggestions(prefix: string, limit = 8): Promise<TagSuggestion[]> {
    const folded = fold(prefix);
    if (!folded || limit <= 0) return [];
    const db = await this.db();
    const index = db.transaction('activities').store.index('tagSpellings') as unknown as SearchIndex;
    const rows: TagSpellingCount[] = [];
    const keys: string[] = [];
    let cursor = await index.openKeyCursor(IDBKeyRange.bound(folded, `${folded}\uffff`), 'nextunique');
    while (cursor && keys.length < TAG_SCAN) {
      keys.push(String(cursor.key));
      cursor = await cursor.continue();
    }
    const counts = await Promise.all(keys.map((key) => index.count(IDBKeyRange.only(key))));
    keys.forEach((key, i) => {
      const at = key.indexOf(TAG_SEP);
      rows.push({ folded: key.slice(0, at), tag: key.slice(at + TAG_SEP.length), count: counts[i]! });
    });
    return rankTags(rows, limit);
  }

  async requestsOf(customerId: string): Promise<Request[]> {
    const db = await this.db();
    const rows = await db.getAllFromIndex('requests', 'byCustomer', customerId);
    return rows.map((row) => strip(row, 'request')).sort((a, b) => (a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : 0));
  }

  /**
   * A page of the customer's activities, newest first, from the `[customerId, at, id]`
   * index: the range from `[customerId, since]` (or the customer's first key) up to
   * `before` (left out) or the customer's last key.
   */
  async activitiesOf(customerId: string, page: PageOptions = {}): Promise<Activity[]> {
    const limit = page.limit ?? 50;
    if (limit <= 0) return [];
    const upper: [string, string, string] = page.before
      ? [customerId, page.before.at, page.before.id]
      : [customerId, '\uffff', '\uffff'];
    const lower: [string, string, string] = [customerId, page.since === undefined ? '' : journeyBound(page.since), ''];
    const order = indexedDB.cmp(lower, upper);
    if (order > 0 || (order === 0 && page.before !== undefined)) return [];
    const range = IDBKeyRange.bound(lower, upper, false, page.before !== undefined);
    const db = await this.db();
    const index = db.transaction('activities').store.index('byCustomerAt');
    if (canReadBackwards) {
      // One request for the whole page (a cursor costs one round trip per record).
      const rows = await (index as unknown as BackwardsIndex).getAllRecords({ query: range, count: limit, direction: 'prev' });
      return rows.map((row) => strip(row.value, 'activity'));
    }
    const out: Activity[] = [];
    let cursor = await index.openCursor(range, 'prev');
    while (cursor && out.length < limit) {
      out.push(strip(cursor.value, 'activity'));
      cursor = await cursor.continue();
    }
    return out;
  }

  async countActivities(customerId: string): Promise<number> {
    const db = await this.db();
    const range = IDBKeyRange.bound([customerId, '', ''], [customerId, '\uffff', '\uffff']);
    return db.countFromIndex('activities', 'byCustomerAt', range);
  }

  /**
   * Walks the distinct `[customerId, month, channel]` keys of `byCustomerMonth`
   * from `since`'s month on (`openKeyCursor(range, 'nextunique')`: keys only,
   * one step per month and channel) and counts each key's entries (`count`):
   * no activity is read.
   */
  async activityCounts(customerId: string, since: string): Promise<MonthCount[]> {
    const db = await this.db();
    const index = db.transaction('activities').store.index('byCustomerMonth');
    const range = IDBKeyRange.bound([customerId, activityMonth(journeyBound(since))], [customerId, '\uffff']);
    const keys: Array<[string, string, string]> = [];
    for (let cursor = await index.openKeyCursor(range, 'nextunique'); cursor; cursor = await cursor.continue()) {
      keys.push(cursor.key);
    }
    const counts = await Promise.all(keys.map((key) => index.count(IDBKeyRange.only(key))));
    const out: MonthCount[] = [];
    keys.forEach(([, month, written], i) => {
      const channel = asChannel(written);
      if (channel) out.push({ month, channel, count: counts[i]! });
    });
    return out;
  }

  async activityByInteraction(interactionId: string): Promise<Activity | undefined> {
    const db = await this.db();
    const row = await db.getFromIndex('activities', 'byInteraction', interactionId);
    return row ? strip(row, 'activity') : undefined;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.channel.close();
    this.listeners.clear();
    this.dbPromise?.then((db) => db.close(), () => undefined);
    this.dbPromise = undefined;
  }

  /** Deletes the whole database (tests, "reset demo data"). */
  async destroy(): Promise<void> {
    this.close();
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(this.name);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    });
  }

  private announce(record: AnyRecord): void {
    const change = { kind: record.type, id: record.id, rev: record.rev, by: record.updatedBy, record };
    this.channel.postMessage(change);
    this.emit({ ...change, source: 'local' });
  }

  private emit(change: StoreChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
