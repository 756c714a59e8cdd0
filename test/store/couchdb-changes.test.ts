import { expect } from '@open-wc/testing';
import type { StoreChange } from '../../src/store/context-store.js';
import type { CouchDbStore } from '../../src/store/couchdb-store.js';
import { couchStore, dropDatabase, freshDatabase } from '../helpers/couch.js';
import { activity, customer } from '../helpers/data.js';
import { MemoryStorage } from '../helpers/session.js';

/**
 * #15 item 2: a change feed per agent. A store told which customers are open
 * (`watch`) receives changes about those only, new documents of theirs
 * included; re-targeted when the set changes; resumed after a reload from the
 * last seq it saw.
 */
describe('CouchDbStore: a change feed per agent', () => {
  let database: string;
  const stores: CouchDbStore[] = [];
  /** Document ids in the `_changes` answers the page received, per request body (which agent's selector). */
  let received: Array<{ selector: string; ids: string[] }>;
  const original = window.fetch;

  beforeEach(async () => {
    database = await freshDatabase();
    received = [];
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await original(input, init);
      const url = String(input);
      if (url.includes(`/${database}/_changes`) && response.ok) {
        const body = (await response.clone().json()) as { results: Array<{ id: string }> };
        received.push({ selector: String(init?.body ?? ''), ids: body.results.map((row) => row.id) });
      }
      return response;
    };
  });
  afterEach(async () => {
    window.fetch = original;
    for (const store of stores.splice(0)) store.close();
    await dropDatabase(database);
  });

  async function open(options: Parameters<typeof couchStore>[1] = {}): Promise<CouchDbStore> {
    const store = await couchStore(database, options);
    stores.push(store);
    return store;
  }

  /** Every remote change the store announces, and a way to wait for one about `id`. */
  function remote(store: CouchDbStore) {
    const seen: StoreChange[] = [];
    const waiters: Array<{ id: string; resolve: (change: StoreChange) => void }> = [];
    store.subscribe((change) => {
      if (change.source !== 'remote') return;
      seen.push(change);
      for (const waiter of waiters.filter((w) => w.id === change.id)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(change);
      }
    });
    const next = (id: string) =>
      new Promise<StoreChange>((resolve) => {
        const already = seen.find((change) => change.id === id);
        if (already) resolve(already);
        else waiters.push({ id, resolve });
      });
    return { seen, next };
  }

  it('receives changes only about the customers it watches: their own document and their requests and activities, new ones too', async () => {
    const writer = await open();
    const ana = await writer.create('customer', customer({ name: 'Ana' }), { by: 'other' });
    const bruno = await writer.create('customer', customer({ name: 'Bruno' }), { by: 'other' });

    const agent = await open();
    agent.watch([ana.id]);
    const changes = remote(agent);

    // Writes about Bruno first, then Ana's: Ana's arriving proves the feed went past Bruno's.
    await writer.update('customer', bruno.id, bruno.rev, { ...bruno, address: 'Elsewhere' }, { by: 'other' });
    await writer.create('activity', activity(bruno.id, { notes: 'not for this agent' }), { by: 'other' });
    const newActivity = await writer.create('activity', activity(ana.id, { notes: 'a new call of Ana' }), { by: 'other' });
    const arrived = await changes.next(newActivity.id);
    expect((arrived.record as { notes: string }).notes).to.equal('a new call of Ana');
    const anaNow = await writer.update('customer', ana.id, ana.rev, { ...ana, address: 'Calle Mayor 1' }, { by: 'other' });
    expect((await changes.next(ana.id)).rev).to.equal(anaNow.rev);

    expect(changes.seen.map((change) => change.id)).to.deep.equal([newActivity.id, ana.id]);
    // Nothing about Bruno crossed the network to this agent either.
    const toAgent = received.filter((r) => r.selector.includes(ana.id)).flatMap((r) => r.ids);
    expect(toAgent).to.include(ana.id);
    expect(toAgent.some((id) => id === bruno.id)).to.equal(false);
    expect(received.every((r) => r.selector.includes('"selector"'))).to.equal(true);
  });

  it('re-targets at once when the open set changes, from the same seq: a change made before the switch is not missed', async () => {
    const writer = await open();
    const ana = await writer.create('customer', customer({ name: 'Ana' }), { by: 'other' });
    const bruno = await writer.create('customer', customer({ name: 'Bruno' }), { by: 'other' });
    const agent = await open();
    agent.watch([ana.id]);
    const changes = remote(agent);
    const sentinel = await writer.update('customer', ana.id, ana.rev, { ...ana, address: 'One' }, { by: 'other' });
    await changes.next(ana.id);
    // Bruno changes while the agent watches Ana only (its longpoll is open, nothing for it)…
    const brunoNow = await writer.update('customer', bruno.id, bruno.rev, { ...bruno, address: 'Two' }, { by: 'other' });
    // …then the agent opens Bruno: the poll is asked again with both, from the seq after Ana's change.
    agent.watch([ana.id, bruno.id]);
    expect((await changes.next(bruno.id)).rev).to.equal(brunoNow.rev);
    expect(changes.seen.map((c) => c.rev)).to.deep.equal([sentinel.rev, brunoNow.rev]);
  });

  it('with nothing open it does not poll at all; opening a customer starts the feed', async () => {
    const writer = await open();
    const ana = await writer.create('customer', customer({ name: 'Ana' }), { by: 'other' });
    const agent = await open();
    agent.watch([]);
    const changes = remote(agent);
    await writer.update('customer', ana.id, ana.rev, { ...ana, address: 'Unseen' }, { by: 'other' });
    // The write above is in the database; the idle agent asked nothing.
    expect(received).to.deep.equal([]);
    agent.watch([ana.id]);
    const change = await changes.next(ana.id);
    expect((change.record as { address: string }).address).to.equal('Unseen');
  });

  it('resumes after a reload from the last seq it saw: a change made while the page was away arrives', async () => {
    const storage = new MemoryStorage();
    const checkpoint = { read: () => storage.getItem('seq') ?? undefined, write: (seq: string) => storage.setItem('seq', seq) };
    const writer = await open();
    const ana = await writer.create('customer', customer({ name: 'Ana' }), { by: 'other' });

    const before = await open({ changes: { backoff: { initialMs: 10, maxMs: 100 }, checkpoint } });
    before.watch([ana.id]);
    const first = await writer.update('customer', ana.id, ana.rev, { ...ana, address: 'Before reload' }, { by: 'other' });
    expect((await remote(before).next(ana.id)).rev).to.equal(first.rev);
    expect(storage.getItem('seq')).to.be.a('string');
    before.close();

    // While the page is away, another agent changes Ana.
    const away = await writer.update('customer', ana.id, first.rev, { ...first, address: 'While away' }, { by: 'other' });

    const after = await open({ changes: { backoff: { initialMs: 10, maxMs: 100 }, checkpoint } });
    const changes = remote(after);
    after.watch([ana.id]);
    expect((await changes.next(ana.id)).rev).to.equal(away.rev);

    // Without a checkpoint a page starts from the database's current seq and would not hear of it.
    const fresh = await open();
    const none = remote(fresh);
    fresh.watch([ana.id]);
    const sentinel = await writer.update('customer', ana.id, away.rev, { ...away, address: 'After' }, { by: 'other' });
    expect((await none.next(ana.id)).rev).to.equal(sentinel.rev);
    expect(none.seen.map((c) => c.rev)).to.deep.equal([sentinel.rev]);
  });

  it('issue #19: an activity moved away from a watched customer (movedFrom) reaches the agents who have that customer open, once; a move between two other customers does not', async () => {
    const writer = await open();
    const [ana, bruno, cleo] = await Promise.all(['Ana', 'Bruno', 'Cleo'].map((name) => writer.create('customer', customer({ name }), { by: 'other' })));
    const call = await writer.create('activity', activity(ana!.id, { notes: 'filed under Ana by mistake' }), { by: 'other' });
    const elsewhere = await writer.create('activity', activity(bruno!.id, { notes: 'Bruno’s' }), { by: 'other' });
    const agent = await open();
    agent.watch([ana!.id]);
    const changes = remote(agent);

    // Bruno's activity moves to Cleo first (nothing to do with Ana), then Ana's to Bruno.
    await writer.update('activity', elsewhere.id, elsewhere.rev, { ...elsewhere, customerId: cleo!.id, movedFrom: bruno!.id }, { by: 'other' });
    const moved = await writer.update('activity', call.id, call.rev, { ...call, customerId: bruno!.id, movedFrom: ana!.id }, { by: 'other' });
    const arrived = await changes.next(call.id);
    expect(arrived.rev).to.equal(moved.rev);
    expect((arrived.record as { customerId: string }).customerId).to.equal(bruno!.id);
    // A sentinel on Ana: everything before it was seen; the other move never arrived.
    const anaNow = await writer.update('customer', ana!.id, ana!.rev, { ...ana!, address: 'Sentinel' }, { by: 'other' });
    expect((await changes.next(ana!.id)).rev).to.equal(anaNow.rev);
    expect(changes.seen.map((change) => change.id)).to.deep.equal([call.id, ana!.id]);
    // The server selected it (the selector names movedFrom): the other move did not cross the network.
    const toAgent = received.filter((r) => r.selector.includes(ana!.id)).flatMap((r) => r.ids);
    expect(toAgent).to.include(call.id);
    expect(toAgent).not.to.include(elsewhere.id);
    expect(received.some((r) => r.selector.includes('"movedFrom"'))).to.equal(true);
  });

  it('several agents on one database: a write reaches only the agents who have that customer open', async () => {
    const writer = await open();
    // Four agents: a page holds six connections to one server (each agent's longpoll is one);
    // the bench measures fifty agents' feeds (bench/run.mjs).
    const customers = await Promise.all(Array.from({ length: 4 }, (_, i) => writer.create('customer', customer({ name: `C${i}` }), { by: 'other' })));
    const agents = await Promise.all(customers.map(() => open({ changes: { backoff: { initialMs: 10, maxMs: 100 } } })));
    const feeds = agents.map((agent, i) => {
      agent.watch([customers[i]!.id]);
      return remote(agent);
    });
    // Agent 2 also has customer 1 open.
    agents[2]!.watch([customers[2]!.id, customers[1]!.id]);
    const target = customers[1]!;
    const written = await writer.update('customer', target.id, target.rev, { ...target, address: 'Changed' }, { by: 'other' });
    await Promise.all([feeds[1]!.next(target.id), feeds[2]!.next(target.id)]);
    // A last write to every other agent's customer: each receives exactly its own.
    await Promise.all(customers.map((c, i) => (i === 1 ? undefined : writer.update('customer', c.id, c.rev, { ...c, address: 'Last' }, { by: 'other' }))));
    await Promise.all(feeds.map((feed, i) => (i === 1 ? undefined : feed.next(customers[i]!.id))));
    const reached = feeds.flatMap((feed, i) => (feed.seen.some((change) => change.id === target.id) ? [i] : []));
    expect(reached).to.deep.equal([1, 2]);
    expect(feeds[1]!.seen.map((c) => c.rev)).to.deep.equal([written.rev]);
    // Each agent received its own customer's changes and nothing else.
    feeds.forEach((feed, i) => {
      const about = new Set(feed.seen.map((change) => change.id));
      expect([...about].sort(), `agent ${i}`).to.deep.equal((i === 2 ? [customers[2]!.id, target.id] : [customers[i]!.id]).sort());
    });
  });
});
