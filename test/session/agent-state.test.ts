import { expect } from '@open-wc/testing';
import type { HostEventError } from '../../src/model/index.js';
import { AgentStateMachine, DEFAULT_OFFER_TIMEOUT_MS, type AgentStateChange, type Clock, type TaskOffer } from '../../src/session/agent-state.js';
import { DraftStore } from '../../src/session/drafts.js';
import { AgentSession } from '../../src/session/session.js';
import type { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { activity, customer, freshStore, request } from '../helpers/data.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { MemoryStorage, until } from '../helpers/session.js';

const AT = '2026-11-22T10:00:00.000Z';
const task = (id: string, overrides: Partial<TaskOffer> = {}): TaskOffer => ({
  interactionId: id,
  channel: 'chat',
  from: { chatId: `guest-${id}` },
  at: AT,
  ...overrides,
});

describe('AgentStateMachine (R9)', () => {
  let clock: FakeClock;
  let machine: AgentStateMachine;
  let changes: AgentStateChange[];

  beforeEach(() => {
    clock = new FakeClock();
    machine = new AgentStateMachine({ clock });
    changes = [];
    machine.subscribe((change) => changes.push(change));
  });
  afterEach(() => machine.dispose());

  const stateChanges = () => changes.filter((c) => c.type === 'state');

  it('starts Not Ready with a 15-second offer time; the agent sets Ready (R9.1)', () => {
    expect(machine.state).to.equal('not-ready');
    expect([machine.snapshot.offerTimeoutMs, DEFAULT_OFFER_TIMEOUT_MS]).to.deep.equal([15_000, 15_000]);
    expect(machine.setState('ready', 'agent')).to.equal(true);
    expect(machine.setState('ready', 'agent')).to.equal(false);
    expect(machine.snapshot.reason).to.equal('agent');
    expect(stateChanges()).to.deep.equal([{ type: 'state', state: 'ready', reason: 'agent' }]);
  });

  it('a task offered without autoAssigned waits in the Queue with no countdown', () => {
    machine.setState('ready', 'agent');
    expect(machine.offer(task('q1'))).to.equal(true);
    expect(machine.offer(task('q1'))).to.equal(false);
    const [queued] = machine.queue;
    expect([queued!.status, queued!.deadline]).to.deep.equal(['queued', null]);
    expect(clock.pending).to.equal(0);
    clock.tick(60_000);
    expect(machine.state).to.equal('ready');
  });

  it('R9.4: an automatic offer accepted at 14.9 s moves In progress and the agent stays Ready', () => {
    machine.setState('ready', 'agent');
    machine.offer(task('a1', { autoAssigned: true }));
    expect(machine.task('a1')!.status).to.equal('offered');
    expect(machine.secondsLeft('a1')).to.equal(15);
    clock.tick(14_900);
    expect(machine.secondsLeft('a1')).to.equal(1);
    const result = machine.accept('a1');
    expect(result.ok).to.equal(true);
    expect(machine.task('a1')!.status).to.equal('in-progress');
    expect(machine.inProgress.map((t) => t.interactionId)).to.deep.equal(['a1']);
    expect(clock.pending).to.equal(0);
    clock.tick(10_000);
    expect(machine.state).to.equal('ready');
    expect(changes.some((c) => c.type === 'accepted' && c.task.interactionId === 'a1')).to.equal(true);
  });

  it('R9.4: at 15 s the agent is Not Ready (offer-timeout) and the task is back in the Queue, no longer auto-offered', () => {
    machine.setState('ready', 'agent');
    machine.offer(task('a2', { autoAssigned: true }));
    clock.tick(14_999);
    expect(machine.state).to.equal('ready');
    clock.tick(1);
    expect(machine.state).to.equal('not-ready');
    expect(machine.snapshot.reason).to.equal('offer-timeout');
    expect(stateChanges().at(-1)).to.deep.equal({ type: 'state', state: 'not-ready', reason: 'offer-timeout' });
    const back = machine.task('a2')!;
    expect([back.status, back.deadline, back.timedOut]).to.deep.equal(['queued', null, true]);
    expect(machine.queue.map((t) => t.interactionId)).to.deep.equal(['a2']);

    machine.setState('ready', 'agent');
    expect(machine.task('a2')!.status).to.equal('queued');
    expect(clock.pending).to.equal(0);
    expect(machine.accept('a2').ok).to.equal(true);
  });

  it('a timeout whose timer fires late still applies before Accept (timers are never early, but may be late)', () => {
    const lazy: Clock & { time: number } = { time: 0, now: () => lazy.time, setTimeout: () => 1, clearTimeout: () => undefined };
    const m = new AgentStateMachine({ clock: lazy });
    m.setState('ready', 'agent');
    m.offer(task('late', { autoAssigned: true }));
    lazy.time = 15_000;
    const result = m.accept('late');
    expect(result.ok).to.equal(true);
    expect([m.state, m.snapshot.reason]).to.deep.equal(['not-ready', 'offer-timeout']);
    m.dispose();
  });

  it('the offer time is configurable; 0 turns the countdown off', () => {
    const short = new AgentStateMachine({ clock, offerTimeoutMs: 5_000 });
    short.setState('ready', 'agent');
    short.offer(task('s1', { autoAssigned: true }));
    clock.tick(5_000);
    expect([short.state, short.snapshot.reason]).to.deep.equal(['not-ready', 'offer-timeout']);
    short.setOfferTimeout(0);
    short.setState('ready', 'agent');
    short.offer(task('s2', { autoAssigned: true }));
    expect(short.task('s2')!.status).to.equal('queued');
    clock.tick(60_000);
    expect(short.state).to.equal('ready');
    short.dispose();
  });

  it('R9.1: Not Ready stops automatic offers: none starts, and a running countdown stops', () => {
    machine.offer(task('n1', { autoAssigned: true }));
    expect(machine.task('n1')!.status).to.equal('queued');
    expect(clock.pending).to.equal(0);

    machine.setState('ready', 'agent');
    machine.offer(task('n2', { autoAssigned: true }));
    machine.offer(task('n3', { autoAssigned: true }));
    clock.tick(5_000);
    machine.setState('not-ready', 'agent');
    expect(machine.queue.map((t) => [t.interactionId, t.status])).to.deep.equal([
      ['n1', 'queued'],
      ['n2', 'queued'],
      ['n3', 'queued'],
    ]);
    clock.tick(30_000);
    expect([machine.state, machine.snapshot.reason]).to.deep.equal(['not-ready', 'agent']);
  });

  it('one timeout stops every other countdown too', () => {
    machine.setState('ready', 'agent');
    machine.offer(task('m1', { autoAssigned: true }));
    clock.tick(3_000);
    machine.offer(task('m2', { autoAssigned: true }));
    clock.tick(12_000);
    expect(machine.state).to.equal('not-ready');
    expect(machine.queue.map((t) => [t.status, t.timedOut])).to.deep.equal([
      ['queued', true],
      ['queued', false],
    ]);
    expect(clock.pending).to.equal(0);
    expect(stateChanges().filter((c) => c.type === 'state' && c.reason === 'offer-timeout')).to.have.length(1);
  });

  it('a withdrawn task disappears and its countdown with it', () => {
    machine.setState('ready', 'agent');
    machine.offer(task('w1', { autoAssigned: true }));
    machine.offer(task('w2'));
    expect(machine.withdraw('w1')).to.equal(true);
    expect(machine.withdraw('w1')).to.equal(false);
    expect(machine.queue.map((t) => t.interactionId)).to.deep.equal(['w2']);
    clock.tick(20_000);
    expect(machine.state).to.equal('ready');
  });

  it('R9.5: one voice call at a time; chats and emails are not limited', () => {
    machine.offer(task('v1', { channel: 'voice', from: { phone: '1' } }));
    machine.offer(task('v2', { channel: 'voice', from: { phone: '2' } }));
    machine.offer(task('c1'));
    machine.offer(task('e1', { channel: 'email', from: { email: 'e@x.io' } }));
    machine.offer(task('c2'));
    expect(machine.accept('v1').ok).to.equal(true);
    expect(machine.onCall).to.equal(true);
    expect(machine.canAccept('v2')).to.deep.equal({ ok: false, reason: 'voice-busy' });
    expect(machine.accept('v2')).to.deep.equal({ ok: false, reason: 'voice-busy' });
    expect(machine.task('v2')!.status).to.equal('queued');
    expect(machine.accept('c1').ok).to.equal(true);
    expect(machine.accept('e1').ok).to.equal(true);
    expect(machine.accept('c2').ok).to.equal(true);
    expect(machine.accept('v1')).to.deep.equal({ ok: false, reason: 'in-progress' });
    expect(machine.accept('nope')).to.deep.equal({ ok: false, reason: 'unknown-task' });

    machine.end('v1');
    expect(machine.inProgress.map((t) => t.interactionId)).to.include('v1');
    expect(machine.canAccept('v2').ok).to.equal(true);
    expect(machine.accept('v2').ok).to.equal(true);
    machine.complete('v2');
    expect(machine.inProgress.map((t) => t.interactionId)).to.deep.equal(['v1', 'c1', 'e1', 'c2']);
  });

  it('a call started by the host counts too, and an automatic voice offer during a call gets no countdown', () => {
    machine.setState('ready', 'agent');
    machine.start(task('h1', { channel: 'voice', from: { phone: '9' } }));
    machine.offer(task('h2', { channel: 'voice', from: { phone: '8' }, autoAssigned: true }));
    expect(machine.task('h2')!.status).to.equal('queued');
    expect(machine.canAccept('h2')).to.deep.equal({ ok: false, reason: 'voice-busy' });
    clock.tick(20_000);
    expect(machine.state).to.equal('ready');
    machine.offer(task('h3', { autoAssigned: true }));
    expect(machine.task('h3')!.status).to.equal('offered');
  });

  it('taking a call stops the countdown of another offered call (it could not be accepted any more)', () => {
    machine.setState('ready', 'agent');
    machine.offer(task('o1', { channel: 'voice', from: { phone: '1' }, autoAssigned: true }));
    machine.offer(task('o2', { channel: 'voice', from: { phone: '2' }, autoAssigned: true }));
    machine.offer(task('o3', { autoAssigned: true }));
    clock.tick(3_000);
    expect(machine.accept('o1').ok).to.equal(true);
    expect(machine.queue.map((t) => [t.interactionId, t.status])).to.deep.equal([
      ['o2', 'queued'],
      ['o3', 'offered'],
    ]);
    clock.tick(11_000);
    expect(machine.accept('o3').ok).to.equal(true);
    clock.tick(60_000);
    expect(machine.state).to.equal('ready');
  });

  it('host changes are mirrored with reason host, and stop countdowns when Not Ready', () => {
    machine.setState('ready', 'host', 'Available');
    expect([machine.state, machine.snapshot.reason, machine.snapshot.hostReason]).to.deep.equal(['ready', 'host', 'Available']);
    machine.offer(task('x1', { autoAssigned: true }));
    machine.setState('not-ready', 'host', 'Lunch');
    expect(machine.snapshot.hostReason).to.equal('Lunch');
    expect(machine.task('x1')!.status).to.equal('queued');
    expect(stateChanges().map((c) => c.type === 'state' && c.reason)).to.deep.equal(['host', 'host']);
  });
});

describe('AgentSession in Customer Care mode (R9)', () => {
  let store: IndexedDbStore;
  let clock: FakeClock;
  let session: AgentSession;
  let errors: HostEventError[];

  const offer = (id: string, from: Record<string, string>, extra: Record<string, unknown> = {}) => ({
    type: 'interaction.offered',
    interactionId: id,
    channel: 'voice',
    from,
    subject: 'Billing question',
    at: AT,
    ...extra,
  });

  beforeEach(() => {
    store = freshStore();
    clock = new FakeClock();
    errors = [];
    session = new AgentSession(store, {
      agentId: 'agent-1',
      drafts: new DraftStore('agent-1', 'test', new MemoryStorage()),
      hooks: { error: (e) => errors.push(e) },
      clock,
    });
  });
  afterEach(async () => {
    session.dispose();
    await store.destroy();
  });

  it('offers wait in the Queue and name their customer; withdrawn ones disappear', async () => {
    const ana = await store.create('customer', customer({ name: 'Ana', phones: ['600 1'] }), { by: 'x' });
    expect(session.receive(offer('o1', { phone: '6001' })).ok).to.equal(true);
    expect(session.receive(offer('o2', { phone: '999' })).ok).to.equal(true);
    expect(session.state.tasks.map((t) => t.interactionId)).to.deep.equal(['o1', 'o2']);
    expect(session.state.offers.map((o) => o.interactionId)).to.deep.equal(['o1', 'o2']);
    await until(session, () => session.state.tasks.every((t) => t.customer !== undefined));
    expect(session.state.tasks.map((t) => t.customer?.id ?? null)).to.deep.equal([ana.id, null]);

    expect(session.receive({ type: 'interaction.withdrawn', interactionId: 'o1' }).ok).to.equal(true);
    expect(session.state.tasks.map((t) => t.interactionId)).to.deep.equal(['o2']);
    expect(session.receive({ type: 'interaction.withdrawn', interactionId: 'o1' }).ok).to.equal(false);
    expect(errors.map((e) => e.code)).to.deep.equal(['out-of-order']);
  });

  it('R9.2: preview shows customer, request and journey, and writes nothing', async () => {
    const ana = await store.create('customer', customer({ name: 'Ana', phones: ['700'] }), { by: 'x' });
    const older = await store.create('request', request(ana.id, { title: 'Older', openedAt: '2026-01-01T00:00:00.000Z' }), { by: 'x' });
    const newer = await store.create('request', request(ana.id, { title: 'Newer', openedAt: '2026-03-01T00:00:00.000Z' }), { by: 'x' });
    await store.create('activity', activity(ana.id, { requestId: older.id, subject: 'First call' }), { by: 'x' });
    session.receive(offer('p1', { phone: '700' }));
    const preview = (await session.preview('p1'))!;
    expect(preview.customer?.id).to.equal(ana.id);
    expect(preview.request?.id).to.equal(newer.id);
    expect(preview.activity).to.equal(null);
    expect(preview.journey.map((e) => (e.type === 'activity' ? e.subject : e.title))).to.have.members(['First call', 'Older', 'Newer']);
    expect(await store.activityByInteraction('p1')).to.equal(undefined);
    expect(await store.requestsOf(ana.id)).to.have.length(2);
    expect(await store.countActivities(ana.id)).to.equal(1);
    expect(session.state.open).to.have.length(0);
    expect(session.state.tasks[0]!.status).to.equal('queued');
    expect(await session.preview('nope')).to.equal(undefined);
  });

  it('R9.3 + R2.5: Accept with no open request creates one and opens the workspace', async () => {
    const bob = await store.create('customer', customer({ name: 'Bob', phones: ['701'] }), { by: 'x' });
    await store.create('request', request(bob.id, { status: 'closed', closedAt: '2026-02-01T00:00:00.000Z' }), { by: 'x' });
    session.receive(offer('r0', { phone: '701' }));
    const outcome = await session.accept('r0');
    expect(outcome.ok).to.equal(true);
    const ws = outcome.ok ? outcome.workspace! : undefined;
    expect(ws?.key).to.equal(bob.id);
    expect(session.state.activeKey).to.equal(bob.id);
    expect(ws?.request?.status).to.equal('open');
    expect(ws?.request?.title).to.equal('Billing question');
    expect(ws?.activity?.requestId).to.equal(ws?.request?.id);
    expect((await store.requestsOf(bob.id)).filter((r) => r.status === 'open')).to.have.length(1);
    expect(session.state.tasks.map((t) => [t.interactionId, t.status])).to.deep.equal([['r0', 'in-progress']]);
    expect(session.state.offers).to.deep.equal([]);
  });

  it('R9.3 + R2.5: Accept with several open requests uses the most recently opened one', async () => {
    const cy = await store.create('customer', customer({ name: 'Cy', emails: ['cy@x.io'] }), { by: 'x' });
    await store.create('request', request(cy.id, { title: 'A', openedAt: '2026-01-01T00:00:00.000Z' }), { by: 'x' });
    const latest = await store.create('request', request(cy.id, { title: 'B', openedAt: '2026-05-01T00:00:00.000Z' }), { by: 'x' });
    await store.create('request', request(cy.id, { title: 'C', openedAt: '2026-03-01T00:00:00.000Z' }), { by: 'x' });
    session.receive(offer('r2', { email: 'CY@x.io' }, { channel: 'email' }));
    const outcome = await session.accept('r2');
    expect(outcome.ok && outcome.workspace?.request?.id).to.equal(latest.id);
    expect((await store.activityByInteraction('r2'))?.requestId).to.equal(latest.id);
    expect(await store.requestsOf(cy.id)).to.have.length(3);
  });

  it('Accept on an unknown contact opens the Create form (R1.2), inventing nobody', async () => {
    session.receive(offer('u1', { phone: '+1 555 0100', name: 'Zoe' }));
    const outcome = await session.accept('u1');
    expect(outcome.ok && outcome.workspace?.key).to.equal('new:u1');
    expect(session.closeQuestion('new:u1')).to.equal('create-customer');
    expect(await store.findByContact({ phone: '+1 555 0100' })).to.deep.equal([]);
  });

  it('R9.4: the timeout switches the session Not Ready and keeps the task in the Queue', () => {
    session.receive({ type: 'agent.state', state: 'ready' });
    expect([session.state.agentState, session.state.agentStateReason]).to.deep.equal(['ready', 'host']);
    session.setAgentState('not-ready');
    session.setAgentState('ready');
    expect(session.state.agentStateReason).to.equal('agent');
    session.receive(offer('t1', { phone: '1' }, { autoAssigned: true }));
    expect(session.state.tasks[0]!.status).to.equal('offered');
    clock.tick(15_000);
    expect([session.state.agentState, session.state.agentStateReason]).to.deep.equal(['not-ready', 'offer-timeout']);
    expect(session.state.offers.map((o) => o.interactionId)).to.deep.equal(['t1']);
  });

  it('R9.5: a second call is refused until the first one ends; the host confirming an accepted call changes nothing', async () => {
    const dee = await store.create('customer', customer({ name: 'Dee', phones: ['702'] }), { by: 'x' });
    session.receive(offer('c1', { phone: '702' }));
    session.receive(offer('c2', { phone: '703' }));
    session.receive(offer('m1', { chatId: 'dee' }, { channel: 'chat' }));
    expect((await session.accept('c1')).ok).to.equal(true);
    expect(await session.accept('c2')).to.deep.equal({ ok: false, reason: 'voice-busy' });
    expect((await session.accept('m1')).ok).to.equal(true);

    const confirm = session.receive({ type: 'interaction.started', interactionId: 'c1', channel: 'voice', from: { phone: '702' }, at: AT });
    expect(confirm.ok).to.equal(true);
    expect(session.state.open.filter((w) => w.interaction?.interactionId === 'c1')).to.have.length(1);
    expect(errors).to.deep.equal([]);

    expect(session.receive({ type: 'interaction.ended', interactionId: 'c1' }).ok).to.equal(true);
    expect((await session.accept('c2')).ok).to.equal(true);
    await session.close(dee.id, 'discard');
    expect(session.state.tasks.map((t) => t.interactionId)).to.deep.equal(['c2', 'm1']);
  });

  it('after a reload, interactions still open are In progress again (the one-call rule holds)', async () => {
    const storage = new MemoryStorage();
    const first = new AgentSession(store, { agentId: 'agent-2', drafts: new DraftStore('agent-2', 'test', storage), clock });
    await store.create('customer', customer({ name: 'Eve', phones: ['704'] }), { by: 'x' });
    first.receive(offer('k1', { phone: '704' }));
    await first.accept('k1');
    first.dispose();
    const again = new AgentSession(store, { agentId: 'agent-2', drafts: new DraftStore('agent-2', 'test', storage), clock });
    await again.restore();
    expect(again.state.tasks.map((t) => [t.interactionId, t.status])).to.deep.equal([['k1', 'in-progress']]);
    again.receive(offer('k2', { phone: '705' }));
    expect(await again.accept('k2')).to.deep.equal({ ok: false, reason: 'voice-busy' });
    again.dispose();
  });
});
