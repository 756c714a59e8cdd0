import { expect } from '@open-wc/testing';
import type { Channel } from '../../src/model/index.js';
import { DraftStore } from '../../src/session/drafts.js';
import { HISTORY_MONTHS, historyMonths, historyOf, historySince, zeroFilled, type CustomerHistory } from '../../src/session/history.js';
import { AgentSession } from '../../src/session/session.js';
import type { ContextStore, MonthCount } from '../../src/store/context-store.js';
import type { CouchDbStore } from '../../src/store/couchdb-store.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { couchStore, dropDatabase, freshDatabase } from '../helpers/couch.js';
import { activity, customer, freshStore } from '../helpers/data.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { MemoryStorage, until } from '../helpers/session.js';

const NOW = Date.parse('2026-11-22T10:00:00.000Z');

/** The count of `channel` in `month` of a history (0 if the month is not in it). */
function countOf(history: CustomerHistory | undefined, month: string, channel: Channel): number {
  return history?.months.find((m) => m.month === month)?.counts[channel] ?? -1;
}

function totals(history: CustomerHistory | undefined): number[] {
  return history?.months.map((m) => m.total) ?? [];
}

describe('history.ts: a customer\'s activities per month and channel (issue #19 item 5)', () => {
  describe('the months (UTC)', () => {
    it('twelve months ending with this month, oldest first', () => {
      expect(historyMonths(NOW)).to.deep.equal(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
      expect(historySince(NOW)).to.equal('2025-12-01T00:00:00.000Z');
    });

    it('across a year boundary, on the 31st and in the last millisecond of a month (no month skipped or doubled)', () => {
      expect(historyMonths('2026-01-05T00:00:00Z')).to.have.length(HISTORY_MONTHS);
      expect(historyMonths('2026-01-05T00:00:00Z')[0]).to.equal('2025-02');
      const onThe31st = historyMonths('2026-03-31T12:00:00Z');
      expect(onThe31st.at(-1)).to.equal('2026-03');
      expect(onThe31st).to.include('2026-02');
      expect(new Set(onThe31st).size).to.equal(HISTORY_MONTHS);
      // UTC: 23:59:59.999 on 30 April is still April, whatever the browser's zone.
      expect(historyMonths('2026-04-30T23:59:59.999Z').at(-1)).to.equal('2026-04');
      expect(historyMonths('2026-05-01T00:30:00+02:00').at(-1), '00:30 in UTC+2 is still April in UTC').to.equal('2026-04');
    });

    it('zeroFilled: every month and channel present, counts outside the twelve months dropped, totals summed', () => {
      const counts: MonthCount[] = [
        { month: '2024-11', channel: 'voice', count: 9 },
        { month: '2026-02', channel: 'chat', count: 2 },
        { month: '2026-11', channel: 'voice', count: 5 },
        { month: '2026-11', channel: 'note', count: 1 },
      ];
      const history = zeroFilled('customer:a', NOW, counts);
      expect(history.months).to.have.length(12);
      expect(history.months[0]).to.deep.equal({ month: '2025-12', counts: { voice: 0, chat: 0, email: 0, note: 0, other: 0 }, total: 0 });
      expect(countOf(history, '2026-11', 'voice')).to.equal(5);
      expect(history.months.at(-1)!.total).to.equal(6);
      expect(totals(history).reduce((a, b) => a + b, 0), 'the count from two years ago is not in it').to.equal(8);
    });
  });

  const stores: Array<{ name: string; open: () => Promise<{ store: ContextStore; second: () => Promise<ContextStore>; dispose: () => Promise<void> }> }> = [
    {
      name: 'IndexedDB',
      open: async () => {
        const store = freshStore();
        return { store, second: async () => new IndexedDbStore({ name: store.name }), dispose: () => store.destroy() };
      },
    },
    {
      name: 'CouchDB (test server)',
      open: async () => {
        const database = await freshDatabase();
        const store: CouchDbStore = await couchStore(database);
        const others: CouchDbStore[] = [];
        return {
          store,
          second: async () => {
            const other = await couchStore(database);
            others.push(other);
            return other;
          },
          dispose: async () => {
            store.close();
            for (const other of others) other.close();
            await dropDatabase(database);
          },
        };
      },
    },
  ];

  for (const backend of stores) {
    describe(`on ${backend.name}`, function () {
      this.timeout(30000);
      let store: ContextStore;
      let second: () => Promise<ContextStore>;
      let dispose: () => Promise<void>;

      beforeEach(async () => {
        ({ store, second, dispose } = await backend.open());
      });
      afterEach(async () => {
        await dispose();
      });

      it('counts by month and channel, zero-filled, without the other customers\' activities or the thirteenth month', async () => {
        const ana = await store.create('customer', customer({ name: 'Ana', phones: ['600'] }), { by: 'x' });
        const bea = await store.create('customer', customer({ name: 'Bea', phones: ['700'] }), { by: 'x' });
        const add = (customerId: string, at: string, channel: Channel) => store.create('activity', activity(customerId, { at, channel }), { by: 'x' });
        for (const at of ['2026-11-01T00:00:00.000Z', '2026-11-05T10:00:00.000Z', '2026-11-21T23:59:59.999Z']) await add(ana.id, at, 'voice');
        await add(ana.id, '2026-11-10T10:00:00.000Z', 'email');
        await add(ana.id, '2026-03-15T10:00:00.000Z', 'chat');
        await add(ana.id, '2025-12-01T00:00:00.000Z', 'note');
        await add(ana.id, '2025-11-30T23:59:59.999Z', 'voice'); // the month before the twelve
        await add(bea.id, '2026-11-05T10:00:00.000Z', 'voice');
        await add(bea.id, '2026-11-06T10:00:00.000Z', 'voice');

        const history = await historyOf(store, ana.id, NOW);
        expect(history.customerId).to.equal(ana.id);
        expect(history.months.map((m) => m.month)).to.deep.equal(historyMonths(NOW));
        expect(countOf(history, '2026-11', 'voice')).to.equal(3);
        expect(countOf(history, '2026-11', 'email')).to.equal(1);
        expect(countOf(history, '2026-03', 'chat')).to.equal(1);
        expect(countOf(history, '2025-12', 'note'), 'the first instant of the oldest month counts').to.equal(1);
        expect(totals(history)).to.deep.equal([1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 4]);

        const none = await historyOf(store, (await store.create('customer', customer({ name: 'Cid' }), { by: 'x' })).id, NOW);
        expect(totals(none)).to.deep.equal(new Array(12).fill(0));
      });

      it('the session reads the history of a customer it opens, and again when another agent writes an activity of theirs', async () => {
        const ana = await store.create('customer', customer({ name: 'Ana', phones: ['600'] }), { by: 'x' });
        await store.create('activity', activity(ana.id, { at: '2026-11-02T10:00:00.000Z', channel: 'voice' }), { by: 'x' });
        const session = new AgentSession(store, { agentId: 'alice', clock: new FakeClock(NOW), drafts: new DraftStore('alice', 'history', new MemoryStorage()) });
        try {
          await session.restore();
          await session.reopen(ana.id);
          await until(session, () => session.workspace(ana.id)?.history !== undefined);
          expect(countOf(session.workspace(ana.id)!.history, '2026-11', 'voice')).to.equal(1);

          const bob = await second();
          await bob.create('activity', activity(ana.id, { at: '2026-11-20T10:00:00.000Z', channel: 'voice' }), { by: 'bob' });
          await until(session, () => countOf(session.workspace(ana.id)?.history, '2026-11', 'voice') === 2);
          // A write for another customer does not change Ana's counts.
          const bea = await bob.create('customer', customer({ name: 'Bea' }), { by: 'bob' });
          await bob.create('activity', activity(bea.id, { at: '2026-11-20T11:00:00.000Z', channel: 'chat' }), { by: 'bob' });
          await session.historySettled();
          expect(session.workspace(ana.id)!.history!.months.at(-1)!.total).to.equal(2);
        } finally {
          session.dispose();
        }
      });
    });
  }

  describe('the session on IndexedDB: order of answers and moves', () => {
    /** A store whose `activityCounts` answers only when the test says, in any order. */
    class GatedStore extends IndexedDbStore {
      readonly gates: Array<{ release: () => void; since: string }> = [];
      gated = false;
      override async activityCounts(customerId: string, since: string): Promise<MonthCount[]> {
        const counts = await super.activityCounts(customerId, since);
        if (!this.gated) return counts;
        await new Promise<void>((resolve) => this.gates.push({ release: resolve, since }));
        return counts;
      }
    }
    let store: GatedStore;
    let session: AgentSession;
    beforeEach(async () => {
      store = new GatedStore({ name: `history-gated-${Date.now()}-${Math.random()}` });
      session = new AgentSession(store, { agentId: 'alice', clock: new FakeClock(NOW), drafts: new DraftStore('alice', 'history-gated', new MemoryStorage()) });
      await session.restore();
    });
    afterEach(async () => {
      session.dispose();
      await store.destroy();
    });

    it('a late answer never wins: the read begun before a new activity answers last and is dropped', async () => {
      const ana = await store.create('customer', customer({ name: 'Ana' }), { by: 'x' });
      store.gated = true;
      await session.reopen(ana.id);
      await waitFor(() => store.gates.length === 1);
      // Another activity is written while the first read is still out: a second read starts and sees it.
      await store.create('activity', activity(ana.id, { at: '2026-11-20T10:00:00.000Z', channel: 'chat' }), { by: 'bob' });
      await waitFor(() => store.gates.length === 2);
      store.gates[1]!.release();
      await until(session, () => session.workspace(ana.id)?.history !== undefined);
      expect(countOf(session.workspace(ana.id)!.history, '2026-11', 'chat')).to.equal(1);
      // The first read (which counted nothing) answers now: it must not replace the newer counts.
      store.gates[0]!.release();
      await session.historySettled();
      expect(countOf(session.workspace(ana.id)!.history, '2026-11', 'chat')).to.equal(1);
    });

    it('an activity moved away from the open customer leaves their counts (the move\'s `movedFrom`)', async () => {
      const ana = await store.create('customer', customer({ name: 'Ana' }), { by: 'x' });
      const bea = await store.create('customer', customer({ name: 'Bea' }), { by: 'x' });
      const call = await store.create('activity', activity(ana.id, { at: '2026-11-20T10:00:00.000Z' }), { by: 'x' });
      await session.reopen(ana.id);
      await until(session, () => session.workspace(ana.id)?.history?.months.at(-1)?.total === 1);
      await store.update('activity', call.id, call.rev, { ...activity(bea.id, { at: call.at }), movedFrom: ana.id }, { by: 'bob' });
      await until(session, () => session.workspace(ana.id)?.history?.months.at(-1)?.total === 0);
      expect(session.workspace(ana.id)!.history!.customerId).to.equal(ana.id);
    });

    it('a new month: the history moves on by one month when the session next changes', async () => {
      const clock = new FakeClock(Date.parse('2026-11-30T23:00:00.000Z'));
      session.dispose();
      session = new AgentSession(store, { agentId: 'alice', clock, drafts: new DraftStore('alice', 'history-month', new MemoryStorage()) });
      await session.restore();
      const ana = await store.create('customer', customer({ name: 'Ana' }), { by: 'x' });
      await session.reopen(ana.id);
      await until(session, () => session.workspace(ana.id)?.history !== undefined);
      expect(session.workspace(ana.id)!.history!.months.at(-1)!.month).to.equal('2026-11');
      clock.tick(2 * 60 * 60 * 1000);
      session.editCustomer(ana.id, { ...session.workspace(ana.id)!.customerDraft, address: 'x' });
      await until(session, () => session.workspace(ana.id)?.history?.months.at(-1)?.month === '2026-12');
      expect(session.workspace(ana.id)!.history!.months[0]!.month).to.equal('2026-01');
    });
  });
});

/** Polls `predicate` each frame (for a store's internal progress the session does not announce). */
async function waitFor(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !predicate(); i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  expect(predicate()).to.equal(true);
}
