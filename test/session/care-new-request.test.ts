import { expect } from '@open-wc/testing';
import { DraftStore } from '../../src/session/drafts.js';
import { newRequestId } from '../../src/session/new-request.js';
import { AgentSession } from '../../src/session/session.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { activity, customer, freshStore, request } from '../helpers/data.js';
import { MemoryStorage, until } from '../helpers/session.js';

const AT = '2026-11-22T10:00:00.000Z';
const started = (id: string, phone: string, subject?: string) => ({
  type: 'interaction.started',
  interactionId: id,
  channel: 'voice',
  from: { phone },
  at: AT,
  ...(subject ? { subject } : {}),
});

describe('R2.5 with a choice: "Start a new request instead" (AgentSession)', () => {
  let store: IndexedDbStore;
  let storage: MemoryStorage;
  let session: AgentSession;
  let customerId: string;
  let oldRequestId: string;
  const make = () => new AgentSession(store, { agentId: 'agent-1', drafts: new DraftStore('agent-1', 'test', storage) });

  /** The customer calls; R2.5 files the call into their open request. */
  async function call(id = 'c1'): Promise<void> {
    session.receive(started(id, '5550001'));
    await until(session, () => session.workspace(customerId)?.activity?.interactionId === id);
  }

  beforeEach(async () => {
    store = freshStore();
    storage = new MemoryStorage();
    session = make();
    customerId = (await store.create('customer', customer({ phones: ['555 0001'] }), { by: 'x' })).id;
    oldRequestId = (await store.create('request', request(customerId, { title: 'Router keeps rebooting' }), { by: 'x' })).id;
    await store.create('activity', activity(customerId, { requestId: oldRequestId, subject: 'Earlier call' }), { by: 'x' });
  });
  afterEach(async () => {
    session.dispose();
    await store.destroy();
  });

  it('offers the request R2.5 chose, moves the activity into a new one, and then no longer offers it', async () => {
    await call();
    const before = session.workspace(customerId)!;
    expect(session.newRequestOffer(before)?.id).to.equal(oldRequestId);

    const outcome = await session.startNewRequest(customerId);
    expect(outcome.ok).to.equal(true);
    const after = session.workspace(customerId)!;
    const moved = (await store.activityByInteraction('c1'))!;
    expect(moved.requestId).to.equal(after.request!.id);
    expect(after.request!.id).to.not.equal(oldRequestId);
    expect(after.request!.status).to.equal('open');
    expect(after.activityDraft!.requestId, 'a later Save keeps it there').to.equal(after.request!.id);
    expect(after.createdRequestId).to.equal(after.request!.id);
    expect(session.newRequestOffer(after)).to.equal(null);
    expect(after.busy).to.equal(false);
    // The old request keeps its other activity; the call is in exactly one request.
    const requests = await store.requestsOf(customerId);
    expect(requests.map((r) => r.status)).to.deep.equal(['open', 'open']);
    expect(after.journey.some((e) => e.id === after.request!.id)).to.equal(true);
    // Pressing again does nothing more.
    expect((await session.startNewRequest(customerId)).ok).to.equal(false);
    expect(await store.requestsOf(customerId)).to.have.length(2);
  });

  it('left empty, the new request is closed at Close, as a request R2.5 created', async () => {
    await call();
    await session.startNewRequest(customerId);
    const made = session.workspace(customerId)!.request!.id;
    await session.close(customerId);
    expect((await store.get('request', made))!.status).to.equal('closed');
    expect((await store.get('request', oldRequestId))!.status).to.equal('open');
  });

  it('is not offered once the agent typed or saved on that request; typing after pressing goes onto the new one', async () => {
    await call();
    session.editRequest(customerId, { description: 'Still rebooting' });
    expect(session.newRequestOffer(session.workspace(customerId)!)).to.equal(null);
    expect((await session.startNewRequest(customerId)).ok).to.equal(false);
    await session.save(customerId);
    expect(session.workspace(customerId)!.request!.description).to.equal('Still rebooting');
    expect(session.newRequestOffer(session.workspace(customerId)!), 'saved there: the offer is gone').to.equal(null);
    expect((await store.activityByInteraction('c1'))!.requestId).to.equal(oldRequestId);

    // Another customer, another call: the agent types while the move is on its way.
    const bo = (await store.create('customer', customer({ name: 'Bo', phones: ['555 0002'] }), { by: 'x' })).id;
    const boRequest = (await store.create('request', request(bo, { title: 'Bill' }), { by: 'x' })).id;
    session.receive(started('c2', '5550002'));
    await until(session, () => session.workspace(bo)?.activity?.interactionId === 'c2');
    const moving = session.startNewRequest(bo);
    session.editRequest(bo, { title: 'Card stolen' });
    expect((await moving).ok).to.equal(true);
    const w = session.workspace(bo)!;
    expect(w.request!.id).to.not.equal(boRequest);
    expect(w.requestDraft!.title, 'what was typed meanwhile stays, on the new request').to.equal('Card stolen');
    expect((await store.get('request', boRequest))!.title).to.equal('Bill');
  });

  it('refused when another agent changed the activity meanwhile: nothing moves and the request made for it is closed', async () => {
    await call();
    const other = new IndexedDbStore({ name: store.name });
    try {
      const current = (await other.activityByInteraction('c1'))!;
      const { requestId, channel, interactionId, at, subject, notes } = current;
      await other.update('activity', current.id, current.rev, activity(customerId, { requestId, channel, interactionId, at, subject, notes, tags: ['theirs'] }), { by: 'agent-2' });
      const outcome = await session.startNewRequest(customerId);
      expect(outcome).to.include({ ok: false, reason: 'conflict' });
      const interaction = session.workspace(customerId)!.interaction!;
      const made = await store.get('request', newRequestId('agent-1', interaction));
      expect(made?.status, 'the request made for the move is closed').to.equal('closed');
      expect((await store.activityByInteraction('c1'))!.requestId).to.equal(oldRequestId);
      expect(session.workspace(customerId)!.busy).to.equal(false);
    } finally {
      other.close();
    }
  });

  it('a reload between the two writes: pressing again meets the same new request; closing instead closes it as empty', async () => {
    await call();
    const interaction = session.workspace(customerId)!.interaction!;
    // The first write landed (the new request), then the tab reloaded before the activity moved.
    const half = newRequestId('agent-1', interaction);
    await store.create('request', request(customerId, { title: '', openedAt: '2026-11-22T10:01:00.000Z' }), { by: 'agent-1', id: half });
    session.dispose();
    session = make();
    await session.restore();
    expect(session.newRequestOffer(session.workspace(customerId)!)?.id, 'still offered after the reload').to.equal(oldRequestId);
    expect((await session.startNewRequest(customerId)).ok).to.equal(true);
    expect(session.workspace(customerId)!.request!.id).to.equal(half);
    expect(await store.requestsOf(customerId), 'no second new request').to.have.length(2);

    // The same half-done move, and the agent closes instead of pressing again.
    const second = await store.create('customer', customer({ name: 'Cy', phones: ['555 0003'] }), { by: 'x' });
    const cyRequest = await store.create('request', request(second.id), { by: 'x' });
    session.receive(started('c3', '5550003'));
    await until(session, () => session.workspace(second.id)?.activity?.interactionId === 'c3');
    const orphan = newRequestId('agent-1', session.workspace(second.id)!.interaction!);
    await store.create('request', request(second.id, { title: '', openedAt: '2026-11-22T10:02:00.000Z' }), { by: 'agent-1', id: orphan });
    await session.close(second.id);
    await session.idle();
    expect((await store.get('request', orphan))!.status, 'R2.5 never files a later contact into it').to.equal('closed');
    expect((await store.get('request', cyRequest.id))!.status).to.equal('open');
    expect((await store.activityByInteraction('c3'))!.requestId).to.equal(cyRequest.id);
  });

  it('Care mode: Accept with "new" puts the contact in a new request; without a choice R2.5 decides', async () => {
    session.receive({ type: 'interaction.offered', interactionId: 'q1', channel: 'voice', from: { phone: '5550001' }, at: AT });
    session.receive({ type: 'interaction.offered', interactionId: 'q2', channel: 'chat', from: { phone: '5550001' }, at: AT });
    expect((await session.accept('q1', 'new')).ok).to.equal(true);
    await session.idle();
    const first = (await store.activityByInteraction('q1'))!;
    expect(first.requestId).to.not.equal(oldRequestId);
    await session.close(customerId, 'discard');
    expect((await session.accept('q2')).ok).to.equal(true);
    await session.idle();
    // R2.5: the most recently opened open request — the one q1 made (left empty, it was closed at Close), so the older one.
    expect((await store.activityByInteraction('q2'))!.requestId).to.equal(oldRequestId);
  });
});
