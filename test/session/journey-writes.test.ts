import { expect } from '@open-wc/testing';
import type { Activity } from '../../src/model/index.js';
import { DraftStore } from '../../src/session/drafts.js';
import { AgentSession, JOURNEY_PAGE } from '../../src/session/session.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { activity, customer, freshStore, request } from '../helpers/data.js';
import { MemoryStorage, until } from '../helpers/session.js';

/**
 * Issue 13, item 4 (R8.1), in the session: every write reaches the journey,
 * this agent's own (through the store's `local` change events, before the
 * write resolves) and other agents' (`remote`), also while the journey is
 * paged (R8.3). Real IndexedDB; the other agent is a second store on the same
 * database.
 */
describe('AgentSession: the journey follows every write', () => {
  let store: IndexedDbStore;
  let other: IndexedDbStore;
  let session: AgentSession;

  beforeEach(() => {
    store = freshStore();
    other = new IndexedDbStore({ name: store.name });
    session = new AgentSession(store, { agentId: 'ann', drafts: new DraftStore('ann', 'test', new MemoryStorage()) });
  });
  afterEach(async () => {
    session.dispose();
    other.close();
    await store.destroy();
  });

  /** A customer with `count` activities one minute apart, newest last in time. */
  async function history(count: number): Promise<{ id: string; activities: Activity[] }> {
    const c = await store.create('customer', customer({ name: 'Long History' }), { by: 'x' });
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    const activities: Activity[] = [];
    for (let i = 0; i < count; i++) {
      const at = new Date(start + i * 60_000).toISOString();
      activities.push(await store.create('activity', activity(c.id, { at, subject: `contact ${i}` }), { by: 'x' }));
    }
    return { id: c.id, activities };
  }

  it('the agent’s Save is in the journey when save() resolves (request and activity)', async () => {
    const ana = await store.create('customer', customer({ phones: ['600123456'] }), { by: 'x' });
    session.receive({ type: 'interaction.started', interactionId: 'c1', channel: 'voice', from: { phone: '600123456' }, at: '2026-11-22T10:00:00Z' });
    await session.idle();
    session.editRequest(ana.id, { title: 'Roaming', description: 'At home', status: 'closed' });
    session.editActivity(ana.id, { tags: ['billing'], notes: 'Refund promised' });
    const outcome = await session.save(ana.id);
    expect(outcome.ok).to.equal(true);
    const ws = session.workspace(ana.id)!;
    const req = ws.journey.find((e) => e.id === ws.request!.id);
    const act = ws.journey.find((e) => e.id === ws.activity!.id);
    expect(req).to.deep.equal(ws.request);
    expect(act).to.deep.equal(ws.activity);
    expect(req?.type === 'request' && [req.title, req.description, req.status]).to.deep.equal(['Roaming', 'At home', 'closed']);
    expect(act?.type === 'activity' && [act.tags, act.notes]).to.deep.equal([['billing'], 'Refund promised']);
  });

  it('another agent’s write to an entry not loaded yet waits for its page, then shows once, as they saved it', async () => {
    const { id, activities } = await history(JOURNEY_PAGE + 10);
    await session.reopen(id);
    expect(session.workspace(id)!.journeyHasMore).to.equal(true);
    const oldest = activities[3]!;
    const updated = await other.update('activity', oldest.id, oldest.rev, { ...activity(id, { at: oldest.at, subject: 'contact 3' }), tags: ['late'] }, { by: 'ben' });
    // A later write (a marker) arrives after it, through the same channel: by then the first was handled.
    const marker = await other.create('request', request(id, { title: 'marker' }), { by: 'ben' });
    await until(session, () => session.workspace(id)!.journey.some((e) => e.id === marker.id));
    expect(session.workspace(id)!.journey.some((e) => e.id === oldest.id), 'not appended past the loaded page').to.equal(false);
    await session.loadMoreJourney(id);
    const journey = session.workspace(id)!.journey;
    const ids = journey.filter((e) => e.type === 'activity').map((e) => e.id);
    expect(new Set(ids).size, 'no entry twice').to.equal(ids.length);
    expect(ids).to.have.length(JOURNEY_PAGE + 10);
    expect(journey.find((e) => e.id === oldest.id)).to.deep.equal(updated);
  });

  it('a Save while the next page loads stays in the journey (the page does not bring the version before it back)', async () => {
    const { id, activities } = await history(JOURNEY_PAGE + 5);
    const latest = activities.at(-1)!;
    await session.reopen(id);
    expect(session.workspace(id)!.activity?.id).to.equal(latest.id);
    // Save, and the agent scrolls on at once: the page's reads queue behind the save's write (IndexedDB
    // runs transactions on the same object store in order), so the saved version is in before the page.
    session.editActivity(id, { tags: ['saved-meanwhile'] });
    const saving = session.save(id);
    const more = session.loadMoreJourney(id);
    expect((await saving).ok).to.equal(true);
    await more;
    const entry = session.workspace(id)!.journey.find((e) => e.id === latest.id);
    expect(entry?.type === 'activity' && entry.tags).to.deep.equal(['saved-meanwhile']);
    expect(session.workspace(id)!.journey).to.have.length(JOURNEY_PAGE + 5);
  });
});
