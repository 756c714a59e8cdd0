import { expect } from '@open-wc/testing';
import { ValidationError, type Activity, type AnyRecord, type Customer } from '../../src/model/index.js';
import {
  ConflictError,
  NotFoundError,
  type ContextStore,
  type StoreChange,
} from '../../src/store/context-store.js';
import { activity, customer, request } from '../helpers/data.js';

/** One store under test, plus a way to open more clients on the same data. */
export interface ContractHandle {
  store: ContextStore;
  /** Another client on the same data: another tab, another agent's browser. */
  second(): Promise<ContextStore>;
  /** Closes every client and deletes the data. */
  dispose(): Promise<void>;
}

export function nextChange(store: ContextStore, source: StoreChange['source'], id?: string): Promise<StoreChange> {
  return new Promise((resolve) => {
    const off = store.subscribe((change) => {
      if (change.source === source && (id === undefined || change.id === id)) {
        off();
        resolve(change);
      }
    });
  });
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function seeded(cid: string, i: number, at: string): Activity {
  return {
    ...activity(cid, { at, notes: `n${i}` }),
    type: 'activity',
    id: `activity:${String(i).padStart(3, '0')}`,
    rev: '1-a',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'seed',
  };
}

/**
 * The behaviour every `ContextStore` shares. Runs unchanged against the
 * embedded IndexedDB store and the CouchDB store.
 */
export function storeContract(name: string, open: () => Promise<ContractHandle>): void {
  describe(`ContextStore contract: ${name}`, () => {
    let h: ContractHandle;
    let store: ContextStore;
    beforeEach(async () => {
      h = await open();
      store = h.store;
    });
    afterEach(async () => {
      await h.dispose();
    });

    describe('records', () => {
      it('creates, reads and updates records with a new opaque rev each time', async () => {
        const created = await store.create('customer', customer({ phones: ['+34 600 000 001'] }), { by: 'agent-1' });
        expect(created.id).to.match(/^customer:/);
        expect(created.type).to.equal('customer');
        expect(created.updatedBy).to.equal('agent-1');
        expect(created.rev).to.be.a('string').and.not.equal('');
        expect(await store.get('customer', created.id)).to.deep.equal(created);
        const updated = await store.update('customer', created.id, created.rev, { ...created, name: 'Ana G.' }, { by: 'agent-2' });
        expect(updated.rev).not.to.equal(created.rev);
        expect(updated.createdAt).to.equal(created.createdAt);
        expect(updated.updatedBy).to.equal('agent-2');
        expect(await store.get('customer', created.id)).to.deep.equal(updated);
      });

      it('keeps a given id, and reads nothing for an unknown id or another kind', async () => {
        const created = await store.create('request', request('customer:x', { title: 'Kept' }), { by: 'a', id: 'request:given' });
        expect(created.id).to.equal('request:given');
        expect(await store.get('request', 'request:none')).to.equal(undefined);
        expect(await store.get('customer', 'request:given')).to.equal(undefined);
      });

      it('keeps data for another client and a new instance (R11.1)', async () => {
        const created = await store.create('request', request('customer:x', { title: 'Kept' }), { by: 'a' });
        const other = await h.second();
        expect((await other.get('request', created.id))?.title).to.equal('Kept');
      });

      it('refuses a stale write from a second client with ConflictError and keeps the newer data', async () => {
        const other = await h.second();
        const base = await store.create('customer', customer(), { by: 'agent-1' });
        const theirs = await other.update('customer', base.id, base.rev, { ...base, name: 'Their name' }, { by: 'agent-2' });
        const conflict = await rejection(store.update('customer', base.id, base.rev, { ...base, name: 'My name' }, { by: 'agent-1' }));
        expect(conflict).to.be.instanceOf(ConflictError);
        const current = (conflict as ConflictError).current as Customer;
        expect(current.name).to.equal('Their name');
        expect(current.rev).to.equal(theirs.rev);
        expect(current.updatedBy).to.equal('agent-2');
        expect((await store.get('customer', base.id))?.name).to.equal('Their name');
        // Based on the current rev, the write goes through.
        const mine = await store.update('customer', base.id, current.rev, { ...current, name: 'My name' }, { by: 'agent-1' });
        expect((await other.get('customer', base.id))?.rev).to.equal(mine.rev);
      });

      it('refuses to create a record whose id exists', async () => {
        const first = await store.create('customer', customer({ name: 'First' }), { by: 'a', id: 'customer:same' });
        const error = await rejection(store.create('customer', customer({ name: 'Second' }), { by: 'b', id: 'customer:same' }));
        expect(error).to.be.instanceOf(ConflictError);
        expect((error as ConflictError).current.rev).to.equal(first.rev);
        expect((await store.get('customer', 'customer:same'))?.name).to.equal('First');
      });

      it('a create retried with the same id, data and agent resolves with the record it made (#16: a lost answer); by another agent or with other data it is refused', async () => {
        const first = await store.create('customer', customer({ name: 'Once' }), { by: 'a', id: 'customer:retried' });
        const again = await store.create('customer', customer({ name: 'Once' }), { by: 'a', id: 'customer:retried' });
        expect(again.rev).to.equal(first.rev);
        expect(again.name).to.equal('Once');
        expect(await rejection(store.create('customer', customer({ name: 'Once' }), { by: 'b', id: 'customer:retried' }))).to.be.instanceOf(ConflictError);
        expect(await rejection(store.create('customer', customer({ name: 'Other' }), { by: 'a', id: 'customer:retried' }))).to.be.instanceOf(ConflictError);
        expect((await store.get('customer', 'customer:retried'))?.rev).to.equal(first.rev);
      });

      it('refuses an update of a record that does not exist (or is of another kind)', async () => {
        expect(await rejection(store.update('customer', 'customer:none', '1-0', customer(), { by: 'a' }))).to.be.instanceOf(NotFoundError);
        const req = await store.create('request', request('customer:x'), { by: 'a' });
        expect(await rejection(store.update('customer', req.id, req.rev, customer(), { by: 'a' }))).to.be.instanceOf(NotFoundError);
      });

      it('two clients racing on one record never lose an update', async () => {
        const other = await h.second();
        const base = await store.create('customer', customer({ fields: {} }), { by: 'a' });
        // Both write from the same base at once: exactly one wins, the other gets the winner.
        const results = await Promise.allSettled([
          store.update('customer', base.id, base.rev, { ...base, name: 'A' }, { by: 'a' }),
          other.update('customer', base.id, base.rev, { ...base, name: 'B' }, { by: 'b' }),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won.length).to.equal(1);
        expect(lost.length).to.equal(1);
        expect(lost[0]!.reason).to.be.instanceOf(ConflictError);
        const winner = (won[0] as PromiseFulfilledResult<Customer>).value;
        expect(((lost[0]!.reason as ConflictError).current as Customer).name).to.equal(winner.name);

        // Read-modify-write loops on both clients: every field each one adds is kept.
        const addFields = async (client: ContextStore, tag: string) => {
          for (let i = 0; i < 6; i++) {
            for (;;) {
              const now = (await client.get('customer', base.id))!;
              try {
                await client.update('customer', base.id, now.rev, { ...now, fields: { ...now.fields, [`${tag}${i}`]: 'x' } }, { by: tag });
                break;
              } catch (error) {
                if (!(error instanceof ConflictError)) throw error;
              }
            }
          }
        };
        await Promise.all([addFields(store, 'a'), addFields(other, 'b')]);
        const final = (await other.get('customer', base.id))!;
        expect(Object.keys(final.fields).sort()).to.deep.equal(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'b0', 'b1', 'b2', 'b3', 'b4', 'b5']);
      });
    });

    describe('change notifications', () => {
      it('announces a write to the writer as local and to another client as remote, never echoing it back', async () => {
        const other = await h.second();
        const remoteAtWriter: string[] = [];
        store.subscribe((change) => {
          if (change.source === 'remote') remoteAtWriter.push(change.rev);
        });
        const heardByOther = nextChange(other, 'remote');
        const heardLocally = nextChange(store, 'local');
        const created = await store.create('activity', activity('customer:1', { tags: ['VIP'] }), { by: 'agent-1' });
        const local = await heardLocally;
        expect(local.rev).to.equal(created.rev);
        const change = await heardByOther;
        expect(change.kind).to.equal('activity');
        expect(change.id).to.equal(created.id);
        expect(change.rev).to.equal(created.rev);
        expect(change.by).to.equal('agent-1');
        expect(change.record).to.deep.equal(created);

        const heardBack = nextChange(store, 'remote');
        const theirs = await other.update('activity', created.id, created.rev, { ...created, notes: 'theirs' }, { by: 'agent-2' });
        const back = await heardBack;
        expect(back.rev).to.equal(theirs.rev);
        expect((back.record as Activity).notes).to.equal('theirs');
        expect(remoteAtWriter).to.deep.equal([theirs.rev]);
      });

      it('stops announcing after unsubscribe', async () => {
        const other = await h.second();
        const seen: string[] = [];
        const off = other.subscribe((change) => seen.push(change.id));
        off();
        const heard = nextChange(other, 'remote');
        const created = await store.create('customer', customer(), { by: 'a' });
        expect((await heard).id).to.equal(created.id);
        expect(seen).to.deep.equal([]);
      });
    });

    describe('limits', () => {
      it('refuses over-limit and duplicate data even when the UI is bypassed', async () => {
        const imported: AnyRecord = { ...activity('c', { tags: ['a', ' A'] }), type: 'activity', id: 'activity:1', rev: '1-a', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'x' };
        const ok = await store.create('customer', customer(), { by: 'a' });
        const writes = [
          () => store.create('customer', customer({ name: 'x'.repeat(2001) }), { by: 'a' }),
          () => store.create('customer', customer({ phones: Array.from({ length: 101 }, (_, i) => String(i)) }), { by: 'a' }),
          () => store.create('activity', activity('c', { tags: ['Billing', 'BILLING'] }), { by: 'a' }),
          () => store.create('activity', activity('c', { tags: ['t'.repeat(51)] }), { by: 'a' }),
          () => store.update('customer', ok.id, ok.rev, { ...ok, address: 'y'.repeat(2001) }, { by: 'a' }),
          () => store.import([imported]),
        ];
        for (const write of writes) expect(await rejection(write())).to.be.instanceOf(ValidationError);
        expect(await store.search('x')).to.have.length(0);
        expect((await store.get('customer', ok.id))?.rev).to.equal(ok.rev);
        expect(await store.get('activity', 'activity:1')).to.equal(undefined);
      });

      it('takes text of exactly the limit', async () => {
        const created = await store.create('customer', customer({ address: 'z'.repeat(2000) }), { by: 'a' });
        expect((await store.get('customer', created.id))?.address).to.have.length(2000);
      });
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
        await store.create('request', request(bob.id, { title: 'Invoice twice', openedAt: '2026-02-01T00:00:00.000Z' }), { by: 'a' });
        await store.create('activity', activity(ana.id, { tags: ['Fibre outage'], interactionId: 'call-1' }), { by: 'a' });
      });

      it('finds a customer by phone digits, email and chat id, case-insensitively', async () => {
        expect((await store.findByContact({ phone: '34600123456' })).map((c) => c.id)).to.deep.equal([ana.id]);
        expect((await store.findByContact({ phone: '+1 555 010 2030' })).map((c) => c.id)).to.deep.equal([bob.id]);
        expect((await store.findByContact({ email: 'ana.garcia@example.COM' })).map((c) => c.id)).to.deep.equal([ana.id]);
        expect((await store.findByContact({ chatId: 'ANA-G' })).map((c) => c.id)).to.deep.equal([ana.id]);
        expect((await store.findByContact({ phone: '34600123456', email: 'bob@stone.io' })).map((c) => c.id)).to.deep.equal([ana.id, bob.id]);
        expect((await store.findByContact({ phone: '34600123456', chatId: 'ana-g' })).map((c) => c.id)).to.deep.equal([ana.id]);
        expect(await store.findByContact({ phone: '999' })).to.deep.equal([]);
        expect(await store.findByContact({ phone: '3460012345' })).to.deep.equal([]);
        expect(await store.findByContact({})).to.deep.equal([]);
      });

      it('R1.2: a number written with or without its country code or trunk prefix finds the customer; sharing only the last digits does not', async () => {
        const ids = async (phone: string) => (await store.findByContact({ phone })).map((c) => c.id);
        // Stored with its country code, called without it (or with 00 instead of +).
        expect(await ids('600 123 456')).to.deep.equal([ana.id]);
        expect(await ids('0034 600 123 456')).to.deep.equal([ana.id]);
        expect(await ids('(555) 010-2030')).to.deep.equal([bob.id]);
        // Another country, the same last nine digits: no match.
        expect(await ids('+44 600 123 456')).to.deep.equal([]);
        // Stored without it, called with it.
        const cleo = await store.create('customer', customer({ name: 'Cléo Martin', phones: ['06 12 34 56 78'] }), { by: 'a' });
        expect(await ids('+33 0612345678')).to.deep.equal([cleo.id]);
        // The trunk 0 of a national number stands for the country code of the international form, both ways.
        expect(await ids('+33 6 12 34 56 78')).to.deep.equal([cleo.id]);
        const dirk = await store.create('customer', customer({ name: 'Dirk Weber', phones: ['+49 30 1234567'] }), { by: 'a' });
        expect(await ids('030 1234567')).to.deep.equal([dirk.id]);
        // A digit string longer than any phone number gets no tails (and costs no more lookups).
        expect(await ids('1'.repeat(40))).to.deep.equal([]);
        // The same digits win over a tail: a second customer stored as the national number only.
        const ana2 = await store.create('customer', customer({ name: 'Other', phones: ['600123456'] }), { by: 'a' });
        expect(await ids('+34 600 123 456')).to.deep.equal([ana.id]);
        expect(await ids('600123456')).to.deep.equal([ana2.id]);
        // Search by the national number's first digits (six or more).
        const hits = await store.search('600 123');
        expect(hits.map((h) => [h.customer.id, h.matched]).sort()).to.deep.equal([[ana.id, 'phone'], [ana2.id, 'phone']].sort());
      });

      it('searches by name prefix of any word, ignoring case and accents', async () => {
        for (const query of ['ana', 'Marí', 'maria', 'garc', 'MARÍA GAR']) {
          const hits = await store.search(query);
          expect(hits.map((h) => h.customer.id), query).to.deep.equal([ana.id]);
          expect(hits[0]!.matched).to.equal('name');
          expect(hits[0]!.customer).to.deep.equal(ana);
        }
        expect(await store.search('zed')).to.deep.equal([]);
        expect(await store.search('   ')).to.deep.equal([]);
      });

      it('searches by phone and email prefix', async () => {
        const phone = await store.search('+1 555');
        expect(phone.map((h) => [h.customer.id, h.matched])).to.deep.equal([[bob.id, 'phone']]);
        const email = await store.search('bob@st');
        expect(email.map((h) => [h.customer.id, h.matched])).to.deep.equal([[bob.id, 'email']]);
        const emailWord = await store.search('ana.garcia');
        expect(emailWord.map((h) => [h.customer.id, h.matched])).to.deep.equal([[ana.id, 'email']]);
      });

      it('searches by request title word and by tag, one hit per customer', async () => {
        const byTitle = await store.search('invoice');
        expect(byTitle.map((h) => [h.customer.id, h.matched])).to.deep.equal([[bob.id, 'request']]);
        expect(byTitle[0]!.customer).to.deep.equal(bob);
        const byTitleWord = await store.search('march');
        expect(byTitleWord.map((h) => [h.customer.id, h.matched])).to.deep.equal([[bob.id, 'request']]);
        const byTag = await store.search('fibre');
        expect(byTag.map((h) => [h.customer.id, h.matched])).to.deep.equal([[ana.id, 'tag']]);
        const byTagWord = await store.search('OUTAGE');
        expect(byTagWord.map((h) => [h.customer.id, h.matched])).to.deep.equal([]);
      });

      it('reports the first path that matched: name, phone, email, request, tag', async () => {
        const fibre = await store.create('customer', customer({ name: 'Fibreworks Ltd' }), { by: 'a' });
        const hits = await store.search('fibre');
        expect(hits.map((h) => [h.customer.id, h.matched])).to.deep.equal([[fibre.id, 'name'], [ana.id, 'tag']]);
        const both = await store.create('customer', customer({ name: 'Invoice Person' }), { by: 'a' });
        await store.create('request', request(both.id, { title: 'Invoice again' }), { by: 'a' });
        const invoice = await store.search('invoice');
        expect(invoice.map((h) => [h.customer.id, h.matched])).to.deep.equal([[both.id, 'name'], [bob.id, 'request']]);
      });

      it('caps the number of results, filling from the paths in order', async () => {
        for (let i = 0; i < 30; i++) await store.create('customer', customer({ name: `Carla ${i}` }), { by: 'a' });
        expect(await store.search('carla', 20)).to.have.length(20);
        const five = await store.search('carla', 5);
        expect(five).to.have.length(5);
        expect(new Set(five.map((h) => h.customer.id)).size).to.equal(5);
        const tagged = await store.create('activity', activity(bob.id, { tags: ['carla-related'] }), { by: 'a' });
        expect(tagged.id).to.match(/^activity:/);
        const all = await store.search('carla', 40);
        expect(all).to.have.length(31);
        expect(all.at(-1)!.matched).to.equal('tag');
        expect((await store.search('carla', 30)).every((h) => h.matched === 'name')).to.equal(true);
      });

      it('issue #18: searches by the last 4 to 8 digits of a phone number, only numbers that end with them', async () => {
        const ids = async (query: string) => (await store.search(query)).map((h) => [h.customer.id, h.matched]);
        // Ana: +34 600 123 456; Bob: +1 (555) 010-2030.
        expect(await ids('3456')).to.deep.equal([[ana.id, 'phone']]);
        expect(await ids('2030')).to.deep.equal([[bob.id, 'phone']]);
        expect(await ids('010-2030')).to.deep.equal([[bob.id, 'phone']]);
        expect(await ids('23 456')).to.deep.equal([[ana.id, 'phone']]);
        // The middle of a number is not its end.
        expect(await ids('0102')).to.deep.equal([]);
        expect(await ids('1234')).to.deep.equal([]);
        // Three digits are too few to search the ends by.
        expect(await ids('456')).to.deep.equal([]);
        // A customer whose number starts with the digits comes first (phone prefix), then the ends.
        const start = await store.create('customer', customer({ name: 'Starts', phones: ['2030 111'] }), { by: 'a' });
        expect(await ids('2030')).to.deep.equal([[start.id, 'phone'], [bob.id, 'phone']]);
        // A changed number is found by its new end only.
        const moved = await store.update('customer', bob.id, bob.rev, { ...bob, phones: ['+1 555 010 7777'] }, { by: 'a' });
        expect(moved.phones).to.deep.equal(['+1 555 010 7777']);
        expect(await ids('7777')).to.deep.equal([[bob.id, 'phone']]);
        expect(await ids('2030')).to.deep.equal([[start.id, 'phone']]);
      });

      it('issue #18: suggests the tags already used by a prefix, most used first, accents and case ignored', async () => {
        const tagged = async (tags: string[]) => store.create('activity', activity(bob.id, { tags }), { by: 'a' });
        await tagged(['Facturación', 'Fibre outage']);
        await tagged(['facturacion']);
        await tagged(['FACTURACIÓN', 'Fax']);
        await tagged(['Fax', 'Delivery']);
        await tagged(['fidelity']);
        // "Fibre outage" twice (one in beforeEach), Fax twice, the three spellings of facturación three times.
        const suggestions = await store.tagSuggestions('F', 10);
        expect(suggestions.map((s) => s.count)).to.deep.equal([3, 2, 2, 1]);
        expect(suggestions.map((s) => s.tag).slice(1)).to.deep.equal(['Fax', 'Fibre outage', 'fidelity']);
        // One suggestion for the three spellings, shown in one of them.
        expect(['Facturación', 'facturacion', 'FACTURACIÓN']).to.include(suggestions[0]!.tag);
        expect((await store.tagSuggestions('factu')).map((s) => s.count)).to.deep.equal([3]);
        expect((await store.tagSuggestions('FACTURACIO')).map((s) => s.count)).to.deep.equal([3]);
        expect((await store.tagSuggestions('fi')).map((s) => s.tag)).to.deep.equal(['Fibre outage', 'fidelity']);
        expect(await store.tagSuggestions('f', 2)).to.have.length(2);
        expect(await store.tagSuggestions('zz')).to.deep.equal([]);
        expect(await store.tagSuggestions('  ')).to.deep.equal([]);
        // The most used spelling is shown: one more "Fax" written "FAX" does not change it, two more do.
        await tagged(['FAX']);
        expect((await store.tagSuggestions('fax')).map((s) => [s.tag, s.count])).to.deep.equal([['Fax', 3]]);
        await tagged(['FAX']);
        await tagged(['FAX']);
        expect((await store.tagSuggestions('fax')).map((s) => [s.tag, s.count])).to.deep.equal([['FAX', 5]]);
      });

      it('issue #18: a tag removed from an activity is no longer counted', async () => {
        const one = await store.create('activity', activity(bob.id, { tags: ['Roaming'] }), { by: 'a' });
        await store.create('activity', activity(ana.id, { tags: ['Roaming'] }), { by: 'a' });
        expect((await store.tagSuggestions('roam')).map((s) => [s.tag, s.count])).to.deep.equal([['Roaming', 2]]);
        await store.update('activity', one.id, one.rev, { ...one, tags: ['Refund'] }, { by: 'a' });
        expect((await store.tagSuggestions('r')).map((s) => [s.tag, s.count])).to.deep.equal([['Refund', 1], ['Roaming', 1]]);
      });

      it('lists the requests of a customer, most recently opened first', async () => {
        const requests = await store.requestsOf(bob.id);
        expect(requests.map((r) => r.title)).to.deep.equal(['Invoice twice', 'Invoice missing for March']);
        expect(await store.requestsOf(ana.id)).to.deep.equal([]);
      });

      it('finds the activity of an interaction', async () => {
        const found = await store.activityByInteraction('call-1');
        expect(found?.customerId).to.equal(ana.id);
        expect(found?.tags).to.deep.equal(['Fibre outage']);
        expect(await store.activityByInteraction('none')).to.equal(undefined);
      });
    });

    describe('journey', () => {
      it('pages a journey newest first and counts it', async () => {
        const cid = 'customer:paged';
        const rows = Array.from({ length: 25 }, (_, i) => seeded(cid, i, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()));
        await store.import([...rows, { ...rows[0]!, id: 'activity:other', customerId: 'customer:other' }]);
        const first = await store.activitiesOf(cid, { limit: 10 });
        expect(first.map((a) => a.notes)).to.deep.equal(['n24', 'n23', 'n22', 'n21', 'n20', 'n19', 'n18', 'n17', 'n16', 'n15']);
        const last = first.at(-1)!;
        const second = await store.activitiesOf(cid, { limit: 10, before: { at: last.at, id: last.id } });
        expect(second.map((a) => a.notes)).to.deep.equal(['n14', 'n13', 'n12', 'n11', 'n10', 'n9', 'n8', 'n7', 'n6', 'n5']);
        const end = second.at(-1)!;
        const third = await store.activitiesOf(cid, { limit: 10, before: { at: end.at, id: end.id } });
        expect(third.map((a) => a.notes)).to.deep.equal(['n4', 'n3', 'n2', 'n1', 'n0']);
        expect(await store.countActivities(cid)).to.equal(25);
        expect(await store.countActivities('customer:none')).to.equal(0);
        expect(await store.activitiesOf('customer:none')).to.deep.equal([]);
      });

      it('pages through activities at the same moment by id', async () => {
        const cid = 'customer:ties';
        const at = '2026-03-01T10:00:00.000Z';
        await store.import([
          ...Array.from({ length: 5 }, (_, i) => seeded(cid, i, at)),
          seeded(cid, 9, '2026-02-01T10:00:00.000Z'),
        ]);
        const seen: string[] = [];
        let before: { at: string; id: string } | undefined;
        for (;;) {
          const page = await store.activitiesOf(cid, { limit: 2, before });
          seen.push(...page.map((a) => a.notes));
          if (page.length < 2) break;
          before = { at: page.at(-1)!.at, id: page.at(-1)!.id };
        }
        expect(seen).to.deep.equal(['n4', 'n3', 'n2', 'n1', 'n0', 'n9']);
      });

      it('replaces an imported record with the same id', async () => {
        const cid = 'customer:imp';
        await store.import([seeded(cid, 1, '2026-01-01T00:00:00.000Z')]);
        await store.import([{ ...seeded(cid, 1, '2026-01-01T00:00:00.000Z'), notes: 'replaced' }]);
        const [only, ...rest] = await store.activitiesOf(cid);
        expect(only?.notes).to.equal('replaced');
        expect(rest).to.deep.equal([]);
        expect((await store.get('activity', 'activity:001'))?.updatedBy).to.equal('seed');
      });
    });
  });
}
