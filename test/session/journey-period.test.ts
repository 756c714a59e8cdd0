import { expect } from '@open-wc/testing';
import type { Activity, AnyRecord, Request } from '../../src/model/index.js';
import { entryTime, type JourneyEntry } from '../../src/model/journey.js';
import { DraftStore } from '../../src/session/drafts.js';
import { JOURNEY_PAGE, journeyWith, periodStart, readJourney } from '../../src/session/journey.js';
import { AgentSession } from '../../src/session/session.js';
import type { ContextStore, PageOptions } from '../../src/store/context-store.js';
import type { CouchDbStore } from '../../src/store/couchdb-store.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { couchStore, dropDatabase, freshDatabase } from '../helpers/couch.js';
import { activity, customer, freshStore, request } from '../helpers/data.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { MemoryStorage } from '../helpers/session.js';

/**
 * Issue #19 item 4 in the session: the journey's time frame is read from the
 * store's index for that range (`activitiesOf`'s `since`), the work area keeps
 * it, paging stays inside it, writes outside it stay out, and the answer to an
 * earlier choice never replaces a later one. On IndexedDB and on the
 * CouchDB test server.
 */

const NOW = Date.parse('2026-11-22T10:00:00.000Z');
const DAY = 86_400_000;

describe('journey.ts: where a time frame starts (issue #19)', () => {
  it('the start of the day, in the agent’s time zone, 10 or 30 days or 6 or 12 months back; nothing for all', () => {
    expect(periodStart('all', NOW, 'UTC')).to.equal(undefined);
    expect(periodStart('10d', NOW, 'UTC')).to.equal('2026-11-12T00:00:00.000Z');
    expect(periodStart('30d', NOW, 'UTC')).to.equal('2026-10-23T00:00:00.000Z');
    expect(periodStart('6m', NOW, 'UTC')).to.equal('2026-05-22T00:00:00.000Z');
    expect(periodStart('12m', NOW, 'UTC')).to.equal('2025-11-22T00:00:00.000Z');
    // New York: 05:00 on the 22nd; 23 October is still summer time (UTC−4), 12 November is not (UTC−5).
    expect(periodStart('30d', NOW, 'America/New_York')).to.equal('2026-10-23T04:00:00.000Z');
    expect(periodStart('10d', NOW, 'America/New_York')).to.equal('2026-11-12T05:00:00.000Z');
    // Tokyo (UTC+9): 19:00 on the 22nd; the 12th starts at 15:00 UTC on the 11th.
    expect(periodStart('10d', NOW, 'Asia/Tokyo')).to.equal('2026-11-11T15:00:00.000Z');
    // Auckland (UTC+13): 23:00 on the 22nd local already; at 11:30 UTC it is the 23rd there.
    expect(periodStart('10d', Date.parse('2026-11-22T11:30:00.000Z'), 'Pacific/Auckland')).to.equal('2026-11-12T11:00:00.000Z');
  });

  it('months back from the 31st end on the month’s last day; across a year; an unknown zone is the browser’s', () => {
    expect(periodStart('6m', Date.parse('2026-08-31T12:00:00.000Z'), 'UTC')).to.equal('2026-02-28T00:00:00.000Z');
    expect(periodStart('12m', Date.parse('2028-02-29T12:00:00.000Z'), 'UTC')).to.equal('2027-02-28T00:00:00.000Z');
    expect(periodStart('6m', Date.parse('2026-03-15T12:00:00.000Z'), 'UTC')).to.equal('2025-09-15T00:00:00.000Z');
    const local = new Date(NOW - 10 * DAY);
    local.setHours(0, 0, 0, 0);
    expect(periodStart('10d', NOW, 'Not/AZone')).to.equal(local.toISOString());
  });

  it('journeyWith leaves a write older than the time frame out, and keeps one already shown up to date', () => {
    const shown = { ...record('activity:in', '2026-11-20T00:00:00.000Z') };
    const read = { journey: [shown] as JourneyEntry[], journeyHasMore: false, journeySince: '2026-11-12T00:00:00.000Z' };
    expect(journeyWith(read, record('activity:old', '2026-11-01T00:00:00.000Z'))).to.equal(read.journey);
    expect(journeyWith(read, record('activity:new', '2026-11-21T00:00:00.000Z')).map((e) => e.id)).to.deep.equal(['activity:new', 'activity:in']);
    const moved = { ...shown, at: '2026-11-01T00:00:00.000Z', rev: '2-b' };
    expect(journeyWith(read, moved)[0]).to.equal(moved);
  });
});

function record(id: string, at: string, customerId = 'customer:c'): Activity {
  return { ...activity(customerId, { at, subject: id }), type: 'activity', id, rev: '1-a', createdAt: at, updatedAt: at, updatedBy: 'seed' };
}

function requestRecord(id: string, createdAt: string, customerId: string): Request {
  return { ...request(customerId, { title: id, openedAt: createdAt }), type: 'request', id, rev: '1-r', createdAt, updatedAt: createdAt, updatedBy: 'seed' };
}

/** Holds back the answers of `activitiesOf` whose `since` is `held` (or with a `before` when `held` is 'paging') until `release()`. */
function gate(store: ContextStore, held: (page: PageOptions) => boolean): { store: ContextStore; release: () => void; waiting: () => number } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let waiting = 0;
  const gated = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key !== 'activitiesOf' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return async (customerId: string, page: PageOptions = {}) => {
        const answer = await (value as ContextStore['activitiesOf']).call(target, customerId, page);
        if (held(page)) {
          waiting++;
          await opened;
        }
        return answer;
      };
    },
  });
  return { store: gated, release: () => open(), waiting: () => waiting };
}

const backends: Array<{ name: string; open: () => Promise<{ store: ContextStore; dispose: () => Promise<void> }> }> = [
  {
    name: 'IndexedDB',
    open: async () => {
      const store: IndexedDbStore = freshStore();
      return { store, dispose: () => store.destroy() };
    },
  },
  {
    name: 'CouchDB (test server)',
    open: async () => {
      const database = await freshDatabase();
      const store: CouchDbStore = await couchStore(database, { requestTimeoutMs: 240_000 });
      return {
        store,
        dispose: async () => {
          store.close();
          await dropDatabase(database);
        },
      };
    },
  },
];

for (const backend of backends) {
  describe(`AgentSession: the journey by time frame, on ${backend.name} (issue #19 item 4)`, function () {
    this.timeout(60_000);
    let store: ContextStore;
    let dispose: () => Promise<void>;
    let sessions: AgentSession[];
    let customerId: string;
    /** 500 activities from 40 days ago back, one an hour; 60 in the last 30 days, one every 11 hours; two requests. */
    const recent: Activity[] = [];

    // One database for the suite (the CouchDB test server builds its view indexes slowly): the tests read it,
    // and the only one that writes comes last.
    before(async function () {
      this.timeout(300_000);
      ({ store, dispose } = await backend.open());
      const c = await store.create('customer', customer({ name: 'Long History' }), { by: 'seed' });
      customerId = c.id;
      const records: AnyRecord[] = [];
      recent.length = 0;
      for (let i = 0; i < 60; i++) recent.push(record(`activity:new-${String(i).padStart(3, '0')}`, new Date(NOW - 3_600_000 - i * 11 * 3_600_000).toISOString(), customerId));
      records.push(...recent);
      for (let i = 0; i < 500; i++) records.push(record(`activity:old-${String(i).padStart(3, '0')}`, new Date(NOW - 40 * DAY - i * 3_600_000).toISOString(), customerId));
      records.push(requestRecord('request:recent', new Date(NOW - 5 * DAY).toISOString(), customerId));
      records.push(requestRecord('request:old', new Date(NOW - 45 * DAY).toISOString(), customerId));
      await store.import(records);
      // Builds the indexes once, before any test's clock runs.
      await store.activitiesOf(customerId, { limit: 1, since: '2026-10-23T00:00:00.000Z' });
      await store.requestsOf(customerId);
    });

    after(async () => {
      await dispose();
    });

    beforeEach(() => {
      sessions = [];
    });

    afterEach(() => {
      for (const session of sessions) session.dispose();
    });

    function open(on: ContextStore = store, timeZone = 'UTC'): AgentSession {
      const session = new AgentSession(on, { agentId: 'ann', drafts: new DraftStore('ann', 'test', new MemoryStorage()), clock: new FakeClock(NOW) });
      sessions.push(session);
      session.receive({ type: 'host.context', agentId: 'ann', agentName: 'Ann', locale: 'en', timeZone });
      return session;
    }

    const since30 = '2026-10-23T00:00:00.000Z';
    const ids = (journey: readonly JourneyEntry[]) => journey.map((e) => e.id);

    it('readJourney with since: a full page of 50 inside the range although 500 older activities exist, then the last 10 and no more', async () => {
      const first = await readJourney(store, customerId, undefined, since30);
      const activities = first.journey.filter((e) => e.type === 'activity');
      expect(activities).to.have.length(JOURNEY_PAGE);
      expect(first.journeyHasMore).to.equal(true);
      expect(first.journeySince).to.equal(since30);
      expect(activities.every((e) => entryTime(e) >= since30)).to.equal(true);
      // The second page, with `before` inside the range: the 10 left, and the store says there is no more
      // (read after, a browser-side filter would get a full page of 50 and claim more to come).
      const second = await readJourney(store, customerId, first.journey, since30);
      const all = second.journey.filter((e) => e.type === 'activity');
      expect(ids(all)).to.deep.equal(ids(recent));
      expect(second.journeyHasMore).to.equal(false);
      expect(ids(second.journey.filter((e) => e.type === 'request'))).to.deep.equal(['request:recent']);
    });

    it('setJourneyPeriod: the work area keeps the period, reads the first page of that range, pages inside it; all brings everything back', async () => {
      const session = open();
      const ws = (await session.reopen(customerId))!;
      expect(ws.journey.filter((e) => e.type === 'activity')).to.have.length(JOURNEY_PAGE);
      await session.setJourneyPeriod(customerId, '30d');
      let now = session.workspace(customerId)!;
      expect(now.journeyPeriod).to.equal('30d');
      expect(now.journeySince).to.equal(since30);
      expect(now.journey.filter((e) => e.type === 'activity')).to.have.length(JOURNEY_PAGE);
      expect(now.journeyHasMore).to.equal(true);
      expect(ids(now.journey)).to.include('request:recent').and.not.include('request:old');

      // Editing the customer keeps the period (the work area is rebuilt around its records).
      session.editCustomer(customerId, { ...now.customerDraft, address: 'Calle Mayor 1' });
      expect(session.workspace(customerId)!.journeyPeriod).to.equal('30d');

      await session.loadMoreJourney(customerId);
      now = session.workspace(customerId)!;
      expect(ids(now.journey.filter((e) => e.type === 'activity'))).to.deep.equal(ids(recent));
      expect(now.journeyHasMore).to.equal(false);
      await session.loadMoreJourney(customerId);
      expect(session.workspace(customerId)!.journey).to.have.length(61);

      await session.setJourneyPeriod(customerId, 'all');
      now = session.workspace(customerId)!;
      expect(now.journeyPeriod ?? 'all').to.equal('all');
      expect(now.journeySince).to.equal(undefined);
      expect(now.journeyHasMore).to.equal(true);
      await session.loadMoreJourney(customerId);
      await session.loadMoreJourney(customerId);
      expect(session.workspace(customerId)!.journey.some((e) => e.id === 'activity:old-000')).to.equal(true);
    });

    it('the time frame starts at the start of the day in the agent’s time zone', async () => {
      const session = open(store, 'America/New_York');
      await session.reopen(customerId);
      await session.setJourneyPeriod(customerId, '30d');
      expect(session.workspace(customerId)!.journeySince).to.equal('2026-10-23T04:00:00.000Z');
    });

    it('a late answer of an earlier choice never wins: 12 months asked first, 10 days after, 12 months answers last', async () => {
      const since12 = '2025-11-22T00:00:00.000Z';
      const gated = gate(store, (page) => page.since === since12);
      const session = open(gated.store);
      await session.reopen(customerId);
      const first = session.setJourneyPeriod(customerId, '12m');
      const second = session.setJourneyPeriod(customerId, '10d');
      await second;
      const tenDays = session.workspace(customerId)!;
      expect(tenDays.journeyPeriod).to.equal('10d');
      expect(tenDays.journey.every((e) => entryTime(e) >= '2026-11-12T00:00:00.000Z')).to.equal(true);
      expect(gated.waiting()).to.equal(1);
      gated.release();
      await first;
      const after = session.workspace(customerId)!;
      expect(after.journeyPeriod).to.equal('10d');
      expect(after.journeySince).to.equal('2026-11-12T00:00:00.000Z');
      expect(ids(after.journey)).to.deep.equal(ids(tenDays.journey));
    });

    it('a page asked for before the agent chose a time frame, answered after, is dropped', async () => {
      const gated = gate(store, (page) => page.before !== undefined && page.since === undefined);
      const session = open(gated.store);
      await session.reopen(customerId);
      const more = session.loadMoreJourney(customerId);
      await session.setJourneyPeriod(customerId, '10d');
      const tenDays = ids(session.workspace(customerId)!.journey);
      gated.release();
      await more;
      expect(ids(session.workspace(customerId)!.journey)).to.deep.equal(tenDays);
      expect(session.workspace(customerId)!.journey.every((e) => entryTime(e) >= '2026-11-12T00:00:00.000Z')).to.equal(true);
    });

    it('writes reach the journey inside the time frame; an activity dated before it stays out', async () => {
      const session = open();
      await session.reopen(customerId);
      await session.setJourneyPeriod(customerId, '10d');
      const fresh = await store.create('activity', activity(customerId, { at: new Date(NOW - 60_000).toISOString(), subject: 'Just now' }), { by: 'bob' });
      const old = await store.create('activity', activity(customerId, { at: new Date(NOW - 20 * DAY).toISOString(), subject: 'Back-dated' }), { by: 'bob' });
      await waitFor(() => session.workspace(customerId)!.journey.some((e) => e.id === fresh.id));
      const journey = session.workspace(customerId)!.journey;
      expect(journey[0]!.id).to.equal(fresh.id);
      expect(ids(journey)).to.not.include(old.id);
    });
  });
}

/** Waits until `predicate` holds (the store's change events are asynchronous), failing after a while. */
async function waitFor(predicate: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}
