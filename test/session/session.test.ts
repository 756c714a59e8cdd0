import { expect } from '@open-wc/testing';
import type { HostEventError } from '../../src/model/index.js';
import { DraftStore } from '../../src/session/drafts.js';
import { AgentSession, mergeJourney, upsertEntry } from '../../src/session/session.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { activity, customer, freshStore, request } from '../helpers/data.js';
import { MemoryStorage, until } from '../helpers/session.js';

const call = (id: string, from: Record<string, string>) => ({
  type: 'interaction.started',
  interactionId: id,
  channel: 'voice',
  from,
  at: '2026-11-22T10:00:00Z',
});

describe('AgentSession', () => {
  let store: IndexedDbStore;
  let storage: MemoryStorage;
  let errors: HostEventError[];
  let session: AgentSession;
  const make = (s: IndexedDbStore, agentId = 'agent-1') =>
    new AgentSession(s, { agentId, drafts: new DraftStore(agentId, 'test', storage), hooks: { error: (e) => errors.push(e) } });

  beforeEach(() => {
    store = freshStore();
    storage = new MemoryStorage();
    errors = [];
    session = make(store);
  });
  afterEach(async () => {
    session.dispose();
    await store.destroy();
  });

  it('R4.2: a call that files into another request never drops unsaved input on the request in the work area', async () => {
    const ola = await store.create('customer', customer({ name: 'Ola', phones: ['2468'] }), { by: 'x' });
    const closed = await store.create('request', request(ola.id, { title: 'Old', status: 'closed', closedAt: '2026-01-11T09:00:00.000Z' }), { by: 'x' });
    await store.create('activity', activity(ola.id, { requestId: closed.id }), { by: 'x' });
    // Reopened from Recent: the latest activity's (closed) request; the agent types on it.
    await session.reopen(ola.id);
    expect(session.workspace(ola.id)!.request!.id).to.equal(closed.id);
    session.editRequest(ola.id, { description: 'Typed, not saved' });
    // The customer calls: no request is open, so R2.5 creates one for the call.
    session.receive({ type: 'interaction.started', interactionId: 'c-keep', channel: 'voice', from: { phone: '2468' }, at: '2026-11-22T10:00:00.000Z' });
    await until(session, () => session.workspace(ola.id)?.interaction?.interactionId === 'c-keep');
    const ws = session.workspace(ola.id)!;
    expect(ws.request!.id).to.equal(closed.id);
    expect(ws.requestDraft!.description).to.equal('Typed, not saved');
    const created = ws.journey.find((e) => e.type === 'request' && e.id !== closed.id);
    expect(created, 'the call\'s new request is in the journey').to.not.equal(undefined);
  });

  it('R1.1: a call from a known number opens the customer with the interaction in the journey', async () => {
    const ana = await store.create('customer', customer({ phones: ['+34 600 123 456'] }), { by: 'x' });
    expect(session.receive(call('c1', { phone: '34600123456' }))).to.deep.equal({ ok: true });
    await until(session, () => (session.workspace(ana.id)?.journey.length ?? 0) > 0);
    const ws = session.workspace(ana.id)!;
    expect(session.state.activeKey).to.equal(ana.id);
    expect(ws.activity?.interactionId).to.equal('c1');
    expect(ws.request?.status).to.equal('open');
    expect(ws.journey.some((e) => e.type === 'activity' && e.interactionId === 'c1')).to.equal(true);
  });

  it('R1.2: an unknown contact offers Create and never invents a customer', async () => {
    session.receive(call('c2', { phone: '+1 555 0199', name: 'Zoe' }));
    await until(session, () => session.state.open.length === 1);
    const ws = session.state.open[0]!;
    expect(ws.key).to.equal('new:c2');
    expect(ws.customer).to.equal(null);
    expect(ws.customerDraft.name).to.equal('Zoe');
    expect(ws.customerDraft.phones).to.deep.equal(['+1 555 0199']);
    expect(await store.search('zoe')).to.deep.equal([]);
    expect(session.closeQuestion('new:c2')).to.equal('create-customer');
  });

  it('R5.2 + R2.5: creating the customer saves the request and tags typed before', async () => {
    session.receive(call('c3', { email: 'new@example.com' }));
    await until(session, () => session.state.open.length === 1);
    session.editRequest('new:c3', { title: 'Cannot log in' });
    session.editActivity('new:c3', { tags: ['Login'] });
    session.editCustomer('new:c3', { ...session.workspace('new:c3')!.customerDraft, name: 'Nina New' });
    const outcome = await session.createCustomer('new:c3');
    expect(outcome.ok).to.equal(true);
    const ws = session.state.open[0]!;
    expect(ws.customer?.name).to.equal('Nina New');
    expect(ws.key).to.equal(ws.customer!.id);
    const saved = await store.requestsOf(ws.customer!.id);
    expect(saved.map((r) => r.title)).to.deep.equal(['Cannot log in']);
    const act = await store.activityByInteraction('c3');
    expect(act?.tags).to.deep.equal(['Login']);
    expect(act?.requestId).to.equal(saved[0]!.id);
    expect(session.isDirty(ws)).to.equal(false);
  });

  it('R1.3: malformed, unknown and out-of-order events are refused and change nothing', async () => {
    const before = session.state;
    const bad = [
      null,
      { type: 'nope' },
      { ...call('x', {}), channel: 'fax' },
      { type: 'interaction.ended', interactionId: 'never-started' },
      { type: 'interaction.withdrawn', interactionId: 'never-offered' },
    ];
    for (const event of bad) expect(session.receive(event).ok).to.equal(false);
    expect(errors.map((e) => e.code)).to.deep.equal(['invalid-event', 'unknown-event', 'invalid-event', 'out-of-order', 'out-of-order']);
    expect(session.state).to.equal(before);
    session.receive(call('d1', { phone: '1' }));
    const again = session.receive(call('d1', { phone: '1' }));
    expect(again.ok).to.equal(false);
    if (!again.ok) expect(again.error.code).to.equal('out-of-order');
  });

  it('R6.3: Close with Discard leaves without creating a customer', async () => {
    session.receive(call('c4', { phone: '5550000' }));
    await until(session, () => session.state.open.length === 1);
    expect((await session.close('new:c4')).ok).to.equal(false);
    const outcome = await session.close('new:c4', 'discard');
    expect(outcome.ok).to.equal(true);
    expect(session.state.open).to.have.length(0);
    expect(await store.findByContact({ phone: '5550000' })).to.deep.equal([]);
  });

  it('R6.3: Close on an unknown contact reports `created` whether the agent chose Create or Save', async () => {
    const closed: boolean[] = [];
    const hooked = new AgentSession(store, { agentId: 'agent-2', drafts: new DraftStore('agent-2', 'test', storage), hooks: { closed: (d) => closed.push(d.created) } });
    try {
      for (const [id, choice] of [['c5', 'create'], ['c6', 'save'], ['c7', 'discard']] as const) {
        hooked.receive(call(id, { phone: `55500001${id}` }));
        await until(hooked, () => hooked.state.open.some((w) => w.key === `new:${id}`));
        hooked.editCustomer(`new:${id}`, { ...hooked.workspace(`new:${id}`)!.customerDraft, name: `Name ${id}` });
        expect((await hooked.close(`new:${id}`, choice)).ok, choice).to.equal(true);
      }
      expect(closed).to.deep.equal([true, true, false]);
    } finally {
      hooked.dispose();
    }
  });

  it('R6.2 + R7.2 + R7.3: Save on close, then reopen from Recent with the latest activity editable', async () => {
    const ana = await store.create('customer', customer({ phones: ['600'] }), { by: 'x' });
    session.receive(call('c5', { phone: '600' }));
    await until(session, () => session.workspace(ana.id)?.activity != null);
    session.editRequest(ana.id, { description: 'Modem lights blink red' });
    expect(session.closeQuestion(ana.id)).to.equal('unsaved-changes');
    expect((await session.close(ana.id, 'save')).ok).to.equal(true);
    expect(session.state.recent.map((r) => r.customerId)).to.deep.equal([ana.id]);
    const [saved] = await store.requestsOf(ana.id);
    expect(saved!.description).to.equal('Modem lights blink red');

    const ws = await session.reopen(ana.id);
    expect(ws?.activity?.interactionId).to.equal('c5');
    expect(ws?.request?.id).to.equal(saved!.id);
    session.editActivity(ana.id, { tags: ['Modem'] });
    expect((await session.save(ana.id)).ok).to.equal(true);
    expect((await store.activityByInteraction('c5'))?.tags).to.deep.equal(['Modem']);
  });

  describe('R4: another agent changes the same record', () => {
    let other: IndexedDbStore;
    beforeEach(() => {
      other = new IndexedDbStore({ name: store.name });
    });
    afterEach(() => other.close());

    it('raises a caution at once, refuses to save over it, and Load merges field by field', async () => {
      const ana = await store.create('customer', customer({ phones: ['700'], address: 'Old street' }), { by: 'x' });
      await store.create('request', request(ana.id, { title: 'Base', description: 'Base text' }), { by: 'x' });
      session.receive(call('c6', { phone: '700' }));
      await until(session, () => session.workspace(ana.id)?.request != null);
      const req = session.workspace(ana.id)!.request!;

      session.editRequest(ana.id, { title: 'Mine' });
      await other.update('request', req.id, req.rev, { ...req, description: 'Theirs text' }, { by: 'agent-2' });
      await until(session, () => session.workspace(ana.id)!.cautions.length === 1);
      expect(session.workspace(ana.id)!.cautions[0]!.kind).to.equal('request');

      const refused = await session.save(ana.id);
      expect(refused).to.deep.equal({ ok: false, reason: 'caution' });
      expect((await store.get('request', req.id))!.description).to.equal('Theirs text');

      session.load(ana.id, 'request');
      const ws = session.workspace(ana.id)!;
      expect(ws.requestDraft!.title).to.equal('Mine');
      expect(ws.requestDraft!.description).to.equal('Theirs text');
      expect(ws.choices).to.deep.equal([]);
      expect((await session.save(ana.id)).ok).to.equal(true);
      const final = (await store.get('request', req.id))!;
      expect([final.title, final.description]).to.deep.equal(['Mine', 'Theirs text']);
    });

    it('shows fields both changed side by side and lets the agent choose', async () => {
      const ana = await store.create('customer', customer({ phones: ['701'] }), { by: 'x' });
      session.receive(call('c7', { phone: '701' }));
      await until(session, () => session.workspace(ana.id)?.customer != null);
      session.editCustomer(ana.id, { ...session.workspace(ana.id)!.customerDraft, name: 'Ana (mine)' });
      await other.update('customer', ana.id, ana.rev, { ...ana, name: 'Ana (theirs)' }, { by: 'agent-2' });
      await until(session, () => session.workspace(ana.id)!.cautions.length === 1);
      session.load(ana.id, 'customer');
      const choice = session.workspace(ana.id)!.choices[0]!;
      expect(choice.conflicts).to.deep.equal([{ field: 'name', mine: 'Ana (mine)', theirs: 'Ana (theirs)' }]);
      session.choose(ana.id, 'customer', 'name', 'theirs');
      expect(session.workspace(ana.id)!.customerDraft.name).to.equal('Ana (theirs)');
      expect(session.workspace(ana.id)!.choices).to.deep.equal([]);
    });

    it('refreshes silently a record with no unsaved input', async () => {
      const ana = await store.create('customer', customer({ phones: ['702'] }), { by: 'x' });
      session.receive(call('c8', { phone: '702' }));
      await until(session, () => session.workspace(ana.id)?.customer != null);
      await other.update('customer', ana.id, ana.rev, { ...ana, address: 'New road 1' }, { by: 'agent-2' });
      await until(session, () => session.workspace(ana.id)!.customerDraft.address === 'New road 1');
      expect(session.workspace(ana.id)!.cautions).to.deep.equal([]);
    });

    it('a save that races another agent becomes a caution, never an overwrite', async () => {
      const ana = await store.create('customer', customer({ phones: ['703'] }), { by: 'x' });
      session.receive(call('c9', { phone: '703' }));
      await until(session, () => session.workspace(ana.id)?.customer != null);
      session.dispose();
      const deaf = make(store);
      deaf.receive(call('c10', { phone: '703' }));
      await until(deaf, () => deaf.workspace(ana.id)?.customer != null);
      deaf.editCustomer(ana.id, { ...deaf.workspace(ana.id)!.customerDraft, name: 'Mine' });
      const base = deaf.workspace(ana.id)!.customer!;
      await other.update('customer', ana.id, base.rev, { ...base, name: 'Theirs' }, { by: 'agent-2' });
      const outcome = await deaf.save(ana.id);
      expect(outcome.ok).to.equal(false);
      expect((await store.get('customer', ana.id))!.name).to.equal('Theirs');
      expect(deaf.workspace(ana.id)!.cautions.map((c) => c.kind)).to.include('customer');
      deaf.dispose();
    });
  });

  it('drafts and Recent are kept per agent: host.context naming another agent brings back theirs, not the previous one\'s', async () => {
    const ana = await store.create('customer', customer({ name: 'Ana', phones: ['910'] }), { by: 'x' });
    const bob = await store.create('customer', customer({ name: 'Bob', phones: ['920'] }), { by: 'x' });
    // Agent A's page (a Finesse desktop sets no agent-id: the session starts as 'agent' and host.context names A).
    const pageA = new AgentSession(store, { drafts: new DraftStore('agent', 'test', storage) });
    expect(pageA.receive({ type: 'host.context', agentId: 'agent-a' }).ok).to.equal(true);
    pageA.receive(call('pa', { phone: '910' }));
    await until(pageA, () => pageA.workspace(ana.id)?.request != null);
    pageA.editRequest(ana.id, { title: 'A typed this' });
    pageA.dispose();

    // Agent B signs in on the same browser profile: nothing of A's shows.
    const pageB = new AgentSession(store, { drafts: new DraftStore('agent', 'test', storage) });
    await pageB.restore();
    pageB.receive({ type: 'host.context', agentId: 'agent-b' });
    pageB.receive(call('pb', { phone: '920' }));
    await until(pageB, () => pageB.workspace(bob.id)?.request != null);
    expect(pageB.state.open.map((w) => w.key)).to.deep.equal([bob.id]);
    expect((await pageB.close(bob.id, 'discard')).ok).to.equal(true);
    expect(pageB.state.recent.map((r) => r.customerId)).to.deep.equal([bob.id]);
    pageB.dispose();

    // A comes back: their unsaved title is there, B's Recent is not.
    const again = new AgentSession(store, { drafts: new DraftStore('agent', 'test', storage) });
    await again.restore();
    again.receive({ type: 'host.context', agentId: 'agent-a' });
    await until(again, () => again.workspace(ana.id) !== undefined);
    expect(again.workspace(ana.id)!.requestDraft!.title).to.equal('A typed this');
    expect(again.state.recent).to.deep.equal([]);
    again.dispose();
  });

  it('work begun before host.context moves to the named agent (once); a later host.context for another agent swaps the screen', async () => {
    const cy = await store.create('customer', customer({ name: 'Cy', phones: ['930'] }), { by: 'x' });
    const dee = await store.create('customer', customer({ name: 'Dee', phones: ['940'] }), { by: 'x' });
    // A call arrives before the host names the agent: it is begun under the placeholder id.
    const page = new AgentSession(store, { drafts: new DraftStore('agent', 'test', storage) });
    page.receive(call('early', { phone: '930' }));
    await page.idle();
    page.editRequest(cy.id, { title: 'Typed before host.context' });
    page.receive({ type: 'host.context', agentId: 'agent-a' });
    await page.idle();
    expect(page.workspace(cy.id)!.requestDraft!.title).to.equal('Typed before host.context');
    // Moved, not copied: the placeholder keeps nothing.
    expect(new DraftStore('agent', 'test', storage).loadWorkspaces().open).to.deep.equal([]);
    expect(new DraftStore('agent-a', 'test', storage).loadWorkspaces().open.map((w) => w.key)).to.deep.equal([cy.id]);

    // Agent B signs in on the same page: A's work leaves the screen and stays saved under A.
    page.receive({ type: 'host.context', agentId: 'agent-b' });
    await page.idle();
    expect(page.state.open).to.deep.equal([]);
    expect(page.state.agentState).to.equal('not-ready');
    expect(page.state.tasks).to.deep.equal([]);
    page.receive(call('b-call', { phone: '940' }));
    await page.idle();
    expect(page.state.open.map((w) => w.key)).to.deep.equal([dee.id]);
    expect(new DraftStore('agent-a', 'test', storage).loadWorkspaces().open.map((w) => w.key)).to.deep.equal([cy.id]);

    // A again: B's work leaves, A's typed title is back.
    page.receive({ type: 'host.context', agentId: 'agent-a' });
    await page.idle();
    expect(page.state.open.map((w) => w.key)).to.deep.equal([cy.id]);
    expect(page.workspace(cy.id)!.requestDraft!.title).to.equal('Typed before host.context');
    page.dispose();
  });

  it('unsaved input survives a reload, and a change made meanwhile raises a caution', async () => {
    const ana = await store.create('customer', customer({ phones: ['800'] }), { by: 'x' });
    session.receive(call('r1', { phone: '800' }));
    await until(session, () => session.workspace(ana.id)?.request != null);
    session.editRequest(ana.id, { title: 'Typed before reload' });
    const req = session.workspace(ana.id)!.request!;
    session.dispose();
    await store.update('request', req.id, req.rev, { ...req, description: 'changed while away' }, { by: 'agent-2' });

    const reloaded = make(store);
    await reloaded.restore();
    const ws = reloaded.workspace(ana.id)!;
    expect(reloaded.state.activeKey).to.equal(ana.id);
    expect(ws.requestDraft!.title).to.equal('Typed before reload');
    expect(ws.cautions.map((c) => c.kind)).to.deep.equal(['request']);
    expect(ws.journey.length).to.be.greaterThan(0);
    expect(reloaded.receive({ type: 'interaction.ended', interactionId: 'r1' }).ok).to.equal(true);
    reloaded.dispose();
  });

  it('a delivery conflict for an older activity never replaces the newer call\'s activity in the open work area', async () => {
    const gus = await store.create('customer', customer({ name: 'Gus', phones: ['970'] }), { by: 'x' });
    session.receive(call('gus-1', { phone: '970' }));
    await session.idle();
    const older = session.workspace(gus.id)!.activity!;
    session.receive(call('gus-2', { phone: '970' }));
    await session.idle();
    const newer = session.workspace(gus.id)!.activity!;
    expect(newer.id).not.to.equal(older.id);
    session.editActivity(gus.id, { tags: ['typing on the new call'] });
    const shown = await session.deliveryConflict({ kind: 'activity', id: older.id, mine: { ...older, tags: ['mine'] }, theirs: { ...older, tags: ['theirs'] } });
    expect(shown).to.equal(false);
    const ws = session.workspace(gus.id)!;
    expect(ws.activity!.id).to.equal(newer.id);
    expect(ws.activityDraft!.tags).to.deep.equal(['typing on the new call']);
    expect(ws.cautions).to.deep.equal([]);
  });

  it('a call the host ends while its work area is still opening opens as ended (and the previous call of that customer is untouched)', async () => {
    const fay = await store.create('customer', customer({ name: 'Fay', phones: ['960'] }), { by: 'x' });
    session.receive(call('fay-1', { phone: '960' }));
    await session.idle();
    expect(session.receive(call('fay-2', { phone: '960' })).ok).to.equal(true);
    // Ended before the store has answered for it.
    expect(session.receive({ type: 'interaction.ended', interactionId: 'fay-2' }).ok).to.equal(true);
    await session.idle();
    const ws = session.workspace(fay.id)!;
    expect(ws.interaction).to.deep.include({ interactionId: 'fay-2', ended: true });
  });

  it('a customer calling again: unsaved request input stays, the previous call\'s unsaved tags are saved to its activity', async () => {
    const eve = await store.create('customer', customer({ name: 'Eve', phones: ['950'] }), { by: 'x' });
    const saved: string[] = [];
    const hooked = new AgentSession(store, { agentId: 'agent-1', drafts: new DraftStore('agent-1', 'test', storage), hooks: { saved: (r) => saved.push(r.id) } });
    try {
      hooked.receive(call('first', { phone: '950' }));
      await hooked.idle();
      const firstActivity = hooked.workspace(eve.id)!.activity!;
      hooked.editRequest(eve.id, { title: 'Still typing this' });
      hooked.editActivity(eve.id, { tags: ['callback'] });

      hooked.receive(call('second', { phone: '950' }));
      await hooked.idle();
      const ws = hooked.workspace(eve.id)!;
      expect(ws.interaction!.interactionId).to.equal('second');
      expect(ws.requestDraft!.title).to.equal('Still typing this');
      expect(ws.activity!.interactionId).to.equal('second');
      expect(ws.activityDraft!.tags).to.deep.equal([]);
      expect((await store.get('activity', firstActivity.id))!.tags).to.deep.equal(['callback']);
      expect(saved).to.deep.equal([firstActivity.id]);
      expect(ws.journey.find((e) => e.id === firstActivity.id)).to.deep.include({ tags: ['callback'] });
    } finally {
      hooked.dispose();
    }
  });

  for (const order of ['the call first, then the restore', 'the call and the restore at once'] as const) {
    it(`a reload mid-call keeps what was typed when the host re-sends the call (${order})`, async () => {
      const ana = await store.create('customer', customer({ phones: ['810'] }), { by: 'x' });
      session.receive(call('rr1', { phone: '810' }));
      await until(session, () => session.workspace(ana.id)?.activity != null);
      session.editRequest(ana.id, { title: 'Typed before the reload' });
      session.editActivity(ana.id, { tags: ['billing'] });
      session.dispose();

      // The new page: a Finesse desktop re-sends the dialogs it has, here the same call.
      const reloaded = make(store);
      if (order === 'the call first, then the restore') {
        expect(reloaded.receive(call('rr1', { phone: '810' })).ok).to.equal(true);
        await until(reloaded, () => reloaded.workspace(ana.id)?.activity != null);
        expect(reloaded.workspace(ana.id)!.requestDraft!.title).not.to.equal('Typed before the reload');
        await reloaded.restore();
      } else {
        void reloaded.restore();
        expect(reloaded.receive(call('rr1', { phone: '810' })).ok).to.equal(true);
      }
      await reloaded.idle();
      const ws = reloaded.workspace(ana.id)!;
      expect(reloaded.state.open.map((w) => w.key)).to.deep.equal([ana.id]);
      expect(ws.requestDraft!.title).to.equal('Typed before the reload');
      expect(ws.activityDraft!.tags).to.deep.equal(['billing']);
      expect(ws.interaction?.interactionId).to.equal('rr1');
      // And it is what a second reload finds.
      reloaded.dispose();
      const third = make(store);
      await third.restore();
      expect(third.workspace(ana.id)!.requestDraft!.title).to.equal('Typed before the reload');
      third.dispose();
    });
  }

  it('pages the journey and merges requests into it in time order', async () => {
    const cid = 'customer:j';
    const acts = Array.from({ length: 3 }, (_, i) => ({
      ...activity(cid, { at: `2026-01-0${i + 1}T00:00:00.000Z` }),
      type: 'activity' as const, id: `activity:${i}`, rev: '1-a', createdAt: 'x', updatedAt: 'x', updatedBy: 'x',
    }));
    const req = { ...request(cid), type: 'request' as const, id: 'request:1', rev: '1-a', createdAt: '2026-01-02T12:00:00.000Z', updatedAt: 'x', updatedBy: 'x' };
    const journey = mergeJourney([acts[2]!, acts[1]!, acts[0]!], [req], false);
    expect(journey.map((e) => e.id)).to.deep.equal(['activity:2', 'request:1', 'activity:1', 'activity:0']);
    expect(mergeJourney([acts[2]!], [req], true).map((e) => e.id)).to.deep.equal(['activity:2']);
    const newer = { ...acts[0]!, id: 'activity:9', at: '2026-02-01T00:00:00.000Z' };
    expect(upsertEntry(journey, newer)[0]!.id).to.equal('activity:9');
  });
});
