import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import type { Activity, Customer } from '../../src/model/index.js';
import { ConflictError, StorageError } from '../../src/store/context-store.js';
import type { CouchDbStore } from '../../src/store/couchdb-store.js';
import { isPendingRev, Outbox, type OutboxReport } from '../../src/store/outbox.js';
import { couchInfo, couchJson, couchStore, dropDatabase, freshDatabase, mutePlug, setPlug, statusUntil } from '../helpers/couch.js';
import { activity, customer } from '../helpers/data.js';
import { nextChange, rejection } from './contract.js';

// Fault tests: the plug in front of the server is pulled and put back
// (connections cut, new ones refused), all in this one file so no other test
// shares the plug. Backoff is short; every wait is on an event.

const BACKOFF = { initialMs: 10, maxMs: 80 };


const generation = (rev: string) => Number.parseInt(rev, 10);

describe('CouchDB faults: outbox and change feed', () => {
  let database: string;
  const cleanup: Array<() => unknown> = [];
  const boxes: Outbox[] = [];

  before(async function () {
    if (!(await couchInfo()).plugUrl) this.skip();
  });
  beforeEach(async () => {
    database = await freshDatabase();
  });
  afterEach(async () => {
    await setPlug(true);
    for (const step of cleanup.splice(0).reverse()) await step();
    // Close every outbox (tabs sharing one) before deleting their queues.
    const open = boxes.splice(0);
    for (const box of open) box.close();
    for (const name of new Set(open.map((box) => box.name))) await deleteDB(name);
    await dropDatabase(database);
  });

  async function direct(): Promise<CouchDbStore> {
    const store = await couchStore(database);
    cleanup.push(() => store.close());
    return store;
  }
  async function outbox(name = `outbox-${database}`, options: { requestTimeoutMs?: number } = {}): Promise<Outbox> {
    const backend = await couchStore(database, { via: 'plug', ...options });
    const box = new Outbox(backend, { name, backoff: BACKOFF });
    boxes.push(box);
    await box.ready;
    return box;
  }
  /** Ids in the order the server took their last write (`_changes` order). */
  async function serverOrder(): Promise<string[]> {
    const { body } = await couchJson('GET', `/${database}/_changes?since=0`);
    return (body as { results: Array<{ id: string }> }).results.map((r) => r.id).filter((id) => !id.startsWith('_design/'));
  }

  it('the change feed picks up again after the plug is put back', async () => {
    const watcher = await couchStore(database, { via: 'plug' });
    cleanup.push(() => watcher.close());
    const other = await direct();
    const first = nextChange(watcher, 'remote');
    const a = await other.create('customer', customer({ name: 'Before' }), { by: 'b' });
    expect((await first).id).to.equal(a.id);
    await setPlug(false);
    const b = await other.create('customer', customer({ name: 'While unplugged' }), { by: 'b' });
    const heard = nextChange(watcher, 'remote', b.id);
    await setPlug(true);
    expect((await heard).record).to.deep.equal(b);
  });

  it('pulling the plug mid-run loses nothing: every accepted write reaches the server, in order, once', async () => {
    const box = await outbox();
    const statuses: string[] = [];
    box.onStatus((s) => statuses.push(`${s.state}:${s.pending}`));
    const created = await box.create('customer', customer({ name: 'Counted' }), { by: 'agent-1' });
    let current: Customer = created;
    const written: string[] = [];
    for (let i = 0; i < 10; i++) {
      if (i === 4) await setPlug(false);
      const at = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
      const a = await box.create('activity', activity(created.id, { notes: `n${i}`, at }), { by: 'agent-1' });
      written.push(a.id);
      current = await box.update('customer', created.id, current.rev, { ...current, fields: { count: String(i) } }, { by: 'agent-1' });
      expect(isPendingRev(a.rev)).to.equal(i >= 4);
      expect(isPendingRev(current.rev)).to.equal(i >= 4);
    }
    expect(box.status).to.deep.equal({ state: 'offline', pending: 12 });
    expect((await box.get('customer', created.id))?.fields).to.deep.equal({ count: '9' });

    await setPlug(true);
    await statusUntil(box, (s) => s.state === 'online');

    expect(await serverOrder()).to.deep.equal([...written, created.id]);
    const check = await direct();
    const onServer = (await check.get('customer', created.id))!;
    expect(onServer.fields).to.deep.equal({ count: '9' });
    expect(generation(onServer.rev)).to.equal(11);
    const journey = await check.activitiesOf(created.id, { limit: 50 });
    expect(journey.map((a) => a.notes)).to.deep.equal(['n9', 'n8', 'n7', 'n6', 'n5', 'n4', 'n3', 'n2', 'n1', 'n0']);
    expect(journey.every((a) => generation(a.rev) === 1)).to.equal(true);
    expect(await box.reports()).to.deep.equal([]);
    expect(statuses[0]).to.equal('offline:1');
    expect(statuses).to.include('offline:12');
    expect(statuses.some((s) => s.startsWith('delivering:'))).to.equal(true);
    expect(statuses.at(-1)).to.equal('online:0');
  });

  it('a write whose answer was lost is delivered once, not twice', async () => {
    const box = await outbox(undefined, { requestTimeoutMs: 300 });
    const owner = await box.create('customer', customer(), { by: 'agent-1' });
    await mutePlug();
    const a = await box.create('activity', activity(owner.id, { notes: 'once' }), { by: 'agent-1' });
    expect(isPendingRev(a.rev)).to.equal(true);
    await setPlug(true);
    await statusUntil(box, (s) => s.state === 'online');
    const check = await direct();
    const stored = (await check.get('activity', a.id))!;
    expect(stored.notes).to.equal('once');
    expect(generation(stored.rev)).to.equal(1);
    expect(await box.reports()).to.deep.equal([]);
  });

  it('a queued write that meets a newer revision becomes a conflict report and loses neither side', async () => {
    const box = await outbox();
    const other = await direct();
    const base = await box.create('customer', customer({ name: 'Base', address: 'Old street' }), { by: 'agent-1' });
    await setPlug(false);
    const mine = await box.update('customer', base.id, base.rev, { ...base, name: 'Mine', address: 'My street' }, { by: 'agent-1' });
    expect(isPendingRev(mine.rev)).to.equal(true);
    const theirs = await other.update('customer', base.id, base.rev, { ...base, name: 'Theirs' }, { by: 'agent-2' });

    const reported = new Promise<OutboxReport>((resolve) => box.onReport(resolve));
    await setPlug(true);
    const report = await reported;
    expect(report.reason).to.equal('conflict');
    expect(report.error).to.be.instanceOf(ConflictError);
    expect((report.theirs as Customer).name).to.equal('Theirs');
    expect(report.theirs?.rev).to.equal(theirs.rev);
    expect(report.mine).to.deep.include({ name: 'Mine', address: 'My street' });
    expect(report.provisional.rev).to.equal(mine.rev);
    expect(report.baseRev).to.equal(base.rev);
    await statusUntil(box, (s) => s.state === 'online');

    // Theirs is kept on the server, mine in the outbox (across reloads) until dismissed.
    expect((await other.get('customer', base.id))?.rev).to.equal(theirs.rev);
    const kept = await box.reports();
    expect(kept.map((r) => [r.reason, (r.mine as { name: string }).name])).to.deep.equal([['conflict', 'Mine']]);
    // A save still based on the provisional record is refused with theirs, as any stale save.
    const stale = await rejection(box.update('customer', base.id, mine.rev, { ...mine, name: 'Mine again' }, { by: 'agent-1' }));
    expect(((stale as ConflictError).current as Customer).name).to.equal('Theirs');
    await box.dismissReport(kept[0]!.key);
    expect(await box.reports()).to.deep.equal([]);
  });

  it('a reload while offline keeps the queue, and the new instance delivers it', async () => {
    await setPlug(false);
    const name = `outbox-reload-${database}`;
    const first = await outbox(name);
    const a = await first.create('customer', customer({ name: 'Offline 1' }), { by: 'agent-1' });
    const b = await first.update('customer', a.id, a.rev, { ...a, name: 'Offline 2' }, { by: 'agent-1' });
    const d = await first.create('activity', activity(a.id, { notes: 'offline note' }), { by: 'agent-1' });
    expect(first.status).to.deep.equal({ state: 'offline', pending: 3 });
    first.close();

    const second = await outbox(name);
    expect((await second.pending()).map((p) => [p.op, p.id])).to.deep.equal([['create', a.id], ['update', a.id], ['create', d.id]]);
    expect(await second.get('customer', a.id)).to.deep.equal(b);
    await statusUntil(second, (s) => s.state === 'offline' && s.pending === 3);
    const read = await rejection(second.search('offline'));
    expect(read).to.be.instanceOf(StorageError);
    expect((read as StorageError).reason).to.equal('unavailable');

    await setPlug(true);
    await statusUntil(second, (s) => s.state === 'online');
    const check = await direct();
    const onServer = (await check.get('customer', a.id))!;
    expect([onServer.name, generation(onServer.rev)]).to.deep.equal(['Offline 2', 2]);
    expect(((await check.get('activity', d.id)) as Activity).notes).to.equal('offline note');
    expect(await serverOrder()).to.deep.equal([a.id, d.id]);

    // A save based on the provisional record after delivery goes on from the real rev.
    const next = await second.update('customer', a.id, b.rev, { ...b, name: 'Online' }, { by: 'agent-1' });
    expect(isPendingRev(next.rev)).to.equal(false);
    expect(generation(next.rev)).to.equal(3);
    expect(await second.reports()).to.deep.equal([]);
  });

  it('two tabs on one outbox deliver each waiting write once', async () => {
    await setPlug(false);
    const name = `outbox-tabs-${database}`;
    const tab1 = await outbox(name);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await tab1.create('customer', customer({ name: `Tab ${i}` }), { by: 'agent-1' })).id);
    const tab2 = await outbox(name);
    await statusUntil(tab2, (s) => s.state === 'offline' && s.pending === 5);
    await setPlug(true);
    tab1.flush();
    tab2.flush();
    await Promise.all([statusUntil(tab1, (s) => s.state === 'online'), statusUntil(tab2, (s) => s.state === 'online')]);
    expect(await serverOrder()).to.deep.equal(ids);
    const check = await direct();
    for (const id of ids) expect(generation((await check.get('customer', id))!.rev)).to.equal(1);
    expect([...(await tab1.reports()), ...(await tab2.reports())]).to.deep.equal([]);
  });

  it('a failed read shows offline and the outbox finds the server again by itself', async () => {
    const box = await outbox();
    await box.create('customer', customer({ name: 'Probe' }), { by: 'a' });
    await setPlug(false);
    expect(await rejection(box.findByContact({ phone: '123' }))).to.be.instanceOf(StorageError);
    expect(box.status).to.deep.equal({ state: 'offline', pending: 0 });
    await setPlug(true);
    await statusUntil(box, (s) => s.state === 'online');
    expect((await box.search('probe')).map((h) => h.customer.name)).to.deep.equal(['Probe']);
  });
});
