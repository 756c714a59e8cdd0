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
  type SearchHit,
  type TagSuggestion,
  type WriteOptions,
} from './context-store.js';
import {
  activityMonth,
  asChannel,
  fold,
  journeyBound,
  newId,
  phoneLookup,
  rankTags,
  TAG_SCAN,
  type SearchKeys,
  type TagSpellingCount,
} from './keys.js';
import { CouchViews, RANGE_END, type ViewRow } from './couchdb/views.js';
import { searchCustomers } from './couchdb/search.js';
import { isSameWrite } from './same-write.js';
import type { Backoff } from './backoff.js';
import { ChangeFeed, localSeqCheckpoint, type SeqCheckpoint } from './couchdb/changes.js';
import { RESOLUTION, toDoc, toRecord, isKind, type Doc } from './couchdb/docs.js';
import { CouchDrafts } from './couchdb/drafts.js';
import { bulkError, checkBaseUrl, CouchConfigError, CouchHttp, normalizeCouchUrl } from './couchdb/http.js';
import type { RemoteDrafts } from './remote-drafts.js';

export { backoffDelay, type Backoff } from './backoff.js';

export interface CouchDbStoreOptions {
  /**
   * The CouchDB server: absolute (`https://couch.example.com`) or a path on the
   * page's own origin (`/couchdb`, a same-origin reverse proxy). Never with
   * credentials in it: a URL with `user:password@` is refused.
   */
  url: string;
  /** Database name (`[a-z][a-z0-9_$()+/-]*`). */
  database: string;
  /** Sent with every request, e.g. `{ Authorization: 'Bearer …' }` handed over by the host. */
  headers?: Record<string, string>;
  /** `fetch` credentials mode: `include` for a cookie session on another origin. Default `same-origin`. */
  credentials?: RequestCredentials;
  /** Clock, for tests. */
  now?: () => Date;
  /** A request with no answer after this long fails with `StorageError('unavailable')`. Default 15 s. */
  requestTimeoutMs?: number;
  changes?: {
    /** Follow `_changes` while someone is subscribed. Default true. */
    live?: boolean;
    /** `timeout` asked of the server for one longpoll. Default 25 s. */
    pollTimeoutMs?: number;
    /** The client aborts a longpoll still open after this long (some servers ignore `timeout`) and polls again. Default `pollTimeoutMs` + 5 s. */
    abortAfterMs?: number;
    /** Wait between failed polls. Default 1 s doubling to 30 s. */
    backoff?: Backoff;
    /** Diagnostics: called after each poll with how it ended. */
    onPoll?: (outcome: 'changes' | 'timeout' | 'error') => void;
    /**
     * Where the last `seq` seen is kept, so that after a reload the feed
     * resumes there and no change made meanwhile is missed: a localStorage key,
     * or any `SeqCheckpoint`. Absent: each page starts from the database's current seq.
     */
    checkpoint?: string | SeqCheckpoint;
  };
}

/** The documents of `kind` that view rows brought (`include_docs`), in row order. */
function docsOf(rows: readonly ViewRow[], kind: Kind): Doc[] {
  return rows.map((row) => row.doc).filter((doc): doc is Doc => !!doc && doc.type === kind && !doc._deleted);
}

/** The revision a document's current one was written on (`revs=true` gives the history), if known. */
function parentRev(doc: Doc): string | undefined {
  const history = doc._revisions as { start?: unknown; ids?: unknown } | undefined;
  if (!history || typeof history.start !== 'number' || !Array.isArray(history.ids) || typeof history.ids[1] !== 'string') return undefined;
  return `${history.start - 1}-${history.ids[1]}`;
}


/**
 * The shared store: CouchDB's HTTP API through `fetch`.
 *
 * - Records are documents with a `type`; `_id` is the record id, `_rev` (read
 *   from the body) the record's `rev`.
 * - A stale write (409) rejects with `ConflictError` carrying the current
 *   record. A document a cluster accepted on two sides (`_conflicts`) is also
 *   a conflict: writing to it rejects with `ConflictError` whose `current` is
 *   the other side; its `rev` names both sides, so the write made after Load
 *   replaces them both (see docs/couchdb.md, "Cluster notes").
 * - Lookups, search and journey pages read the views of `_design/cc-v<N>`
 *   (`couchdb/views.ts`), which the setup command installs with the server's
 *   rules (`validate_doc_update`); the search keys are computed by the views
 *   from the records, never stored.
 * - Changes by other agents arrive through `_changes?feed=longpoll` while
 *   someone is subscribed, as `source: 'remote'`, only about the customers
 *   `watch` names once it is called; this instance's own writes are announced
 *   at once as `source: 'local'` and skipped in the feed.
 * - Unreachable server, 5xx and time-outs fail with
 *   `StorageError('unavailable')` (wrap the store in an `Outbox` to keep
 *   writes through that); 401 with `StorageError('denied')`; a write the
 *   server's rules refuse (403 `forbidden`) with `StorageError('refused')`,
 *   the server's reason as `detail`; a database not set up with `StorageError('setup')`.
 */
export class CouchDbStore implements ContextStore {
  readonly url: string;
  readonly database: string;
  readonly identity: string;
  private readonly http: CouchHttp;
  private readonly changes: ChangeFeed;
  private readonly now: () => Date;
  private readonly views: CouchViews;
  /** The agents' unsaved drafts, one `drafts:<agentId>` document each (`type: "drafts"`, never a record). */
  readonly drafts: RemoteDrafts;

  constructor(options: CouchDbStoreOptions) {
    if (!/^[a-z][a-z0-9_$()+/-]*$/.test(options.database)) {
      throw new CouchConfigError('database-name', `CouchDbStore: "${options.database}" is not a valid CouchDB database name`);
    }
    this.url = checkBaseUrl(options.url);
    this.database = options.database;
    const dbUrl = `${this.url}/${encodeURIComponent(options.database)}`;
    // One identity per server however it is spelled (`normalizeCouchUrl`): the drafts' namespace.
    this.identity = `couchdb:${normalizeCouchUrl(options.url)}/${encodeURIComponent(options.database)}`;
    this.http = new CouchHttp(dbUrl, {
      headers: options.headers,
      credentials: options.credentials ?? 'same-origin',
      requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
    });
    this.now = options.now ?? (() => new Date());
    this.drafts = new CouchDrafts(this.http);
    this.views = new CouchViews(this.http);
    const pollTimeoutMs = options.changes?.pollTimeoutMs ?? 25_000;
    const checkpoint = options.changes?.checkpoint;
    this.changes = new ChangeFeed(this.http, {
      live: options.changes?.live ?? true,
      pollTimeoutMs,
      abortAfterMs: options.changes?.abortAfterMs ?? pollTimeoutMs + 5000,
      backoff: options.changes?.backoff ?? { initialMs: 1000, maxMs: 30_000 },
      onPoll: options.changes?.onPoll,
      checkpoint: typeof checkpoint === 'string' ? localSeqCheckpoint(checkpoint) : checkpoint,
    });
  }

  /**
   * Replaces the headers given at construction, e.g. with a refreshed
   * `Authorization` token from the host. The next request, the next poll of the
   * change feed and the outbox's next delivery carry them.
   */
  setHeaders(headers: Record<string, string> = {}): void {
    this.http.setHeaders(headers);
    // A feed backing off after refusals (an expired token) polls again at once.
    this.changes.wake();
  }

  /** Resolves once the change feed knows where it starts: writes after this are announced to subscribers. */
  async ready(): Promise<void> {
    await this.changes.ready();
  }

  /** Is the database reachable? Rejects with `StorageError` when not. */
  async ping(): Promise<void> {
    await this.http.request('GET', '');
  }

  // ---- reads ------------------------------------------------------------------

  async get<K extends Kind>(kind: K, id: string): Promise<RecordOf[K] | undefined> {
    const doc = await this.fetchDoc(id);
    return doc && doc.type === kind ? toRecord<RecordOf[K]>(doc) : undefined;
  }

  async findByContact(point: ContactPoint): Promise<Customer[]> {
    const exact = async (keys: Array<[keyof SearchKeys, string]>): Promise<Doc[]> => {
      if (!keys.length) return [];
      const rows = await this.views.rows('keys', { include_docs: 'true' }, keys);
      // The view keys no merged duplicate (`searchKeys`); the check is for a design document before cc-v4.
      return rows.map((row) => row.doc).filter((doc): doc is Doc => !!doc && doc.type === 'customer' && !doc.mergedInto);
    };
    const lookups: Array<Promise<Doc[]>> = [];
    const phone = point.phone ? phoneLookup(point.phone) : undefined;
    if (phone) {
      // R1.2: the same digits, else one number written without its country code (see `phoneLookup`).
      const byPhone = async () => {
        const same = await exact([['phones', phone.digits]]);
        if (same.length) return same;
        return exact([
          ...phone.asTail.map((tail): [keyof SearchKeys, string] => ['phoneTails', tail]),
          ...phone.tails.map((tail): [keyof SearchKeys, string] => ['phones', tail]),
        ]);
      };
      lookups.push(byPhone());
    }
    if (point.email) lookups.push(exact([['emails', fold(point.email)]]));
    if (point.chatId) lookups.push(exact([['chatIds', fold(point.chatId)]]));
    const found = new Map<string, Customer>();
    for (const docs of await Promise.all(lookups)) {
      for (const doc of docs.sort((a, b) => (a._id < b._id ? -1 : 1))) found.set(doc._id, toRecord<Customer>(doc));
    }
    return [...found.values()];
  }

  /** Customers by name, phone, email, request title or tag (`searchCustomers`, couchdb/search.ts). */
  search(query: string, limit = 20): Promise<SearchHit[]> {
    return searchCustomers(this.views, (ids) => this.fetchDocs(ids), query, limit);
  }

  /** The `tags` view grouped (`group=true`: one row per spelling, its count) over the folded prefix, at most `TAG_SCAN` rows, ranked by `rankTags`. */
  async tagSuggestions(prefix: string, limit = 8): Promise<TagSuggestion[]> {
    const folded = fold(prefix);
    if (!folded || limit <= 0) return [];
    const rows = await this.views.rows('tags', { group: 'true', startkey: [folded], endkey: [`${folded}${RANGE_END}`], limit: String(TAG_SCAN) });
    const spellings: TagSpellingCount[] = [];
    for (const row of rows) {
      // ICU collation (CouchDB) may put a key that does not start with the prefix inside the range: drop it.
      if (!Array.isArray(row.key) || typeof row.key[0] !== 'string' || typeof row.key[1] !== 'string' || !row.key[0].startsWith(folded)) continue;
      spellings.push({ folded: row.key[0], tag: row.key[1], count: Number(row.value) || 0 });
    }
    return rankTags(spellings, limit);
  }

  async requestsOf(customerId: string): Promise<Request[]> {
    const rows = await this.views.rows('requests', { startkey: [customerId], endkey: [customerId, {}], include_docs: 'true' });
    return docsOf(rows, 'request')
      .map((doc) => toRecord<Request>(doc))
      .sort((a, b) =>
        a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
      );
  }

  async activitiesOf(customerId: string, page: PageOptions = {}): Promise<Activity[]> {
    const limit = page.limit ?? 50;
    if (limit <= 0) return [];
    const before = page.before;
    const since = page.since === undefined ? undefined : journeyBound(page.since);
    if (since !== undefined && before && since > before.at) return [];
    // Newest first: descending from [customerId, before] (the row of `before` itself left out) down to
    // [customerId, since] (an activity at `since` itself in: [c, since] sorts before [c, since, id]) or [customerId].
    const rows = await this.views.rows('journey', {
      descending: 'true',
      reduce: 'false',
      include_docs: 'true',
      startkey: before ? [customerId, before.at, before.id] : [customerId, {}],
      endkey: since === undefined ? [customerId] : [customerId, since],
      limit: String(before ? limit + 1 : limit),
    });
    const older = before ? rows.filter((row) => !(Array.isArray(row.key) && row.key[1] === before.at && row.key[2] === before.id)) : rows;
    return docsOf(older.slice(0, limit), 'activity').map((doc) => toRecord<Activity>(doc));
  }

  async countActivities(customerId: string): Promise<number> {
    const rows = await this.views.rows('journey', { reduce: 'true', startkey: [customerId], endkey: [customerId, {}] });
    return Number(rows[0]?.value ?? 0);
  }

  /** The `history` view reduced per `[customerId, month, channel]` (`group_level=3`) from `since`'s month on: CouchDB counts, no document is read. */
  async activityCounts(customerId: string, since: string): Promise<MonthCount[]> {
    const rows = await this.views.rows('history', {
      reduce: 'true',
      group_level: '3',
      startkey: [customerId, activityMonth(journeyBound(since))],
      endkey: [customerId, {}],
    });
    const out: MonthCount[] = [];
    for (const row of rows) {
      if (!Array.isArray(row.key) || row.key[0] !== customerId || typeof row.key[1] !== 'string') continue;
      const channel = asChannel(row.key[2]);
      if (channel) out.push({ month: row.key[1], channel, count: Number(row.value) || 0 });
    }
    return out;
  }

  async activityByInteraction(interactionId: string): Promise<Activity | undefined> {
    const rows = await this.views.rows('interactions', { key: interactionId, include_docs: 'true', limit: '1' });
    const [doc] = docsOf(rows, 'activity');
    return doc ? toRecord<Activity>(doc) : undefined;
  }

  // ---- writes -----------------------------------------------------------------

  async create<K extends Kind>(kind: K, data: DataOf[K], options: WriteOptions): Promise<RecordOf[K]> {
    const clean = validateData(kind, data);
    const at = this.now().toISOString();
    const draft = stamp(kind, clean, { id: options.id ?? newId(kind), rev: '', createdAt: at, updatedAt: at, by: options.by });
    const response = await this.changes.during(draft.id, this.http.request('PUT', `/${encodeURIComponent(draft.id)}`, { body: toDoc(draft), accept: [409] }));
    if (response.status === 409) {
      const current = await this.fetchDoc(draft.id);
      if (!current) throw new StorageError('unknown', `${kind} ${draft.id} could not be created (conflict on a deleted document)`);
      const record = toRecord<RecordOf[K]>(current);
      // This very create, delivered before with its answer lost: it resolves with what it made, not a second record.
      if (isSameWrite(record, kind, clean, options.by)) {
        this.changes.remember(record.id, record.rev);
        return record;
      }
      throw new ConflictError(kind, draft.id, record);
    }
    const record = { ...draft, rev: String((response.body as { rev: string }).rev) };
    this.changes.announce(record);
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
    const doc = await this.fetchDoc(id, true, undefined, true);
    if (!doc || doc.type !== kind) throw new NotFoundError(kind, id);
    const landed = this.ownUpdate(doc, kind, baseRev, clean, options.by);
    if (landed) return landed;
    const updatedAt = this.now().toISOString();
    // A document written by another client may lack its creation date: the update then dates it.
    const createdAt = typeof doc.createdAt === 'string' ? doc.createdAt : updatedAt;
    const next = stamp(kind, clean, { id, rev: '', createdAt, updatedAt, by: options.by });
    if (doc._conflicts?.length) return this.updateConflicted(kind, doc, baseRev, next);
    if (doc._rev !== baseRev) throw new ConflictError(kind, id, toRecord(doc));
    const response = await this.changes.during(
      id,
      this.http.request('PUT', `/${encodeURIComponent(id)}`, { body: { ...toDoc(next), _rev: baseRev }, accept: [409] }),
    );
    if (response.status === 409) {
      // A browser resends a PUT whose connection broke before the answer: the first one may be the one that landed.
      const current = await this.fetchDoc(id, true, undefined, true);
      const own = current && this.ownUpdate(current, kind, baseRev, clean, options.by);
      if (own) return own;
      throw current ? new ConflictError(kind, id, toRecord(current)) : new NotFoundError(kind, id);
    }
    const record = { ...next, rev: String((response.body as { rev: string }).rev) };
    this.changes.announce(record);
    return record;
  }

  async import(records: readonly AnyRecord[]): Promise<void> {
    const docs = records.map((record) => toDoc(validateRecord(record)));
    for (let i = 0; i < docs.length; i += 500) await this.importChunk(docs.slice(i, i + 500));
  }

  // ---- changes ----------------------------------------------------------------

  subscribe(listener: ChangeListener): () => void {
    return this.changes.subscribe(listener);
  }

  /**
   * Receive changes only about these customers (their documents, requests and
   * activities) from now on: the ones the agent has open. Until the first
   * call the feed follows the whole database. See `ChangeFeed.watch`.
   */
  watch(customerIds: readonly string[]): void {
    this.changes.watch(customerIds);
  }

  /** The customers the change feed follows, or undefined while it follows the whole database. */
  get watching(): readonly string[] | undefined {
    return this.changes.watching;
  }

  close(): void {
    this.http.close();
    this.changes.close();
  }

  // ---- internals: conflicts ---------------------------------------------------

  /**
   * `doc` (read with its history) is this very update, applied before with its
   * answer lost: written on `baseRev`, with this data, by this agent. Then it
   * is the update's result, and no second revision is written.
   */
  private ownUpdate<K extends Kind>(doc: Doc, kind: K, baseRev: string, data: DataOf[K], by: string): RecordOf[K] | undefined {
    if (doc._rev === baseRev || doc._conflicts?.length || parentRev(doc) !== baseRev) return undefined;
    const landed = toRecord<RecordOf[K]>(doc);
    if (!isSameWrite(landed, kind, data, by)) return undefined;
    this.changes.remember(landed.id, landed.rev);
    return landed;
  }

  private async conflictNow(kind: Kind, id: string): Promise<Error> {
    const current = await this.fetchDoc(id);
    return current ? new ConflictError(kind, id, toRecord(current)) : new NotFoundError(kind, id);
  }

  /**
   * A document with `_conflicts`: a cluster (or a replica) accepted two writes
   * to it. A write based on one side is refused with the other side as
   * `current`, under a rev naming both; a write based on that rev keeps the
   * new version and deletes the other side, ending the conflict.
   */
  private async updateConflicted<K extends Kind>(kind: K, doc: Doc, baseRev: string, next: RecordOf[K]): Promise<RecordOf[K]> {
    const leaves = [doc._rev, ...(doc._conflicts ?? [])];
    const seen = baseRev.split(RESOLUTION);
    if (seen.length > 1 && seen.every((rev) => leaves.includes(rev))) {
      const writeOn = seen.includes(doc._rev) ? doc._rev : seen[0]!;
      const rest = seen.filter((rev) => rev !== writeOn);
      const response = await this.changes.during(doc._id, this.http.request('POST', '/_bulk_docs', {
        body: {
          docs: [
            { ...toDoc(next), _rev: writeOn },
            // The deleted side names its type and agent: the server's rules let an agent delete only under its own name.
            ...rest.map((rev) => ({ _id: doc._id, _rev: rev, _deleted: true, type: kind, updatedBy: next.updatedBy })),
          ],
        },
      }));
      const [written, ...deleted] = response.body as Array<{ rev?: string; error?: string; reason?: string }>;
      if (!written?.rev) {
        if (written?.error === 'forbidden') throw bulkError(doc._id, written.error, written.reason);
        throw await this.conflictNow(kind, doc._id);
      }
      const record = { ...next, rev: written.rev };
      for (const row of deleted) if (row.rev) this.changes.remember(doc._id, row.rev);
      this.changes.announce(record);
      return record;
    }
    if (!leaves.includes(baseRev)) throw new ConflictError(kind, doc._id, toRecord(doc));
    // Show the agent the side they have not seen: the winner, or else the newest other leaf.
    const others = await Promise.all(
      leaves.filter((rev) => rev !== baseRev).map((rev) => (rev === doc._rev ? doc : this.fetchDoc(doc._id, false, rev))),
    );
    const candidates = others.filter((d): d is Doc => d !== undefined && d.type === kind);
    const theirs =
      candidates.find((d) => d._rev === doc._rev) ??
      candidates.sort((a, b) => (String(a.updatedAt) < String(b.updatedAt) ? 1 : -1))[0];
    if (!theirs) throw new ConflictError(kind, doc._id, toRecord(doc));
    const current = { ...toRecord(theirs), rev: [baseRev, theirs._rev].join(RESOLUTION) } as AnyRecord;
    throw new ConflictError(kind, doc._id, current, { sideBySide: true });
  }

  // ---- internals: documents and queries ---------------------------------------

  private async fetchDoc(id: string, conflicts = false, rev?: string, revs = false): Promise<Doc | undefined> {
    const query: Record<string, string> = {};
    if (conflicts) query.conflicts = 'true';
    if (revs) query.revs = 'true';
    if (rev) query.rev = rev;
    const response = await this.http.request('GET', `/${encodeURIComponent(id)}`, { query, accept: [404] });
    if (response.status === 404) return undefined;
    const doc = response.body as Doc;
    return isKind(doc.type) && !doc._deleted ? doc : undefined;
  }

  private async fetchDocs(ids: readonly string[]): Promise<Doc[]> {
    if (!ids.length) return [];
    const response = await this.http.request('POST', '/_all_docs', { body: { keys: ids, include_docs: true } });
    const rows = (response.body as { rows: Array<{ doc?: Doc | null }> }).rows;
    return rows.map((row) => row.doc).filter((doc): doc is Doc => !!doc && isKind(doc.type));
  }

  private async importChunk(docs: Doc[], attempt = 0): Promise<void> {
    const response = await this.http.request('POST', '/_all_docs', { body: { keys: docs.map((d) => d._id) } });
    const rows = (response.body as { rows: Array<{ key: string; value?: { rev: string; deleted?: boolean } }> }).rows;
    const revs = new Map(rows.filter((r) => r.value && !r.value.deleted).map((r) => [r.key, r.value!.rev]));
    const written = await this.http.request('POST', '/_bulk_docs', {
      body: { docs: docs.map((doc) => (revs.has(doc._id) ? { ...doc, _rev: revs.get(doc._id) } : doc)) },
    });
    const results = written.body as Array<{ id: string; rev?: string; error?: string; reason?: string }>;
    const retry: Doc[] = [];
    results.forEach((result, i) => {
      if (result.rev) this.changes.remember(result.id, result.rev);
      else if (result.error === 'conflict') retry.push(docs[i]!);
      else throw bulkError(result.id, result.error, result.reason);
    });
    if (retry.length && attempt < 3) return this.importChunk(retry, attempt + 1);
    if (retry.length) throw new StorageError('unknown', `import: ${retry.length} documents kept changing; not imported`);
  }
}
