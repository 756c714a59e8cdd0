import { expect } from '@open-wc/testing';
import type { Activity, Customer, Request } from '../../src/model/index.js';
import { DraftStore } from '../../src/session/drafts.js';
import { MoveError, moveRequestId } from '../../src/session/move.js';
import { AgentSession } from '../../src/session/session.js';
import { StorageError, type ContextStore } from '../../src/store/context-store.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { activity, customer, freshStore, request } from '../helpers/data.js';
import { call } from '../helpers/events.js';
import { MemoryStorage, until } from '../helpers/session.js';

/**
 * Issue #19 item 1 in the session: moving an activity to another open request
 * of its customer, to a new request, or to another customer. Real IndexedDB;
 * another agent is a second store (and session) on the same database.
 */
describe('AgentSession: moving an activity (issue #19 item 1)', () => {
  let store: IndexedDbStore;
  let session: AgentSession;
  const cleanup: Array<() => unknown> = [];
  let ana: Customer;
  let bob: Customer;
  let router: Request;
  let billing: Request;
  let invoiceCall: Activity;

  function sessionOn(source: ContextStore, agentId = 'ann'): AgentSession {
    const s = new AgentSession(source, { agentId, drafts: new DraftStore(agentId, `move-${agentId}`, new MemoryStorage()) });
    cleanup.push(() => s.dispose());
    return s;
  }

  beforeEach(async () => {
    store = freshStore();
    session = sessionOn(store);
    ana = await store.create('customer', customer({ name: 'Ana', lastName: 'García', phones: ['600111222'] }), { by: 'seed' });
    bob = await store.create('customer', customer({ name: 'Bob', lastName: 'Brown', phones: ['600333444'] }), { by: 'seed' });
    router = await store.create('request', request(ana.id, { title: 'Broken router', openedAt: '2026-01-01T09:00:00.000Z' }), { by: 'seed' });
    billing = await store.create('request', request(ana.id, { title: 'Billing question', openedAt: '2026-01-05T09:00:00.000Z' }), { by: 'seed' });
    invoiceCall = await store.create('activity', activity(ana.id, { requestId: router.id, subject: 'Call about invoice', at: '2026-01-06T10:00:00.000Z' }), { by: 'seed' });
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    await store.destroy();
  });

  const inJourney = (s: AgentSession, key: string, id: string) => s.workspace(key)?.journey.find((e) => e.id === id);

  it('lists the targets: the other open requests of the customer, and says whether the activity is locked', async () => {
    await store.create('request', request(ana.id, { title: 'Old and closed', status: 'closed', closedAt: '2026-01-02T00:00:00.000Z' }), { by: 'seed' });
    await session.reopen(ana.id);
    const choices = (await session.moveChoices(ana.id, invoiceCall.id))!;
    expect(choices.from?.title).to.equal('Broken router');
    expect(choices.locked).to.equal(false);
    expect(choices.requests.map((r) => r.title)).to.deep.equal(['Billing question']);
    expect((await session.openRequestsOf(ana.id)).map((r) => r.title)).to.deep.equal(['Billing question', 'Broken router']);
  });

  it('to another open request of the same customer: one update, the journey shows it there', async () => {
    await session.reopen(ana.id);
    const outcome = await session.moveActivity(ana.id, invoiceCall.id, { to: 'request', requestId: billing.id });
    expect(outcome.ok).to.equal(true);
    const stored = (await store.get('activity', invoiceCall.id))!;
    expect([stored.customerId, stored.requestId, stored.movedFrom]).to.deep.equal([ana.id, billing.id, undefined]);
    expect(Number.parseInt(stored.rev, 10)).to.equal(Number.parseInt(invoiceCall.rev, 10) + 1);
    const entry = inJourney(session, ana.id, invoiceCall.id);
    expect(entry?.type === 'activity' && entry.requestId).to.equal(billing.id);
    expect(session.workspace(ana.id)!.busy).to.equal(false);
  });

  it('to a new request: the request is made under the move’s fixed id with the agent’s title, then the activity follows', async () => {
    await session.reopen(ana.id);
    const outcome = await session.moveActivity(ana.id, invoiceCall.id, { to: 'new-request', customerId: ana.id, title: '  Invoice dispute  ' });
    expect(outcome.ok).to.equal(true);
    const id = moveRequestId('ann', invoiceCall, ana.id);
    const made = (await store.get('request', id))!;
    expect([made.title, made.status, made.customerId]).to.deep.equal(['Invoice dispute', 'open', ana.id]);
    expect((await store.get('activity', invoiceCall.id))!.requestId).to.equal(id);
    expect(inJourney(session, ana.id, id)).to.deep.include({ title: 'Invoice dispute' });
  });

  it('a new request needs a title: refused (invalid), nothing written', async () => {
    await session.reopen(ana.id);
    const outcome = await session.moveActivity(ana.id, invoiceCall.id, { to: 'new-request', customerId: ana.id, title: '   ' });
    expect(outcome.ok === false && outcome.reason).to.equal('invalid');
    expect((await store.requestsOf(ana.id)).length).to.equal(2);
    expect((await store.get('activity', invoiceCall.id))!.rev).to.equal(invoiceCall.rev);
  });

  it('closed requests are locked, as source and as target: a typed refusal, nothing written', async () => {
    const closed = await store.create('request', request(ana.id, { title: 'Done', status: 'closed', closedAt: '2026-01-03T00:00:00.000Z' }), { by: 'seed' });
    const inClosed = await store.create('activity', activity(ana.id, { requestId: closed.id, subject: 'Old call' }), { by: 'seed' });
    await session.reopen(ana.id);
    const into = await session.moveActivity(ana.id, invoiceCall.id, { to: 'request', requestId: closed.id });
    expect(into.ok === false && [into.reason, into.error instanceof MoveError, into.error.code]).to.deep.equal(['target-closed', true, 'move']);
    const out = await session.moveActivity(ana.id, inClosed.id, { to: 'request', requestId: billing.id });
    expect(out.ok === false && out.reason).to.equal('source-closed');
    expect((await session.moveChoices(ana.id, inClosed.id))!.locked).to.equal(true);
    expect((await store.get('activity', invoiceCall.id))!.rev).to.equal(invoiceCall.rev);
    expect((await store.get('activity', inClosed.id))!.rev).to.equal(inClosed.rev);
    // To where it is already: refused too.
    const same = await session.moveActivity(ana.id, invoiceCall.id, { to: 'request', requestId: router.id });
    expect(same.ok === false && same.reason).to.equal('same-place');
  });

  it('to another customer: movedFrom names the old one; both open journeys follow (it leaves one, joins the other)', async () => {
    const bobs = await store.create('request', request(bob.id, { title: 'Bob’s case' }), { by: 'seed' });
    await session.reopen(ana.id);
    await session.reopen(bob.id);
    expect(inJourney(session, ana.id, invoiceCall.id)).to.not.equal(undefined);
    const outcome = await session.moveActivity(ana.id, invoiceCall.id, { to: 'request', requestId: bobs.id });
    expect(outcome.ok).to.equal(true);
    const stored = (await store.get('activity', invoiceCall.id))!;
    expect([stored.customerId, stored.requestId, stored.movedFrom]).to.deep.equal([bob.id, bobs.id, ana.id]);
    expect(inJourney(session, ana.id, invoiceCall.id), 'gone from Ana’s journey').to.equal(undefined);
    expect(inJourney(session, bob.id, invoiceCall.id)).to.deep.include({ customerId: bob.id, requestId: bobs.id });
    expect((await store.activitiesOf(ana.id)).map((a) => a.id)).to.deep.equal([]);
    expect((await store.activitiesOf(bob.id)).map((a) => a.id)).to.deep.equal([invoiceCall.id]);
  });

  it('to another customer in none of their requests, or a merged customer refused', async () => {
    const merged = await store.create('customer', customer({ name: 'Gone', mergedInto: bob.id }), { by: 'seed' });
    await session.reopen(ana.id);
    const toMerged = await session.moveActivity(ana.id, invoiceCall.id, { to: 'customer', customerId: merged.id });
    expect(toMerged.ok === false && toMerged.reason).to.equal('not-found');
    const outcome = await session.moveActivity(ana.id, invoiceCall.id, { to: 'customer', customerId: bob.id });
    expect(outcome.ok && [outcome.activity.customerId, outcome.activity.requestId, outcome.from]).to.deep.equal([bob.id, null, { customerId: ana.id, requestId: router.id }]);
  });

  it('another agent changed the activity first: conflict, nothing moved, the new request closed again, the journey shows theirs', async () => {
    const other = new IndexedDbStore({ name: store.name });
    cleanup.push(() => other.close());
    await session.reopen(ana.id);
    const theirs = await other.update('activity', invoiceCall.id, invoiceCall.rev, { ...activity(ana.id, { requestId: router.id, subject: 'Call about invoice', at: invoiceCall.at }), notes: 'theirs' }, { by: 'ben' });
    const outcome = await session.moveActivity(ana.id, invoiceCall.id, { to: 'new-request', customerId: ana.id, title: 'Invoice' });
    expect(outcome.ok === false && outcome.reason).to.equal('conflict');
    const stored = (await store.get('activity', invoiceCall.id))!;
    expect([stored.rev, stored.requestId]).to.deep.equal([theirs.rev, router.id]);
    const made = (await store.get('request', moveRequestId('ann', invoiceCall, ana.id)))!;
    expect(made.status, 'the empty request made for the move is closed again').to.equal('closed');
    await until(session, () => inJourney(session, ana.id, invoiceCall.id)?.rev === theirs.rev);
  });

  it('the current interaction’s activity with unsaved input, changed by another agent: R4’s caution on it, Load brings theirs', async () => {
    const other = new IndexedDbStore({ name: store.name });
    cleanup.push(() => other.close());
    session.receive(call('c-1', { phone: '600111222' }));
    await until(session, () => Boolean(session.workspace(ana.id)?.activity));
    const mine = session.workspace(ana.id)!.activity!;
    session.editActivity(ana.id, { notes: 'typed by me' });
    await other.update('activity', mine.id, mine.rev, { ...mine, tags: ['theirs'] }, { by: 'ben' });
    await until(session, () => session.workspace(ana.id)!.cautions.length === 1);
    const outcome = await session.moveActivity(ana.id, mine.id, { to: 'request', requestId: router.id === mine.requestId ? billing.id : router.id });
    expect(outcome.ok === false && outcome.reason).to.equal('conflict');
    const ws = session.workspace(ana.id)!;
    expect(ws.cautions.map((c) => c.kind)).to.deep.equal(['activity']);
    expect(ws.activityDraft!.notes, 'the input stays').to.equal('typed by me');
    session.load(ana.id, 'activity');
    expect(session.workspace(ana.id)!.activityDraft).to.deep.include({ notes: 'typed by me', tags: ['theirs'] });
  });

  it('the current interaction’s activity: the work area’s request follows it; its unsaved note stays unsaved at the new place', async () => {
    session.receive(call('c-2', { phone: '600111222' }));
    await until(session, () => Boolean(session.workspace(ana.id)?.activity));
    const before = session.workspace(ana.id)!;
    expect(before.request!.id, 'R2.5: the most recently opened').to.equal(billing.id);
    session.editActivity(ana.id, { notes: 'not saved yet' });
    const outcome = await session.moveActivity(ana.id, before.activity!.id, { to: 'request', requestId: router.id });
    expect(outcome.ok).to.equal(true);
    const ws = session.workspace(ana.id)!;
    expect([ws.request!.id, ws.activity!.requestId, ws.activityDraft!.requestId, ws.activityDraft!.notes]).to.deep.equal([router.id, router.id, router.id, 'not saved yet']);
    expect(session.dirtyKinds(ws)).to.deep.equal(['activity']);
    expect((await session.save(ana.id)).ok).to.equal(true);
    expect((await store.get('activity', before.activity!.id))).to.deep.include({ requestId: router.id, notes: 'not saved yet' });
  });

  it('the current interaction’s activity with unsaved input does not go to another customer (save or discard first); without input it does, and the work area lets go', async () => {
    session.receive(call('c-3', { phone: '600111222' }));
    await until(session, () => Boolean(session.workspace(ana.id)?.activity));
    const current = session.workspace(ana.id)!.activity!;
    session.editActivity(ana.id, { notes: 'typed' });
    const refusedMove = await session.moveActivity(ana.id, current.id, { to: 'customer', customerId: bob.id });
    expect(refusedMove.ok === false && refusedMove.reason).to.equal('unsaved');
    session.editActivity(ana.id, { notes: '' });
    const outcome = await session.moveActivity(ana.id, current.id, { to: 'customer', customerId: bob.id });
    expect(outcome.ok).to.equal(true);
    const ws = session.workspace(ana.id)!;
    expect([ws.activity, ws.activityDraft, inJourney(session, ana.id, current.id)]).to.deep.equal([null, null, undefined]);
  });

  it('a retry after a lost answer lands once: the same new request, one update of the activity', async () => {
    await session.reopen(ana.id);
    // The store takes the activity's write, the answer is lost, and it cannot be read back at once.
    let lose = true;
    const lossy = new Proxy(store, {
      get(target, name, receiver) {
        if (name === 'update') {
          return async (...args: Parameters<ContextStore['update']>) => {
            const result = await target.update(...args);
            if (args[0] === 'activity' && lose) throw new StorageError('unavailable', 'answer lost');
            return result;
          };
        }
        if (name === 'get') {
          return async (...args: Parameters<ContextStore['get']>) => {
            if (args[0] === 'activity' && lose) throw new StorageError('unavailable', 'unreachable');
            return target.get(...args);
          };
        }
        return Reflect.get(target, name, receiver) as unknown;
      },
    }) as ContextStore;
    const lossySession = sessionOn(lossy, 'ann');
    await lossySession.reopen(ana.id);
    const first = await lossySession.moveActivity(ana.id, invoiceCall.id, { to: 'new-request', customerId: ana.id, title: 'Invoice' });
    expect(first.ok === false && first.reason).to.equal('error');
    const id = moveRequestId('ann', invoiceCall, ana.id);
    expect((await store.get('request', id))!.status, 'not rolled back: the activity may be in it').to.equal('open');
    lose = false;
    const retry = await lossySession.moveActivity(ana.id, invoiceCall.id, { to: 'new-request', customerId: ana.id, title: 'Invoice' });
    expect(retry.ok).to.equal(true);
    const requests = await store.requestsOf(ana.id);
    expect(requests.filter((r) => r.title === 'Invoice').map((r) => r.id)).to.deep.equal([id]);
    const stored = (await store.get('activity', invoiceCall.id))!;
    expect([stored.requestId, Number.parseInt(stored.rev, 10)]).to.deep.equal([id, Number.parseInt(invoiceCall.rev, 10) + 1]);
  });

  it('another agent sees the move through change events: it leaves their view of Ana and joins their view of Bob', async () => {
    const other = new IndexedDbStore({ name: store.name });
    cleanup.push(() => other.close());
    const ben = sessionOn(other, 'ben');
    await ben.reopen(ana.id);
    await ben.reopen(bob.id);
    await session.reopen(ana.id);
    const outcome = await session.moveActivity(ana.id, invoiceCall.id, { to: 'new-request', customerId: bob.id, title: 'Moved here' });
    expect(outcome.ok).to.equal(true);
    await until(ben, () => inJourney(ben, ana.id, invoiceCall.id) === undefined && inJourney(ben, bob.id, invoiceCall.id) !== undefined);
    const made = moveRequestId('ann', invoiceCall, bob.id);
    await until(ben, () => inJourney(ben, bob.id, made) !== undefined);
    expect(inJourney(ben, bob.id, invoiceCall.id)).to.deep.include({ customerId: bob.id, requestId: made, movedFrom: ana.id });
  });
});
