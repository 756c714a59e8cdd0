import { expect } from '@open-wc/testing';
import type { Customer } from '../../src/model/index.js';
import { ConflictError, StorageError } from '../../src/store/context-store.js';
import { CouchDbStore } from '../../src/store/couchdb-store.js';
import { couchInfo, couchJson, couchStore, dropDatabase, freshDatabase } from '../helpers/couch.js';
import { customer } from '../helpers/data.js';
import { nextChange, rejection } from './contract.js';

/** Resolves after `count` polls of the change feed ended with `outcome`. */
function polls(count: number, outcome: 'changes' | 'timeout' | 'error' | 'any') {
  let seen = 0;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const onPoll = (o: 'changes' | 'timeout' | 'error') => {
    if (outcome === 'any' || o === outcome) seen += 1;
    if (seen === count) resolve();
  };
  return { done, onPoll };
}

describe('CouchDbStore (CouchDB specifics)', () => {
  let database: string;
  const stores: CouchDbStore[] = [];
  beforeEach(async () => {
    database = await freshDatabase();
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) store.close();
    await dropDatabase(database);
  });
  async function open(options: Parameters<typeof couchStore>[1] = {}): Promise<CouchDbStore> {
    const store = await couchStore(database, options);
    stores.push(store);
    return store;
  }

  it('a closed store sends no more requests: a late read of a stopped session fails as unavailable', async () => {
    const store = await open();
    const ana = await store.create('customer', customer({ name: 'Ana' }), { by: 'x' });
    store.close();
    const sent: string[] = [];
    const original = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      sent.push(String(input));
      return original(input, init);
    };
    try {
      const error = await rejection(store.get('customer', ana.id));
      expect(error).to.be.instanceOf(StorageError);
      expect((error as StorageError).reason).to.equal('unavailable');
    } finally {
      window.fetch = original;
    }
    expect(sent.filter((url) => url.includes(database))).to.deep.equal([]);
  });

  it('refuses credentials in the URL and odd database names, with a clear error', () => {
    expect(() => new CouchDbStore({ url: 'https://admin:secret@couch.example.com', database: 'cc' })).to.throw(TypeError, /never be part of the URL/);
    expect(() => new CouchDbStore({ url: 'https://token@couch.example.com', database: 'cc' })).to.throw(TypeError, /credentials/);
    expect(() => new CouchDbStore({ url: 'ftp://couch.example.com', database: 'cc' })).to.throw(TypeError);
    expect(() => new CouchDbStore({ url: 'https://couch.example.com', database: 'Customers' })).to.throw(TypeError, /database name/);
    expect(() => new CouchDbStore({ url: 'https://couch.example.com', database: '_users' })).to.throw(TypeError);
  });

  it('takes a same-origin path (reverse proxy) and resolves it against the page', () => {
    const store = new CouchDbStore({ url: '/couchdb/', database: 'cc', changes: { live: false } });
    expect(store.url).to.equal(`${location.origin}/couchdb`);
    store.close();
  });

  it('sends the headers and cookies the host hands over, across origins (CORS preflight, credentials)', async () => {
    const { headers } = await couchInfo();
    const store = await open({ headers: { ...headers, Authorization: headers.Authorization ?? 'Bearer host-token' }, credentials: 'include' });
    const created = await store.create('customer', customer(), { by: 'a' });
    expect((await store.get('customer', created.id))?.rev).to.equal(created.rev);
  });

  it('stores documents with a type and _id/_rev, without search keys (the views compute them)', async () => {
    const store = await open();
    const created = await store.create('customer', customer({ name: 'Ana María', emails: ['Ana@Example.com'], phones: ['+34 600'] }), { by: 'a' });
    const { body } = await couchJson('GET', `/${database}/${encodeURIComponent(created.id)}`);
    const doc = body as Record<string, unknown>;
    expect(doc._id).to.equal(created.id);
    expect(doc._rev).to.equal(created.rev);
    expect(doc.type).to.equal('customer');
    expect(doc.id).to.equal(undefined);
    expect(doc.rev).to.equal(undefined);
    expect(doc.k).to.equal(undefined);
  });

  it('finds documents another client wrote (no stored keys) by every lookup and search path', async () => {
    const store = await open();
    const at = '2026-01-01T10:00:00.000Z';
    const meta = { createdAt: at, updatedAt: at, updatedBy: 'other-client' };
    const docs = [
      { _id: 'customer:foreign', type: 'customer', name: 'Zoë Ångström', phones: ['+34 611 222 333'], emails: ['Zoe@Example.com'], chatIds: ['zoe-chat'], address: '', fields: {}, ...meta },
      { _id: 'request:foreign', type: 'request', customerId: 'customer:foreign', title: 'Broken router', description: '', status: 'open', openedAt: at, closedAt: null, ...meta },
      { _id: 'activity:foreign', type: 'activity', customerId: 'customer:foreign', requestId: 'request:foreign', channel: 'voice', interactionId: 'call-foreign', at, subject: '', notes: '', tags: ['Fibra'], ...meta },
    ];
    expect((await couchJson('POST', `/${database}/_bulk_docs`, { docs })).status).to.equal(201);
    expect((await store.findByContact({ phone: '611222333' })).map((c) => c.id)).to.deep.equal(['customer:foreign']);
    expect((await store.findByContact({ email: 'ZOE@example.com' })).map((c) => c.id)).to.deep.equal(['customer:foreign']);
    expect((await store.findByContact({ chatId: 'Zoe-Chat' })).map((c) => c.id)).to.deep.equal(['customer:foreign']);
    for (const [query, matched] of [['angs', 'name'], ['zoe ang', 'name'], ['+34 611', 'phone'], ['zoe@', 'email'], ['rout', 'request'], ['fib', 'tag']] as const) {
      expect(await store.search(query), query).to.deep.equal([{ customer: (await store.get('customer', 'customer:foreign'))!, matched }]);
    }
    expect((await store.activitiesOf('customer:foreign')).map((a) => a.id)).to.deep.equal(['activity:foreign']);
    expect(await store.countActivities('customer:foreign')).to.equal(1);
    expect((await store.requestsOf('customer:foreign')).map((r) => r.id)).to.deep.equal(['request:foreign']);
    expect((await store.activityByInteraction('call-foreign'))?.id).to.equal('activity:foreign');
  });

  it('reads only views: a database the setup command has not prepared fails with StorageError("setup"), naming the command', async () => {
    const bare = await freshDatabase({ design: false });
    const store = await couchStore(bare);
    try {
      for (const read of [() => store.search('ana'), () => store.findByContact({ phone: '600' }), () => store.activitiesOf('customer:x'), () => store.requestsOf('customer:x')]) {
        const error = await rejection(read());
        expect(error).to.be.instanceOf(StorageError);
        expect((error as StorageError).reason).to.equal('setup');
        expect((error as StorageError).message).to.contain('customer-context-couchdb setup');
      }
      // No `_find` index is made: nothing but the database's own documents.
      const { body } = await couchJson('GET', `/${bare}/_all_docs?startkey="_design/"&endkey="_design0"`);
      expect((body as { rows: unknown[] }).rows).to.deep.equal([]);
    } finally {
      store.close();
      await dropDatabase(bare);
    }
  });

  describe('documents in conflict (_conflicts: a cluster took both sides)', () => {
    async function conflicted(store: CouchDbStore): Promise<{ mine: Customer; theirs: Customer }> {
      const base = await store.create('customer', customer({ name: 'Base', address: 'Old street' }), { by: 'agent-1' });
      const mine = await store.update('customer', base.id, base.rev, { ...base, address: 'My street' }, { by: 'agent-1' });
      // The other side, written on another node from the same base, as replication brings it in.
      const [, parent] = base.rev.split('-');
      const theirsRev = `2-${'f'.repeat(32)}`;
      const { _id, _rev, ...doc } = (await couchJson('GET', `/${database}/${encodeURIComponent(base.id)}`)).body as Record<string, unknown>;
      expect(_id).to.equal(base.id);
      expect(_rev).to.equal(mine.rev);
      const written = await couchJson('POST', `/${database}/_bulk_docs`, {
        new_edits: false,
        docs: [{ ...doc, _id, _rev: theirsRev, _revisions: { start: 2, ids: ['f'.repeat(32), parent] }, name: 'Theirs', address: 'Old street', updatedBy: 'agent-2' }],
      });
      expect(written.status).to.equal(201);
      const { body } = await couchJson('GET', `/${database}/${encodeURIComponent(base.id)}?conflicts=true`);
      expect((body as { _conflicts?: string[] })._conflicts).to.have.length(1);
      return { mine, theirs: { ...mine, name: 'Theirs', address: 'Old street', rev: theirsRev, updatedBy: 'agent-2' } };
    }

    it('surfaces the other side as a conflict; the write after Load replaces both sides', async () => {
      const store = await open();
      const { mine, theirs } = await conflicted(store);
      // The winner is theirs (higher rev): a read shows it, with a plain rev.
      const read = (await store.get('customer', mine.id))!;
      expect(read.rev).to.equal(theirs.rev);
      expect(read.name).to.equal('Theirs');

      // Agent 1 saves on top of its own side: refused, with theirs as current.
      const error = await rejection(store.update('customer', mine.id, mine.rev, { ...mine, name: 'Mine' }, { by: 'agent-1' }));
      expect(error).to.be.instanceOf(ConflictError);
      const current = (error as ConflictError).current as Customer;
      expect(current.name).to.equal('Theirs');
      expect(current.updatedBy).to.equal('agent-2');

      // Load merged both; the save based on the rev it got ends the conflict.
      const merged = await store.update('customer', mine.id, current.rev, { ...current, name: 'Theirs', address: 'My street' }, { by: 'agent-1' });
      const { body } = await couchJson('GET', `/${database}/${encodeURIComponent(mine.id)}?conflicts=true`);
      const doc = body as Record<string, unknown>;
      expect(doc._conflicts).to.equal(undefined);
      expect(doc._rev).to.equal(merged.rev);
      expect([doc.name, doc.address]).to.deep.equal(['Theirs', 'My street']);
      expect((await store.get('customer', mine.id))?.rev).to.equal(merged.rev);
    });

    it('shows the losing side to an agent who saves on the winning side', async () => {
      const store = await open();
      const { mine, theirs } = await conflicted(store);
      const error = await rejection(store.update('customer', mine.id, theirs.rev, { ...theirs, name: 'Theirs 2' }, { by: 'agent-2' }));
      expect(error).to.be.instanceOf(ConflictError);
      expect(((error as ConflictError).current as Customer).address).to.equal('My street');
      // A stale rev that is no side at all: the winner comes back, as for any stale write.
      const stale = await rejection(store.update('customer', mine.id, '1-0', { ...theirs }, { by: 'agent-3' }));
      expect(((stale as ConflictError).current as Customer).rev).to.equal(theirs.rev);
    });
  });

  describe('change feed', () => {
    it('aborts a longpoll the server keeps open and polls again', async () => {
      const watcher = polls(2, 'any');
      const store = await open({ changes: { pollTimeoutMs: 50, abortAfterMs: 150, backoff: { initialMs: 10, maxMs: 50 }, onPoll: watcher.onPoll } });
      const other = await open();
      store.subscribe(() => undefined);
      await watcher.done;
      const heard = nextChange(store, 'remote');
      const created = await other.create('customer', customer({ name: 'After timeouts' }), { by: 'b' });
      expect((await heard).rev).to.equal(created.rev);
    });

    it('backs off and keeps trying while the server is unreachable, and stops on close', async () => {
      const watcher = polls(3, 'error');
      const store = new CouchDbStore({
        url: 'http://127.0.0.1:9',
        database: 'nowhere',
        changes: { backoff: { initialMs: 5, maxMs: 20 }, onPoll: watcher.onPoll },
      });
      store.subscribe(() => undefined);
      await watcher.done;
      store.close();
      const error = await rejection(store.get('customer', 'customer:x'));
      expect(error).to.be.instanceOf(StorageError);
      expect((error as StorageError).reason).to.equal('unavailable');
    });
  });
});
