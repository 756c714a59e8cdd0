import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import type { Customer } from '../../src/model/index.js';
import { DraftStore } from '../../src/session/drafts.js';
import { AgentSession } from '../../src/session/session.js';
import type { ContextStore } from '../../src/store/context-store.js';
import { CouchDbStore } from '../../src/store/couchdb-store.js';
import { Outbox } from '../../src/store/outbox.js';
import { couchInfo, couchJson, couchStore, dropDatabase, freshDatabase, statusUntil } from '../helpers/couch.js';
import { customer } from '../helpers/data.js';
import { call } from '../helpers/events.js';
import { FaultProxy } from '../helpers/hardening.js';
import { MemoryStorage, until } from '../helpers/session.js';

// #16 items 1 and 2, on the CouchDB path through a fault proxy of each test's
// own (scripts/hardening.mjs): `drop-answer` lets the server take a write and
// cuts the connection before its answer; `delay-answer` holds the answer while
// the change feed is quicker. One agent action must make one record, and an
// agent's own save must never come back to them as "another agent changed it".

const AT = '2026-11-22T10:00:00.000Z';
const BACKOFF = { initialMs: 20, maxMs: 100 };
const generation = (rev: string) => Number.parseInt(rev, 10);

interface Stored {
  _id: string;
  _rev: string;
  type: string;
  phones?: string[];
  customerId?: string;
  interactionId?: string;
  title?: string;
}

describe('Exactly once: one record per agent action when answers are lost (#16 item 1)', function () {
  this.timeout(60000);
  let database: string;
  let proxy: FaultProxy;
  const cleanup: Array<() => unknown> = [];

  beforeEach(async () => {
    database = await freshDatabase();
    proxy = await FaultProxy.start((await couchInfo()).url);
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    await proxy.stop();
    await dropDatabase(database);
  });

  async function documents(): Promise<Stored[]> {
    const { body } = await couchJson('GET', `/${database}/_all_docs?include_docs=true`);
    return (body as { rows: Array<{ doc: Stored }> }).rows.map((row) => row.doc).filter((doc) => !doc._id.startsWith('_design/'));
  }

  /** The agent's stack: CouchDbStore through the proxy, alone (`couchdb`) or behind the outbox (`outbox`). */
  async function agent(via: 'couchdb' | 'outbox') {
    const { headers } = await couchInfo();
    const couch = new CouchDbStore({ url: proxy.url, database, headers, requestTimeoutMs: 3000, changes: { live: false } });
    let store: ContextStore = couch;
    let outbox: Outbox | undefined;
    if (via === 'outbox') {
      outbox = new Outbox(couch, { name: `once-${database}`, backoff: BACKOFF });
      await outbox.ready;
      store = outbox;
    }
    const session = new AgentSession(store, { agentId: 'alice', drafts: new DraftStore('alice', 'once', new MemoryStorage()) });
    await session.restore();
    cleanup.push(async () => {
      session.dispose();
      if (outbox) {
        outbox.close();
        await deleteDB(outbox.name);
      } else couch.close();
    });
    /** Everything the agent did has reached the server (the outbox's queue is empty). */
    const settled = async () => {
      if (outbox) await statusUntil(outbox, (s) => s.state === 'online' && s.pending === 0);
    };
    return { session, outbox, settled };
  }

  for (const via of ['couchdb', 'outbox'] as const) {
    it(`${via}: Create for an unknown caller, the answer of each write lost once: one customer, one request (R2.5), one activity`, async () => {
      const { session, settled } = await agent(via);
      expect(session.receive(call('lost-1', { phone: '+34 611 000 111' }, { at: AT }))).to.deep.equal({ ok: true });
      const key = 'new:lost-1';
      await until(session, () => session.workspace(key) !== undefined && !session.workspace(key)!.busy);
      session.editCustomer(key, { ...session.workspace(key)!.customerDraft, name: 'Nora Nueva' });
      // The server takes each write, and the connection is cut before its answer: customer, request, activity.
      await proxy.faults([
        { kind: 'drop-answer', match: `PUT /${database}/customer%3A`, count: 1 },
        { kind: 'drop-answer', match: `PUT /${database}/request%3A`, count: 1 },
        { kind: 'drop-answer', match: `PUT /${database}/activity%3A`, count: 1 },
      ]);
      // The agent presses Create until it says done (without the outbox each lost answer is an error to retry).
      let attempts = 0;
      for (; attempts < 5; attempts++) {
        const outcome = await session.createCustomer(session.workspace(key) ? key : session.state.open[0]!.key);
        if (outcome.ok) break;
        expect(outcome.reason).to.equal('error');
      }
      expect(attempts).to.be.below(5);
      await settled();
      expect((await proxy.stats()).injected).to.equal(3);

      const docs = await documents();
      const customers = docs.filter((d) => d.type === 'customer');
      expect(customers.map((d) => d.phones)).to.deep.equal([['+34 611 000 111']]);
      expect(docs.filter((d) => d.type === 'request').map((d) => d.customerId)).to.deep.equal([customers[0]!._id]);
      expect(docs.filter((d) => d.type === 'activity').map((d) => d.interactionId)).to.deep.equal(['lost-1']);
      // Each written once: no second revision from a retry.
      expect(docs.map((d) => generation(d._rev))).to.deep.equal([1, 1, 1]);
      expect(session.workspace(customers[0]!._id)?.customer?.name).to.equal('Nora Nueva');
    });

    it(`${via}: a Save whose answer is lost, saved again: one new revision, nothing twice`, async () => {
      const direct = await couchStore(database);
      cleanup.push(() => direct.close());
      const known: Customer = await direct.create('customer', customer({ name: 'Known', phones: ['+34 600 555 001'] }), { by: 'seed' });
      const { session, settled } = await agent(via);
      session.receive(call('save-1', { phone: '34600555001' }, { at: AT }));
      await until(session, () => Boolean(session.workspace(known.id)?.activity));
      const before = session.workspace(known.id)!.request!;
      session.editRequest(known.id, { title: 'Saved once' });
      session.editActivity(known.id, { notes: 'noted once' });
      await proxy.faults([
        { kind: 'drop-answer', match: `PUT /${database}/request%3A`, count: 1 },
        { kind: 'drop-answer', match: `PUT /${database}/activity%3A`, count: 1 },
      ]);
      let attempts = 0;
      const outcomes: string[] = [];
      for (; attempts < 4; attempts++) {
        const o = await session.save(known.id);
        outcomes.push(`${o.ok} ${o.ok ? "" : o.reason + " " + String(o.error)}`);
        if (o.ok) break;
      }
      expect(attempts, outcomes.join(" / ")).to.be.below(4);
      expect(attempts).to.be.below(4);
      await settled();
      expect((await proxy.stats()).injected).to.equal(2);

      const request = (await direct.get('request', before.id))!;
      expect(request.title).to.equal('Saved once');
      expect(generation(request.rev)).to.equal(generation(before.rev) + 1);
      const activity = (await direct.activityByInteraction('save-1'))!;
      expect(activity.notes).to.equal('noted once');
      expect(generation(activity.rev)).to.equal(2);
      const ws = session.workspace(known.id)!;
      expect([ws.cautions, ws.choices, session.dirtyKinds(ws)]).to.deep.equal([[], [], []]);
    });
  }
});

describe('No caution about your own save (#16 item 2)', function () {
  this.timeout(60000);
  let database: string;
  let proxy: FaultProxy;
  let known: Customer;
  const cleanup: Array<() => unknown> = [];

  beforeEach(async () => {
    database = await freshDatabase();
    proxy = await FaultProxy.start((await couchInfo()).url);
    const direct = await couchStore(database);
    known = await direct.create('customer', customer({ name: 'Known', phones: ['+34 600 555 001'] }), { by: 'seed' });
    direct.close();
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    await proxy.stop();
    await dropDatabase(database);
  });

  /** One tab of agent alice: its own CouchDbStore (live change feed), through the proxy or not. */
  async function tab(name: string, url: string, interactionId: string) {
    const { headers } = await couchInfo();
    const couch = new CouchDbStore({ url, database, headers, changes: { backoff: BACKOFF, pollTimeoutMs: 5000 } });
    await couch.ready();
    const session = new AgentSession(couch, { agentId: 'alice', drafts: new DraftStore('alice', name, new MemoryStorage()) });
    await session.restore();
    cleanup.push(() => {
      session.dispose();
      couch.close();
    });
    session.receive(call(interactionId, { phone: '34600555001' }, { at: AT }));
    await until(session, () => Boolean(session.workspace(known.id)?.request) && couch.watching?.includes(known.id) === true);
    return session;
  }

  for (const ms of [0, 300, 1500]) {
    it(`answer ${ms} ms late: the tab that saved shows no caution, even typing on while the answer is slow; alice's other tab does`, async () => {
      const saving = await tab('tab-1', proxy.url, 'own-1');
      const other = await tab('tab-2', (await couchInfo()).url, 'own-2');
      // The other tab has input of its own on the same request.
      other.editRequest(known.id, { description: 'typed in the other tab' });
      await proxy.faults([{ kind: 'delay-answer', ms, match: `PUT /${database}/request%3A`, count: 1 }]);

      saving.editRequest(known.id, { title: 'Mine, saved' });
      const outcome = saving.save(known.id);
      // The agent keeps typing while the answer is on its way.
      saving.editActivity(known.id, { notes: 'typed after Save' });
      expect((await outcome).ok).to.equal(true);
      const savedRev = saving.workspace(known.id)!.request!.rev;

      // The other tab hears of it (a caution: its input differs) — so the change feed has run past the save.
      await until(other, () => other.workspace(known.id)!.cautions.length === 1);
      expect(other.workspace(known.id)!.cautions[0]!.theirs.updatedBy).to.equal('alice');
      expect(other.workspace(known.id)!.cautions[0]!.theirs.rev).to.equal(savedRev);

      // And the tab that saved: no caution about itself, its later typing still unsaved input.
      const ws = saving.workspace(known.id)!;
      expect(ws.cautions).to.deep.equal([]);
      expect(ws.choices).to.deep.equal([]);
      expect(ws.request!.rev).to.equal(savedRev);
      expect(ws.requestDraft!.title).to.equal('Mine, saved');
      expect(ws.activityDraft!.notes).to.equal('typed after Save');
      expect((await proxy.stats()).injected).to.equal(1);
    });
  }
});
