import { expect, waitUntil } from '@open-wc/testing';
import { deleteDB } from 'idb';
import { createBackend, type Backend } from '../../src/store/backend.js';
import { createStore } from '../../src/store/create-store.js';
import { CouchDbStore } from '../../src/store/couchdb-store.js';
import { normalizeCouchUrl } from '../../src/store/couchdb/http.js';
import { Outbox } from '../../src/store/outbox.js';
import { couchInfo, couchJson, dropDatabase, freshDatabase, setPlug } from '../helpers/couch.js';
import { customer } from '../helpers/data.js';

// Issue #21 item 5: one backend identity per server however its URL is spelled, and no
// write left behind (never delivered, not shown) when the host spells or switches the backend.

const BACKOFF = { initialMs: 10, maxMs: 80 };

async function outboxNames(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? '').filter((name) => name.startsWith('customer-context-outbox:'));
}

describe('backend identity (issue #21 item 5)', function () {
  this.timeout(60000);
  const databases: string[] = [];
  const backends: Backend[] = [];
  const cleanup: Array<() => unknown> = [];

  async function fresh(): Promise<string> {
    const db = await freshDatabase();
    databases.push(db);
    return db;
  }

  afterEach(async () => {
    await setPlug(true);
    for (const backend of backends.splice(0)) await backend.clearLocalData({ dropUnsent: true, includeEmbeddedStore: false, timeoutMs: 2000 });
    for (const step of cleanup.splice(0)) await step();
    for (const name of await outboxNames()) await deleteDB(name);
    for (const db of databases.splice(0)) await dropDatabase(db);
    localStorage.clear();
  });

  it('normalises a server URL: case, default port, trailing slashes, loopback aliases', () => {
    expect(normalizeCouchUrl('HTTP://Couch.Example.COM:80/')).to.equal('http://couch.example.com');
    expect(normalizeCouchUrl('https://couch.example.com:443//')).to.equal('https://couch.example.com');
    expect(normalizeCouchUrl('https://couch.example.com:6984/Couch/')).to.equal('https://couch.example.com:6984/Couch');
    expect(normalizeCouchUrl('http://localhost:5984/')).to.equal('http://127.0.0.1:5984');
    expect(normalizeCouchUrl('http://[::1]:5984')).to.equal('http://127.0.0.1:5984');
    expect(normalizeCouchUrl('http://127.0.0.1:5984')).to.equal('http://127.0.0.1:5984');
    // Loopback only: a host merely named like it is another server.
    expect(normalizeCouchUrl('http://localhost.example.com:5984')).to.equal('http://localhost.example.com:5984');
    expect(normalizeCouchUrl('http://127.0.0.2:5984')).to.equal('http://127.0.0.2:5984');
    // A same-origin path is made absolute on the page's origin.
    expect(normalizeCouchUrl('/couchdb/')).to.equal(normalizeCouchUrl(`${location.origin}/couchdb`));
  });

  it('gives every spelling of one server the same outbox, identity (drafts) and change feed checkpoint', async () => {
    const { url } = await couchInfo();
    const port = new URL(url).port;
    const spellings = [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://LOCALHOST:${port}/`, `http://[::1]:${port}//`];
    const made = spellings.map((spelling) => createStore({ couchdb: { url: spelling, database: 'cc-identity', changes: { live: false } } }));
    try {
      const names = new Set(made.map((m) => m.outbox!.name));
      const identities = new Set(made.map((m) => m.couch!.identity));
      expect([...names]).to.deep.equal([`customer-context-outbox:http://127.0.0.1:${port}/cc-identity`]);
      expect([...identities]).to.deep.equal([`couchdb:http://127.0.0.1:${port}/cc-identity`]);
      expect(made.map((m) => m.store.identity)).to.deep.equal(made.map(() => `couchdb:http://127.0.0.1:${port}/cc-identity`));
      // Requests still go where the host said (its spelling, for CORS and cookies).
      expect(made[1]!.couch!.url).to.equal(`http://localhost:${port}`);
    } finally {
      for (const m of made) m.store.close();
    }
  });

  it('delivers writes queued under an older spelling of the same server, then removes that queue', async () => {
    const db = await fresh();
    const { plugUrl, headers } = await couchInfo();
    const port = new URL(plugUrl!).port;
    // An earlier page named its outbox with the host's spelling of the time.
    const oldName = `customer-context-outbox:http://localhost:${port}/${db}`;
    await setPlug(false);
    const old = new Outbox(new CouchDbStore({ url: `http://localhost:${port}`, database: db, headers, changes: { live: false } }), { name: oldName, backoff: BACKOFF });
    await old.ready;
    const queued = await old.create('customer', customer({ name: 'Queued under localhost' }), { by: 'agent' });
    expect(old.status.pending).to.equal(1);
    old.close();
    await setPlug(true);

    const backend = createBackend({ couchdb: { url: `http://127.0.0.1:${port}/`, database: db, headers }, outbox: { backoff: BACKOFF } });
    backends.push(backend);
    expect(await backend.deliverNow(10000)).to.equal(0);
    const got = await couchJson('GET', `/${db}/${encodeURIComponent(queued.id)}`);
    expect(got.status).to.equal(200);
    expect((got.body as { name?: string }).name).to.equal('Queued under localhost');
    await waitUntil(async () => !(await outboxNames()).includes(oldName), 'the old queue is removed once delivered', { timeout: 10000 });
  });

  it('keeps delivering writes waiting for a backend the host switched away from, and counts them meanwhile', async () => {
    const dbA = await fresh();
    const dbB = await fresh();
    const { url, plugUrl, headers } = await couchInfo();
    await setPlug(false);
    const a = createBackend({ couchdb: { url: plugUrl!, database: dbA, headers, changes: { live: false } }, outbox: { backoff: BACKOFF } });
    const queued = await a.store.create('customer', customer({ name: 'Waiting for A' }), { by: 'agent' });
    await waitUntil(() => a.status?.pending === 1, 'the write waits for A');
    // The host configures another backend: A's session stops and its backend is closed.
    a.close();

    const b = createBackend({ couchdb: { url, database: dbB, headers }, outbox: { backoff: BACKOFF } });
    backends.push(b);
    await waitUntil(() => b.status?.pending === 1, `the write waiting for A is counted (status ${JSON.stringify(b.status)})`, { timeout: 10000 });
    await setPlug(true);
    await waitUntil(() => b.status?.pending === 0, 'delivered to A', { timeout: 20000 });
    const got = await couchJson('GET', `/${dbA}/${encodeURIComponent(queued.id)}`);
    expect(got.status).to.equal(200);
    expect((await couchJson('GET', `/${dbB}/${encodeURIComponent(queued.id)}`)).status).to.equal(404);
  });
});
