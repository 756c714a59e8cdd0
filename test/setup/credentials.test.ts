import { expect } from '@open-wc/testing';
import { deleteDB, openDB } from 'idb';
import { createBackend, type Backend } from '../../src/store/backend.js';
import type { OutboxStatus } from '../../src/store/outbox.js';
import { isPendingRev } from '../../src/store/outbox.js';
import { couchInfo, couchJson, dropDatabase, freshDatabase, setPlug } from '../helpers/couch.js';
import { customer } from '../helpers/data.js';

// Issue #15: no credential in URLs, storage or logs. The credentials the host hands the gadget
// (an Authorization header: `couchdb: { headers }`) are sent with requests and kept nowhere
// else: a CouchDB-backed backend (the outbox over the store, as the element makes it) goes
// through a create, an update while CouchDB is unreachable (the write waits in IndexedDB) and
// its delivery, and neither localStorage, sessionStorage, any IndexedDB database of the page nor
// Cache Storage holds the token at any point.

interface Found {
  where: string;
  text: string;
}

/** Every string inside `value` (object keys too; Blob and binary contents decoded), with `where` it was. */
async function strings(value: unknown, where: string, out: Found[], seen = new Set<unknown>()): Promise<void> {
  if (typeof value === 'string') {
    out.push({ where, text: value });
    return;
  }
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Blob) return void out.push({ where, text: await value.text() });
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    return void out.push({ where, text: new TextDecoder().decode(value instanceof ArrayBuffer ? value : new Uint8Array(value.buffer)) });
  }
  if (value instanceof Date) return;
  const entries = value instanceof Map ? [...value.entries()] : value instanceof Set ? [...value].map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, item] of entries) {
    if (typeof key === 'string') out.push({ where, text: key });
    await strings(item, `${where}.${String(key)}`, out, seen);
  }
}

/** Everything the page keeps: localStorage, sessionStorage, every IndexedDB database (names, stores, keys, values), Cache Storage. */
async function pageStorage(): Promise<Found[]> {
  const out: Found[] = [];
  for (const [name, storage] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]] as const) {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i)!;
      out.push({ where: `${name} key`, text: key }, { where: `${name}[${key}]`, text: storage.getItem(key) ?? '' });
    }
  }
  for (const { name } of await indexedDB.databases()) {
    if (!name) continue;
    out.push({ where: 'indexedDB name', text: name });
    const db = await openDB(name);
    try {
      for (const store of db.objectStoreNames) {
        out.push({ where: `${name} store name`, text: store });
        await strings(await db.getAllKeys(store), `${name}/${store} keys`, out);
        await strings(await db.getAll(store), `${name}/${store}`, out);
      }
    } finally {
      db.close();
    }
  }
  if ('caches' in globalThis) {
    for (const cacheName of await caches.keys()) {
      out.push({ where: 'cache name', text: cacheName });
      for (const request of await (await caches.open(cacheName)).keys()) out.push({ where: `cache ${cacheName}`, text: request.url });
    }
  }
  return out;
}

const holding = (found: Found[], needle: string) => found.filter((f) => f.text.includes(needle)).map((f) => f.where);

function statusUntil(backend: Backend, done: (status: OutboxStatus) => boolean): Promise<OutboxStatus> {
  return new Promise((resolve) => {
    if (backend.status && done(backend.status)) return resolve(backend.status);
    const off = backend.onStatus((status) => {
      if (done(status)) {
        off();
        resolve(status);
      }
    });
  });
}

describe('credentials are never stored by the page', function () {
  this.timeout(30000);
  const token = `cc-token-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  let database = '';
  let backend: Backend | undefined;
  let outboxName = '';
  let seqKey = '';

  before(async function () {
    if (!(await couchInfo()).plugUrl) this.skip();
  });
  afterEach(async () => {
    await setPlug(true);
    backend?.close();
    backend = undefined;
    if (outboxName) await deleteDB(outboxName);
    if (seqKey) localStorage.removeItem(seqKey);
    if (database) await dropDatabase(database);
  });

  it('the scan finds a string planted in localStorage or in an IndexedDB value (so a miss below means something)', async () => {
    const marker = `planted-${token}`;
    localStorage.setItem('cc-credentials-scan-probe', `x ${marker} y`);
    const probe = await openDB('cc-credentials-scan-probe', 1, { upgrade: (db) => db.createObjectStore('things') });
    await probe.put('things', { nested: [{ header: `Bearer ${marker}` }] }, 'k');
    probe.close();
    try {
      const found = await pageStorage();
      expect(holding(found, marker)).to.deep.equal(['localStorage[cc-credentials-scan-probe]', 'cc-credentials-scan-probe/things.0.nested.0.header']);
    } finally {
      localStorage.removeItem('cc-credentials-scan-probe');
      await deleteDB('cc-credentials-scan-probe');
    }
  });

  it('a create, an update while CouchDB is unreachable and its delivery leave the token in no storage of the page', async () => {
    const info = await couchInfo();
    // The test server takes any Authorization; a real CouchDB (COUCHDB_URL) gets its own credentials, which are then the secret.
    const authorization = info.headers.Authorization ?? `Bearer ${token}`;
    const secret = authorization.split(' ').at(-1)!;
    database = await freshDatabase();
    const url = info.plugUrl!;
    outboxName = `customer-context-outbox:${url}/${database}`;
    seqKey = `customer-context-seq:${url}/${database}`;
    backend = createBackend({
      couchdb: { url, database, headers: { ...info.headers, Authorization: authorization }, changes: { backoff: { initialMs: 10, maxMs: 100 } } },
      outbox: { backoff: { initialMs: 10, maxMs: 100 } },
    });
    // The element subscribes to changes: the change feed runs (and keeps its seq in localStorage) as in the gadget.
    const unsubscribe = backend.store.subscribe(() => undefined);

    const data = customer({ name: 'Token Check', phones: ['+34 600 000 777'] });
    const created = await backend.store.create('customer', data, { by: 'agent-7' });
    expect(isPendingRev(created.rev)).to.equal(false);

    await setPlug(false);
    const waiting = await backend.store.update('customer', created.id, created.rev, { ...data, address: 'Written while unplugged' }, { by: 'agent-7' });
    expect(isPendingRev(waiting.rev)).to.equal(true);
    expect(backend.status).to.deep.equal({ state: 'offline', pending: 1 });

    const whileWaiting = await pageStorage();
    // The scan saw the waiting write in the outbox's IndexedDB queue…
    expect(holding(whileWaiting, 'Written while unplugged').some((where) => where.startsWith(`${outboxName}/queue`))).to.equal(true);
    // …and the token nowhere.
    expect(holding(whileWaiting, secret)).to.deep.equal([]);

    await setPlug(true);
    backend.flush();
    expect(await statusUntil(backend, (s) => s.state === 'online' && s.pending === 0)).to.deep.equal({ state: 'online', pending: 0 });
    const onServer = await couchJson('GET', `/${database}/${encodeURIComponent(created.id)}`);
    expect((onServer.body as { address: string }).address).to.equal('Written while unplugged');

    unsubscribe();
    const afterDelivery = await pageStorage();
    expect(afterDelivery.some((f) => f.where === 'indexedDB name' && f.text === outboxName)).to.equal(true);
    expect(holding(afterDelivery, secret)).to.deep.equal([]);
  });
});
