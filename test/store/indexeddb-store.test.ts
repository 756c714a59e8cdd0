import { expect } from '@open-wc/testing';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { customer, freshStore } from '../helpers/data.js';

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

  // Everything else this store promises is asserted by the contract suite (test/store/contract.ts,
  // run on this store by indexeddb.contract.test.ts): other clients, conflicts, change
  // notifications, limits, lookups, search and journey paging. Only what the contract does not
  // assert stays here.
});

describe('IndexedDbStore upgrade from version 1', () => {
  it('adds the phone-tail, phone-end and tag-spelling indexes and fills them for records stored before, keeping every record', async () => {
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
        activities.put({
          customerId: 'customer:old', requestId: null, channel: 'voice', interactionId: null, at: '2026-01-01T00:00:00.000Z', subject: '', notes: '',
          tags: ['Facturación', 'Fax'],
          type: 'activity', id: 'activity:old', rev: '1-a', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'v1',
          _k: { tags: ['facturacion', 'fax'] },
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
      // Version 3 (issue #18): the last digits of the number, and the tags used before.
      expect((await store.search('2333')).map((h) => [h.customer.id, h.matched])).to.deep.equal([['customer:old', 'phone']]);
      expect(await store.tagSuggestions('FA')).to.deep.equal([{ tag: 'Facturación', count: 1 }, { tag: 'Fax', count: 1 }]);
      expect((await store.get('activity', 'activity:old'))?.tags).to.deep.equal(['Facturación', 'Fax']);
      // Version 4 (issue #19): the activity counted by month and channel.
      expect(await store.activityCounts('customer:old', '2026-01-01T00:00:00.000Z')).to.deep.equal([{ month: '2026-01', channel: 'voice', count: 1 }]);
    } finally {
      await store.destroy();
    }
  });
});

describe('IndexedDbStore upgrade from version 3 (issue #19)', () => {
  it('adds the month-and-channel index and fills it for activities stored before; a merged duplicate stored with keys loses them; every record kept', async () => {
    const name = `cc-v3-${Date.now()}`;
    const meta = (id: string) => ({ id, rev: '1-a', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'v3' });
    const activityRow = (id: string, at: string, channel: string) => ({
      customerId: 'customer:live', requestId: null, channel, interactionId: null, at, subject: '', notes: id, tags: [],
      type: 'activity', ...meta(id), _k: { tags: [] }, _t: [],
    });
    // A version 3 database, as issue #18's release wrote it (its indexes, `_k` and `_t`, no `_m`).
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(name, 3);
      open.onupgradeneeded = () => {
        const db = open.result;
        const customers = db.createObjectStore('customers', { keyPath: 'id' });
        for (const index of ['names', 'phones', 'emails', 'chatIds', 'phoneTails', 'phoneEnds']) customers.createIndex(index, `_k.${index}`, { multiEntry: true });
        const requests = db.createObjectStore('requests', { keyPath: 'id' });
        requests.createIndex('byCustomer', 'customerId');
        requests.createIndex('titles', '_k.titles', { multiEntry: true });
        const activities = db.createObjectStore('activities', { keyPath: 'id' });
        activities.createIndex('byCustomerAt', ['customerId', 'at', 'id']);
        activities.createIndex('tags', '_k.tags', { multiEntry: true });
        activities.createIndex('byInteraction', 'interactionId');
        activities.createIndex('tagSpellings', '_t', { multiEntry: true });
        const keys = (names: string[], phone: string) => ({ names, phones: [phone], phoneTails: [phone.slice(-9)], phoneEnds: [phone.slice(-4)], emails: [], chatIds: [] });
        customers.put({ ...customer({ name: 'Live One', phones: ['+34 611 222 333'] }), type: 'customer', ...meta('customer:live'), _k: keys(['live one', 'one'], '34611222333') });
        // Merged into customer:live by a gadget of this version's time (with the keys of a live customer).
        customers.put({ ...customer({ name: 'Dead One', phones: ['+34 699 000 111'], mergedInto: 'customer:live' }), type: 'customer', ...meta('customer:dead'), _k: keys(['dead one', 'one'], '34699000111') });
        activities.put(activityRow('activity:a', '2026-01-05T10:00:00.000Z', 'voice'));
        activities.put(activityRow('activity:b', '2026-01-06T10:00:00.000Z', 'voice'));
        activities.put(activityRow('activity:c', '2026-02-01T10:00:00.000Z', 'email'));
      };
      open.onsuccess = () => {
        open.result.close();
        resolve();
      };
      open.onerror = () => reject(open.error);
    });
    const store = new IndexedDbStore({ name });
    try {
      expect(await store.activityCounts('customer:live', '2026-01-01T00:00:00.000Z')).to.deep.equal([
        { month: '2026-01', channel: 'voice', count: 2 },
        { month: '2026-02', channel: 'email', count: 1 },
      ]);
      expect((await store.activitiesOf('customer:live', { since: '2026-01-06T10:00:00.000Z' })).map((a) => a.notes)).to.deep.equal(['activity:c', 'activity:b']);
      expect(await store.findByContact({ phone: '+34 699 000 111' })).to.deep.equal([]);
      expect((await store.search('one')).map((hit) => hit.customer.id)).to.deep.equal(['customer:live']);
      expect((await store.get('customer', 'customer:dead'))?.mergedInto).to.equal('customer:live');
      expect((await store.findByContact({ phone: '611 222 333' })).map((c) => c.id)).to.deep.equal(['customer:live']);
      // Written by this version: the new activity is counted at once, its month stored with it.
      await store.create('activity', { customerId: 'customer:live', requestId: null, channel: 'chat', interactionId: null, at: '2026-02-02T10:00:00.000Z', subject: '', notes: 'new', tags: [] }, { by: 'v4' });
      expect(await store.activityCounts('customer:live', '2026-02-01T00:00:00.000Z')).to.deep.equal([
        { month: '2026-02', channel: 'chat', count: 1 },
        { month: '2026-02', channel: 'email', count: 1 },
      ]);
    } finally {
      await store.destroy();
    }
  });
});
