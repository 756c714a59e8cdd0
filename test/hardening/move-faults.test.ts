import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import type { Activity, Customer, Request } from '../../src/model/index.js';
import { DraftStore } from '../../src/session/drafts.js';
import { moveRequestId } from '../../src/session/move.js';
import { AgentSession } from '../../src/session/session.js';
import { StorageError, type ContextStore } from '../../src/store/context-store.js';
import { CouchDbStore } from '../../src/store/couchdb-store.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { Outbox } from '../../src/store/outbox.js';
import { couchInfo, couchStore, dropDatabase, freshDatabase, statusUntil } from '../helpers/couch.js';
import { activity, customer, request } from '../helpers/data.js';
import { FaultProxy, watchUncaught } from '../helpers/hardening.js';
import { MemoryStorage, until } from '../helpers/session.js';

// Issue #19 item 1: a move is one logical operation that never leaves the activity
// in two places or in none, on both stores — the backend refusing the activity's
// write after the new request was made, the tab dying between the two writes, the
// answer of a write lost after the server took it — and other agents see the move
// through change events. CouchDB faults come from a fault proxy of each test's own
// (scripts/hardening.mjs); IndexedDB faults are made in the page itself.

const BACKOFF = { initialMs: 20, maxMs: 100 };
let counter = 0;

interface Backend {
  /** A store on the test database, as one tab opens it (`via: 'proxy'`: through the fault proxy). */
  store(via?: 'proxy' | 'direct'): Promise<ContextStore>;
  /** The backend refuses the next write of an activity. */
  refuseActivityWrite(): Promise<void>;
  /** The next write of `kind` lands, and its answer is lost; `unreadable`: then reading that record fails once too. */
  loseAnswer(kind: 'request' | 'activity', unreadable?: string): Promise<void>;
  /** Whether this store's change feed follows `customerId` (always, for IndexedDB). */
  follows(store: ContextStore, customerId: string): boolean;
}

/**
 * A store whose `update` of an activity is never sent (the tab dies before it): it never
 * settles. `reached` resolves when the move gets there (the request before it is written).
 */
function dyingBefore(store: ContextStore): { store: ContextStore; reached: Promise<void> } {
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const dying = new Proxy(store, {
    get(target, name, receiver) {
      if (name === 'update') {
        return (...args: Parameters<ContextStore['update']>) => {
          if (args[0] !== 'activity') return target.update(...args);
          reach();
          return new Promise<never>(() => undefined);
        };
      }
      return Reflect.get(target, name, receiver) as unknown;
    },
  }) as ContextStore;
  return { store: dying, reached };
}

for (const kind of ['indexeddb', 'couchdb'] as const) {
  describe(`Moving an activity under faults, ${kind} (issue #19 item 1)`, function () {
    this.timeout(60000);
    const cleanup: Array<() => unknown> = [];
    let backend: Backend;
    let seedStore: ContextStore;
    let ana: Customer;
    let bob: Customer;
    let router: Request;
    let moved: Activity;
    let uncaught: ReturnType<typeof watchUncaught>;

    async function indexedDb(): Promise<Backend> {
      const name = `move-faults-${Date.now()}-${counter++}`;
      let refuse = false;
      let lose: 'request' | 'activity' | null = null;
      let unreadableNext: string | null = null;
      let unreadable: string | null = null;
      const proto = IDBObjectStore.prototype;
      const { put, add } = proto;
      // The browser refuses the write (as a full disk or a broken profile makes it), or takes it and the tab never hears back.
      proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if (refuse && this.name === 'activities') {
          refuse = false;
          throw new DOMException('The write was refused.', 'DataError');
        }
        return put.apply(this, args);
      };
      cleanup.push(() => {
        proto.put = put;
        proto.add = add;
      });
      const lossy = (store: IndexedDbStore): ContextStore =>
        new Proxy(store, {
          get(target, prop, receiver) {
            if (prop === 'update' || prop === 'create') {
              return async (...args: [never, never, never, never, never]) => {
                const written = await (Reflect.get(target, prop, receiver) as (...a: unknown[]) => Promise<unknown>).apply(target, args);
                if (lose === args[0]) {
                  lose = null;
                  unreadable = unreadableNext;
                  throw new StorageError('unavailable', 'the answer was lost');
                }
                return written;
              };
            }
            if (prop === 'get') {
              return async (...args: Parameters<ContextStore['get']>) => {
                if (args[1] === unreadable) {
                  unreadable = null;
                  throw new StorageError('unavailable', 'unreachable');
                }
                return target.get(...args);
              };
            }
            return Reflect.get(target, prop, receiver) as unknown;
          },
        }) as ContextStore;
      cleanup.push(async () => {
        const s = new IndexedDbStore({ name });
        await s.destroy();
      });
      return {
        async store(via = 'proxy') {
          const s = new IndexedDbStore({ name });
          cleanup.push(() => s.close());
          return via === 'proxy' ? lossy(s) : s;
        },
        async refuseActivityWrite() {
          refuse = true;
        },
        async loseAnswer(k, id) {
          lose = k;
          unreadableNext = id ?? null;
        },
        follows: () => true,
      };
    }

    async function couchDb(): Promise<Backend> {
      const database = await freshDatabase();
      const { url, headers } = await couchInfo();
      const proxy = await FaultProxy.start(url);
      cleanup.push(async () => {
        await proxy.stop();
        await dropDatabase(database);
      });
      return {
        async store(via = 'proxy') {
          const s = new CouchDbStore({ url: via === 'proxy' ? proxy.url : url, database, headers, requestTimeoutMs: 3000, changes: { backoff: BACKOFF, pollTimeoutMs: 5000 } });
          await s.ready();
          cleanup.push(() => s.close());
          return s;
        },
        async refuseActivityWrite() {
          await proxy.faults([{ kind: 'status', status: 403, match: `PUT /${database}/activity%3A`, count: 1 }]);
        },
        async loseAnswer(k, id) {
          await proxy.faults([
            { kind: 'drop-answer', match: `PUT /${database}/${k}%3A`, count: 1 },
            ...(id ? [{ kind: 'reset' as const, match: `GET /${database}/${encodeURIComponent(id)}`, count: 1 }] : []),
          ]);
        },
        follows: (store, customerId) => (store as CouchDbStore).watching?.includes(customerId) === true,
      };
    }

    function sessionOn(store: ContextStore, agentId = 'alice', storage = new MemoryStorage()): AgentSession {
      const session = new AgentSession(store, { agentId, drafts: new DraftStore(agentId, 'move-faults', storage) });
      cleanup.push(() => session.dispose());
      return session;
    }

    beforeEach(async () => {
      uncaught = watchUncaught();
      backend = kind === 'indexeddb' ? await indexedDb() : await couchDb();
      seedStore = await backend.store('direct');
      ana = await seedStore.create('customer', customer({ name: 'Ana', lastName: 'García' }), { by: 'seed' });
      bob = await seedStore.create('customer', customer({ name: 'Bob', lastName: 'Brown' }), { by: 'seed' });
      router = await seedStore.create('request', request(ana.id, { title: 'Broken router' }), { by: 'seed' });
      moved = await seedStore.create('activity', activity(ana.id, { requestId: router.id, subject: 'Call about invoice' }), { by: 'seed' });
    });
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step();
      uncaught.stop();
    });

    /** Where the activity is, as the store reads it from each customer's index: exactly one place. */
    async function placesOf(id: string): Promise<Array<{ customerId: string; requestId: string | null }>> {
      const [ofAna, ofBob] = await Promise.all([seedStore.activitiesOf(ana.id), seedStore.activitiesOf(bob.id)]);
      return [...ofAna, ...ofBob].filter((a) => a.id === id).map((a) => ({ customerId: a.customerId, requestId: a.requestId }));
    }

    it('the backend refuses the activity’s write after the new request was made: the activity stays, the empty request is closed', async () => {
      const session = sessionOn(await backend.store());
      await session.reopen(ana.id);
      await backend.refuseActivityWrite();
      const outcome = await session.moveActivity(ana.id, moved.id, { to: 'new-request', customerId: bob.id, title: 'Invoice' });
      expect(outcome.ok === false && outcome.reason).to.equal('error');
      expect(await placesOf(moved.id)).to.deep.equal([{ customerId: ana.id, requestId: router.id }]);
      const made = (await seedStore.get('request', moveRequestId('alice', moved, bob.id)))!;
      expect([made.customerId, made.status], 'rolled back').to.deep.equal([bob.id, 'closed']);
      expect(session.workspace(ana.id)!.journey.filter((e) => e.id === moved.id)).to.have.length(1);
      expect(uncaught.errors).to.deep.equal([]);
    });

    it('the tab dies between the two writes: the activity is in exactly one place, a reload shows it once, the next move reuses the request', async () => {
      const storage = new MemoryStorage();
      const store = await backend.store();
      const tab = dyingBefore(store);
      const dying = sessionOn(tab.store, 'alice', storage);
      await dying.reopen(ana.id);
      void dying.moveActivity(ana.id, moved.id, { to: 'new-request', customerId: bob.id, title: 'Invoice' });
      const id = moveRequestId('alice', moved, bob.id);
      // The new request is written; the tab dies before the activity's write leaves it.
      await tab.reached;
      dying.dispose();
      expect((await seedStore.get('request', id))?.status, 'the request was made first').to.equal('open');
      expect(await placesOf(moved.id)).to.deep.equal([{ customerId: ana.id, requestId: router.id }]);

      // Reload: a new store and session on the same data and drafts.
      const reloaded = sessionOn(await backend.store(), 'alice', storage);
      await reloaded.restore();
      await reloaded.reopen(ana.id);
      expect(reloaded.workspace(ana.id)!.journey.filter((e) => e.id === moved.id)).to.have.length(1);
      const outcome = await reloaded.moveActivity(ana.id, moved.id, { to: 'new-request', customerId: bob.id, title: 'Invoice' });
      expect(outcome.ok).to.equal(true);
      expect(await placesOf(moved.id)).to.deep.equal([{ customerId: bob.id, requestId: id }]);
      expect((await seedStore.requestsOf(bob.id)).map((r) => r.id), 'one request, not two').to.deep.equal([id]);
      expect(uncaught.errors).to.deep.equal([]);
    });

    it('the answer of the activity’s write is lost after the server took it: the move is recognised as done, written once', async () => {
      const session = sessionOn(await backend.store());
      await session.reopen(ana.id);
      await backend.loseAnswer('activity');
      const outcome = await session.moveActivity(ana.id, moved.id, { to: 'new-request', customerId: bob.id, title: 'Invoice' });
      expect(outcome.ok).to.equal(true);
      const id = moveRequestId('alice', moved, bob.id);
      expect(await placesOf(moved.id)).to.deep.equal([{ customerId: bob.id, requestId: id }]);
      const stored = (await seedStore.get('activity', moved.id))!;
      expect(Number.parseInt(stored.rev, 10), 'one new revision').to.equal(Number.parseInt(moved.rev, 10) + 1);
      expect((await seedStore.get('request', id))!.status).to.equal('open');
    });

    it('the answer of the new request’s write is lost and it cannot be read back: the agent’s retry lands once (one request, one update)', async () => {
      const session = sessionOn(await backend.store());
      await session.reopen(ana.id);
      const id = moveRequestId('alice', moved, bob.id);
      await backend.loseAnswer('request', id);
      const first = await session.moveActivity(ana.id, moved.id, { to: 'new-request', customerId: bob.id, title: 'Invoice' });
      // Either the move says it failed (the activity still where it was) and the agent moves again,
      // or the store recognised its own write on the way (CouchDB's client does): either way, once.
      if (kind === 'indexeddb') expect(first.ok, 'the lost answer and the failed read are the agent’s to retry').to.equal(false);
      if (!first.ok) {
        expect(first.reason).to.equal('error');
        expect(await placesOf(moved.id)).to.deep.equal([{ customerId: ana.id, requestId: router.id }]);
        const retry = await session.moveActivity(ana.id, moved.id, { to: 'new-request', customerId: bob.id, title: 'Invoice' });
        expect(retry.ok).to.equal(true);
      }
      expect((await seedStore.requestsOf(bob.id)).map((r) => [r.id, r.title, r.status])).to.deep.equal([[id, 'Invoice', 'open']]);
      expect(await placesOf(moved.id)).to.deep.equal([{ customerId: bob.id, requestId: id }]);
      expect(Number.parseInt((await seedStore.get('activity', moved.id))!.rev, 10)).to.equal(Number.parseInt(moved.rev, 10) + 1);
    });

    it('two agents move the same activity at once, to different new requests: one wins, the other is told (conflict); it is in one place', async () => {
      const alice = sessionOn(await backend.store('direct'));
      const ben = sessionOn(await backend.store('direct'), 'ben');
      await alice.reopen(ana.id);
      await ben.reopen(ana.id);
      const [a, b] = await Promise.all([
        alice.moveActivity(ana.id, moved.id, { to: 'new-request', customerId: ana.id, title: 'Alice’s' }),
        ben.moveActivity(ana.id, moved.id, { to: 'new-request', customerId: bob.id, title: 'Ben’s' }),
      ]);
      const outcomes = [a, b].map((o) => (o.ok ? 'ok' : o.reason)).sort();
      expect(outcomes).to.deep.equal(['conflict', 'ok']);
      const winner = a.ok ? { agent: 'alice', customerId: ana.id } : { agent: 'ben', customerId: bob.id };
      const loser = a.ok ? { agent: 'ben', customerId: bob.id } : { agent: 'alice', customerId: ana.id };
      const won = moveRequestId(winner.agent, moved, winner.customerId);
      expect(await placesOf(moved.id)).to.deep.equal([{ customerId: winner.customerId, requestId: won }]);
      expect((await seedStore.get('request', moveRequestId(loser.agent, moved, loser.customerId)))!.status, 'the loser’s empty request is closed').to.equal('closed');
      expect((await seedStore.get('request', won))!.status).to.equal('open');
    });

    it('another agent who has only Ana open sees the activity leave her journey; one with Bob open sees it arrive', async () => {
      const alice = sessionOn(await backend.store('direct'));
      const benStore = await backend.store('direct');
      const cleoStore = await backend.store('direct');
      const onlyAna = sessionOn(benStore, 'ben');
      const onlyBob = sessionOn(cleoStore, 'cleo');
      await alice.reopen(ana.id);
      await onlyAna.reopen(ana.id);
      await onlyBob.reopen(bob.id);
      expect(onlyAna.workspace(ana.id)!.journey.some((e) => e.id === moved.id)).to.equal(true);
      // Each agent's change feed follows only the customers they have open (CouchDB's per-agent feed).
      await until(onlyAna, () => backend.follows(benStore, ana.id) && (kind === 'indexeddb' || !backend.follows(benStore, bob.id)));
      await until(onlyBob, () => backend.follows(cleoStore, bob.id));
      const outcome = await alice.moveActivity(ana.id, moved.id, { to: 'customer', customerId: bob.id });
      expect(outcome.ok).to.equal(true);
      await until(onlyAna, () => !onlyAna.workspace(ana.id)!.journey.some((e) => e.id === moved.id));
      await until(onlyBob, () => onlyBob.workspace(bob.id)!.journey.some((e) => e.id === moved.id && e.type === 'activity' && e.movedFrom === ana.id));
      expect(alice.workspace(ana.id)!.journey.some((e) => e.id === moved.id)).to.equal(false);
    });
  });
}

describe('Moving an activity behind the outbox (CouchDB, issue #19 item 1)', function () {
  this.timeout(60000);
  const cleanup: Array<() => unknown> = [];
  let database: string;
  let proxy: FaultProxy;

  beforeEach(async () => {
    database = await freshDatabase();
    proxy = await FaultProxy.start((await couchInfo()).url);
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    await proxy.stop();
    await dropDatabase(database);
  });

  async function agent() {
    const { headers } = await couchInfo();
    const couch = new CouchDbStore({ url: proxy.url, database, headers, requestTimeoutMs: 3000, changes: { live: false } });
    const outbox = new Outbox(couch, { name: `move-${database}`, backoff: BACKOFF });
    await outbox.ready;
    const session = new AgentSession(outbox, { agentId: 'alice', drafts: new DraftStore('alice', 'move-outbox', new MemoryStorage()) });
    cleanup.push(async () => {
      session.dispose();
      outbox.close();
      await deleteDB(outbox.name);
    });
    return { session, outbox };
  }

  it('the activity’s write meets 503s: kept in the outbox, the move shown at once, delivered once when the backend takes it', async () => {
    const direct = await couchStore(database);
    cleanup.push(() => direct.close());
    const ana = await direct.create('customer', customer({ name: 'Ana' }), { by: 'seed' });
    const router = await direct.create('request', request(ana.id, { title: 'Broken router' }), { by: 'seed' });
    const billing = await direct.create('request', request(ana.id, { title: 'Billing question' }), { by: 'seed' });
    const call = await direct.create('activity', activity(ana.id, { requestId: router.id, subject: 'Call about invoice' }), { by: 'seed' });
    const { session, outbox } = await agent();
    await session.reopen(ana.id);
    await proxy.faults([{ kind: 'status', status: 503, match: `PUT /${database}/activity%3A`, count: 2 }]);
    const outcome = await session.moveActivity(ana.id, call.id, { to: 'request', requestId: billing.id });
    expect(outcome.ok).to.equal(true);
    const entry = session.workspace(ana.id)!.journey.find((e) => e.id === call.id);
    expect(entry?.type === 'activity' && entry.requestId, 'shown at its new place at once').to.equal(billing.id);
    await statusUntil(outbox, (s) => s.state === 'online' && s.pending === 0);
    const stored = (await direct.get('activity', call.id))!;
    expect([stored.requestId, Number.parseInt(stored.rev, 10)]).to.deep.equal([billing.id, 2]);
  });

  it('the backend is down: the move is refused (the locks cannot be checked), nothing waits, the activity stays', async () => {
    const direct = await couchStore(database);
    cleanup.push(() => direct.close());
    const ana = await direct.create('customer', customer({ name: 'Ana' }), { by: 'seed' });
    const router = await direct.create('request', request(ana.id, { title: 'Broken router' }), { by: 'seed' });
    const call = await direct.create('activity', activity(ana.id, { requestId: router.id, subject: 'Call about invoice' }), { by: 'seed' });
    const { session, outbox } = await agent();
    await session.reopen(ana.id);
    await proxy.down();
    const outcome = await session.moveActivity(ana.id, call.id, { to: 'new-request', customerId: ana.id, title: 'Offline' });
    expect(outcome.ok === false && outcome.reason).to.equal('error');
    expect(outbox.status.pending).to.equal(0);
    await proxy.up();
    expect((await direct.get('activity', call.id))!.rev).to.equal(call.rev);
    expect((await direct.requestsOf(ana.id)).map((r) => r.title)).to.deep.equal(['Broken router']);
  });
});
