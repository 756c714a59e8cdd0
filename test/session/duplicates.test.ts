import { expect } from '@open-wc/testing';
import { DraftStore } from '../../src/session/drafts.js';
import { DuplicateFinder, duplicateReasons, likelyDuplicates, nameLikeness, oneEditApart } from '../../src/session/duplicates.js';
import { recordData } from '../../src/session/merge-customers.js';
import { AgentSession } from '../../src/session/session.js';
import type { ContextStore, SearchHit } from '../../src/store/context-store.js';
import type { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { customer, freshStore } from '../helpers/data.js';
import { call } from '../helpers/events.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { MemoryStorage, until } from '../helpers/session.js';

// Issue #19 item 2: likely duplicates shown while a new customer is created, and "Use this one".

describe('duplicates: what counts as alike (pure)', () => {
  it('names: the same folded full name, the same words in another order, one edit apart from 5 letters on', () => {
    expect(nameLikeness({ name: 'José', lastName: 'Pérez' }, { name: 'jose perez' })).to.equal('name');
    expect(nameLikeness({ name: 'Pérez José' }, { name: 'José', lastName: 'Pérez' })).to.equal('name-order');
    expect(nameLikeness({ name: 'Jose Peres' }, { name: 'José Pérez' })).to.equal('name-similar');
    expect(nameLikeness({ name: 'Ana' }, { name: 'Ane' }), 'short names one edit apart are too common').to.equal(null);
    expect(nameLikeness({ name: 'Ana García' }, { name: 'Ana Martín' })).to.equal(null);
    expect(nameLikeness({ name: '' }, { name: '' })).to.equal(null);
    expect(oneEditApart('garcia', 'garcía'.normalize('NFD').replace(/\p{M}/gu, ''))).to.equal(true);
    expect(oneEditApart('maria', 'mario')).to.equal(true);
    expect(oneEditApart('maria', 'marian')).to.equal(true);
    expect(oneEditApart('maria', 'mariana')).to.equal(false);
  });

  it('contact points: same digits, the same last 7 digits, an email in any case', () => {
    expect(duplicateReasons(customer({ name: 'x', phones: ['+34 600-100-200'] }), customer({ name: 'y', phones: ['34600100200'] }))).to.deep.equal(['phone']);
    expect(duplicateReasons(customer({ name: 'x', phones: ['600 100 200'] }), customer({ name: 'y', phones: ['+34 600 100 200'] }))).to.deep.equal(['phone-tail']);
    expect(duplicateReasons(customer({ name: 'x', phones: ['600 100 201'] }), customer({ name: 'y', phones: ['+34 600 100 200'] }))).to.deep.equal([]);
    expect(duplicateReasons(customer({ name: 'x', emails: ['Ana@Example.COM'] }), customer({ name: 'y', emails: ['ana@example.com'] }))).to.deep.equal(['email']);
  });
});

describe('likelyDuplicates on a store', () => {
  let store: IndexedDbStore;
  beforeEach(() => {
    store = freshStore();
  });
  afterEach(async () => {
    await store.destroy();
  });

  it('most likely first, never the customer itself, never a tombstone, at most 5', async () => {
    const byEmail = await store.create('customer', customer({ name: 'Someone Else', emails: ['ana@x.es'] }), { by: 's' });
    const byPhone = await store.create('customer', customer({ name: 'Other Person', phones: ['+34 600 100 200'] }), { by: 's' });
    const byName = await store.create('customer', customer({ name: 'Ana Garcia' }), { by: 's' });
    const similar = await store.create('customer', customer({ name: 'Ana Garcis' }), { by: 's' });
    const tomb = await store.create('customer', customer({ name: 'Ana García', emails: ['ana@x.es'] }), { by: 's' });
    await store.update('customer', tomb.id, tomb.rev, { ...recordData<'customer'>(tomb), mergedInto: byEmail.id }, { by: 's' });
    for (let i = 0; i < 6; i++) await store.create('customer', customer({ name: `Ana Garcia`, phones: [`+1 555 000 00${i}`] }), { by: 's' });
    const typed = customer({ name: 'Ana García', emails: ['ANA@x.es'], phones: ['600 100 200'] });
    const found = await likelyDuplicates(store, typed);
    expect(found).to.have.length(5);
    expect(found[0]!.customer.id).to.equal(byEmail.id);
    expect(found[1]!.customer.id).to.equal(byPhone.id);
    expect(found.map((f) => f.customer.id)).to.not.include(tomb.id);
    expect(found.slice(2).every((f) => f.reasons[0] === 'name')).to.equal(true);
    expect(found.map((f) => f.customer.id)).to.not.include(similar.id);
    const itself = await likelyDuplicates(store, customer({ name: 'Ana Garcis' }), similar.id);
    expect(itself.map((f) => f.customer.id)).to.not.include(similar.id);
    expect(itself).to.have.length(5);
    expect(itself.every((f) => f.reasons.includes('name-similar'))).to.equal(true);
    expect(byName.name).to.equal('Ana Garcia');
  });

  it('reads a bounded number of times, whatever the form holds', async () => {
    let reads = 0;
    const counting: ContextStore = Object.create(store) as ContextStore;
    counting.search = (q: string, limit?: number): Promise<SearchHit[]> => {
      reads++;
      return store.search(q, limit);
    };
    counting.findByContact = (point) => {
      reads++;
      return store.findByContact(point);
    };
    const many = Array.from({ length: 50 }, (_, i) => `+34 600 000 ${String(i).padStart(3, '0')}`);
    await likelyDuplicates(counting, customer({ name: 'a b c d e f g h', phones: many, emails: many.map((_, i) => `${i}@x.es`) }));
    expect(reads).to.be.at.most(3 + 6 + 4);
  });
});

describe('DuplicateFinder: a late answer never shows for a changed form', () => {
  it('debounced; an earlier question resolves null even when its answer comes last', async () => {
    const store = freshStore();
    try {
      await store.create('customer', customer({ name: 'Ana', emails: ['a@x.es'] }), { by: 's' });
      await store.create('customer', customer({ name: 'Bea', emails: ['b@x.es'] }), { by: 's' });
      let release: () => void = () => undefined;
      const slow: ContextStore = Object.create(store) as ContextStore;
      let first = true;
      slow.findByContact = async (point) => {
        if (first) {
          first = false;
          await new Promise<void>((resolve) => (release = resolve));
        }
        return store.findByContact(point);
      };
      const clock = new FakeClock();
      const finder = new DuplicateFinder(() => slow, { delayMs: 100, clock });
      const a = finder.find(customer({ name: 'x', emails: ['a@x.es'] }));
      clock.tick(100);
      const b = finder.find(customer({ name: 'x', emails: ['b@x.es'] }));
      clock.tick(100);
      const later = await b;
      release();
      expect(await a).to.equal(null);
      expect(later!.map((f) => f.customer.name)).to.deep.equal(['Bea']);
    } finally {
      await store.destroy();
    }
  });
});

describe('AgentSession: duplicates of a new contact, and "Use this one"', () => {
  let store: IndexedDbStore;
  let session: AgentSession;
  beforeEach(() => {
    store = freshStore();
    session = new AgentSession(store, { agentId: 'alice', drafts: new DraftStore('alice', 'dup', new MemoryStorage()), duplicatesDelayMs: 0 });
  });
  afterEach(async () => {
    session.dispose();
    await store.destroy();
  });

  it('shown for the form as it is; "Use this one" opens the customer for the interaction, nothing created, typed notes kept', async () => {
    const ana = await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 100 200'] }), { by: 's' });
    // Another number: the lookup finds nobody (R1.2), the form offers Create.
    session.receive(call('c-new', { phone: '+44 7700 900123' }));
    const key = 'new:c-new';
    await until(session, () => session.workspace(key) !== undefined);
    expect(session.duplicates(key)).to.deep.equal([]);
    session.editCustomer(key, { ...session.workspace(key)!.customerDraft, name: 'Ana Garcia' });
    await until(session, () => session.duplicates(key).length > 0);
    expect(session.duplicates(key)[0]!.customer.id).to.equal(ana.id);
    // The form changes: the answer for the old data is not shown for it.
    session.editCustomer(key, { ...session.workspace(key)!.customerDraft, name: 'Zoe Zed' });
    expect(session.duplicates(key)).to.deep.equal([]);
    await session.idle();
    session.editActivity(key, { notes: 'typed before choosing' });
    const outcome = await session.useCustomer(key, ana.id);
    expect(outcome.ok).to.equal(true);
    await session.idle();
    expect(session.workspace(key)).to.equal(undefined);
    const opened = session.workspace(ana.id)!;
    expect(session.state.activeKey).to.equal(ana.id);
    expect(opened.activity?.interactionId).to.equal('c-new');
    expect(opened.activityDraft?.notes).to.equal('typed before choosing');
    const customers = await store.search('zoe');
    expect(customers, 'nothing created').to.deep.equal([]);
    expect((await store.activityByInteraction('c-new'))?.customerId).to.equal(ana.id);
  });

  it('"Use this one" on a customer merged meanwhile opens the survivor', async () => {
    const s = await store.create('customer', customer({ name: 'Survivor' }), { by: 's' });
    const d = await store.create('customer', customer({ name: 'Merged' }), { by: 's' });
    await store.update('customer', d.id, d.rev, { ...recordData<'customer'>(d), mergedInto: s.id }, { by: 's' });
    session.receive(call('c-2', { phone: '+44 7700 900124' }));
    await until(session, () => session.workspace('new:c-2') !== undefined);
    expect((await session.useCustomer('new:c-2', d.id)).ok).to.equal(true);
    expect(session.workspace(s.id)?.interaction?.interactionId).to.equal('c-2');
  });
});
