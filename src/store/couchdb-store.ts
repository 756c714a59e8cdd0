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
  type PageOptions,
  type SearchField,
  type SearchHit,
  type WriteOptions,
} from './context-store.js';
import { fold, newId, phoneLookup, planQuery, searchPaths, type SearchKeys } from './keys.js';
import type { Backoff } from './backoff.js';
import { ChangeFeed } from './couchdb/changes.js';
import { toDoc, toRecord, isKind, type Doc } from './couchdb/docs.js';
import { CouchDrafts } from './couchdb/drafts.js';
import { checkBaseUrl, CouchHttp } from './couchdb/http.js';
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
  };
}

interface FindBody {
  selector: Record<string, unknown>;
  fields?: string[];
  sort?: Array<Record<string, 'asc' | 'desc'>>;
  limit: number;
  skip?: number;
}

/** The `_find` indexes, created on first use (`_design/cc-v1-<name>`). */
const INDEXES = {
  /** Narrows the array-member paths (names, phones, emails, chat ids, titles, tags) to one type. */
  type: ['type'],
  /** Journey paging: newest first. */
  journey: ['customerId', 'at', '_id'],
  requests: ['customerId', 'openedAt'],
  interaction: ['interactionId'],
} as const;
type IndexName = keyof typeof INDEXES;

const PAGE = 1000;
/** How many matches one search path reads at most before ranking them by key (see docs/couchdb.md). */
const SEARCH_SCAN = 500;
/** A rev this store hands out for a document in conflict: the leaves an agent has seen, joined. */
const RESOLUTION = '+';

function prefixRange(key: string): Record<string, unknown> {
  return { $elemMatch: { $gte: key, $lte: `${key}\uffff` } };
}

/**
 * The shared store: CouchDB's HTTP API through `fetch`.
 *
 * - Records are documents with a `type`; `_id` is the record id, `_rev` (read
 *   from the body) the record's `rev`; the lowercased search keys are stored
 *   beside the record as `k`.
 * - A stale write (409) rejects with `ConflictError` carrying the current
 *   record. A document a cluster accepted on two sides (`_conflicts`) is also
 *   a conflict: writing to it rejects with `ConflictError` whose `current` is
 *   the other side; its `rev` names both sides, so the write made after Load
 *   replaces them both (see docs/couchdb.md, "Cluster notes").
 * - Lookups, search and journey pages use `_find` with indexes created on
 *   first use.
 * - Changes by other agents arrive through `_changes?feed=longpoll` while
 *   someone is subscribed, as `source: 'remote'`; this instance's own writes
 *   are announced at once as `source: 'local'` and skipped in the feed.
 * - Unreachable server, 5xx and time-outs fail with
 *   `StorageError('unavailable')` (wrap the store in an `Outbox` to keep
 *   writes through that); 401/403 with `StorageError('denied')`.
 */
export class CouchDbStore implements ContextStore {
  readonly url: string;
  readonly database: string;
  readonly identity: string;
  private readonly http: CouchHttp;
  private readonly changes: ChangeFeed;
  private readonly now: () => Date;
  private readonly indexes = new Map<IndexName, Promise<void>>();
  /** The agents' unsaved drafts, one `drafts:<agentId>` document each (`type: "drafts"`, never a record). */
  readonly drafts: RemoteDrafts;

  constructor(options: CouchDbStoreOptions) {
    if (!/^[a-z][a-z0-9_$()+/-]*$/.test(options.database)) {
      throw new TypeError(`CouchDbStore: "${options.database}" is not a valid CouchDB database name`);
    }
    this.url = checkBaseUrl(options.url);
    this.database = options.database;
    const dbUrl = `${this.url}/${encodeURIComponent(options.database)}`;
    this.identity = `couchdb:${dbUrl}`;
    this.http = new CouchHttp(dbUrl, {
      headers: options.headers,
      credentials: options.credentials ?? 'same-origin',
      requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
    });
    this.now = options.now ?? (() => new Date());
    this.drafts = new CouchDrafts(this.http);
    const pollTimeoutMs = options.changes?.pollTimeoutMs ?? 25_000;
    this.changes = new ChangeFeed(this.http, {
      live: options.changes?.live ?? true,
      pollTimeoutMs,
      abortAfterMs: options.changes?.abortAfterMs ?? pollTimeoutMs + 5000,
      backoff: options.changes?.backoff ?? { initialMs: 1000, maxMs: 30_000 },
      onPoll: options.changes?.onPoll,
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
    const lookups: Array<Promise<Doc[]>> = [];
    const exact = (field: keyof SearchKeys, value: string) =>
      this.findAll('type', { type: 'customer', [`k.${field}`]: { $elemMatch: { $eq: value } } });
    const phone = point.phone ? phoneLookup(point.phone) : undefined;
    if (phone) {
      // R1.2: the same digits, else one number written without its country code (see `phoneLookup`).
      const any = (field: keyof SearchKeys, values: string[]) =>
        this.findAll('type', { type: 'customer', [`k.${field}`]: { $elemMatch: { $in: values } } });
      const byPhone = async () => {
        const same = await exact('phones', phone.digits);
        if (same.length) return same;
        const [longer, shorter] = await Promise.all([
          phone.asTail.length ? any('phoneTails', phone.asTail) : Promise.resolve([]),
          phone.tails.length ? any('phones', phone.tails) : Promise.resolve([]),
        ]);
        return [...longer, ...shorter];
      };
      lookups.push(byPhone());
    }
    if (point.email) lookups.push(exact('emails', fold(point.email)));
    if (point.chatId) lookups.push(exact('chatIds', fold(point.chatId)));
    const found = new Map<string, Customer>();
    for (const docs of await Promise.all(lookups)) {
      for (const doc of docs.sort((a, b) => (a._id < b._id ? -1 : 1))) found.set(doc._id, toRecord<Customer>(doc));
    }
    return [...found.values()];
  }

  async search(query: string, limit = 20): Promise<SearchHit[]> {
    const plan = planQuery(query);
    if (!plan.text) return [];
    const hits = new Map<string, SearchField>();
    const customers = new Map<string, Customer>();

    // The paths (`searchPaths`, both stages) are asked at once (one round trip of latency), then
    // taken in their order, each adding customers not found yet, up to `limit`.
    const paths = searchPaths(plan);
    const answers = await Promise.all(
      paths.map(({ kind, keys, key }) =>
        this.find('type', {
          selector: { type: kind, [`k.${keys}`]: prefixRange(key) },
          ...(kind === 'customer' ? {} : { fields: ['_id', 'customerId', `k.${keys}`] }),
          limit: SEARCH_SCAN,
        }),
      ),
    );
    paths.forEach(({ field, kind, keys, key }, i) => {
      // The order the embedded store walks its index in: by the smallest matching key, then by id.
      const ranked = answers[i]!
        .map((doc) => {
          const matching = ((doc.k?.[keys] ?? []) as string[]).filter((k) => k.startsWith(key)).sort();
          return { doc, first: matching[0] };
        })
        .filter((row): row is { doc: Doc; first: string } => row.first !== undefined)
        .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : a.doc._id < b.doc._id ? -1 : 1));
      for (const { doc } of ranked) {
        if (hits.size >= limit) return;
        const customerId = kind === 'customer' ? doc._id : String(doc.customerId);
        if (hits.has(customerId)) continue;
        hits.set(customerId, field);
        if (kind === 'customer') customers.set(doc._id, toRecord<Customer>(doc));
      }
    });

    const missing = [...hits.keys()].filter((id) => !customers.has(id));
    for (const doc of await this.fetchDocs(missing)) {
      if (doc.type === 'customer') customers.set(doc._id, toRecord<Customer>(doc));
    }
    const result: SearchHit[] = [];
    for (const [id, matched] of hits) {
      const customer = customers.get(id);
      if (customer) result.push({ customer, matched });
    }
    return result;
  }

  async requestsOf(customerId: string): Promise<Request[]> {
    const docs = await this.findAll('requests', { customerId, openedAt: { $gt: null }, type: 'request' });
    return docs
      .map((doc) => toRecord<Request>(doc))
      .sort((a, b) =>
        a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
      );
  }

  async activitiesOf(customerId: string, page: PageOptions = {}): Promise<Activity[]> {
    const docs = await this.journeyPage(customerId, page.limit ?? 50, page.before);
    return docs.map((doc) => toRecord<Activity>(doc));
  }

  async countActivities(customerId: string): Promise<number> {
    let count = 0;
    let before: { at: string; id: string } | undefined;
    for (;;) {
      const docs = await this.journeyPage(customerId, PAGE, before, ['_id', 'at']);
      count += docs.length;
      const last = docs.at(-1);
      if (docs.length < PAGE || !last) return count;
      before = { at: String(last.at), id: last._id };
    }
  }

  async activityByInteraction(interactionId: string): Promise<Activity | undefined> {
    const [doc] = await this.find('interaction', {
      selector: { interactionId, type: 'activity' },
      limit: 1,
    });
    return doc ? toRecord<Activity>(doc) : undefined;
  }

  // ---- writes -----------------------------------------------------------------

  async create<K extends Kind>(kind: K, data: DataOf[K], options: WriteOptions): Promise<RecordOf[K]> {
    const clean = validateData(kind, data);
    const at = this.now().toISOString();
    const draft = stamp(kind, clean, { id: options.id ?? newId(kind), rev: '', createdAt: at, updatedAt: at, by: options.by });
    const response = await this.http.request('PUT', `/${encodeURIComponent(draft.id)}`, { body: toDoc(draft), accept: [409] });
    if (response.status === 409) {
      const current = await this.fetchDoc(draft.id);
      if (!current) throw new StorageError('unknown', `${kind} ${draft.id} could not be created (conflict on a deleted document)`);
      throw new ConflictError(kind, draft.id, toRecord(current));
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
    const doc = await this.fetchDoc(id, true);
    if (!doc || doc.type !== kind) throw new NotFoundError(kind, id);
    const updatedAt = this.now().toISOString();
    // A document written by another client may lack its creation date: the update then dates it.
    const createdAt = typeof doc.createdAt === 'string' ? doc.createdAt : updatedAt;
    const next = stamp(kind, clean, { id, rev: '', createdAt, updatedAt, by: options.by });
    if (doc._conflicts?.length) return this.updateConflicted(kind, doc, baseRev, next);
    if (doc._rev !== baseRev) throw new ConflictError(kind, id, toRecord(doc));
    const response = await this.http.request('PUT', `/${encodeURIComponent(id)}`, {
      body: { ...toDoc(next), _rev: baseRev },
      accept: [409],
    });
    if (response.status === 409) throw await this.conflictNow(kind, id);
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

  close(): void {
    this.http.close();
    this.changes.close();
  }

  // ---- internals: conflicts ---------------------------------------------------

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
      const response = await this.http.request('POST', '/_bulk_docs', {
        body: {
          docs: [
            { ...toDoc(next), _rev: writeOn },
            ...rest.map((rev) => ({ _id: doc._id, _rev: rev, _deleted: true })),
          ],
        },
      });
      const [written, ...deleted] = response.body as Array<{ rev?: string; error?: string }>;
      if (!written?.rev) throw await this.conflictNow(kind, doc._id);
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
    throw new ConflictError(kind, doc._id, current);
  }

  // ---- internals: documents and queries ---------------------------------------

  private async fetchDoc(id: string, conflicts = false, rev?: string): Promise<Doc | undefined> {
    const query: Record<string, string> = {};
    if (conflicts) query.conflicts = 'true';
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

  private ensureIndex(name: IndexName): Promise<void> {
    let ready = this.indexes.get(name);
    if (!ready) {
      ready = this.http.request('POST', '/_index', {
        body: { index: { fields: INDEXES[name] }, ddoc: `cc-v1-${name}`, name, type: 'json' },
      }).then(
        () => undefined,
        (error: unknown) => {
          // Design documents are for database admins: an agent may not create the index,
          // which an admin made beforehand (docs/couchdb.md). Query on; anything else: try again next time.
          if (error instanceof StorageError && (error.reason === 'denied' || error.reason === 'unknown')) return;
          this.indexes.delete(name);
          throw error;
        },
      );
      this.indexes.set(name, ready);
    }
    return ready;
  }

  private async find(index: IndexName, body: FindBody): Promise<Doc[]> {
    await this.ensureIndex(index);
    const response = await this.http.request('POST', '/_find', { body: { ...body, use_index: [`cc-v1-${index}`, index] } });
    return (response.body as { docs: Doc[] }).docs;
  }

  /** Every document matching `selector` (pages of 1,000). */
  private async findAll(index: IndexName, selector: Record<string, unknown>): Promise<Doc[]> {
    const out: Doc[] = [];
    for (let skip = 0; ; skip += PAGE) {
      const docs = await this.find(index, { selector, limit: PAGE, skip });
      out.push(...docs);
      if (docs.length < PAGE) return out;
    }
  }

  /**
   * One page of a journey from the [customerId, at, _id] index, newest first.
   * "Older than `before`" is two index ranges (same `at`, smaller id; then
   * older `at`), since `$or` would not use the index.
   */
  private async journeyPage(customerId: string, limit: number, before?: { at: string; id: string }, fields?: string[]): Promise<Doc[]> {
    const sort: FindBody['sort'] = [{ customerId: 'desc' }, { at: 'desc' }, { _id: 'desc' }];
    const page = (selector: Record<string, unknown>, count: number) =>
      this.find('journey', { selector: { customerId, ...selector, type: 'activity' }, sort, limit: count, ...(fields ? { fields } : {}) });
    if (!before) return page({ at: { $gt: null }, _id: { $gt: null } }, limit);
    const sameTime = await page({ at: before.at, _id: { $lt: before.id } }, limit);
    if (sameTime.length >= limit) return sameTime;
    return [...sameTime, ...(await page({ at: { $lt: before.at }, _id: { $gt: null } }, limit - sameTime.length))];
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
      else throw new StorageError('unknown', `import of ${result.id} refused: ${result.error}: ${result.reason}`);
    });
    if (retry.length && attempt < 3) return this.importChunk(retry, attempt + 1);
    if (retry.length) throw new StorageError('unknown', `import: ${retry.length} documents kept changing; not imported`);
  }
}
