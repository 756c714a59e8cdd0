import type { ContextStore } from './context-store.js';
import { createStore, isOutboxOf, OUTBOX_PREFIX, type StoreConfig } from './create-store.js';
import { CouchDbStore } from './couchdb-store.js';
import { normalizeCouchUrl } from './couchdb/http.js';
import { emptyIndexedDb, removeStoredKeys, SEQ_CHECKPOINT_PREFIX } from './local-data.js';
import { Outbox, type OutboxReport, type OutboxStatus } from './outbox.js';
import { BroadcastPresence } from './presence/broadcast.js';
import type { Presence } from './presence/presence.js';
import type { RemoteDraft, RemoteDrafts } from './remote-drafts.js';

export type { RemoteDraft, RemoteDrafts } from './remote-drafts.js';
export type { PeerPresence, Presence, PresenceDoing, PresenceEntry, PresenceState } from './presence/presence.js';
/** Thrown by `createBackend` when no backend can be made from its settings (`problem` says why; the message holds no credential). */
export { CouchConfigError, type CouchConfigProblem } from './couchdb/http.js';

/**
 * The one object a session and its element need of the data layer: the
 * store, and — when writes can wait (CouchDB behind the outbox) — their state
 * and the refusals met on delivery. Callers never need to know whether an
 * outbox or a CouchDB store is behind it.
 */
export interface Backend {
  /** Tells a backend from a bare store (an `Outbox` has `reports()` too). */
  readonly isBackend: true;
  readonly store: ContextStore;
  /** `online`, `offline` with N waiting, `delivering`; `undefined` when writes never wait (the embedded store). */
  readonly status: OutboxStatus | undefined;
  onStatus(listener: (status: OutboxStatus) => void): () => void;
  /** Writes refused on delivery, kept until dismissed (across reloads). None when writes never wait. */
  reports(): Promise<OutboxReport[]>;
  onReport(listener: (report: OutboxReport) => void): () => void;
  dismissReport(key: number): Promise<void>;
  /** New CouchDB headers (a refreshed token): taken at the next request; waiting writes are retried with them. */
  setHeaders(headers: Record<string, string> | undefined): void;
  /**
   * The agent now working (issue #21; `Outbox.setAgent`): only their waiting
   * writes are delivered, with the headers set now (set theirs first), and only
   * their reports are given; other agents' writes wait, counted in
   * `status.waitingForOthers`. `also`: authors whose writes count as theirs
   * (the placeholder whose work the first named agent adopts).
   */
  setAgent(agentId: string | undefined, also?: readonly string[]): void;
  /** Tries to deliver waiting writes now. */
  flush(): void;
  /**
   * The agents' unsaved drafts on the shared backend (one document per agent),
   * so they follow the agent to another node or machine. Absent for the
   * embedded store. A write also records how many writes wait in this
   * desktop's outbox (`waiting`), for the agent's other desktop to tell them.
   */
  readonly drafts: RemoteDrafts | undefined;
  /**
   * Who else has a customer open (issue #18 item 2), kept out of the outbox:
   * the other tabs of this browser (embedded store, a store the host gave
   * with an identity) or `presence:<agentId>` documents (CouchDB). Closed with
   * the backend, even one over a store the host gave. `undefined`: none.
   */
  readonly presence: Presence | undefined;
  /** Closes what this backend opened (a store given by the host stays open: its owner closes it). */
  close(): void;
  /** How many writes wait in the outbox for the backend; 0 when writes never wait. */
  unsent(): Promise<number>;
  /** Tries to deliver the waiting writes now, for at most `timeoutMs`; resolves with `unsent()` then. */
  deliverNow(timeoutMs: number): Promise<number>;
  /**
   * Sign-out: removes what this backend keeps in the browser, then closes it —
   * the outbox's database (in one step, and only when no write waits or
   * with `dropUnsent`), every change feed checkpoint, and with
   * `includeEmbeddedStore` the records of the embedded IndexedDB store. When
   * it refuses (`cleared: false`) it removed nothing and is still open.
   */
  clearLocalData(options: ClearBackendOptions): Promise<ClearBackendOutcome>;
}

export interface ClearBackendOptions {
  dropUnsent: boolean;
  includeEmbeddedStore: boolean;
  /** How long to wait for the outbox's delivery lock (a delivery on its way). */
  timeoutMs: number;
}

/** `dropped`: waiting writes deleted (with `dropUnsent`); `refused`: reports of writes refused on delivery deleted; `unsent`: why it refused. */
export type ClearBackendOutcome = { cleared: true; dropped: number; refused: number } | { cleared: false; unsent: number };

/** The identity of the embedded store (`IndexedDbStore`): `indexeddb:<database name>`. */
const EMBEDDED = 'indexeddb:';

const none = () => () => undefined;

/**
 * Outboxes that deliver in the background, whose writes no session's backend
 * queues any more (issue #21):
 * - the queue of a backend the host switched away from (another server or
 *   database) while writes still waited in it: it keeps delivering them to
 *   that backend, with the headers it had, until none waits, then closes;
 * - a queue of the current server named with an older spelling of its URL
 *   (before identities were normalised): delivered to the same server, then
 *   deleted (kept when it holds reports of refused writes).
 * Every backend's `status` counts their waiting writes (the agent sees them);
 * a sign-out delivers them or, with `dropUnsent`, deletes them.
 */
interface Drain {
  outbox: Outbox;
  /** The server it delivers to (`normalizeCouchUrl`), for `setHeaders`. */
  server: string;
  couch: CouchDbStore;
  /** Delete the queue once empty (an older spelling's). */
  remove: boolean;
  checking?: Promise<void>;
}

class Background {
  private readonly drains = new Map<string, Drain>();
  /** Queue names of the backends in use (how many on each): a drain never runs beside them. */
  private readonly active = new Map<string, number>();
  private readonly listeners = new Set<() => void>();

  use(name: string): void {
    this.active.set(name, (this.active.get(name) ?? 0) + 1);
    // A backend on this queue again (the host switched back): it delivers them itself.
    const drain = this.drains.get(name);
    if (drain) this.end(drain, false);
  }

  release(name: string): void {
    const count = (this.active.get(name) ?? 1) - 1;
    if (count > 0) this.active.set(name, count);
    else this.active.delete(name);
  }

  inUse(name: string): boolean {
    return this.active.has(name) || this.drains.has(name);
  }

  /** Lets `outbox` deliver in the background until none of its writes waits. */
  add(drain: Drain): void {
    const { outbox } = drain;
    if (this.inUse(outbox.name)) return void outbox.close();
    this.drains.set(outbox.name, drain);
    outbox.onStatus((status) => {
      this.changed();
      if (status.pending === 0 && status.state !== 'offline') void this.check(drain);
    });
    outbox.flush();
    void outbox.ready.then(() => this.check(drain));
    this.changed();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  statuses(): OutboxStatus[] {
    return [...this.drains.values()].map((d) => d.outbox.status);
  }

  setHeaders(server: string, headers: Record<string, string> | undefined): void {
    for (const drain of this.drains.values()) {
      if (drain.server !== server) continue;
      drain.couch.setHeaders(headers);
      drain.outbox.flush();
    }
  }

  async unsent(): Promise<number> {
    const counts = await Promise.all([...this.drains.values()].map((d) => d.outbox.unsent()));
    return counts.reduce((a, b) => a + b, 0);
  }

  async deliverNow(timeoutMs: number): Promise<void> {
    await Promise.all([...this.drains.values()].map((d) => d.outbox.deliverNow(timeoutMs)));
    await Promise.all([...this.drains.values()].map((d) => this.check(d)));
  }

  /** Sign-out: deletes every background queue (their waiting writes and reports). */
  async destroyAll(): Promise<void> {
    const drains = [...this.drains.values()];
    this.drains.clear();
    await Promise.all(drains.map((d) => d.outbox.destroy()));
    this.changed();
  }

  /** Ends the drain once none of its writes waits. */
  private check(drain: Drain): Promise<void> {
    // One check at a time per drain (one may end it while another reads its queue).
    drain.checking = (drain.checking ?? Promise.resolve()).then(async () => {
      const mine = () => this.drains.get(drain.outbox.name) === drain;
      if (!mine() || (await drain.outbox.unsent()) > 0 || !mine()) return;
      const reports = drain.remove ? (await drain.outbox.reports()).length : 0;
      if (mine()) await this.end(drain, drain.remove && reports === 0);
    }).catch(() => undefined);
    return drain.checking;
  }

  private async end(drain: Drain, remove: boolean): Promise<void> {
    if (this.drains.get(drain.outbox.name) !== drain) return;
    this.drains.delete(drain.outbox.name);
    if (remove) await drain.outbox.destroy();
    else drain.outbox.close();
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

const background = new Background();

/** One status for several outboxes: the writes waiting in all, `offline` if one with writes (or the first) is, else `delivering` while any wait. */
function combined(own: OutboxStatus | undefined, others: readonly OutboxStatus[]): OutboxStatus {
  // A state of the backend's own beyond these three is shown as it is.
  if (own && own.state !== 'online' && own.state !== 'offline' && own.state !== 'delivering') return own;
  const all = own ? [own, ...others] : others;
  const pending = all.reduce((sum, s) => sum + s.pending, 0);
  // Writes of other agents waiting in the own queue for their agent (issue #21).
  const waiting = own?.waitingForOthers ? { waitingForOthers: own.waitingForOthers } : {};
  if (own?.state === 'offline' || others.some((s) => s.state === 'offline' && s.pending > 0)) return { state: 'offline', pending, ...waiting };
  return pending > 0 ? { state: 'delivering', pending, ...waiting } : { state: 'online', pending: 0, ...waiting };
}

class StoreBackend implements Backend {
  readonly isBackend = true;
  readonly store: ContextStore;
  private readonly outbox: Outbox | undefined;
  private readonly couch: CouchDbStore | undefined;
  private readonly owned: boolean;
  /** The server of an owned CouchDB backend (`normalizeCouchUrl`). */
  private readonly server: string | undefined;
  /** Resolves once the queues of older spellings of this server are found and delivering. */
  private readonly found: Promise<void>;
  private closed = false;
  readonly drafts: RemoteDrafts | undefined;
  readonly presence: Presence | undefined;

  constructor(store: ContextStore, outbox: Outbox | undefined, couch: CouchDbStore | undefined, owned: boolean, config?: StoreConfig, presence?: Presence) {
    this.store = store;
    this.presence = presence;
    this.outbox = outbox;
    this.couch = couch;
    this.owned = owned;
    this.drafts = couch ? withWaiting(couch.drafts, () => outbox?.status.pending ?? 0) : undefined;
    const couchdb = config?.couchdb;
    if (owned && outbox && couch && couchdb) {
      this.server = normalizeCouchUrl(couchdb.url);
      background.use(outbox.name);
      this.found = findOlderQueues(this.server, couch.database, outbox.name, config);
    } else {
      this.found = Promise.resolve();
    }
  }

  get status(): OutboxStatus | undefined {
    const others = background.statuses();
    if (!this.outbox && !others.length) return undefined;
    return combined(this.outbox?.status, others);
  }
  onStatus(listener: (status: OutboxStatus) => void): () => void {
    const tell = () => {
      const status = this.status;
      if (status) listener(status);
    };
    const offOwn = this.outbox ? this.outbox.onStatus(tell) : none();
    const offOthers = background.onChange(tell);
    return () => {
      offOwn();
      offOthers();
    };
  }
  reports(): Promise<OutboxReport[]> {
    return this.outbox ? this.outbox.reports() : Promise.resolve([]);
  }
  onReport(listener: (report: OutboxReport) => void): () => void {
    return this.outbox ? this.outbox.onReport(listener) : none();
  }
  dismissReport(key: number): Promise<void> {
    return this.outbox ? this.outbox.dismissReport(key) : Promise.resolve();
  }
  setHeaders(headers: Record<string, string> | undefined): void {
    this.couch?.setHeaders(headers);
    this.presence?.setHeaders?.(headers);
    this.outbox?.flush();
    if (this.server) background.setHeaders(this.server, headers);
  }
  setAgent(agentId: string | undefined, also?: readonly string[]): void {
    this.outbox?.setAgent(agentId, also);
  }
  flush(): void {
    this.outbox?.flush();
  }
  close(): void {
    // Presence is the backend's own, whoever owns the store: the agent is gone from it now.
    this.presence?.close();
    if (!this.owned || this.closed) return;
    this.closed = true;
    const { outbox, couch, server } = this;
    if (!outbox || !couch || !server) return void this.store.close();
    background.release(outbox.name);
    // Writes still wait (the host switched to another backend): they keep going to this one, in the background.
    if (outbox.status.pending > 0 || (outbox.status.waitingForOthers ?? 0) > 0) background.add({ outbox, couch, server, remove: false });
    else this.store.close();
  }
  async unsent(): Promise<number> {
    await this.found;
    return (this.outbox ? await this.outbox.unsent() : 0) + (await background.unsent());
  }
  async deliverNow(timeoutMs: number): Promise<number> {
    await this.found;
    await Promise.all([this.outbox?.deliverNow(timeoutMs), background.deliverNow(timeoutMs)]);
    return this.unsent();
  }
  async clearLocalData({ dropUnsent, includeEmbeddedStore, timeoutMs }: ClearBackendOptions): Promise<ClearBackendOutcome> {
    await this.found;
    // Writes waiting for another backend (or under an older spelling) count as unsent too: nothing is removed while any waits.
    const elsewhere = await background.unsent();
    if (elsewhere > 0 && !dropUnsent) return { cleared: false, unsent: elsewhere + (await (this.outbox?.unsent() ?? 0)) };
    const outbox = this.outbox ? await this.outbox.clearLocal(dropUnsent, timeoutMs) : { cleared: true, unsent: 0, refused: 0 };
    if (!outbox.cleared) return { cleared: false, unsent: outbox.unsent + elsewhere };
    await background.destroyAll();
    // Closed first: a change feed still running would write its checkpoint again.
    this.close();
    removeStoredKeys([SEQ_CHECKPOINT_PREFIX]);
    const identity = this.store.identity;
    if (includeEmbeddedStore && identity?.startsWith(EMBEDDED)) await emptyIndexedDb(identity.slice(EMBEDDED.length));
    return { cleared: true, dropped: outbox.unsent + elsewhere, refused: outbox.refused };
  }
}

/**
 * The queues of `database` on `server` named with another spelling of the
 * server (`indexedDB.databases()`): each delivers in the background to the
 * server, through a store of its own made from `config`, then is deleted.
 */
async function findOlderQueues(server: string, database: string, own: string, config: StoreConfig | undefined): Promise<void> {
  const couchdb = config?.couchdb;
  if (!couchdb || typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  let listed: IDBDatabaseInfo[];
  try {
    listed = await indexedDB.databases();
  } catch {
    return;
  }
  for (const { name } of listed) {
    if (!name || name === own || !name.startsWith(OUTBOX_PREFIX) || background.inUse(name) || !isOutboxOf(name, server, database)) continue;
    const couch = new CouchDbStore({ ...couchdb, changes: { live: false } });
    const outbox = new Outbox(couch, { ...config.outbox, name });
    background.add({ outbox, couch, server, remove: true });
  }
}

/** `drafts` whose writes carry the number of writes waiting in this desktop's outbox, and where. */
function withWaiting(drafts: RemoteDrafts, pending: () => number): RemoteDrafts {
  return {
    read: (agentId) => drafts.read(agentId),
    remove: (agentId, options) => drafts.remove(agentId, options),
    write: (agentId, draft, options) => {
      const count = pending();
      const origin = globalThis.location?.origin ?? '';
      const written: RemoteDraft = count > 0 ? { ...draft, waiting: { count, origin } } : { updatedAt: draft.updatedAt, value: draft.value };
      return drafts.write(agentId, written, options);
    },
  };
}

/** The gadget's own backend, made from its settings: IndexedDB by default, CouchDB behind an outbox with `couchdb`. */
export function createBackend(config: StoreConfig = {}): Backend {
  const { store, outbox, couch, presence } = createStore(config);
  return new StoreBackend(store, outbox, couch, true, config, presence());
}

export function isBackend(value: ContextStore | Backend): value is Backend {
  return (value as Partial<Backend>).isBackend === true;
}

/**
 * A backend over a store the host gave (an `Outbox` reports its state; the
 * host keeps closing it). Presence: between the tabs of this browser, when the
 * store names itself (`identity`).
 */
export function backendFor(store: ContextStore): Backend {
  const presence = store.identity ? new BroadcastPresence(store.identity) : undefined;
  return new StoreBackend(store, store instanceof Outbox ? store : undefined, undefined, false, undefined, presence);
}
