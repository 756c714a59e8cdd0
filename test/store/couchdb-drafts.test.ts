import { expect } from '@open-wc/testing';
import type { CouchDbStore } from '../../src/store/couchdb-store.js';
import { couchJson, couchStore, dropDatabase, freshDatabase } from '../helpers/couch.js';
import { customer } from '../helpers/data.js';

// Issue 17 item 4a: the agents' unsaved drafts on CouchDB, one `drafts:<agentId>` document each.
describe('CouchDbStore.drafts: one drafts document per agent', () => {
  let database: string;
  let store: CouchDbStore;
  let other: CouchDbStore;

  beforeEach(async () => {
    database = await freshDatabase();
    store = await couchStore(database);
    other = await couchStore(database);
  });
  afterEach(async () => {
    store.close();
    other.close();
    await dropDatabase(database);
  });

  it('writes, reads back, replaces and removes an agent\'s drafts; another agent\'s stay apart', async () => {
    expect(await store.drafts.read('agent-a')).to.equal(undefined);
    await store.drafts.write('agent-a', { updatedAt: '2026-11-22T10:00:00.000Z', value: { version: 2, open: ['a'] } });
    await store.drafts.write('agent-b', { updatedAt: '2026-11-22T10:00:01.000Z', value: { version: 2, open: ['b'] } });
    // Another client (the other node) reads them; each agent only their own.
    expect(await other.drafts.read('agent-a')).to.deep.equal({ updatedAt: '2026-11-22T10:00:00.000Z', value: { version: 2, open: ['a'] } });
    expect(await other.drafts.read('agent-b')).to.deep.equal({ updatedAt: '2026-11-22T10:00:01.000Z', value: { version: 2, open: ['b'] } });
    const doc = (await couchJson('GET', `/${database}/drafts:agent-a`)).body as Record<string, unknown>;
    expect(doc).to.include({ _id: 'drafts:agent-a', type: 'drafts', agentId: 'agent-a', updatedAt: '2026-11-22T10:00:00.000Z' });

    // The other client writes (it knows no rev yet), then the first one again (its rev is stale): last writer wins.
    await other.drafts.write('agent-a', { updatedAt: '2026-11-22T10:01:00.000Z', value: { open: ['a2'] }, waiting: { count: 2, origin: 'https://node-1' } });
    expect(await store.drafts.read('agent-a')).to.deep.equal({ updatedAt: '2026-11-22T10:01:00.000Z', value: { open: ['a2'] }, waiting: { count: 2, origin: 'https://node-1' } });
    await other.drafts.write('agent-a', { updatedAt: '2026-11-22T10:02:00.000Z', value: { open: ['a3'] } });
    await store.drafts.write('agent-a', { updatedAt: '2026-11-22T10:03:00.000Z', value: { open: ['a4'] } });
    expect((await other.drafts.read('agent-a'))!.value).to.deep.equal({ open: ['a4'] });

    await other.drafts.remove('agent-a');
    expect(await store.drafts.read('agent-a')).to.equal(undefined);
    await store.drafts.remove('agent-a'); // none: not an error
    expect((await store.drafts.read('agent-b'))!.value).to.deep.equal({ version: 2, open: ['b'] });
  });

  it('keeps drafts documents out of lookups, search and the change feed', async () => {
    const seen: string[] = [];
    const off = other.subscribe((change) => seen.push(change.record.id));
    await store.drafts.write('Iris', { updatedAt: '2026-11-22T10:00:00.000Z', value: { open: [{ name: 'Iris', phones: ['+44 20 7946 0001'] }] } });
    const created = await store.create('customer', customer({ name: 'Iris Shared', phones: ['+44 20 7946 0001'] }), { by: 'seed' });
    while (!seen.includes(created.id)) await new Promise((resolve) => setTimeout(resolve, 20));
    off();
    expect(seen).to.deep.equal([created.id]);
    expect((await other.search('Iris')).map((hit) => hit.customer.id)).to.deep.equal([created.id]);
    expect(await other.get('customer', 'drafts:Iris')).to.equal(undefined);
  });
});
