import { expect } from '@open-wc/testing';
import type { Activity, Customer } from '../../src/model/index.js';
import type { ContextStore, MonthCount } from '../../src/store/context-store.js';
import { activity, customer, request } from '../helpers/data.js';
import type { ContractHandle } from './contract.js';

/** An activity record as imported, `activity:<id>` of customer `cid` at `at`. */
function seeded(cid: string, id: string, at: string, channel: Activity['channel'] = 'voice'): Activity {
  return {
    ...activity(cid, { at, channel, notes: id }),
    type: 'activity',
    id: `activity:${id}`,
    rev: '1-a',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'seed',
  };
}

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString();

/** Every page of a customer's activities from `since` on, `limit` at a time: the notes, newest first. */
async function allPages(store: ContextStore, cid: string, since: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let before: { at: string; id: string } | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const page = await store.activitiesOf(cid, { limit, before, since });
    seen.push(...page.map((a) => a.notes));
    if (page.length < limit) return seen;
    before = { at: page.at(-1)!.at, id: page.at(-1)!.id };
  }
  throw new Error('paging did not end');
}

const row = (month: string, channel: MonthCount['channel'], count: number): MonthCount => ({ month, channel, count });

/**
 * Issue #19's part of the `ContextStore` contract: journeys read from a time
 * (`since`), activities counted per month and channel, merged duplicates
 * (tombstones) never found by lookups or search, the family name searched,
 * an activity moved to another customer by `update`. Runs against every store.
 */
export function storeContract19(name: string, open: () => Promise<ContractHandle>): void {
  describe(`ContextStore contract, issue #19: ${name}`, () => {
    let h: ContractHandle;
    let store: ContextStore;
    beforeEach(async () => {
      h = await open();
      store = h.store;
    });
    afterEach(async () => {
      await h.dispose();
    });

    describe('a journey from a time (since)', () => {
      const cid = 'customer:since';
      beforeEach(async () => {
        // n0 … n19 one day apart; another customer's activity on every day.
        await store.import([
          ...Array.from({ length: 20 }, (_, i) => seeded(cid, `n${i}`, day(i))),
          ...Array.from({ length: 20 }, (_, i) => seeded('customer:other', `o${i}`, day(i))),
        ]);
      });

      it('reads only activities at or after since, newest first, an activity exactly at since included', async () => {
        const page = await store.activitiesOf(cid, { since: day(15) });
        expect(page.map((a) => a.notes)).to.deep.equal(['n19', 'n18', 'n17', 'n16', 'n15']);
        // One millisecond later: n15 is out.
        const later = new Date(Date.parse(day(15)) + 1).toISOString();
        expect((await store.activitiesOf(cid, { since: later })).map((a) => a.notes)).to.deep.equal(['n19', 'n18', 'n17', 'n16']);
        // The same instant written with an offset bounds the same.
        expect((await store.activitiesOf(cid, { since: '2026-01-16T01:00:00+01:00' })).map((a) => a.notes)).to.deep.equal(['n19', 'n18', 'n17', 'n16', 'n15']);
      });

      it('pages with before and since together, the last page ending at since', async () => {
        expect(await allPages(store, cid, day(7), 5)).to.deep.equal(['n19', 'n18', 'n17', 'n16', 'n15', 'n14', 'n13', 'n12', 'n11', 'n10', 'n9', 'n8', 'n7']);
        // A page boundary exactly on since: the next page is empty, not older rows.
        expect(await allPages(store, cid, day(10), 5)).to.deep.equal(['n19', 'n18', 'n17', 'n16', 'n15', 'n14', 'n13', 'n12', 'n11', 'n10']);
        const page = await store.activitiesOf(cid, { limit: 3, since: day(2), before: { at: day(5), id: 'activity:n5' } });
        expect(page.map((a) => a.notes)).to.deep.equal(['n4', 'n3', 'n2']);
      });

      it('an empty range reads nothing: since after the newest, since after before, an unknown customer', async () => {
        expect(await store.activitiesOf(cid, { since: day(25) })).to.deep.equal([]);
        expect(await store.activitiesOf(cid, { since: day(8), before: { at: day(5), id: 'activity:n5' } })).to.deep.equal([]);
        expect(await store.activitiesOf(cid, { since: day(5), before: { at: day(5), id: 'activity:n5' } })).to.deep.equal([]);
        expect(await store.activitiesOf('customer:none', { since: day(0) })).to.deep.equal([]);
        // Without since: the whole journey, as before.
        expect((await store.activitiesOf(cid, { limit: 100 })).length).to.equal(20);
      });
    });

    describe('activities counted per month and channel', () => {
      const cid = 'customer:counted';
      beforeEach(async () => {
        await store.import([
          seeded(cid, 'dec', '2025-12-31T23:59:59.999Z'),
          seeded(cid, 'j1', '2026-01-01T00:00:00.000Z'),
          seeded(cid, 'j2', '2026-01-20T10:00:00.000Z'),
          seeded(cid, 'j3', '2026-01-31T23:00:00.000Z', 'chat'),
          // No activity in February.
          seeded(cid, 'm1', '2026-03-05T10:00:00.000Z', 'email'),
          seeded(cid, 'm2', '2026-03-06T10:00:00.000Z', 'note'),
          seeded('customer:else', 'e1', '2026-01-10T10:00:00.000Z'),
          seeded('customer:else', 'e2', '2026-03-10T10:00:00.000Z', 'email'),
        ]);
      });

      it('counts from the month of since on, oldest month first, months and channels without activities left out, other customers not counted', async () => {
        // since in the middle of January: the whole of January counts, December does not.
        expect(await store.activityCounts(cid, '2026-01-20T12:00:00.000Z')).to.deep.equal([
          row('2026-01', 'chat', 1),
          row('2026-01', 'voice', 2),
          row('2026-03', 'email', 1),
          row('2026-03', 'note', 1),
        ]);
        expect(await store.activityCounts(cid, '2025-01-01T00:00:00.000Z')).to.deep.equal([
          row('2025-12', 'voice', 1),
          row('2026-01', 'chat', 1),
          row('2026-01', 'voice', 2),
          row('2026-03', 'email', 1),
          row('2026-03', 'note', 1),
        ]);
        // The month is UTC's: 2026-02-01T00:30+01:00 is still January.
        expect((await store.activityCounts(cid, '2026-02-01T00:30:00+01:00'))[0]).to.deep.equal(row('2026-01', 'chat', 1));
        expect(await store.activityCounts(cid, '2026-02-01T00:00:00.000Z')).to.deep.equal([row('2026-03', 'email', 1), row('2026-03', 'note', 1)]);
        expect(await store.activityCounts(cid, '2026-04-01T00:00:00.000Z')).to.deep.equal([]);
        expect(await store.activityCounts('customer:none', '2000-01-01T00:00:00.000Z')).to.deep.equal([]);
      });

      it('follow an update that changes an activity’s time, channel or customer (a moved activity counts for its new customer)', async () => {
        const since = '2025-01-01T00:00:00.000Z';
        const j2 = (await store.get('activity', 'activity:j2'))!;
        const later = await store.update('activity', j2.id, j2.rev, { ...j2, at: '2026-02-14T10:00:00.000Z', channel: 'chat' }, { by: 'a' });
        expect(await store.activityCounts(cid, since)).to.deep.equal([
          row('2025-12', 'voice', 1),
          row('2026-01', 'chat', 1),
          row('2026-01', 'voice', 1),
          row('2026-02', 'chat', 1),
          row('2026-03', 'email', 1),
          row('2026-03', 'note', 1),
        ]);
        await store.update('activity', j2.id, later.rev, { ...later, customerId: 'customer:else', movedFrom: cid }, { by: 'a' });
        const mine = await store.activityCounts(cid, since);
        expect(mine.find((r) => r.month === '2026-02')).to.equal(undefined);
        expect(mine.reduce((sum, r) => sum + r.count, 0)).to.equal(5);
        expect(await store.activityCounts('customer:else', since)).to.deep.equal([
          row('2026-01', 'voice', 1),
          row('2026-02', 'chat', 1),
          row('2026-03', 'email', 1),
        ]);
        // A second client reads the same counts.
        const other = await h.second();
        expect(await other.activityCounts('customer:else', since)).to.deep.equal(await store.activityCounts('customer:else', since));
      });

      it('a new activity is counted at once', async () => {
        await store.create('activity', activity(cid, { at: '2026-02-02T10:00:00.000Z', channel: 'voice' }), { by: 'a' });
        expect(await store.activityCounts(cid, '2026-02-01T00:00:00.000Z')).to.deep.equal([
          row('2026-02', 'voice', 1),
          row('2026-03', 'email', 1),
          row('2026-03', 'note', 1),
        ]);
      });
    });

    describe('merged duplicates (tombstones)', () => {
      let duplicate: Customer;
      let survivor: Customer;
      beforeEach(async () => {
        duplicate = await store.create('customer', customer({ name: 'Zoe', lastName: 'Quinn', phones: ['+34 611 222 333'], emails: ['zoe@q.io'], chatIds: ['zq'] }), { by: 'a' });
        survivor = await store.create('customer', customer({ name: 'Zoe', lastName: 'Quintana', phones: ['+34 699 888 777'], emails: ['zoe@quintana.es'] }), { by: 'a' });
        await store.create('request', request(duplicate.id, { title: 'Wifi drops at night' }), { by: 'a' });
        await store.create('request', request(survivor.id, { title: 'Wifi drops sometimes' }), { by: 'a' });
        await store.create('activity', activity(duplicate.id, { tags: ['roaming'] }), { by: 'a' });
      });

      async function tombstone(): Promise<Customer> {
        return store.update('customer', duplicate.id, duplicate.rev, { ...duplicate, mergedInto: survivor.id }, { by: 'a' });
      }

      it('findByContact never returns one; get does (the session follows mergedInto)', async () => {
        expect((await store.findByContact({ phone: '611 222 333' })).map((c) => c.id)).to.deep.equal([duplicate.id]);
        const dead = await tombstone();
        expect(await store.findByContact({ phone: '+34 611 222 333' })).to.deep.equal([]);
        expect(await store.findByContact({ phone: '611 222 333' })).to.deep.equal([]);
        expect(await store.findByContact({ email: 'ZOE@q.io' })).to.deep.equal([]);
        expect(await store.findByContact({ chatId: 'zq' })).to.deep.equal([]);
        expect((await store.findByContact({ phone: '+34 611 222 333', email: 'zoe@quintana.es' })).map((c) => c.id)).to.deep.equal([survivor.id]);
        const read = await store.get('customer', duplicate.id);
        expect(read?.mergedInto).to.equal(survivor.id);
        expect(read?.rev).to.equal(dead.rev);
        expect((await (await h.second()).get('customer', duplicate.id))?.mergedInto).to.equal(survivor.id);
      });

      it('search never returns one, by name, phone, email, its request titles or tags; the next hit takes its place', async () => {
        expect((await store.search('zoe')).map((hit) => hit.customer.id).sort()).to.deep.equal([duplicate.id, survivor.id].sort());
        await tombstone();
        for (const query of ['zoe', 'quinn', '611 222', '2333', 'zoe@q', 'roaming']) {
          const ids = (await store.search(query)).map((hit) => hit.customer.id);
          expect(ids, query).not.to.include(duplicate.id);
        }
        expect((await store.search('zoe')).map((hit) => hit.customer.id)).to.deep.equal([survivor.id]);
        // Its request still names it (a merge not finished): the live customer's request fills the only place.
        expect((await store.search('wifi', 1)).map((hit) => [hit.customer.id, hit.matched])).to.deep.equal([[survivor.id, 'request']]);
        expect(await store.search('roaming')).to.deep.equal([]);
      });

      it('undone (mergedInto removed), it is found again', async () => {
        const dead = await tombstone();
        const live: Customer = { ...dead };
        delete live.mergedInto;
        await store.update('customer', duplicate.id, dead.rev, live, { by: 'a' });
        expect((await store.findByContact({ chatId: 'ZQ' })).map((c) => c.id)).to.deep.equal([duplicate.id]);
        expect((await store.search('quinn')).map((hit) => hit.customer.id)).to.deep.equal([duplicate.id]);
      });
    });

    describe('the family name (lastName)', () => {
      it('search matches the words of lastName, and the whole name across both', async () => {
        const pilar = await store.create('customer', customer({ name: 'Pilar', lastName: 'Pérez Gil' }), { by: 'a' });
        const old = await store.create('customer', customer({ name: 'Pilar Ortega' }), { by: 'a' });
        for (const query of ['perez', 'GIL', 'pérez g', 'pilar perez', 'pilar pérez gil']) {
          const hits = await store.search(query);
          expect(hits.map((hit) => hit.customer.id), query).to.deep.equal([pilar.id]);
          expect(hits[0]!.matched).to.equal('name');
          expect(hits[0]!.customer.lastName).to.equal('Pérez Gil');
        }
        expect((await store.search('pilar')).map((hit) => hit.customer.id).sort()).to.deep.equal([pilar.id, old.id].sort());
        expect((await store.search('ortega')).map((hit) => hit.customer.id)).to.deep.equal([old.id]);
        // A changed last name is searched by its new words only.
        const changed = await store.update('customer', pilar.id, pilar.rev, { ...pilar, lastName: 'Ruiz' }, { by: 'a' });
        expect(await store.search('gil')).to.deep.equal([]);
        expect((await store.search('ruiz')).map((hit) => hit.customer.id)).to.deep.equal([changed.id]);
      });
    });

    describe('moving an activity by update', () => {
      it('a customerId change moves it from one journey to the other, for both clients, and the counts follow', async () => {
        const from = 'customer:from';
        const to = 'customer:to';
        await store.import([seeded(from, 'a1', day(1)), seeded(from, 'a2', day(2)), seeded(to, 'b1', day(3))]);
        const a2 = (await store.get('activity', 'activity:a2'))!;
        const moved = await store.update('activity', a2.id, a2.rev, { ...a2, customerId: to, movedFrom: from }, { by: 'agent-1' });
        expect(moved.customerId).to.equal(to);
        expect(moved.movedFrom).to.equal(from);
        const other = await h.second();
        for (const client of [store, other]) {
          expect((await client.activitiesOf(from)).map((a) => a.notes)).to.deep.equal(['a1']);
          expect((await client.activitiesOf(to)).map((a) => a.notes)).to.deep.equal(['b1', 'a2']);
          expect((await client.activitiesOf(to, { since: day(2) })).map((a) => a.notes)).to.deep.equal(['b1', 'a2']);
          expect(await client.countActivities(from)).to.equal(1);
          expect(await client.countActivities(to)).to.equal(2);
          expect(await client.activityCounts(to, day(0))).to.deep.equal([row('2026-01', 'voice', 2)]);
        }
        // Moved back: movedFrom names the customer it left last; absent means the same as never moved.
        const back = await store.update('activity', a2.id, moved.rev, { ...moved, customerId: from, movedFrom: to }, { by: 'agent-1' });
        expect((await store.activitiesOf(from)).map((a) => a.notes)).to.deep.equal(['a2', 'a1']);
        const plain: Activity = { ...back };
        delete plain.movedFrom;
        const cleared = await store.update('activity', a2.id, back.rev, plain, { by: 'agent-1' });
        expect('movedFrom' in cleared).to.equal(false);
        expect((await store.get('activity', a2.id))?.movedFrom).to.equal(undefined);
      });
    });
  });
}
