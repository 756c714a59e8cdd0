import { expect } from '@open-wc/testing';
import { ValidationError, type Customer } from '../../src/model/index.js';
import { ConflictError, NotFoundError, type StoreChange } from '../../src/store/context-store.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { activity, customer, freshStore, request } from '../helpers/data.js';

function nextChange(store: IndexedDbStore, source: StoreChange['source']): Promise<StoreChange> {
  return new Promise((resolve) => {
    const off = store.subscribe((change) => {
      if (change.source === source) {
        off();
        resolve(change);
      }
    });
  });
}

describe('IndexedDbStore', () => {
  let store: IndexedDbStore;
  beforeEach(() => {
    store = freshStore();
  });
  afterEach(async () => {
    await store.destroy();
  });

  it('creates, reads and updates records with a new opaque rev each time', async () => {
    const created = await store.create('customer', customer({ phones: ['+34 600 000 001'] }), { by: 'agent-1' });
    expect(created.id).to.match(/^customer:/);
    expect(created.type).to.equal('customer');
    expect(created.updatedBy).to.equal('agent-1');
    const read = await store.get('customer', created.id);
    expect(read).to.deep.equal(created);
    const updated = await store.update('customer', created.id, created.rev, { ...created, name: 'Ana G.' }, { by: 'agent-2' });
    expect(updated.rev).not.to.equal(created.rev);
    expect(updated.createdAt).to.equal(created.createdAt);
    expect((await store.get('customer', created.id))?.name).to.equal('Ana G.');
  });

  it('survives a new instance on the same database (R11.1)', async () => {
    const created = await store.create('request', request('customer:x', { title: 'Kept' }), { by: 'a' });
    const other = new IndexedDbStore({ name: store.name });
    expect((await other.get('request', created.id))?.title).to.equal('Kept');
    other.close();
  });

  it('refuses a stale write from a second instance with ConflictError and keeps the newer data', async () => {
    const other = new IndexedDbStore({ name: store.name });
    const base = await store.create('customer', customer(), { by: 'agent-1' });
    const theirs = await other.update('customer', base.id, base.rev, { ...base, name: 'Their name' }, { by: 'agent-2' });
    let conflict: unknown;
    try {
      await store.update('customer', base.id, base.rev, { ...base, name: 'My name' }, { by: 'agent-1' });
    } catch (error) {
      conflict = error;
    }
    expect(conflict).to.be.instanceOf(ConflictError);
    const current = (conflict as ConflictError).current as Customer;
    expect(current.name).to.equal('Their name');
    expect(current.rev).to.equal(theirs.rev);
    expect((await store.get('customer', base.id))?.name).to.equal('Their name');
    other.close();
  });

  it('refuses an update of a record that does not exist', async () => {
    let error: unknown;
    try {
      await store.update('customer', 'customer:none', '1-0', customer(), { by: 'a' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(NotFoundError);
  });

  it('announces a change made through one instance to the other', async () => {
    const other = new IndexedDbStore({ name: store.name });
    const heard = nextChange(other, 'remote');
    const created = await store.create('activity', activity('customer:1', { tags: ['VIP'] }), { by: 'agent-1' });
    const change = await heard;
    expect(change.id).to.equal(created.id);
    expect(change.rev).to.equal(created.rev);
    expect(change.by).to.equal('agent-1');
    expect(change.record).to.deep.equal(created);
    other.close();
  });

  it('refuses over-limit and duplicate data even when the UI is bypassed', async () => {
    const writes = [
      () => store.create('customer', customer({ name: 'x'.repeat(2001) }), { by: 'a' }),
      () => store.create('activity', activity('c', { tags: ['Billing', 'BILLING'] }), { by: 'a' }),
      () => store.create('activity', activity('c', { tags: ['t'.repeat(51)] }), { by: 'a' }),
      () => store.import([{ ...activity('c', { tags: ['a', ' A'] }), type: 'activity', id: 'activity:1', rev: '1-a', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'x' }]),
    ];
    for (const write of writes) {
      let error: unknown;
      try {
        await write();
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(ValidationError);
    }
    expect(await store.search('x')).to.have.length(0);
    expect(await store.activityByInteraction('none')).to.equal(undefined);
  });

  describe('lookups and search', () => {
    let ana: Customer;
    let bob: Customer;
    beforeEach(async () => {
      ana = await store.create('customer', customer({
        name: 'Ana María García',
        phones: ['+34 600 123 456'],
        emails: ['Ana.Garcia@Example.com'],
        chatIds: ['ana-g'],
      }), { by: 'a' });
      bob = await store.create('customer', customer({ name: 'Bob Stone', phones: ['+1 (555) 010-2030'], emails: ['bob@stone.io'] }), { by: 'a' });
      await store.create('request', request(bob.id, { title: 'Invoice missing for March' }), { by: 'a' });
      await store.create('activity', activity(ana.id, { tags: ['Fibre outage'] }), { by: 'a' });
    });

    it('finds a customer by phone digits, email and chat id, case-insensitively', async () => {
      expect((await store.findByContact({ phone: '34600123456' })).map((c) => c.id)).to.deep.equal([ana.id]);
      expect((await store.findByContact({ phone: '+1 555 010 2030' })).map((c) => c.id)).to.deep.equal([bob.id]);
      expect((await store.findByContact({ email: 'ana.garcia@example.COM' })).map((c) => c.id)).to.deep.equal([ana.id]);
      expect((await store.findByContact({ chatId: 'ANA-G' })).map((c) => c.id)).to.deep.equal([ana.id]);
      expect(await store.findByContact({ phone: '999' })).to.deep.equal([]);
      expect(await store.findByContact({})).to.deep.equal([]);
    });

    it('searches by name prefix of any word, ignoring case and accents', async () => {
      for (const query of ['ana', 'Marí', 'maria', 'garc', 'MARÍA GAR']) {
        const hits = await store.search(query);
        expect(hits.map((h) => h.customer.id), query).to.deep.equal([ana.id]);
        expect(hits[0]!.matched).to.equal('name');
      }
      expect(await store.search('zed')).to.deep.equal([]);
    });

    it('searches by phone and email prefix', async () => {
      const phone = await store.search('+1 555');
      expect(phone.map((h) => [h.customer.id, h.matched])).to.deep.equal([[bob.id, 'phone']]);
      const email = await store.search('bob@st');
      expect(email.map((h) => [h.customer.id, h.matched])).to.deep.equal([[bob.id, 'email']]);
    });

    it('searches by request title word and by tag', async () => {
      const byTitle = await store.search('invoice');
      expect(byTitle.map((h) => [h.customer.id, h.matched])).to.deep.equal([[bob.id, 'request']]);
      const byTag = await store.search('fibre');
      expect(byTag.map((h) => [h.customer.id, h.matched])).to.deep.equal([[ana.id, 'tag']]);
    });

    it('caps the number of results', async () => {
      for (let i = 0; i < 30; i++) await store.create('customer', customer({ name: `Carla ${i}` }), { by: 'a' });
      expect(await store.search('carla', 20)).to.have.length(20);
      expect(await store.search('carla', 5)).to.have.length(5);
    });
  });

  it('pages a journey newest first from the index', async () => {
    const cid = 'customer:paged';
    const rows = Array.from({ length: 25 }, (_, i) => ({
      ...activity(cid, { at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), notes: `n${i}` }),
      type: 'activity' as const,
      id: `activity:${String(i).padStart(3, '0')}`,
      rev: '1-a',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      updatedBy: 'seed',
    }));
    await store.import([...rows, { ...rows[0]!, id: 'activity:other', customerId: 'customer:other' }]);
    const first = await store.activitiesOf(cid, { limit: 10 });
    expect(first.map((a) => a.notes)).to.deep.equal(['n24', 'n23', 'n22', 'n21', 'n20', 'n19', 'n18', 'n17', 'n16', 'n15']);
    const last = first.at(-1)!;
    const second = await store.activitiesOf(cid, { limit: 10, before: { at: last.at, id: last.id } });
    expect(second[0]!.notes).to.equal('n14');
    expect(await store.countActivities(cid)).to.equal(25);
  });
});

describe('IndexedDbStore upgrade from version 1', () => {
  it('adds the phone-tail index and fills it for customers stored before, keeping every record', async () => {
    const name = `cc-v1-${Date.now()}`;
    // A version 1 database, as the first release wrote it: no `phoneTails` index, no tails in `_k`.
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => {
        const db = open.result;
        const customers = db.createObjectStore('customers', { keyPath: 'id' });
        for (const index of ['names', 'phones', 'emails', 'chatIds']) customers.createIndex(index, `_k.${index}`, { multiEntry: true });
        const requests = db.createObjectStore('requests', { keyPath: 'id' });
        requests.createIndex('byCustomer', 'customerId');
        requests.createIndex('titles', '_k.titles', { multiEntry: true });
        const activities = db.createObjectStore('activities', { keyPath: 'id' });
        activities.createIndex('byCustomerAt', ['customerId', 'at', 'id']);
        activities.createIndex('tags', '_k.tags', { multiEntry: true });
        activities.createIndex('byInteraction', 'interactionId');
        customers.put({
          ...customer({ name: 'Old Record', phones: ['+34 611 222 333'] }),
          type: 'customer',
          id: 'customer:old',
          rev: '1-a',
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
          updatedBy: 'v1',
          _k: { names: ['old record', 'record'], phones: ['34611222333'], emails: [], chatIds: [] },
        });
      };
      open.onsuccess = () => {
        open.result.close();
        resolve();
      };
      open.onerror = () => reject(open.error);
    });
    const store = new IndexedDbStore({ name });
    try {
      expect((await store.findByContact({ phone: '611 222 333' })).map((c) => c.id)).to.deep.equal(['customer:old']);
      const old = (await store.get('customer', 'customer:old'))!;
      expect([old.name, old.rev, old.phones]).to.deep.equal(['Old Record', '1-a', ['+34 611 222 333']]);
      expect((await store.search('611 222')).map((h) => h.customer.id)).to.deep.equal(['customer:old']);
    } finally {
      await store.destroy();
    }
  });
});
