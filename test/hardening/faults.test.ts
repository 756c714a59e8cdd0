import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { deleteDB, openDB } from 'idb';
import '../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import type { Customer, HostEventError } from '../../src/model/index.js';
import { DraftStore } from '../../src/session/drafts.js';
import { AgentSession } from '../../src/session/session.js';
import { StorageError } from '../../src/store/context-store.js';
import { CouchDbStore } from '../../src/store/couchdb-store.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { isPendingRev, Outbox } from '../../src/store/outbox.js';
import { couchInfo, couchStore, dropDatabase, freshDatabase, statusUntil } from '../helpers/couch.js';
import { customer } from '../helpers/data.js';
import { call, ended } from '../helpers/events.js';
import { FaultProxy, watchUncaught } from '../helpers/hardening.js';
import { MemoryStorage, until } from '../helpers/session.js';
import { screenOf } from '../helpers/gadget.js';

// Faults (R11.3, docs/security.md): the backend stopped and started
// mid-flow, 5xx and connection resets injected, slow answers, the tab reloaded mid-edit,
// IndexedDB over quota and blocked by another tab's upgrade. For each: a clear message
// (a typed StorageError reason, the outbox status, the gadget's notice), the agent's input
// kept, the outbox delivered, nothing lost. Faults come from a fault-injecting HTTP proxy of
// each test's own in front of the test CouchDB (scripts/hardening.mjs), so no other test's
// connections are touched; IndexedDB faults are made in the page itself.

const BACKOFF = { initialMs: 20, maxMs: 100 };
const now = '2026-11-22T10:00:00.000Z';
let counter = 0;


async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('Faults: CouchDB stopped, 5xx, resets, slow answers — drafts kept, the outbox delivers, nothing lost', function () {
  this.timeout(60000);
  let database: string;
  let proxy: FaultProxy;
  let direct: CouchDbStore;
  let known: Customer;
  const cleanup: Array<() => unknown> = [];

  beforeEach(async () => {
    const { url } = await couchInfo();
    database = await freshDatabase();
    proxy = await FaultProxy.start(url);
    direct = await couchStore(database);
    known = await direct.create('customer', customer({ name: 'Known Caller', phones: ['+34 600 555 001'] }), { by: 'seed' });
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    direct.close();
    await proxy.stop();
    await dropDatabase(database);
  });

  /** The agent's stack as the gadget builds it: CouchDbStore (through the proxy) → Outbox → AgentSession. */
  async function agent(options: { name?: string; storage?: MemoryStorage; requestTimeoutMs?: number } = {}) {
    const { headers } = await couchInfo();
    const backend = new CouchDbStore({ url: proxy.url, database, headers, requestTimeoutMs: options.requestTimeoutMs ?? 2000, changes: { live: false } });
    const outbox = new Outbox(backend, { name: options.name ?? `fault-outbox-${database}`, backoff: BACKOFF });
    await outbox.ready;
    const errors: HostEventError[] = [];
    let heard: (() => void) | undefined;
    /** Resolves once the session has reported an error (now or later). */
    const nextError = () => new Promise<void>((resolve) => (errors.length ? resolve() : (heard = resolve)));
    const storage = options.storage ?? new MemoryStorage();
    const session = new AgentSession(outbox, {
      agentId: 'agent-f',
      drafts: new DraftStore('agent-f', 'faults', storage),
      hooks: { error: (e) => (errors.push(e), heard?.()) },
    });
    const statuses: string[] = [];
    outbox.onStatus((s) => statuses.push(`${s.state}:${s.pending}`));
    const close = async (destroy: boolean) => {
      session.dispose();
      if (destroy) await outbox.destroy();
      else outbox.close();
    };
    cleanup.push(() => close(true));
    return { outbox, session, errors, nextError, statuses, storage, close };
  }

  async function openCall(session: AgentSession, id = `call-${counter++}`): Promise<string> {
    expect(session.receive(call(id, { phone: '34600555001' }, { at: now }))).to.deep.equal({ ok: true });
    await until(session, () => Boolean(session.workspace(known.id)?.activity));
    return id;
  }

  it('the backend stopped mid-flow: saves are kept as "offline, N waiting", the drafts stay, delivery when it is back', async () => {
    const { outbox, session, statuses } = await agent();
    await openCall(session);
    session.editRequest(known.id, { title: 'Typed before the outage' });
    await proxy.down();
    session.editActivity(known.id, { tags: ['outage', 'billing'], notes: 'typed while CouchDB was down' });
    const outcome = await session.save(known.id);
    expect(outcome.ok).to.equal(true);
    const ws = session.workspace(known.id)!;
    expect([isPendingRev(ws.request!.rev), isPendingRev(ws.activity!.rev)]).to.deep.equal([true, true]);
    expect(outbox.status).to.deep.equal({ state: 'offline', pending: 2 });
    // More typing while it is down, saved again: chained on the provisional records.
    session.editRequest(known.id, { description: 'still down' });
    expect((await session.save(known.id)).ok).to.equal(true);
    expect(outbox.status).to.deep.equal({ state: 'offline', pending: 3 });

    await proxy.up();
    outbox.flush();
    await statusUntil(outbox, (s) => s.state === 'online');
    const request = (await direct.get('request', ws.request!.id))!;
    const activity = (await direct.get('activity', ws.activity!.id))!;
    expect([request.title, request.description]).to.deep.equal(['Typed before the outage', 'still down']);
    expect([activity.tags, activity.notes]).to.deep.equal([['outage', 'billing'], 'typed while CouchDB was down']);
    expect(await outbox.reports()).to.deep.equal([]);
    expect(statuses).to.include('offline:2');
    expect(statuses.at(-1)).to.equal('online:0');
    console.log(`faults, backend stopped: 3 writes kept while down, delivered when back; statuses ${statuses.join(' → ')}`);
  });

  it('a call that arrives while the backend is down still opens a workspace the agent can type into', async () => {
    const { session, errors, nextError } = await agent();
    await proxy.down();
    expect(session.receive(call('call-during-outage', { phone: '34600555001' }, { at: now }))).to.deep.equal({ ok: true });
    // The lookup fails (CouchDB is unreachable): the host hears a store-error…
    await nextError();
    expect(errors.map((e) => e.code)).to.deep.equal(['store-error']);
    // …but the interaction must not be lost to the agent: a workspace opens (as an unknown contact at least).
    expect(session.state.open.map((w) => w.interaction?.interactionId)).to.include('call-during-outage');
  });

  it('5xx answers and connection resets are retried by the outbox: each write lands once, in order', async () => {
    const { outbox, session } = await agent();
    await openCall(session);
    const ws = session.workspace(known.id)!;
    await proxy.faults([
      { kind: 'status', status: 503, count: 2, match: 'PUT' },
      { kind: 'reset', count: 1, match: 'PUT' },
      { kind: 'status', status: 500, count: 1, match: 'GET' },
      { kind: 'status', status: 502, count: 1 },
    ]);
    for (let i = 1; i <= 4; i++) {
      session.editRequest(known.id, { title: `Attempt ${i}` });
      expect((await session.save(known.id)).ok, `save ${i}`).to.equal(true);
    }
    expect(outbox.status.state).to.equal('offline');
    await statusUntil(outbox, (s) => s.state === 'online');
    const request = (await direct.get('request', ws.request!.id))!;
    expect(request.title).to.equal('Attempt 4');
    expect(Number.parseInt(request.rev, 10)).to.equal(Number.parseInt(ws.request!.rev, 10) + 4);
    expect(await outbox.reports()).to.deep.equal([]);
    const stats = await proxy.stats();
    expect(stats.injected).to.equal(5);
    console.log(`faults, 5xx and resets: ${stats.injected} faults injected over ${stats.requests} requests, 4 saves delivered once each`);
  });

  it('a 401 is a clear "denied": the save is refused, the draft kept, nothing queued', async () => {
    const { outbox, session } = await agent();
    await openCall(session);
    await proxy.faults([{ kind: 'status', status: 401, count: 2 }]);
    session.editRequest(known.id, { title: 'Typed with a lapsed sign-in' });
    const outcome = await session.save(known.id);
    expect(outcome.ok).to.equal(false);
    expect(outcome.ok ? '' : outcome.reason).to.equal('error');
    expect((outcome as { error?: Error }).error).to.be.instanceOf(StorageError);
    expect(((outcome as { error?: StorageError }).error)!.reason).to.equal('denied');
    expect(session.workspace(known.id)!.requestDraft!.title).to.equal('Typed with a lapsed sign-in');
    expect(session.isDirty(session.workspace(known.id)!)).to.equal(true);
    expect(await outbox.pending()).to.deep.equal([]);
    await proxy.faults([]);
    expect((await session.save(known.id)).ok).to.equal(true);
    expect((await direct.get('request', session.workspace(known.id)!.request!.id))!.title).to.equal('Typed with a lapsed sign-in');
  });

  it('slow answers: within the time-out they just work; past it the write is kept and delivered once, not twice', async () => {
    const { outbox, session } = await agent({ requestTimeoutMs: 400 });
    await openCall(session);
    const before = session.workspace(known.id)!.request!;
    await proxy.faults([{ kind: 'delay', ms: 150, count: 2 }]);
    session.editRequest(known.id, { title: 'Slow but in time' });
    expect((await session.save(known.id)).ok).to.equal(true);
    expect(isPendingRev(session.workspace(known.id)!.request!.rev)).to.equal(false);
    // The PUT reaches CouchDB after the client gave up: applied, its answer lost.
    await proxy.faults([{ kind: 'delay', ms: 900, count: 1, match: 'PUT' }]);
    session.editRequest(known.id, { title: 'Slower than the time-out' });
    expect((await session.save(known.id)).ok).to.equal(true);
    expect(isPendingRev(session.workspace(known.id)!.request!.rev)).to.equal(true);
    await statusUntil(outbox, (s) => s.state === 'online' && s.pending === 0);
    const stored = (await direct.get('request', before.id))!;
    expect(stored.title).to.equal('Slower than the time-out');
    expect(Number.parseInt(stored.rev, 10)).to.equal(Number.parseInt(before.rev, 10) + 2);
    expect(await outbox.reports()).to.deep.equal([]);
  });

  it('the tab reloaded mid-edit while the backend is down: the drafts come back and the waiting writes are delivered', async () => {
    const storage = new MemoryStorage();
    const name = `fault-reload-${database}`;
    const first = await agent({ name, storage });
    await openCall(first.session);
    const ws = first.session.workspace(known.id)!;
    await proxy.down();
    first.session.editRequest(known.id, { title: 'Saved offline' });
    expect((await first.session.save(known.id)).ok).to.equal(true);
    first.session.editActivity(known.id, { notes: 'typed, not saved, then the tab reloaded' });
    await first.close(false);

    const second = await agent({ name, storage });
    await second.session.restore();
    const back = second.session.workspace(known.id);
    expect(back?.activityDraft?.notes).to.equal('typed, not saved, then the tab reloaded');
    expect(back?.requestDraft?.title).to.equal('Saved offline');
    await proxy.up();
    second.outbox.flush();
    await statusUntil(second.outbox, (s) => s.state === 'online');
    expect((await direct.get('request', ws.request!.id))!.title).to.equal('Saved offline');
    expect((await second.session.save(known.id)).ok).to.equal(true);
    expect((await direct.get('activity', ws.activity!.id))!.notes).to.equal('typed, not saved, then the tab reloaded');
  });

  it('the gadget shows the outbox state: "Offline, N changes waiting", then "Online"', async () => {
    const { headers } = await couchInfo();
    const backend = new CouchDbStore({ url: proxy.url, database, headers, changes: { live: false } });
    const outbox = new Outbox(backend, { name: `fault-el-${database}`, backoff: BACKOFF });
    cleanup.push(() => outbox.destroy());
    localStorage.clear();
    const el = await fixture<CustomerContext>(html`<customer-context agent-id="fault-el" .store=${outbox}></customer-context>`);
    cleanup.push(() => el.remove());
    await el.ready;
    await openCall(el.agentSession!);
    await proxy.down();
    el.agentSession!.editRequest(known.id, { title: 'offline' });
    expect((await el.agentSession!.save(known.id)).ok).to.equal(true);
    await el.updateComplete;
    const sync = () => screenOf(el).querySelector('[part=sync]');
    expect([sync()?.getAttribute('data-state'), sync()?.textContent?.replace(/\s+/g, ' ').trim()]).to.deep.equal(['offline', 'Offline, 1 changes waiting']);
    await proxy.up();
    outbox.flush();
    await statusUntil(outbox, (s) => s.state === 'online');
    await el.updateComplete;
    expect(sync()?.getAttribute('data-state')).to.equal('online');
  });
});

describe('Faults: IndexedDB over quota, blocked by another tab, the tab reloaded', function () {
  this.timeout(30000);
  let name: string;
  let store: IndexedDbStore;
  let uncaught: ReturnType<typeof watchUncaught>;
  const restore: Array<() => void> = [];

  beforeEach(() => {
    name = `faults-idb-${Date.now()}-${counter++}`;
    store = new IndexedDbStore({ name });
    uncaught = watchUncaught();
  });
  afterEach(async () => {
    for (const undo of restore.splice(0)) undo();
    uncaught.stop();
    store.close();
    await deleteDB(name);
  });

  /** The browser refuses to store more: put and add throw QuotaExceededError (as a full disk makes them). */
  function overQuota(): void {
    const proto = IDBObjectStore.prototype;
    const { put, add } = proto;
    const refuse = function (): never {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    proto.put = refuse;
    proto.add = refuse;
    restore.push(() => {
      proto.put = put;
      proto.add = add;
    });
  }

  it('quota exceeded: a StorageError("quota"), the draft kept and restorable, saved once there is room', async () => {
    const storage = new MemoryStorage();
    const session = new AgentSession(store, { agentId: 'q', drafts: new DraftStore('q', 'faults', storage) });
    const ana = await store.create('customer', customer({ name: 'Ana', phones: ['555 0101'] }), { by: 'x' });
    session.receive(call('q-1', { phone: '5550101' }, { at: now }));
    await until(session, () => Boolean(session.workspace(ana.id)?.activity));
    overQuota();
    session.editRequest(ana.id, { title: 'Typed when the disk was full' });
    const outcome = await session.save(ana.id);
    expect(outcome.ok).to.equal(false);
    const error = (outcome as { error?: Error }).error;
    expect(error).to.be.instanceOf(StorageError);
    expect([(error as StorageError).reason, error!.message]).to.deep.equal(['quota', 'The browser refused to store more data (storage quota exceeded).']);
    expect(await rejection(store.create('customer', customer(), { by: 'x' }))).to.have.property('reason', 'quota');
    // The draft is kept on screen and in the drafts storage (a reload brings it back).
    expect(session.workspace(ana.id)!.requestDraft!.title).to.equal('Typed when the disk was full');
    expect(storage.getItem(`faults:q:ws:${ana.id}`)).to.contain('Typed when the disk was full');
    session.dispose();
    restore.splice(0).forEach((undo) => undo());
    const reloaded = new AgentSession(store, { agentId: 'q', drafts: new DraftStore('q', 'faults', storage) });
    await reloaded.restore();
    expect(reloaded.workspace(ana.id)!.requestDraft!.title).to.equal('Typed when the disk was full');
    expect((await reloaded.save(ana.id)).ok).to.equal(true);
    expect((await store.requestsOf(ana.id))[0]!.title).to.equal('Typed when the disk was full');
    reloaded.dispose();
    expect(uncaught.errors).to.deep.equal([]);
  });

  it('quota exceeded in the gadget: a notice says the browser has no room left and the input is kept', async () => {
    localStorage.clear();
    const ana = await store.create('customer', customer({ name: 'Ana', phones: ['555 0102'] }), { by: 'x' });
    const el = await fixture<CustomerContext>(html`<customer-context agent-id="q-el" database=${name}></customer-context>`);
    try {
      await el.ready;
      el.receive(call('q-2', { phone: '5550102' }, { at: now }));
      await until(el.agentSession!, () => Boolean(el.agentSession!.workspace(ana.id)?.activity));
      el.agentSession!.editRequest(ana.id, { title: 'full disk' });
      await el.updateComplete;
      overQuota();
      const save = [...screenOf(el).querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Save')!;
      save.click();
      await until(el.agentSession!, () => !el.agentSession!.workspace(ana.id)!.busy);
      await waitUntil(() => screenOf(el).querySelector('.notice'), 'the notice');
      expect(screenOf(el).querySelector('.notice')!.textContent).to.contain('no room left');
      expect(el.agentSession!.workspace(ana.id)!.requestDraft!.title).to.equal('full disk');
    } finally {
      el.remove();
    }
  });

  it('blocked by another tab\'s upgrade: this tab lets it upgrade, then says clearly why it cannot write, drafts kept', async () => {
    const storage = new MemoryStorage();
    const session = new AgentSession(store, { agentId: 'b', drafts: new DraftStore('b', 'faults', storage) });
    const ana = await store.create('customer', customer({ name: 'Ana', phones: ['555 0103'] }), { by: 'x' });
    session.receive(call('b-1', { phone: '5550103' }, { at: now }));
    await until(session, () => Boolean(session.workspace(ana.id)?.activity));
    // Another tab, a newer version of the gadget, opens the same database at a higher version.
    let blocked = false;
    const newer = await openDB(name, 99, { blocked: () => (blocked = true) });
    expect(blocked, 'this tab closed its connection instead of blocking the other').to.equal(false);
    session.editRequest(ana.id, { title: 'Typed while another tab upgraded' });
    const outcome = await session.save(ana.id);
    expect(outcome.ok).to.equal(false);
    const error = (outcome as { error?: Error }).error;
    expect(error).to.be.instanceOf(StorageError);
    expect((error as StorageError).reason, (error as StorageError).message).to.equal('blocked');
    expect(storage.getItem(`faults:b:ws:${ana.id}`)).to.contain('Typed while another tab upgraded');
    newer.close();
    session.dispose();
  });

  it('the tab reloaded mid-edit: a new <customer-context> on the same drafts restores the unsaved input', async () => {
    localStorage.clear();
    const ana = await store.create('customer', customer({ name: 'Ana', phones: ['555 0104'] }), { by: 'x' });
    const first = await fixture<CustomerContext>(html`<customer-context agent-id="reload" database=${name}></customer-context>`);
    await first.ready;
    first.receive(call('r-1', { phone: '5550104' }, { at: now }));
    await until(first.agentSession!, () => Boolean(first.agentSession!.workspace(ana.id)?.activity));
    first.agentSession!.editRequest(ana.id, { title: 'Half-typed title', description: 'and a description' });
    first.agentSession!.editActivity(ana.id, { tags: ['reload'] });
    first.remove();
    const second = await fixture<CustomerContext>(html`<customer-context agent-id="reload" database=${name}></customer-context>`);
    try {
      await second.ready;
      const ws = second.agentSession!.workspace(ana.id)!;
      expect([ws.requestDraft!.title, ws.requestDraft!.description, ws.activityDraft!.tags]).to.deep.equal(['Half-typed title', 'and a description', ['reload']]);
      expect(second.agentSession!.isDirty(ws)).to.equal(true);
      expect(ws.interaction?.interactionId).to.equal('r-1');
      // The interaction is known again: the host's end event is taken.
      expect(second.receive(ended('r-1'))).to.deep.equal({ ok: true });
    } finally {
      second.remove();
    }
  });
});
