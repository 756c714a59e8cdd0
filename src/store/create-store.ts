import type { ContextStore } from './context-store.js';
import { CouchDbStore, type CouchDbStoreOptions } from './couchdb-store.js';
import { IndexedDbStore } from './indexeddb-store.js';
import { Outbox, type OutboxOptions } from './outbox.js';

export interface StoreConfig {
  /** The shared backend. Absent: the embedded IndexedDB store (the default). */
  couchdb?: CouchDbStoreOptions | undefined;
  /** Outbox tuning for the CouchDB store; its queue is named after the server and database unless `name` is given. */
  outbox?: OutboxOptions | undefined;
  /** IndexedDB database of the embedded store. */
  indexedDbName?: string | undefined;
}

export interface CreatedStore {
  store: ContextStore;
  /** Present with CouchDB: its `status` / `onStatus` feed the "offline, N waiting" line, `onReport` R4's caution. */
  outbox: Outbox | undefined;
  /** Present with CouchDB: the store behind the outbox (`setHeaders` for a refreshed token). */
  couch: CouchDbStore | undefined;
}

/**
 * The store the gadget runs on: IndexedDB by default; with `couchdb`, a
 * `CouchDbStore` wrapped in an `Outbox` so nothing is lost while it is
 * unreachable. Credentials come from the host (`headers` / `credentials`),
 * never from the URL.
 */
export function createStore(config: StoreConfig = {}): CreatedStore {
  if (!config.couchdb) {
    const options = config.indexedDbName ? { name: config.indexedDbName } : {};
    return { store: new IndexedDbStore(options), outbox: undefined, couch: undefined };
  }
  // The change feed resumes after a reload where this browser left it (no change made meanwhile is missed).
  const couchdb = config.couchdb;
  const couch = new CouchDbStore({
    ...couchdb,
    changes: { checkpoint: `customer-context-seq:${couchdb.url}/${couchdb.database}`, ...couchdb.changes },
  });
  const outbox = new Outbox(couch, {
    name: `customer-context-outbox:${couch.url}/${couch.database}`,
    ...config.outbox,
  });
  return { store: outbox, outbox, couch };
}
