import type { ContextStore } from './context-store.js';
import { createStore, type StoreConfig } from './create-store.js';
import type { CouchDbStore } from './couchdb-store.js';
import { emptyIndexedDb, removeStoredKeys, SEQ_CHECKPOINT_PREFIX } from './local-data.js';
import { Outbox, type OutboxReport, type OutboxStatus } from './outbox.js';
import type { RemoteDraft, RemoteDrafts } from './remote-drafts.js';

export type { RemoteDraft, RemoteDrafts } from './remote-drafts.js';

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
  /** Tries to deliver waiting writes now. */
  flush(): void;
  /**
   * The agents' unsaved drafts on the shared backend (one document per agent),
   * so they follow the agent to another node or machine. Absent for the
   * embedded store. A write also records how many writes wait in this
   * desktop's outbox (`waiting`), for the agent's other desktop to tell them.
   */
  readonly drafts: RemoteDrafts | undefined;
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

class StoreBackend implements Backend {
  readonly isBackend = true;
  readonly store: ContextStore;
  private readonly outbox: Outbox | undefined;
  private readonly couch: CouchDbStore | undefined;
  private readonly owned: boolean;
  readonly drafts: RemoteDrafts | undefined;

  constructor(store: ContextStore, outbox: Outbox | undefined, couch: CouchDbStore | undefined, owned: boolean) {
    this.store = store;
    this.outbox = outbox;
    this.couch = couch;
    this.owned = owned;
    this.drafts = couch ? withWaiting(couch.drafts, () => outbox?.status.pending ?? 0) : undefined;
  }

  get status(): OutboxStatus | undefined {
    return this.outbox?.status;
  }
  onStatus(listener: (status: OutboxStatus) => void): () => void {
    return this.outbox ? this.outbox.onStatus(listener) : none();
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
    this.outbox?.flush();
  }
  flush(): void {
    this.outbox?.flush();
  }
  close(): void {
    if (this.owned) this.store.close();
  }
  async unsent(): Promise<number> {
    return this.outbox ? this.outbox.unsent() : 0;
  }
  async deliverNow(timeoutMs: number): Promise<number> {
    return this.outbox ? this.outbox.deliverNow(timeoutMs) : 0;
  }
  async clearLocalData({ dropUnsent, includeEmbeddedStore, timeoutMs }: ClearBackendOptions): Promise<ClearBackendOutcome> {
    const outbox = this.outbox ? await this.outbox.clearLocal(dropUnsent, timeoutMs) : { cleared: true, unsent: 0, refused: 0 };
    if (!outbox.cleared) return { cleared: false, unsent: outbox.unsent };
    // Closed first: a change feed still running would write its checkpoint again.
    this.close();
    removeStoredKeys([SEQ_CHECKPOINT_PREFIX]);
    const identity = this.store.identity;
    if (includeEmbeddedStore && identity?.startsWith(EMBEDDED)) await emptyIndexedDb(identity.slice(EMBEDDED.length));
    return { cleared: true, dropped: outbox.unsent, refused: outbox.refused };
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
  const { store, outbox, couch } = createStore(config);
  return new StoreBackend(store, outbox, couch, true);
}

export function isBackend(value: ContextStore | Backend): value is Backend {
  return (value as Partial<Backend>).isBackend === true;
}

/** A backend over a store the host gave (an `Outbox` reports its state; the host keeps closing it). */
export function backendFor(store: ContextStore): Backend {
  return new StoreBackend(store, store instanceof Outbox ? store : undefined, undefined, false);
}
