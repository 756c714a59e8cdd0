import { expect } from '@open-wc/testing';
import { syncText, deliveryRefusedText } from '../../../src/components/customer-context/messages.js';
import type { Customer, Request } from '../../../src/model/index.js';
import { DraftStore } from '../../../src/session/drafts.js';
import { AgentSession } from '../../../src/session/session.js';
import type { DeliveryRefusal } from '../../../src/session/types.js';
import { CouchDbStore } from '../../../src/store/couchdb-store.js';
import { Outbox } from '../../../src/store/outbox.js';
import { couchInfo, couchJson, couchStore, dropDatabase, freshDatabase, statusUntil } from '../../helpers/couch.js';
import { customer, request } from '../../helpers/data.js';
import { call } from '../../helpers/events.js';
import { FaultProxy } from '../../helpers/hardening.js';
import { MemoryStorage, until } from '../../helpers/session.js';

// Issue #21, items 2 and 3, as the agent meets them: a write refused on delivery comes back
// on its record with the server's reason and the input kept to fix; a write that meets a
// newer version on delivery is Loaded against the version it was made on (only fields both
// changed are choices), and its report is dismissed when Loaded or superseded, so a reload
// never brings older text back.

const BACKOFF = { initialMs: 10, maxMs: 80 };
const at = '2026-11-22T10:00:00.000Z';
const REFUSE_REASON = 'customer-context-test: name: refused by the test rule';
const TEST_RULE = `function (newDoc) {
  if (newDoc.type === 'customer' && typeof newDoc.name === 'string' && newDoc.name.indexOf('Refuse me') !== -1) throw({ forbidden: ${JSON.stringify(REFUSE_REASON)} });
}`;
let counter = 0;

describe('Delivery of offline writes: refusals on their record, conflicts merged against their base (issue #21, items 2, 3, 9)', function () {
  this.timeout(30000);
  let database: string;
  let proxy: FaultProxy;
  let direct: CouchDbStore;
  let known: Customer;
  let original: Request;
  const cleanup: Array<() => unknown> = [];

  beforeEach(async () => {
    const { url } = await couchInfo();
    database = await freshDatabase();
    proxy = await FaultProxy.start(url);
    direct = await couchStore(database);
    known = await direct.create('customer', customer({ name: 'Known Caller', phones: ['+34 600 555 021'] }), { by: 'seed' });
    original = await direct.create('request', request(known.id, { title: 'Original title', description: 'Original description', openedAt: at }), { by: 'seed' });
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    direct.close();
    await proxy.stop();
    await dropDatabase(database);
  });

  /** The agent's stack: CouchDbStore (through the proxy) → Outbox → AgentSession, restored (reports watched). */
  async function agent(storage: MemoryStorage, name = `delivery-${database}`) {
    const { headers } = await couchInfo();
    const backend = new CouchDbStore({ url: proxy.url, database, headers, requestTimeoutMs: 2000, changes: { live: false } });
    const outbox = new Outbox(backend, { name, backoff: BACKOFF });
    await outbox.ready;
    const refusals: DeliveryRefusal[] = [];
    let heard: (() => void) | undefined;
    const nextRefusal = () => new Promise<void>((resolve) => (refusals.length ? resolve() : (heard = resolve)));
    const session = new AgentSession(outbox, {
      agentId: 'agent-a',
      drafts: new DraftStore('agent-a', 'delivery', storage),
      hooks: { deliveryRefused: (refusal) => (refusals.push(refusal), heard?.()) },
    });
    await session.restore();
    let closed = false;
    const close = async (destroy: boolean) => {
      if (closed) return;
      closed = true;
      session.dispose();
      if (destroy) await outbox.destroy();
      else outbox.close();
    };
    cleanup.push(() => close(true));
    return { outbox, session, refusals, nextRefusal, close };
  }

  async function openCall(session: AgentSession): Promise<void> {
    expect(session.receive(call(`call-${counter++}`, { phone: '34600555021' }, { at }))).to.deep.equal({ ok: true });
    await until(session, () => Boolean(session.workspace(known.id)?.request && session.workspace(known.id)?.activity));
    expect(session.workspace(known.id)!.request!.id).to.equal(original.id);
  }

  it('item 3: Load after a delivery conflict lists only the fields both changed; the report is dismissed, a reload brings no older text back', async () => {
    const storage = new MemoryStorage();
    const first = await agent(storage);
    const { session, outbox } = first;
    await openCall(session);
    await proxy.down();
    // Two saves while offline, the second chained on the first (a dependent write of the same record).
    session.editRequest(known.id, { description: 'Mine, first try' });
    expect((await session.save(known.id)).ok).to.equal(true);
    session.editRequest(known.id, { description: 'Mine, second try' });
    expect((await session.save(known.id)).ok).to.equal(true);
    // Meanwhile another agent changes only the title.
    await direct.update('request', original.id, original.rev, { ...original, title: 'Their title' }, { by: 'agent-b' });

    await proxy.up();
    outbox.flush();
    await until(session, () => session.workspace(known.id)!.cautions.some((c) => c.kind === 'request'));
    await statusUntil(outbox, (s) => s.state === 'online');
    await session.idle();
    // One report: the later write depended on the first and is part of it.
    expect((await outbox.reports()).map((r) => [r.reason, (r.mine as Request).description])).to.deep.equal([['conflict', 'Mine, second try']]);

    session.load(known.id, 'request');
    const loaded = session.workspace(known.id)!;
    // The title only they changed comes in; the description only I changed stays; nothing to choose.
    expect(loaded.choices).to.deep.equal([]);
    expect([loaded.requestDraft!.title, loaded.requestDraft!.description]).to.deep.equal(['Their title', 'Mine, second try']);
    await session.idle();
    expect(await outbox.reports()).to.deep.equal([]);

    // A reload: the agent's input is the latest, with no caution and nothing older coming back.
    await first.close(false);
    const second = await agent(storage);
    await second.session.idle();
    const back = second.session.workspace(known.id)!;
    expect(back.cautions).to.deep.equal([]);
    expect(back.choices).to.deep.equal([]);
    expect([back.requestDraft!.title, back.requestDraft!.description]).to.deep.equal(['Their title', 'Mine, second try']);
    expect((await second.session.save(known.id)).ok).to.equal(true);
    const stored = (await direct.get('request', original.id))!;
    expect([stored.title, stored.description]).to.deep.equal(['Their title', 'Mine, second try']);
  });

  it('item 3: a later report for the same record supersedes the earlier one (dismissed)', async () => {
    const storage = new MemoryStorage();
    const { session, outbox } = await agent(storage);
    await openCall(session);
    await proxy.down();
    session.editRequest(known.id, { description: 'Mine, before their change' });
    expect((await session.save(known.id)).ok).to.equal(true);
    const theirs = await direct.update('request', original.id, original.rev, { ...original, title: 'Their title' }, { by: 'agent-b' });
    await proxy.up();
    outbox.flush();
    await until(session, () => session.workspace(known.id)!.cautions.some((c) => c.kind === 'request'));
    await session.idle();
    const [earlier] = await outbox.reports();
    expect(earlier?.reason).to.equal('conflict');
    // A second write of the same record, made offline on their version, meets yet another change.
    await proxy.down();
    await outbox.update('request', original.id, theirs.rev, { ...theirs, description: 'Mine, again' }, { by: 'agent-a' });
    await direct.update('request', original.id, theirs.rev, { ...theirs, title: 'Their second title' }, { by: 'agent-b' });
    await proxy.up();
    outbox.flush();
    await until(session, () => session.workspace(known.id)!.cautions.some((c) => c.theirs.rev !== theirs.rev));
    await session.idle();
    const kept = await outbox.reports();
    expect(kept.map((r) => (r.mine as Request).description)).to.deep.equal(['Mine, again']);
    expect(kept[0]!.key).not.to.equal(earlier!.key);
    session.load(known.id, 'request');
    const loaded = session.workspace(known.id)!;
    expect(loaded.choices).to.deep.equal([]);
    expect([loaded.requestDraft!.title, loaded.requestDraft!.description]).to.deep.equal(['Their second title', 'Mine, again']);
    await session.idle();
    expect(await outbox.reports()).to.deep.equal([]);
  });

  it('item 2: a write refused on delivery comes back on its record with the server\'s reason and the input kept; the rest is delivered', async () => {
    expect((await couchJson('PUT', `/${database}/_design/test-rule`, { language: 'javascript', validate_doc_update: TEST_RULE })).status).to.equal(201);
    const { session, outbox, refusals, nextRefusal } = await agent(new MemoryStorage());
    await openCall(session);
    await proxy.down();
    session.editCustomer(known.id, { ...session.workspace(known.id)!.customerDraft, name: 'Refuse me, please' });
    session.editRequest(known.id, { title: 'A fine title' });
    expect((await session.save(known.id)).ok).to.equal(true);
    expect(outbox.status).to.deep.equal({ state: 'offline', pending: 2 });

    await proxy.up();
    outbox.flush();
    await nextRefusal();
    await statusUntil(outbox, (s) => s.state === 'online');
    await session.idle();
    expect(refusals.map(({ key, kind, id, reason }) => ({ key, kind, id, reason }))).to.deep.equal([{ key: known.id, kind: 'customer', id: known.id, reason: REFUSE_REASON }]);
    // The input is the agent's unsaved draft again, on the server's current version: fix and save, or discard.
    const ws = session.workspace(known.id)!;
    expect(ws.customerDraft.name).to.equal('Refuse me, please');
    expect(ws.customer!.rev).to.equal(known.rev);
    expect(session.dirtyKinds(ws)).to.deep.equal(['customer']);
    expect(ws.cautions).to.deep.equal([]);
    // The request, which does not depend on the refused write, was delivered.
    expect((await direct.get('request', original.id))!.title).to.equal('A fine title');
    expect(await outbox.reports()).to.deep.equal([]);
    // What the agent is told.
    expect(deliveryRefusedText('customer', refusals[0]!.reason)).to.contain(REFUSE_REASON);
    // Fixed and saved again: it goes through.
    session.editCustomer(known.id, { ...ws.customerDraft, name: 'Known Caller, fixed' });
    expect((await session.save(known.id)).ok).to.equal(true);
    expect((await direct.get('customer', known.id))!.name).to.equal('Known Caller, fixed');
  });

  it('item 9: the status line says "Sign in again" while writes wait for a new sign-in', () => {
    expect(syncText({ state: 'signed-out', pending: 2 })).to.equal('Sign in again: 2 changes waiting');
    expect(syncText({ state: 'signed-out', pending: 0 })).to.equal('Sign in again');
    expect(syncText({ state: 'offline', pending: 2 })).to.equal('Offline, 2 changes waiting');
  });
});
