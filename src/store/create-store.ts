import type { ContextStore } from './context-store.js';
import { CouchDbStore, type CouchDbStoreOptions } from './couchdb-store.js';
import { localSeqCheckpoint, presenceFeedOf } from './couchdb/changes.js';
import { checkBaseUrl, CouchHttp, normalizeCouchUrl } from './couchdb/http.js';
import { IndexedDbStore } from './indexeddb-store.js';
import { SEQ_CHECKPOINT_PREFIX } from './local-data.js';
import { Outbox, type OutboxOptions } from './outbox.js';
import { BroadcastPresence } from './presence/broadcast.js';
import { CouchPresence } from './presence/couchdb.js';
import type { Presence, PresenceOptions } from './presence/presence.js';

export interface StoreConfig {
  /** The shared backend. Absent: the embedded IndexedDB store (the default). */
  couchdb?: CouchDbStoreOptions | undefined;
  /** Outbox tuning for the CouchDB store; its queue is named after the server and database unless `name` is given. */
  outbox?: OutboxOptions | undefined;
  /** IndexedDB database of the embedded store. */
  indexedDbName?: string | undefined;
  /** Presence tuning (issue #18 item 2): its clock, heartbeat and lifetime. */
  presence?: PresenceOptions | undefined;
}

export interface CreatedStore {
  store: ContextStore;
  /** Present with CouchDB: its `status` / `onStatus` feed the "offline, N waiting" line, `onReport` R4's caution. */
  outbox: Outbox | undefined;
  /** Present with CouchDB: the store behind the outbox (`setHeaders` for a refreshed token). */
  couch: CouchDbStore | undefined;
  /**
   * Who else has a customer open (issue #18 item 2): the other tabs of this
   * browser on the embedded store, `presence:<agentId>` documents on CouchDB.
   * Never through the outbox: it is not queued and never retried once stale.
   * Made on demand (each call a new one; its caller closes it).
   */
  presence: () => Presence;
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
    const store = new IndexedDbStore(options);
    return { store, outbox: undefined, couch: undefined, presence: () => new BroadcastPresence(store.identity, config.presence) };
  }
  // The change feed resumes after a reload where this browser left it (no change made meanwhile is missed).
  const couchdb = config.couchdb;
  const server = normalizeCouchUrl(couchdb.url);
  const checkpoint = `${SEQ_CHECKPOINT_PREFIX}${server}/${couchdb.database}`;
  if (couchdb.changes?.checkpoint === undefined) adoptCheckpoint(checkpoint, server, couchdb.database);
  // The checkpoint as an object: presence finds the store's change feed by it (`presenceFeedOf`) and rides on it.
  const given = couchdb.changes?.checkpoint ?? checkpoint;
  const seqCheckpoint = typeof given === 'string' ? localSeqCheckpoint(given) : given;
  const couch = new CouchDbStore({
    ...couchdb,
    changes: { ...couchdb.changes, checkpoint: seqCheckpoint },
  });
  const outbox = new Outbox(couch, {
    name: outboxName(server, couch.database),
    ...config.outbox,
  });
  const http = new CouchHttp(`${checkBaseUrl(couchdb.url)}/${encodeURIComponent(couch.database)}`, {
    headers: couchdb.headers,
    credentials: couchdb.credentials ?? 'same-origin',
    requestTimeoutMs: couchdb.requestTimeoutMs ?? 15_000,
  });
  return { store: outbox, outbox, couch, presence: () => new CouchPresence(http, presenceFeedOf(seqCheckpoint), config.presence) };
}

/** The outbox queues (IndexedDB databases) are named `customer-context-outbox:<server>/<database>`. */
export const OUTBOX_PREFIX = 'customer-context-outbox:';

/** The queue of `database` on `server` (a URL as `normalizeCouchUrl` writes it): one per server, however it is spelled. */
export function outboxName(server: string, database: string): string {
  return `${OUTBOX_PREFIX}${server}/${database}`;
}

/**
 * Whether `name` is the queue of `database` on `server` (normalised) written
 * with another spelling of the server, as versions before issue #21 named it
 * (`customer-context-outbox:<the host's URL>/<database>`).
 */
export function isOutboxOf(name: string, server: string, database: string): boolean {
  return names(OUTBOX_PREFIX, name, server, database);
}

/** Whether `name` is `<prefix><a spelling of server>/<database>`. */
function names(prefix: string, name: string, server: string, database: string): boolean {
  const tail = `/${database}`;
  if (!name.startsWith(prefix) || !name.endsWith(tail) || name.length <= prefix.length + tail.length) return false;
  try {
    return normalizeCouchUrl(name.slice(prefix.length, -tail.length)) === server;
  } catch {
    return false;
  }
}

/**
 * The change feed's checkpoint kept under an older spelling of the server
 * (before issue #21 the key carried the host's spelling) moves to `key`, so the
 * feed resumes where it was instead of starting again from now.
 */
function adoptCheckpoint(key: string, server: string, database: string): void {
  try {
    const storage = globalThis.localStorage;
    if (!storage || storage.getItem(key) !== null) return;
    for (let i = 0; i < storage.length; i++) {
      const old = storage.key(i);
      if (old === null || old === key || !names(SEQ_CHECKPOINT_PREFIX, old, server, database)) continue;
      const value = storage.getItem(old);
      if (value !== null) storage.setItem(key, value);
      storage.removeItem(old);
      return;
    }
  } catch {
    // Storage refused: no checkpoint to adopt (the feed starts from now, as without one).
  }
}
