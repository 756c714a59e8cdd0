import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import type { Activity } from '../../src/model/index.js';
import type { MonthCount } from '../../src/store/context-store.js';
import { CouchDbStore } from '../../src/store/couchdb-store.js';
import { isPendingRev, Outbox } from '../../src/store/outbox.js';
import { withPending } from '../../src/store/outbox/pending.js';
import { couchInfo, couchStore, dropDatabase, freshDatabase, statusUntil } from '../helpers/couch.js';
import { activity, customer } from '../helpers/data.js';
import { FaultProxy } from '../helpers/hardening.js';

// Issue #19: what the outbox's waiting writes change in its answers. The history counts
// include the activities not delivered yet (a new one counted, a moved or re-dated one
// counted where it now is and no longer where it was); a customer a waiting write made a
// merged duplicate is not found by lookups or search. The writes are kept waiting the way
// a real desk does: made while the server is unreachable, by an agent who then hands the
// desk to another (`setAgent`: another agent's writes wait), with the server back for reads.

const BACKOFF = { initialMs: 10, maxMs: 80 };
const row = (month: string, channel: MonthCount['channel'], count: number): MonthCount => ({ month, channel, count });
const SINCE = '2025-01-01T00:00:00.000Z';

describe('Outbox: waiting writes in the history counts and lookups (issue #19)', function () {
  this.timeout(30000);
  let database: string;
  let proxy: FaultProxy;
  let direct: CouchDbStore;
  const boxes: Outbox[] = [];

  beforeEach(async () => {
    const { url } = await couchInfo();
    database = await freshDatabase();
    proxy = await FaultProxy.start(url);
    direct = await couchStore(database);
  });
  afterEach(async () => {
    const open = boxes.splice(0);
    for (const box of open) box.close();
    for (const name of new Set(open.map((box) => box.name))) await deleteDB(name);
    direct.close();
    await proxy.stop();
    await dropDatabase(database);
  });

  async function outbox(): Promise<Outbox> {
    const { headers } = await couchInfo();
    const backend = new CouchDbStore({ url: proxy.url, database, headers, requestTimeoutMs: 2000, changes: { live: false } });
    const box = new Outbox(backend, { name: `pending-${database}`, backoff: BACKOFF });
    boxes.push(box);
    await box.ready;
    return box;
  }

  /** Runs `writes` with the server down, then brings it back with agent-1's writes kept waiting (agent-2 at the desk). */
  async function waiting(box: Outbox, writes: () => Promise<void>): Promise<void> {
    await proxy.down();
    await writes();
    box.setAgent('agent-2');
    // A delivery turn has run since: none started before the hand-over can still deliver once the server is back.
    await statusUntil(box, (status) => (status.waitingForOthers ?? 0) > 0);
    await proxy.up();
    expect((await box.pending()).length).to.be.greaterThan(0);
  }

  it('counts a waiting new activity, and a waiting move where the activity goes, not where it was', async () => {
    await direct.import([
      { ...activity('customer:a', { at: '2026-01-05T10:00:00.000Z' }), type: 'activity', id: 'activity:a1', rev: '1-a', createdAt: SINCE, updatedAt: SINCE, updatedBy: 'seed' },
    ]);
    const box = await outbox();
    const [a1] = await box.activitiesOf('customer:a');
    await waiting(box, async () => {
      const made = await box.create('activity', activity('customer:a', { at: '2026-02-03T10:00:00.000Z', channel: 'chat' }), { by: 'agent-1' });
      expect(isPendingRev(made.rev)).to.equal(true);
      await box.update('activity', a1!.id, a1!.rev, { ...a1!, customerId: 'customer:b', movedFrom: 'customer:a', channel: 'email' }, { by: 'agent-1' });
    });
    // The server still has a1 on customer:a and no February activity.
    expect(await direct.activityCounts('customer:a', SINCE)).to.deep.equal([row('2026-01', 'voice', 1)]);
    expect(await box.activityCounts('customer:a', SINCE)).to.deep.equal([row('2026-02', 'chat', 1)]);
    expect(await box.activityCounts('customer:b', SINCE)).to.deep.equal([row('2026-01', 'email', 1)]);
    // From a later month on: the waiting writes before it are not counted either.
    expect(await box.activityCounts('customer:a', '2026-03-01T00:00:00.000Z')).to.deep.equal([]);

    // Delivered: the server's own counts say the same.
    box.setAgent('agent-1');
    await statusUntil(box, (status) => status.state === 'online' && status.pending === 0 && !status.waitingForOthers);
    expect(await box.unsent()).to.equal(0);
    expect(await direct.activityCounts('customer:a', SINCE)).to.deep.equal([row('2026-02', 'chat', 1)]);
    expect(await box.activityCounts('customer:a', SINCE)).to.deep.equal([row('2026-02', 'chat', 1)]);
    expect(await box.activityCounts('customer:b', SINCE)).to.deep.equal([row('2026-01', 'email', 1)]);
  });

  it('a waiting update whose base the outbox never saw: the version the server holds is read, not counted twice', async () => {
    const made = await direct.create('activity', activity('customer:a', { at: '2026-01-05T10:00:00.000Z' }), { by: 'agent-1' });
    const box = await outbox();
    // Based on a rev this outbox never read (another tab read it): no base data kept with the write.
    await waiting(box, async () => {
      await box.update('activity', made.id, made.rev, { ...made, at: '2026-03-05T10:00:00.000Z' }, { by: 'agent-1' });
    });
    const [queued] = await box.pending();
    expect(queued?.op).to.equal('update');
    expect(await box.activityCounts('customer:a', SINCE)).to.deep.equal([row('2026-03', 'voice', 1)]);
  });

  it('a customer a waiting write made a merged duplicate is not found by lookups or search; undone, it is again', async () => {
    const zoe = await direct.create('customer', customer({ name: 'Zoe', lastName: 'Quinn', emails: ['zoe@q.io'] }), { by: 'agent-1' });
    const box = await outbox();
    const [read] = await box.findByContact({ email: 'zoe@q.io' });
    expect(read?.id).to.equal(zoe.id);
    let dead = read!;
    await waiting(box, async () => {
      dead = await box.update('customer', zoe.id, zoe.rev, { ...zoe, mergedInto: 'customer:survivor' }, { by: 'agent-1' });
    });
    // The server still finds it; the outbox, which knows better, does not.
    expect((await direct.findByContact({ email: 'zoe@q.io' })).map((c) => c.id)).to.deep.equal([zoe.id]);
    expect(await box.findByContact({ email: 'zoe@q.io' })).to.deep.equal([]);
    expect(await box.search('quinn')).to.deep.equal([]);
    expect((await box.get('customer', zoe.id))?.mergedInto).to.equal('customer:survivor');

    // Undone before delivery (the same agent, still waiting): found again.
    box.setAgent(undefined);
    await proxy.down();
    const live = { ...dead };
    delete live.mergedInto;
    await box.update('customer', zoe.id, dead.rev, live, { by: 'agent-1' });
    box.setAgent('agent-2');
    await statusUntil(box, (status) => (status.waitingForOthers ?? 0) > 1);
    await proxy.up();
    expect((await box.findByContact({ email: 'zoe@q.io' })).map((c) => c.id)).to.deep.equal([zoe.id]);
    expect((await box.search('quinn')).map((hit) => hit.customer.id)).to.deep.equal([zoe.id]);
  });
});

describe('withPending (issue #19): the backend counts with waiting activity writes applied', () => {
  const at = (month: string): Pick<Activity, 'customerId' | 'at' | 'channel'> => ({ customerId: 'c', at: `${month}-10T00:00:00.000Z`, channel: 'voice' });
  const latest = (month: string, customerId = 'c', channel: Activity['channel'] = 'voice') =>
    ({ ...activity(customerId, { at: `${month}-10T00:00:00.000Z`, channel }), type: 'activity', id: 'activity:x', rev: 'pending:1', createdAt: SINCE, updatedAt: SINCE, updatedBy: 'a' }) as Activity;

  it('takes a row to zero out of the answer, adds new rows in month then channel order, ignores other customers and months before since', () => {
    const counts = [row('2026-01', 'voice', 1), row('2026-03', 'voice', 2)];
    expect(withPending(counts, 'c', '2026-01-01T00:00:00.000Z', [{ id: 'activity:x', delivered: at('2026-01'), latest: latest('2026-02', 'c', 'email') }])).to.deep.equal([
      row('2026-02', 'email', 1),
      row('2026-03', 'voice', 2),
    ]);
    expect(withPending(counts, 'c', '2026-02-01T00:00:00.000Z', [{ id: 'activity:x', delivered: null, latest: latest('2026-01') }])).to.deep.equal(counts);
    expect(withPending(counts, 'c', SINCE, [{ id: 'activity:x', delivered: null, latest: latest('2026-03', 'other') }])).to.deep.equal(counts);
    expect(withPending(counts, 'c', SINCE, [{ id: 'activity:x', delivered: null, latest: latest('2026-03', 'c', 'chat') }])).to.deep.equal([
      row('2026-01', 'voice', 1),
      row('2026-03', 'chat', 1),
      row('2026-03', 'voice', 2),
    ]);
  });
});
