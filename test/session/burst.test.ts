import { expect } from '@open-wc/testing';
import { sampleRecords, samplePhone } from '../../demo/sample-data.js';
import type { HostEventError } from '../../src/model/index.js';
import { DraftStore } from '../../src/session/drafts.js';
import { AT_ONCE, MAX_IN_FLIGHT } from '../../src/session/host-queue.js';
import { AgentSession } from '../../src/session/session.js';
import type { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { freshStore } from '../helpers/data.js';
import { MemoryStorage } from '../helpers/session.js';

/** Issue #20 item 3: a desktop reconnecting replays what it missed, 2,000 host events in one task. */

const KNOWN = 200;
const STARTED = 300;
const OFFERED = 600;
const at = '2026-12-01T09:00:00.000Z';

interface Replay {
  events: Array<{ event: Record<string, unknown>; ok: boolean }>;
  /** The interaction ids of the Care tasks once every event is acted on, in order (offers and started interactions). */
  tasks: string[];
  ended: Set<string>;
}

/**
 * 2,000 events, interleaved: 600 offers (400 of them withdrawn, 100 of those
 * withdrawn again: refused), 300 interactions started (200 known customers, 100
 * unknown contacts; 100 started twice: refused), 250 of them ended 25 steps
 * later, 100 ended that never started (refused), 150 agent states.
 */
function replay(): Replay {
  const events: Replay['events'] = [];
  const tasks: string[] = [];
  const ended = new Set<string>();
  const started = (i: number) => ({
    type: 'interaction.started',
    interactionId: `s-${i}`,
    channel: i % 2 ? 'chat' : 'email',
    from: i < KNOWN ? { phone: samplePhone(i) } : { email: `unknown${i}@example.net`, name: `Unknown ${i}` },
    subject: `Replayed ${i}`,
    at,
  });
  for (let i = 0; i < OFFERED; i++) {
    events.push({ event: { type: 'interaction.offered', interactionId: `o-${i}`, channel: 'chat', from: { chatId: `visitor-${i}` }, at, autoAssigned: false }, ok: true });
    tasks.push(`o-${i}`);
    if (i < STARTED) {
      events.push({ event: started(i), ok: true });
      tasks.push(`s-${i}`);
    }
    if (i < 100) {
      events.push({ event: started(i), ok: false });
      events.push({ event: { type: 'interaction.ended', interactionId: `never-${i}` }, ok: false });
    }
    if (i >= 25 && i - 25 < 250) {
      events.push({ event: { type: 'interaction.ended', interactionId: `s-${i - 25}`, at }, ok: true });
      ended.add(`s-${i - 25}`);
    }
    if (i >= 10 && i - 10 < 400) {
      events.push({ event: { type: 'interaction.withdrawn', interactionId: `o-${i - 10}` }, ok: true });
      tasks.splice(tasks.indexOf(`o-${i - 10}`), 1);
    }
    if (i >= 20 && i - 20 < 100) events.push({ event: { type: 'interaction.withdrawn', interactionId: `o-${i - 20}` }, ok: false });
    if (i < 150) events.push({ event: { type: 'agent.state', state: i % 2 ? 'not-ready' : 'ready' }, ok: true });
  }
  return { events, tasks, ended };
}

/** The Care tasks `events` leave, in order: an offer or a start adds one (once), a withdrawal removes it. */
function replayTasks(events: Replay['events']): string[] {
  const tasks: string[] = [];
  for (const { event, ok } of events) {
    if (!ok) continue;
    const id = event.interactionId as string;
    if (event.type === 'interaction.offered' || event.type === 'interaction.started') tasks.push(id);
    if (event.type === 'interaction.withdrawn') tasks.splice(tasks.indexOf(id), 1);
  }
  return tasks;
}

describe('a burst of host events (issue #20)', () => {
  let store: IndexedDbStore;
  let errors: HostEventError[];
  let session: AgentSession;

  before(async () => {
    // Seeded once: 200 known customers (`customer:burst-<i>`, phone `samplePhone(i)`).
    store = freshStore();
    await store.import([...sampleRecords({ customers: KNOWN, activities: KNOWN, prefix: 'burst', seed: 5 })]);
  });
  after(async () => {
    await store.destroy();
  });
  beforeEach(() => {
    errors = [];
    const agentId = `agent-${Math.random().toString(36).slice(2)}`;
    session = new AgentSession(store, { agentId, drafts: new DraftStore(agentId, 'test', new MemoryStorage()), hooks: { error: (e) => errors.push(e) } });
  });
  afterEach(() => session.dispose());

  it('2,000 events in one task: answered at once, acted on later in order, none lost or doubled', async () => {
    const { events, tasks, ended } = replay();
    expect(events.length).to.equal(2000);
    expect(replayTasks(events)).to.deep.equal(tasks);
    /** Every work area made current while the burst was worked through. */
    const current = new Set<string | null>();
    const off = session.subscribe(() => current.add(session.state.activeKey));
    const answers = events.map(({ event }) => session.receive(event).ok);
    // Every answer is the one the order of events calls for, although most of them were not acted on yet.
    expect(answers).to.deep.equal(events.map((e) => e.ok));
    expect(errors.map((e) => e.code)).to.deep.equal(events.filter((e) => !e.ok).map(() => 'out-of-order'));
    // Only the first events taken were acted on in the host's task (AT_ONCE of them, or fewer when
    // MAX_IN_FLIGHT interactions started among them); the rest wait for tasks of their own.
    const taken = events.filter((e) => e.ok);
    let first = 0;
    for (let starts = 0; first < AT_ONCE; first++) {
      if (taken[first]!.event.type === 'interaction.started' && ++starts > MAX_IN_FLIGHT) break;
    }
    const atOnce = replayTasks(taken.slice(0, first));
    expect(session.bursting, 'a burst').to.equal(true);
    expect(session.state.tasks.map((t) => t.interactionId), 'acted on at once').to.deep.equal(atOnce);
    expect(atOnce.length).to.be.lessThan(tasks.length);

    await session.idle();
    off();
    const state = session.state;
    expect(session.bursting, 'over').to.equal(false);
    // The screen did not flip through the work areas one by one: the first one opened, then the one of the
    // interaction that started last, as if the events had come one by one.
    const last = Number((taken.findLast((e) => e.event.type === 'interaction.started')!.event as { interactionId: string }).interactionId.slice(2));
    expect(state.activeKey).to.equal(last < KNOWN ? `customer:burst-${last}` : `new:s-${last}`);
    current.delete(null);
    expect(current.size, [...current].join(', ')).to.equal(2);
    expect([...current].at(-1)).to.equal(state.activeKey);
    // Care: every offer and interaction once, in the order they came, the withdrawn ones gone, the ended ones ended.
    expect(state.tasks.map((t) => t.interactionId)).to.deep.equal(tasks);
    for (const task of state.tasks) {
      expect(task.status, task.interactionId).to.equal(task.interactionId.startsWith('s-') ? 'in-progress' : 'queued');
      expect(task.ended, task.interactionId).to.equal(ended.has(task.interactionId));
    }
    expect(state.agentState).to.equal('not-ready');
    // One work area per interaction started, on the right customer, ended exactly when the host ended it.
    expect(state.open.length).to.equal(STARTED);
    const byInteraction = new Map(state.open.map((w) => [w.interaction?.interactionId, w]));
    expect(byInteraction.size).to.equal(STARTED);
    for (let i = 0; i < STARTED; i++) {
      const w = byInteraction.get(`s-${i}`);
      expect(w, `s-${i}`).to.not.equal(undefined);
      expect(w!.key, `s-${i}`).to.equal(i < KNOWN ? `customer:burst-${i}` : `new:s-${i}`);
      expect(w!.customer?.id ?? null, `s-${i}`).to.equal(i < KNOWN ? `customer:burst-${i}` : null);
      expect(w!.interaction!.ended, `s-${i}`).to.equal(ended.has(`s-${i}`));
    }
    // Each known customer's interaction filed once: one activity per interaction in the store.
    for (let i = 0; i < KNOWN; i += 37) {
      const activities = await store.activitiesOf(`customer:burst-${i}`);
      expect(activities.filter((a) => a.interactionId === `s-${i}`).length, `s-${i}`).to.equal(1);
    }
  });

  it('a single event is still acted on at once', () => {
    expect(session.receive({ type: 'interaction.offered', interactionId: 'one', channel: 'chat', from: { chatId: 'v' }, at })).to.deep.equal({ ok: true });
    expect(session.state.tasks.map((t) => t.interactionId)).to.deep.equal(['one']);
    expect(session.receive({ type: 'interaction.withdrawn', interactionId: 'one' })).to.deep.equal({ ok: true });
    expect(session.state.tasks).to.deep.equal([]);
  });

  it('events taken while others wait see what those will do: a withdrawn offer can be offered again, in order', async () => {
    const answers: boolean[] = [];
    for (let i = 0; i < AT_ONCE; i++) answers.push(session.receive({ type: 'agent.state', state: i % 2 ? 'ready' : 'not-ready' }).ok);
    answers.push(session.receive({ type: 'interaction.offered', interactionId: 'again', channel: 'chat', from: { chatId: 'v' }, at }).ok);
    answers.push(session.receive({ type: 'interaction.offered', interactionId: 'again', channel: 'chat', from: { chatId: 'v' }, at }).ok);
    answers.push(session.receive({ type: 'interaction.withdrawn', interactionId: 'again' }).ok);
    answers.push(session.receive({ type: 'interaction.offered', interactionId: 'again', channel: 'email', from: { email: 'v@example.net' }, at }).ok);
    answers.push(session.receive({ type: 'interaction.ended', interactionId: 'again' }).ok);
    answers.push(session.receive({ type: 'agent.state', state: 'not-ready' }).ok);
    expect(answers.slice(AT_ONCE)).to.deep.equal([true, false, true, true, false, true]);
    expect(session.state.tasks, 'waiting').to.deep.equal([]);
    expect(session.state.agentState, 'the last of the first AT_ONCE').to.equal('ready');
    await session.idle();
    expect(session.state.tasks.map((t) => [t.interactionId, t.channel])).to.deep.equal([['again', 'email']]);
    expect(session.state.agentState).to.equal('not-ready');
  });
});
