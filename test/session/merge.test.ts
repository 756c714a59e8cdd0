import { expect } from '@open-wc/testing';
import { MAX_ITEMS, sameData, type Customer, type CustomerData } from '../../src/model/index.js';
import { DraftStore } from '../../src/session/drafts.js';
import { contactKey, mergeCustomers, mergedData, planMerge, recordData, undoMerge, type MergeProgress } from '../../src/session/merge-customers.js';
import { AgentSession } from '../../src/session/session.js';
import type { ContextStore } from '../../src/store/context-store.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { activity, customer, freshStore, request } from '../helpers/data.js';
import { call } from '../helpers/events.js';
import { MemoryStorage, until } from '../helpers/session.js';

// Issue #19 item 2: merging two customers (the plan, the writes in order, R4 on
// either record, Undo), and the session following a tombstone to its survivor.

const stamp = (id: string, data: CustomerData, createdAt = '2026-01-01T00:00:00.000Z'): Customer => ({
  ...data,
  type: 'customer',
  id,
  rev: '1-a',
  createdAt,
  updatedAt: createdAt,
  updatedBy: 'x',
});

describe('planMerge (pure): fields side by side, contact points unioned, nothing dropped', () => {
  const s = stamp('customer:s', customer({ name: 'Ana', lastName: 'García', phones: ['+34 600-100-200'], emails: ['Ana@Example.com'], address: 'Calle 1', fields: { plan: 'gold', city: 'Madrid' } }));
  const d = stamp('customer:d', customer({ name: 'Anna', lastName: 'García', phones: ['+34 600 100 200', '+34 611 222 333'], emails: ['ana@example.com', 'ana.g@work.es'], chatIds: ['ana-chat'], address: '', fields: { plan: 'silver', vip: 'yes' } }));

  it('every differing scalar field is a choice; equal ones and an empty side are not silently lost', () => {
    const plan = planMerge(s, d);
    expect(plan.choices.map((c) => c.field)).to.deep.equal(['name', 'address', 'fields.plan']);
    expect(plan.choices.find((c) => c.field === 'fields.plan')).to.deep.equal({ field: 'fields.plan', survivor: 'gold', duplicate: 'silver' });
  });

  it('contact points are unioned, deduplicated by the keys lookups use (phone digits, case-insensitive email)', () => {
    const plan = planMerge(s, d);
    expect(plan.contacts.phones).to.deep.equal(['+34 600-100-200', '+34 611 222 333']);
    expect(plan.contacts.emails).to.deep.equal(['Ana@Example.com', 'ana.g@work.es']);
    expect(plan.contacts.chatIds).to.deep.equal(['ana-chat']);
    expect(plan.added.phones).to.deep.equal(['+34 611 222 333']);
  });

  it('nothing is dropped: every contact point and free field of both is in the merged data, whatever is chosen', () => {
    const plan = planMerge(s, d);
    for (const side of ['survivor', 'duplicate'] as const) {
      const choices = Object.fromEntries(plan.choices.map((c) => [c.field, side]));
      const data = mergedData(plan, choices);
      for (const field of ['phones', 'emails', 'chatIds'] as const) {
        const keys = new Set(data[field].map((v) => contactKey(field, v)));
        for (const value of [...s[field], ...d[field]]) expect(keys.has(contactKey(field, value)), `${field} ${value}`).to.equal(true);
      }
      expect(Object.keys(data.fields).sort()).to.deep.equal(['city', 'plan', 'vip']);
      expect(data.fields['plan']).to.equal(side === 'survivor' ? 'gold' : 'silver');
      expect(data.name).to.equal(side === 'survivor' ? 'Ana' : 'Anna');
      expect(data.mergedFrom).to.deep.equal(['customer:d']);
    }
  });

  it('by default the survivor keeps its values, except an empty one the duplicate fills', () => {
    const plan = planMerge(stamp('customer:s', customer({ name: 'Ana', address: '' })), stamp('customer:d', customer({ name: 'Ana', address: 'Calle 2' })));
    expect(mergedData(plan).address).to.equal('Calle 2');
  });

  it('a union longer than the model allows refuses the merge instead of cutting it', async () => {
    const many = (prefix: string) => Array.from({ length: 60 }, (_, i) => `${prefix}${i}@x.es`);
    const plan = planMerge(stamp('customer:s', customer({ emails: many('a') })), stamp('customer:d', customer({ emails: many('b') })));
    expect(plan.overLimit).to.deep.equal(['emails']);
    expect(plan.contacts.emails.length).to.be.above(MAX_ITEMS);
    const store = freshStore();
    try {
      const outcome = await mergeCustomers({ store, agentId: 'a' }, plan);
      expect(outcome.ok).to.equal(false);
      expect(!outcome.ok && outcome.reason).to.equal('invalid');
    } finally {
      await store.destroy();
    }
  });
});

describe('mergeCustomers and undoMerge on a store', () => {
  let store: IndexedDbStore;
  const ctx = () => ({ store, agentId: 'alice' });

  beforeEach(() => {
    store = freshStore();
  });
  afterEach(async () => {
    await store.destroy();
  });

  async function pair() {
    const s = await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 100 200'], fields: { plan: 'gold' } }), { by: 'seed' });
    const d = await store.create('customer', customer({ name: 'Ana Garcia', phones: ['+34 699 000 111'], emails: ['ana@x.es'], fields: { plan: 'silver' } }), { by: 'seed' });
    const req = await store.create('request', request(d.id, { title: 'Billing' }), { by: 'seed' });
    const acts = [];
    for (let i = 0; i < 12; i++) {
      acts.push(await store.create('activity', activity(d.id, { requestId: i % 2 ? req.id : null, at: `2026-02-${String(i + 1).padStart(2, '0')}T10:00:00.000Z`, notes: `n${i}` }), { by: 'seed' }));
    }
    const own = await store.create('activity', activity(s.id, { notes: 'own' }), { by: 'seed' });
    return { s, d, req, acts, own };
  }

  it('writes S, then the tombstone, then moves every request and activity; progress counts them all', async () => {
    const { s, d, req, acts, own } = await pair();
    const seen: MergeProgress[] = [];
    const outcome = await mergeCustomers(ctx(), planMerge(s, d), { 'fields.plan': 'duplicate' }, (p) => seen.push(p));
    expect(outcome.ok).to.equal(true);
    const survivor = (await store.get('customer', s.id))!;
    expect(survivor.mergedFrom).to.deep.equal([d.id]);
    expect(survivor.phones).to.deep.equal(['+34 600 100 200', '+34 699 000 111']);
    expect(survivor.fields).to.deep.equal({ plan: 'silver' });
    const tombstone = (await store.get('customer', d.id))!;
    expect(tombstone.mergedInto).to.equal(s.id);
    expect(tombstone.fields, 'the tombstone keeps its data').to.deep.equal({ plan: 'silver' });
    expect((await store.get('request', req.id))!.customerId).to.equal(s.id);
    const moved = await store.activitiesOf(s.id, { limit: 100 });
    expect(moved.map((a) => a.id).sort()).to.deep.equal([...acts.map((a) => a.id), own.id].sort());
    for (const a of moved) expect(a.movedFrom ?? null).to.equal(a.id === own.id ? null : d.id);
    expect(await store.activitiesOf(d.id)).to.deep.equal([]);
    expect(seen.at(-1)).to.deep.equal({ done: 13, total: 13 });
  });

  it('R4: another agent saved S after the plan was made: conflict, nothing written anywhere', async () => {
    const { s, d, acts } = await pair();
    const plan = planMerge(s, d);
    const theirs = await store.update('customer', s.id, s.rev, { ...recordData<'customer'>(s), address: 'Theirs 1' }, { by: 'bob' });
    const outcome = await mergeCustomers(ctx(), plan);
    expect(outcome.ok).to.equal(false);
    expect(!outcome.ok && outcome.reason).to.equal('conflict');
    expect(!outcome.ok && outcome.current?.rev).to.equal(theirs.rev);
    expect((await store.get('customer', s.id))!.rev).to.equal(theirs.rev);
    expect((await store.get('customer', d.id))!.rev).to.equal(d.rev);
    expect((await store.get('activity', acts[0]!.id))!.customerId).to.equal(d.id);
  });

  it('R4: another agent saved D after the plan was made: conflict, nothing written', async () => {
    const { s, d } = await pair();
    const plan = planMerge(s, d);
    await store.update('customer', d.id, d.rev, { ...recordData<'customer'>(d), emails: ['new@x.es'] }, { by: 'bob' });
    const outcome = await mergeCustomers(ctx(), plan);
    expect(!outcome.ok && outcome.reason).to.equal('conflict');
    expect((await store.get('customer', s.id))!.rev).to.equal(s.rev);
  });

  it('another agent adds a phone to D between step 1 and the tombstone: it reaches S, their edit stays on the tombstone', async () => {
    const { s, d } = await pair();
    // A store that lets "Bob" save D right after the survivor was written.
    let once = true;
    const racing: ContextStore = Object.create(store) as ContextStore;
    racing.update = async (kind, id, baseRev, data, options) => {
      const written = await store.update(kind, id, baseRev, data, options);
      if (once && kind === 'customer' && id === s.id) {
        once = false;
        const current = (await store.get('customer', d.id))!;
        await store.update('customer', d.id, current.rev, { ...recordData<'customer'>(current), phones: [...current.phones, '+34 622 333 444'] }, { by: 'bob' });
      }
      return written;
    };
    const outcome = await mergeCustomers({ store: racing, agentId: 'alice' }, planMerge(s, d));
    expect(outcome.ok).to.equal(true);
    expect((await store.get('customer', s.id))!.phones).to.include('+34 622 333 444');
    const tombstone = (await store.get('customer', d.id))!;
    expect(tombstone.mergedInto).to.equal(s.id);
    expect(tombstone.phones).to.include('+34 622 333 444');
  });

  it('a concurrent edit of an activity being moved is kept (the move is written on its current version)', async () => {
    const { s, d, acts } = await pair();
    let once = true;
    const racing: ContextStore = Object.create(store) as ContextStore;
    racing.update = async (kind, id, baseRev, data, options) => {
      if (once && kind === 'activity' && id === acts[3]!.id) {
        once = false;
        const current = (await store.get('activity', id))!;
        await store.update('activity', id, current.rev, { ...recordData<'activity'>(current), notes: 'Bob typed this' }, { by: 'bob' });
      }
      return store.update(kind, id, baseRev, data, options);
    };
    expect((await mergeCustomers({ store: racing, agentId: 'alice' }, planMerge(s, d))).ok).to.equal(true);
    const moved = (await store.get('activity', acts[3]!.id))!;
    expect(moved.customerId).to.equal(s.id);
    expect(moved.notes).to.equal('Bob typed this');
  });

  it('Undo restores both records exactly (revs move forward) and moves every record back', async () => {
    const { s, d, req, acts, own } = await pair();
    const before = { s: recordData<'customer'>(s), d: recordData<'customer'>(d) };
    const outcome = await mergeCustomers(ctx(), planMerge(s, d), { name: 'duplicate' });
    if (!outcome.ok) throw new Error('merge failed');
    const undone = await undoMerge(ctx(), outcome.record);
    expect(undone.ok).to.equal(true);
    const [s2, d2] = [(await store.get('customer', s.id))!, (await store.get('customer', d.id))!];
    expect(sameData(recordData<'customer'>(s2), before.s), 'S exactly as before').to.equal(true);
    expect(sameData(recordData<'customer'>(d2), before.d), 'D exactly as before').to.equal(true);
    expect(s2.mergedFrom).to.equal(undefined);
    expect(d2.mergedInto).to.equal(undefined);
    expect(Number.parseInt(s2.rev, 10)).to.be.above(Number.parseInt(s.rev, 10));
    expect(Number.parseInt(d2.rev, 10)).to.be.above(Number.parseInt(d.rev, 10));
    expect((await store.get('request', req.id))!.customerId).to.equal(d.id);
    const back = await store.activitiesOf(d.id, { limit: 100 });
    expect(back.map((a) => a.id).sort()).to.deep.equal(acts.map((a) => a.id).sort());
    for (const a of back) expect(a.movedFrom).to.equal(undefined);
    expect((await store.activitiesOf(s.id)).map((a) => a.id)).to.deep.equal([own.id]);
  });

  it('Undo is refused (R4) when another agent changed the survivor since the merge', async () => {
    const { s, d } = await pair();
    const outcome = await mergeCustomers(ctx(), planMerge(s, d));
    if (!outcome.ok) throw new Error('merge failed');
    const now = (await store.get('customer', s.id))!;
    await store.update('customer', s.id, now.rev, { ...recordData<'customer'>(now), address: 'Bob' }, { by: 'bob' });
    const undone = await undoMerge(ctx(), outcome.record);
    expect(!undone.ok && undone.reason).to.equal('conflict');
    expect((await store.get('customer', d.id))!.mergedInto, 'nothing undone').to.equal(s.id);
  });
});

describe('AgentSession: merging, following tombstones, resuming', () => {
  let store: IndexedDbStore;
  let storage: MemoryStorage;
  const sessions: AgentSession[] = [];
  const others: IndexedDbStore[] = [];
  const make = (s: ContextStore, agentId = 'alice') => {
    const session = new AgentSession(s, { agentId, drafts: new DraftStore(agentId, 'merge', storage) });
    sessions.push(session);
    return session;
  };

  beforeEach(() => {
    store = freshStore();
    storage = new MemoryStorage();
  });
  afterEach(async () => {
    for (const session of sessions.splice(0)) session.dispose();
    for (const other of others.splice(0)) other.close();
    await store.destroy();
  });

  async function pair() {
    const s = await store.create('customer', customer({ name: 'Sara', phones: ['+34 600 000 001'] }), { by: 'seed' });
    const d = await store.create('customer', customer({ name: 'Sarah', phones: ['+34 600 000 002'] }), { by: 'seed' });
    const req = await store.create('request', request(d.id), { by: 'seed' });
    await store.create('activity', activity(d.id, { requestId: req.id }), { by: 'seed' });
    return { s, d, req };
  }

  it('merge from the session; Undo within the session brings both back; refused while the form holds unsaved input', async () => {
    const { s, d } = await pair();
    const session = make(store);
    await session.reopen(s.id);
    const plan = (await session.planMerge(s.id, d.id, s.id))!;
    expect(plan.reason).to.equal('chosen');
    session.editCustomer(s.id, { ...session.workspace(s.id)!.customerDraft, address: 'typed' });
    expect((await session.mergeCustomers(plan)).ok, 'unsaved input on the form first').to.equal(false);
    session.editCustomer(s.id, recordData<'customer'>(s));
    const outcome = await session.mergeCustomers(plan);
    expect(outcome.ok).to.equal(true);
    await session.idle();
    expect(session.workspace(s.id)!.customer!.mergedFrom).to.deep.equal([d.id]);
    expect(session.workspace(s.id)!.journey.some((e) => e.type === 'request'), 'the moved request in the journey').to.equal(true);
    expect(session.mergeDone(s.id)?.duplicateId).to.equal(d.id);
    const undone = await session.undoMerge(s.id);
    expect(undone.ok).to.equal(true);
    expect(session.mergeDone(s.id)).to.equal(undefined);
    expect((await store.get('customer', d.id))!.mergedInto).to.equal(undefined);
    expect(session.workspace(s.id)!.customer!.mergedFrom).to.equal(undefined);
  });

  it('the suggested survivor is the one with more activities', async () => {
    const { s, d } = await pair();
    const plan = (await make(store).planMerge(s.id, d.id))!;
    expect(plan.survivor.id).to.equal(d.id);
    expect(plan.reason).to.equal('more-activities');
  });

  it('a Recent entry of the merged customer reopens the survivor', async () => {
    const { s, d } = await pair();
    expect((await mergeCustomers({ store, agentId: 'bob' }, planMerge(s, d))).ok).to.equal(true);
    const session = make(store);
    await session.reopen(d.id);
    await until(session, () => session.workspace(s.id) !== undefined);
    await session.idle();
    expect(session.workspace(d.id)).to.equal(undefined);
    expect(session.state.activeKey).to.equal(s.id);
  });

  it("another agent's open view of D follows to S, keeping the interaction; unsaved input on D's form becomes a caution on S", async () => {
    const { s, d } = await pair();
    const other = new IndexedDbStore({ name: store.name });
    others.push(other);
    const bob = make(other, 'bob');
    bob.receive(call('c-d', { phone: '+34 600 000 002' }));
    await until(bob, () => bob.workspace(d.id)?.activity?.interactionId === 'c-d');
    bob.editCustomer(d.id, { ...bob.workspace(d.id)!.customerDraft, address: 'Bob typed this' });
    bob.editActivity(d.id, { notes: 'call notes' });
    const alice = make(store);
    const plan = (await alice.planMerge(s.id, d.id, s.id))!;
    expect((await alice.mergeCustomers(plan)).ok).to.equal(true);
    await until(bob, () => bob.workspace(s.id) !== undefined);
    await bob.idle();
    const followed = bob.workspace(s.id)!;
    expect(bob.workspace(d.id)).to.equal(undefined);
    expect(followed.interaction?.interactionId).to.equal('c-d');
    expect(followed.activityDraft?.notes).to.equal('call notes');
    expect(followed.activity?.customerId).to.equal(s.id);
    expect(followed.customerDraft.address).to.equal('Bob typed this');
    expect(followed.cautions.map((c) => c.kind)).to.deep.equal(['customer']);
    expect((await bob.save(s.id)).ok, 'not saved over the survivor before Load').to.equal(false);
  });

  it('resume: a survivor listing a duplicate that is not a tombstone yet (the tab died after step 1) is finished when opened', async () => {
    const { s, d, req } = await pair();
    // Step 1 only, as a tab that died right after it would leave it.
    await store.update('customer', s.id, s.rev, { ...recordData<'customer'>(s), mergedFrom: [d.id] }, { by: 'alice' });
    const session = make(store);
    await session.reopen(s.id);
    await until(session, () => session.workspace(s.id)?.journey.some((e) => e.id === req.id) ?? false);
    await session.idle();
    expect((await store.get('customer', d.id))!.mergedInto).to.equal(s.id);
    expect(await store.requestsOf(d.id)).to.deep.equal([]);
    expect(await store.activitiesOf(d.id)).to.deep.equal([]);
  });
});
