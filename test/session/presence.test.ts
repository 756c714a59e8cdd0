import { expect, waitUntil } from '@open-wc/testing';
import { DraftStore } from '../../src/session/drafts.js';
import { editingAfterYou, ownEntries, othersByCustomer, type OtherAgent } from '../../src/session/presence.js';
import { AgentSession, type SessionState, type Workspace } from '../../src/session/session.js';
import type { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import type { PeerPresence, PresenceEntry } from '../../src/store/presence/presence.js';
import { customer, freshStore } from '../helpers/data.js';
import { call, hostContext } from '../helpers/events.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { MemoryStorage, until } from '../helpers/session.js';

/** Issue #18 item 2, the session's part: what this agent is doing, who else is on a customer, and the warning beside Save. */
describe('presence, as plain logic (issue #18 item 2)', () => {
  const T0 = '2026-11-22T10:00:00.000Z';
  const T1 = '2026-11-22T10:01:00.000Z';
  const T2 = '2026-11-22T10:02:00.000Z';
  const entry = (customerId: string, doing: PresenceEntry['doing'], since: string, recordId?: string): PresenceEntry => ({ customerId, doing, since, ...(recordId ? { recordId } : {}) });
  const peer = (agentId: string, entries: PresenceEntry[], source = agentId): PeerPresence => ({ agentId, name: agentId.toUpperCase(), entries, source, expiresAt: Number.MAX_SAFE_INTEGER });
  const other = (agentId: string, entries: PresenceEntry[]): OtherAgent => ({ agentId, name: agentId, doing: entries[0]!.doing, since: entries[0]!.since, entries });

  it('others on each customer: this agent excluded in every tab, one line per agent (two tabs merged, editing before viewing), the earliest first', () => {
    const peers = [
      peer('me', [entry('c1', 'viewing', T0)], 'my-other-tab'),
      peer('ana', [entry('c1', 'viewing', T1)], 'ana-tab-1'),
      peer('ana', [entry('c1', 'editing-request', T2, 'r1'), entry('c2', 'viewing', T0)], 'ana-tab-2'),
      peer('bo', [entry('c1', 'viewing', T0)]),
    ];
    const byCustomer = othersByCustomer(peers, 'me');
    expect(byCustomer.get('c1')!.map((a) => [a.agentId, a.doing, a.since])).to.deep.equal([
      ['bo', 'viewing', T0],
      ['ana', 'editing-request', T2],
    ]);
    expect(byCustomer.get('c1')![1]!.entries).to.have.length(2);
    expect(byCustomer.get('c2')!.map((a) => a.agentId)).to.deep.equal(['ana']);
    expect(byCustomer.has('c3')).to.equal(false);
  });

  it('the warning names only who started editing the same record after this agent did', () => {
    const mine = [entry('c1', 'editing-request', T1, 'r1')];
    // Before me: I knew (they were shown). After me: warned. Another record, viewing, another customer: not.
    expect(editingAfterYou(mine, [other('early', [entry('c1', 'editing-request', T0, 'r1')])])).to.deep.equal([]);
    expect(editingAfterYou(mine, [other('late', [entry('c1', 'editing-request', T2, 'r1')])]).map((a) => a.agentId)).to.deep.equal(['late']);
    expect(editingAfterYou(mine, [other('same-time', [entry('c1', 'editing-request', T1, 'r1')])])).to.deep.equal([]);
    expect(editingAfterYou(mine, [other('other-record', [entry('c1', 'editing-request', T2, 'r2')])])).to.deep.equal([]);
    expect(editingAfterYou(mine, [other('other-kind', [entry('c1', 'editing-activity', T2, 'a1')])])).to.deep.equal([]);
    expect(editingAfterYou(mine, [other('viewer', [entry('c1', 'viewing', T2)])])).to.deep.equal([]);
    expect(editingAfterYou(mine, [other('elsewhere', [entry('c2', 'editing-request', T2, 'r1')])])).to.deep.equal([]);
    // Record not said by one side: the same kind on the same customer counts.
    expect(editingAfterYou(mine, [other('unsaid', [entry('c1', 'editing-request', T2)])]).map((a) => a.agentId)).to.deep.equal(['unsaid']);
    // Viewing only: nothing to warn about.
    expect(editingAfterYou([entry('c1', 'viewing', T0)], [other('late', [entry('c1', 'editing-request', T2, 'r1')])])).to.deep.equal([]);
  });
});

describe('PresenceTracker: two agents in two tabs on the embedded store (issue #18 item 2)', () => {
  let store: IndexedDbStore;
  let storeB: IndexedDbStore;
  let clock: FakeClock;
  const sessions: AgentSession[] = [];

  /** A session of `agentId` over its own connection to the same database: another tab. */
  function tab(agentId: string, s: IndexedDbStore): AgentSession {
    const session = new AgentSession(s, { agentId, clock, drafts: new DraftStore(agentId, 'cc-presence', new MemoryStorage()) });
    sessions.push(session);
    session.receive(hostContext(agentId, { agentName: agentId === 'ana' ? 'Ana Ruiz' : 'Bo Chen' }));
    return session;
  }

  /** Runs the debounce (300 ms); each test then waits until the other tab shows what crossed. */
  async function publish(): Promise<void> {
    clock.tick(300);
    await Promise.resolve();
  }

  beforeEach(() => {
    clock = new FakeClock(Date.now());
    store = freshStore();
    // Another tab: its own connection to the same database.
    storeB = freshStore(store.identity.slice('indexeddb:'.length));
  });
  afterEach(() => {
    for (const session of sessions.splice(0)) session.dispose();
    storeB.close();
    void store.destroy();
  });

  async function openCustomer(session: AgentSession, phone: string): Promise<Workspace> {
    session.receive(call(`call-${session.agentId}-${phone}`, { phone }));
    await until(session, () => session.state.open.some((w) => w.request !== null));
    return session.state.open.find((w) => w.request !== null)!;
  }

  it('shows the other agent viewing, then editing the request, warns only the one who edited first, and never blocks Save', async () => {
    const saved = await store.create('customer', customer({ name: 'Iris', phones: ['+34 600 000 001'] }), { by: 'seed' });
    const ana = tab('ana', store);
    const bo = tab('bo', storeB);
    await Promise.all([ana.restore(), bo.restore()]);
    const anaWs = await openCustomer(ana, '+34 600 000 001');
    await openCustomer(bo, '+34 600 000 001');
    await publish();
    await waitUntil(() => bo.presence!.othersOn(saved.id).length === 1 && ana.presence!.othersOn(saved.id).length === 1, 'each sees the other');
    expect(bo.presence!.othersOn(saved.id)[0]).to.include({ agentId: 'ana', name: 'Ana Ruiz', doing: 'viewing' });
    expect(ana.presence!.othersOn(saved.id).map((a) => a.agentId), 'never itself').to.deep.equal(['bo']);

    // Ana types first, Bo a minute later: the warning is Ana's (Bo started after her), not Bo's.
    ana.editRequest(anaWs.key, { title: 'Ana typed' });
    await publish();
    await waitUntil(() => bo.presence!.othersOn(saved.id)[0]?.doing === 'editing-request', 'Bo sees Ana editing the request');
    clock.tick(60_000);
    bo.editRequest(saved.id, { title: 'Bo typed' });
    await publish();
    await waitUntil(() => ana.presence!.warning(anaWs.key).length === 1, 'Ana is warned');
    expect(ana.presence!.warning(anaWs.key)[0]).to.include({ agentId: 'bo', name: 'Bo Chen' });
    expect(bo.presence!.warning(saved.id), 'Bo knew Ana was editing before he typed').to.deep.equal([]);

    // Presence never blocks: Ana saves; Bo's save then meets the caution (R4 decides, not presence).
    expect((await ana.save(anaWs.key)).ok).to.equal(true);
    const late = await bo.save(saved.id);
    expect(late.ok).to.equal(false);
    await publish();
    // Saved: Ana views again, and is no longer warned.
    await waitUntil(() => bo.presence!.othersOn(saved.id)[0]?.doing === 'viewing', 'Bo sees Ana back to viewing');
    expect(ana.presence!.warning(anaWs.key)).to.deep.equal([]);
  });

  it('a tab that closes (or reloads) is gone at once, and back when its new session restores', async () => {
    const saved = await store.create('customer', customer({ name: 'Iris', phones: ['+34 600 000 002'] }), { by: 'seed' });
    const drafts = new MemoryStorage();
    const anaFirst = new AgentSession(store, { agentId: 'ana', clock, drafts: new DraftStore('ana', 'cc-presence', drafts) });
    const bo = tab('bo', storeB);
    await Promise.all([anaFirst.restore(), bo.restore()]);
    await openCustomer(anaFirst, '+34 600 000 002');
    await publish();
    await waitUntil(() => bo.presence!.othersOn(saved.id).length === 1, 'Bo sees Ana');
    // The reload: the old session goes (its presence withdrawn), the new one restores the Open list.
    anaFirst.dispose();
    await waitUntil(() => bo.presence!.othersOn(saved.id).length === 0, 'gone with the old session');
    const anaAgain = new AgentSession(store, { agentId: 'ana', clock, drafts: new DraftStore('ana', 'cc-presence', drafts) });
    sessions.push(anaAgain);
    await anaAgain.restore();
    await publish();
    await waitUntil(() => bo.presence!.othersOn(saved.id).length === 1, 'back after the restore');
  });

  it('publishes nothing for an unknown contact (no customer yet) and withdraws when the customer is closed', async () => {
    const saved = await store.create('customer', customer({ name: 'Iris', phones: ['+34 600 000 003'] }), { by: 'seed' });
    const ana = tab('ana', store);
    const bo = tab('bo', storeB);
    await Promise.all([ana.restore(), bo.restore()]);
    ana.receive(call('unknown-1', { phone: '+34 699 999 999' }));
    await until(ana, () => ana.state.open.length === 1);
    await publish();
    expect(ana.presence!.own).to.deep.equal([]);
    const ws = await openCustomer(ana, '+34 600 000 003');
    await publish();
    await waitUntil(() => bo.presence!.othersOn(saved.id).length === 1, 'Bo sees Ana');
    expect((await ana.close(ws.key, 'discard')).ok).to.equal(true);
    await publish();
    await waitUntil(() => bo.presence!.othersOn(saved.id).length === 0, 'gone once closed');
  });

  it('own entries: the customer on screen, every open customer with unsaved input, since kept while the same', () => {
    const state = (open: Workspace[], activeKey: string | null) => ({ open, activeKey, recent: [], agent: { agentId: 'me', agentName: 'Me', locale: undefined, timeZone: undefined } }) as unknown as SessionState;
    const ws = (id: string, edited: boolean) =>
      ({
        key: id,
        customer: { id },
        records: {
          customer: { base: null, draft: null },
          request: { base: { id: `request:${id}`, title: 'a' }, draft: { title: edited ? 'b' : 'a' } },
          activity: { base: null, draft: null },
        },
      }) as unknown as Workspace;
    const edits = (w: Workspace) => ((w.records.request.draft as { title: string }).title === 'b' ? (['request'] as const).slice() : []);
    const a = ws('c1', false);
    const b = ws('c2', true);
    const c = ws('c3', false);
    const first = ownEntries(state([a, b, c], 'c1'), [], '2026-11-22T10:00:00.000Z', edits);
    expect(first).to.deep.equal([
      { customerId: 'c1', doing: 'viewing', since: '2026-11-22T10:00:00.000Z' },
      { customerId: 'c2', doing: 'editing-request', since: '2026-11-22T10:00:00.000Z', recordId: 'request:c2' },
    ]);
    const later = ownEntries(state([a, b, c], 'c1'), first, '2026-11-22T10:05:00.000Z', edits);
    expect(later).to.deep.equal(first);
    const switched = ownEntries(state([a, b, c], 'c3'), first, '2026-11-22T10:05:00.000Z', edits);
    expect(switched.map((e) => [e.customerId, e.since])).to.deep.equal([
      ['c3', '2026-11-22T10:05:00.000Z'],
      ['c2', '2026-11-22T10:00:00.000Z'],
    ]);
  });
});
