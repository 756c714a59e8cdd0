import { expect } from '@open-wc/testing';
import type { Activity, Customer, Request } from '../../src/model/index.js';
import { DRAFTS_VERSION, DraftStore, WORKSPACES_LAYOUT } from '../../src/session/drafts.js';
import { dataOf } from '../../src/session/merge.js';
import { AgentSession } from '../../src/session/session.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { activity, customer, freshStore, request } from '../helpers/data.js';
import { MemoryStorage } from '../helpers/session.js';

/**
 * Issue 14, item 2: drafts are saved with a version and checked when read
 * back. The previous shape (no version, flat `customer`/`customerDraft`…
 * fields, and in older drafts no cautions, choices or createdRequestId) is
 * moved forward; what cannot be read is set aside under another key (never
 * deleted), reported through `hooks.draftsSetAside`, and the rest restores.
 */

const NS = 'drafts-test';
const AGENT = 'ann';
const KEY = `${NS}:${AGENT}:workspaces`;
const RECENT = `${NS}:${AGENT}:recent`;
const ASIDE = `${NS}:${AGENT}:set-aside:`;

const interaction = (id: string) => ({ interactionId: id, channel: 'voice', from: { phone: '600' }, subject: '', at: '2026-11-22T10:00:00.000Z', ended: false });

/** A work area as the previous version saved it (`persist()` before issue 14), without the fields added late when `old`. */
function previousShape(c: Customer, r: Request, a: Activity, typed: { title: string; tags: string[] }, old = false) {
  return {
    key: c.id,
    interaction: interaction(a.interactionId ?? 'x'),
    customer: c,
    customerDraft: dataOf('customer', c),
    request: r,
    requestDraft: { ...dataOf('request', r), title: typed.title },
    activity: a,
    activityDraft: { ...dataOf('activity', a), tags: typed.tags },
    ...(old ? {} : { cautions: [], choices: [], createdRequestId: null }),
  };
}

describe('DraftStore: versioned drafts, checked when read back', () => {
  let store: IndexedDbStore;
  let storage: MemoryStorage;
  let setAside: number[];
  let sessions: AgentSession[];

  const open = () => {
    const session = new AgentSession(store, {
      agentId: AGENT,
      drafts: new DraftStore(AGENT, NS, storage),
      hooks: { draftsSetAside: (count) => setAside.push(count) },
    });
    sessions.push(session);
    return session;
  };

  /** A customer with a request and an activity of call `id`, in the store. */
  async function records(name: string, phone: string, id: string) {
    const c = await store.create('customer', customer({ name, phones: [phone] }), { by: 'x' });
    const r = await store.create('request', request(c.id, { title: 'Base' }), { by: 'x' });
    const a = await store.create('activity', activity(c.id, { requestId: r.id, interactionId: id }), { by: 'x' });
    return { c, r, a };
  }

  beforeEach(() => {
    store = freshStore();
    storage = new MemoryStorage();
    setAside = [];
    sessions = [];
  });
  afterEach(async () => {
    for (const session of sessions) session.dispose();
    await store.destroy();
  });

  it('writes a version number', async () => {
    const { c } = await records('Ana', '600', 'v-1');
    const session = open();
    await session.restore();
    session.receive({ type: 'interaction.started', interactionId: 'v-1', channel: 'voice', from: { phone: '600' }, at: '2026-11-22T10:00:00Z' });
    await session.idle();
    session.editRequest(c.id, { title: 'Typed' });
    // The Open list's index, and each work area under a key of its own, in the current version.
    const index = JSON.parse(storage.getItem(KEY)!);
    expect(index.version).to.equal(WORKSPACES_LAYOUT);
    expect(index.keys).to.deep.equal([c.id]);
    const saved = JSON.parse(storage.getItem(`${KEY.replace(/workspaces$/, 'ws')}:${c.id}`)!);
    expect(saved.records.request.draft.title).to.equal('Typed');
    expect(DRAFTS_VERSION).to.equal(2);
  });

  for (const old of [false, true]) {
    it(`a draft of the previous shape restores${old ? ' (one saved before cautions, choices and createdRequestId were kept)' : ''}`, async () => {
      const ana = await records('Ana', '600', 'p-1');
      const bob = await records('Bob', '700', 'p-2');
      storage.setItem(
        KEY,
        JSON.stringify({
          activeKey: bob.c.id,
          open: [previousShape(ana.c, ana.r, ana.a, { title: 'Typed by Ana', tags: ['billing'] }, old), previousShape(bob.c, bob.r, bob.a, { title: 'Typed by Bob', tags: [] }, old)],
        }),
      );
      storage.setItem(RECENT, JSON.stringify([{ customerId: 'customer:gone', name: 'Cy', closedAt: '2026-11-21T10:00:00.000Z' }]));
      const session = open();
      await session.restore();
      expect(setAside).to.deep.equal([]);
      expect(session.state.open.map((w) => w.key)).to.deep.equal([ana.c.id, bob.c.id]);
      expect(session.state.activeKey).to.equal(bob.c.id);
      const ws = session.workspace(ana.c.id)!;
      expect(ws.requestDraft!.title).to.equal('Typed by Ana');
      expect(ws.activityDraft!.tags).to.deep.equal(['billing']);
      expect(ws.records.request.base!.id).to.equal(ana.r.id);
      expect([ws.cautions, ws.choices, ws.createdRequestId]).to.deep.equal([[], [], null]);
      expect(session.dirtyKinds(ws)).to.deep.equal(['request', 'activity']);
      expect(ws.journey.length).to.be.greaterThan(0);
      expect(session.state.recent.map((r) => r.name)).to.deep.equal(['Cy']);
      // The interaction is known again, and the work saves on its base revision.
      expect(session.receive({ type: 'interaction.ended', interactionId: 'p-1' }).ok).to.equal(true);
      expect((await session.save(ana.c.id)).ok).to.equal(true);
      expect((await store.get('request', ana.r.id))!.title).to.equal('Typed by Ana');
      // Written back in the current layout.
      expect(JSON.parse(storage.getItem(KEY)!).version).to.equal(WORKSPACES_LAYOUT);
    });
  }

  it('a previous-shape draft whose record changed meanwhile comes back with its caution', async () => {
    const ana = await records('Ana', '600', 'p-3');
    storage.setItem(KEY, JSON.stringify({ activeKey: ana.c.id, open: [previousShape(ana.c, ana.r, ana.a, { title: 'Mine', tags: [] }, true)] }));
    await store.update('request', ana.r.id, ana.r.rev, { ...ana.r, description: 'Theirs' }, { by: 'bob' });
    const session = open();
    await session.restore();
    const ws = session.workspace(ana.c.id)!;
    expect(ws.cautions.map((c) => c.kind)).to.deep.equal(['request']);
    session.load(ana.c.id, 'request');
    expect([session.workspace(ana.c.id)!.requestDraft!.title, session.workspace(ana.c.id)!.requestDraft!.description]).to.deep.equal(['Mine', 'Theirs']);
  });

  it('unreadable JSON is set aside whole, reported, and start-up goes on (Recent restores)', async () => {
    storage.setItem(KEY, '{"activeKey": null, "open": [ {"key": ');
    storage.setItem(RECENT, JSON.stringify({ version: DRAFTS_VERSION, recent: [{ customerId: 'customer:1', name: 'Dee', closedAt: '2026-11-21T10:00:00.000Z' }] }));
    const session = open();
    await session.restore();
    expect(setAside).to.deep.equal([1]);
    expect(session.state.open).to.deep.equal([]);
    expect(session.state.recent.map((r) => r.name)).to.deep.equal(['Dee']);
    const [aside] = storage.keys(`${ASIDE}workspaces:`);
    const kept = JSON.parse(storage.getItem(aside!)!);
    expect(kept.from).to.equal(KEY);
    expect(kept.pieces).to.deep.equal([{ raw: '{"activeKey": null, "open": [ {"key": ', reason: 'not JSON' }]);
    // The damaged value is out of the way: the next page starts clean and reports nothing.
    const again = open();
    await again.restore();
    expect(setAside).to.deep.equal([1]);
  });

  it('damaged work areas (wrong types, a 5 MB string, a field the record cannot hold) are set aside one by one; the rest restores', async () => {
    const ana = await records('Ana', '600', 'd-1');
    const bob = await records('Bob', '700', 'd-2');
    const cy = await records('Cy', '800', 'd-3');
    const dee = await records('Dee', '900', 'd-4');
    const good = previousShape(ana.c, ana.r, ana.a, { title: 'Kept', tags: ['ok'] });
    const wrongTypes = { ...previousShape(bob.c, bob.r, bob.a, { title: 'x', tags: [] }), requestDraft: { ...previousShape(bob.c, bob.r, bob.a, { title: 'x', tags: [] }).requestDraft, status: 7 } };
    const huge = 'x'.repeat(5 * 1024 * 1024);
    const tooBig = previousShape(cy.c, cy.r, cy.a, { title: 'y', tags: [huge] });
    const badChoice = { ...previousShape(dee.c, dee.r, dee.a, { title: 'z', tags: [] }), choices: [{ kind: 'request', conflicts: [{ field: 'password', mine: 'a', theirs: 'b' }] }] };
    storage.setItem(KEY, JSON.stringify({ activeKey: cy.c.id, open: [wrongTypes, good, tooBig, 'not a work area', badChoice] }));
    storage.setItem(RECENT, JSON.stringify([{ customerId: ana.c.id, name: 'Ana', closedAt: '2026-11-21T10:00:00.000Z' }, { customerId: 5 }]));

    const session = open();
    await session.restore();
    expect(setAside).to.deep.equal([5]);
    expect(session.state.open.map((w) => w.key)).to.deep.equal([ana.c.id]);
    expect(session.state.activeKey).to.equal(ana.c.id);
    expect(session.workspace(ana.c.id)!.requestDraft!.title).to.equal('Kept');
    expect(session.state.recent.map((r) => r.name)).to.deep.equal(['Ana']);

    // Set aside, not deleted: each piece as it was stored, with why.
    const pieces = storage.keys(`${ASIDE}workspaces:`).flatMap((key) => JSON.parse(storage.getItem(key)!).pieces as Array<{ raw: string; reason: string }>);
    expect(pieces).to.have.length(4);
    expect(pieces.map((p) => JSON.parse(p.raw) as { key: string } | string).map((v) => (typeof v === 'string' ? v : v.key))).to.deep.equal([bob.c.id, cy.c.id, 'not a work area', dee.c.id]);
    expect(pieces[0]!.reason).to.contain('records.request.draft.status');
    expect(JSON.parse(pieces[1]!.raw).activityDraft.tags[0]).to.have.length(huge.length);
    expect(pieces[3]!.reason).to.contain('choices');
    const recentPieces = storage.keys(`${ASIDE}recent:`).flatMap((key) => JSON.parse(storage.getItem(key)!).pieces as Array<{ raw: string }>);
    expect(recentPieces.map((p) => p.raw)).to.deep.equal(['{"customerId":5}']);

    // What stays in the drafts is what restored: a reload restores it again and sets nothing more aside.
    session.dispose();
    const again = open();
    await again.restore();
    expect(setAside).to.deep.equal([5]);
    expect(again.state.open.map((w) => w.key)).to.deep.equal([ana.c.id]);
  });

  it('drafts from a newer version are set aside, not misread', async () => {
    storage.setItem(KEY, JSON.stringify({ version: DRAFTS_VERSION + 1, activeKey: null, open: [{ key: 'customer:1', somethingNew: true }] }));
    const session = open();
    await session.restore();
    expect(setAside).to.deep.equal([1]);
    expect(session.state.open).to.deep.equal([]);
    expect(storage.keys(`${ASIDE}workspaces:`)).to.have.length(1);
  });

  it('what a host.context agent switch reads is checked and reported too', async () => {
    storage.setItem(`${NS}:bea:workspaces`, 'garbage');
    const session = open();
    await session.restore();
    expect(setAside).to.deep.equal([]);
    session.receive({ type: 'host.context', agentId: 'bea' });
    await session.idle();
    expect(setAside).to.deep.equal([1]);
    expect(storage.keys(`${NS}:bea:set-aside:workspaces:`)).to.have.length(1);
  });

  it('a storage too full to copy the damaged drafts: what restores is written first, then the damaged piece is moved', async () => {
    const ana = await records('Ana', '600', 'f-1');
    const bob = await records('Bob', '700', 'f-2');
    const bad = { ...previousShape(bob.c, bob.r, bob.a, { title: 'b', tags: [] }), customerDraft: null };
    storage.setItem(KEY, JSON.stringify({ activeKey: null, open: [previousShape(ana.c, ana.r, ana.a, { title: 'a', tags: [] }), bad] }));
    // Room for one copy of the drafts at a time.
    const limit = storage.getItem(KEY)!.length * 1.5;
    const setItem = storage.setItem.bind(storage);
    let refused = 0;
    storage.setItem = (key, value) => {
      const used = [...storage.map].reduce((n, [k, v]) => n + (k === key ? 0 : v.length), 0);
      if (used + value.length > limit) {
        refused++;
        throw new DOMException('full', 'QuotaExceededError');
      }
      setItem(key, value);
    };
    const session = open();
    await session.restore();
    expect(setAside).to.deep.equal([1]);
    expect(session.state.open.map((w) => w.key)).to.deep.equal([ana.c.id]);
    const [aside] = storage.keys(`${ASIDE}workspaces:`);
    expect(JSON.parse(JSON.parse(storage.getItem(aside!)!).pieces[0].raw).key).to.equal(bob.c.id);
    expect(refused, 'the first copy did not fit').to.be.greaterThan(0);
  });

  it('writes incrementally (#16 item 4): typing in one of 50 open work areas writes that one and the index, nothing else', async () => {
    const session = open();
    await session.restore();
    for (let i = 0; i < 50; i++) session.receive({ type: 'interaction.started', interactionId: `inc-${i}`, channel: 'chat', from: { chatId: `visitor-${i}` }, at: '2026-11-22T10:00:00Z' });
    await session.idle();
    expect(session.state.open).to.have.length(50);
    const writes: string[] = [];
    const setItem = storage.setItem.bind(storage);
    storage.setItem = (key, value) => {
      writes.push(key);
      setItem(key, value);
    };
    const key = session.state.open[17]!.key;
    session.editCustomer(key, { ...session.workspace(key)!.customerDraft, name: 'Typed in one' });
    expect(writes.sort()).to.deep.equal([KEY, `${NS}:${AGENT}:ws:${key}`].sort());
    // And it restores: the 50 work areas, the typed one with its input.
    session.dispose();
    const again = open();
    await again.restore();
    expect(again.state.open).to.have.length(50);
    expect(again.workspace(key)!.customerDraft.name).to.equal('Typed in one');
  });

  it('a change that saves nothing (#20) writes nothing: the index is written again only when its list, its current work area or a work area changes', async () => {
    const session = open();
    await session.restore();
    for (let i = 0; i < 5; i++) session.receive({ type: 'interaction.started', interactionId: `same-${i}`, channel: 'chat', from: { chatId: `visitor-${i}` }, at: '2026-11-22T10:00:00Z' });
    await session.idle();
    const writes: string[] = [];
    const setItem = storage.setItem.bind(storage);
    storage.setItem = (key, value) => {
      writes.push(key);
      setItem(key, value);
    };
    const core = (session as unknown as { core: { persist(): void } }).core;
    core.persist();
    expect(writes, 'nothing changed').to.deep.equal([]);
    session.activate(session.state.open[1]!.key);
    expect(writes, 'another current work area').to.deep.equal([KEY]);
    // Another tab (or a clear) removed the index: written again at the next save.
    storage.removeItem(KEY);
    core.persist();
    expect(writes).to.deep.equal([KEY, KEY]);
    expect(JSON.parse(storage.getItem(KEY)!).keys).to.have.length(5);
  });

  it('a burst of host events (#20) saves the work areas it opens together, and every one of them once it is over', async () => {
    const session = open();
    await session.restore();
    let indexWrites = 0;
    const setItem = storage.setItem.bind(storage);
    storage.setItem = (key, value) => {
      if (key === KEY) indexWrites++;
      setItem(key, value);
    };
    for (let i = 0; i < 60; i++) session.receive({ type: 'interaction.started', interactionId: `b-${i}`, channel: 'chat', from: { chatId: `visitor-${i}` }, at: '2026-11-22T10:00:00Z' });
    expect(session.bursting).to.equal(true);
    await session.idle();
    expect(session.bursting).to.equal(false);
    expect(session.state.open).to.have.length(60);
    expect(indexWrites, 'the index written far less than once per work area').to.be.lessThan(20);
    const saved = JSON.parse(storage.getItem(KEY)!) as { keys: string[]; activeKey: string };
    expect(saved.keys).to.have.length(60);
    expect(saved.activeKey).to.equal('new:b-59');
    session.dispose();
    const again = open();
    await again.restore();
    expect(again.state.open.map((w) => w.key)).to.deep.equal(Array.from({ length: 60 }, (_, i) => `new:b-${i}`));
  });

  it('a damaged work-area key is set aside alone; the others restore, and its key is removed', async () => {
    const ana = await records('Ana', '600', 'd-1');
    const bob = await records('Bob', '700', 'd-2');
    const session = open();
    await session.restore();
    session.receive({ type: 'interaction.started', interactionId: 'd-1', channel: 'voice', from: { phone: '600' }, at: '2026-11-22T10:00:00Z' });
    session.receive({ type: 'interaction.started', interactionId: 'd-2', channel: 'voice', from: { phone: '700' }, at: '2026-11-22T10:00:00Z' });
    await session.idle();
    session.editRequest(ana.c.id, { title: 'Kept' });
    session.dispose();
    storage.setItem(`${NS}:${AGENT}:ws:${bob.c.id}`, '{ not json');
    const again = open();
    await again.restore();
    expect(setAside).to.deep.equal([1]);
    expect(again.state.open.map((w) => w.key)).to.deep.equal([ana.c.id]);
    expect(again.workspace(ana.c.id)!.requestDraft!.title).to.equal('Kept');
    expect(storage.getItem(`${NS}:${AGENT}:ws:${bob.c.id}`)).to.equal(null);
    const [aside] = storage.keys(`${ASIDE}workspaces:`);
    expect(JSON.parse(storage.getItem(aside!)!).pieces[0].raw).to.equal('{ not json');
  });

  it('the same agent in two tabs (#21 item 6): neither tab\'s list or unsaved input is lost by the other\'s writes, after a reload both come back', async () => {
    const ana = await records('Ana', '600', 't-1');
    const bob = await records('Bob', '700', 't-2');
    // Two tabs of agent ann on one browser profile: one localStorage, one IndexedDB store.
    const tab1 = open();
    const tab2 = open();
    await Promise.all([tab1.restore(), tab2.restore()]);
    tab1.receive({ type: 'interaction.started', interactionId: 't-1', channel: 'voice', from: { phone: '600' }, at: '2026-11-22T10:00:00Z' });
    await tab1.idle();
    tab2.receive({ type: 'interaction.started', interactionId: 't-2', channel: 'voice', from: { phone: '700' }, at: '2026-11-22T10:00:00Z' });
    tab2.receive({ type: 'interaction.started', interactionId: 't-1b', channel: 'voice', from: { phone: '600' }, at: '2026-11-22T10:01:00Z' });
    await tab2.idle();
    // Both tabs type on Ana (different fields), tab 1 notes, tab 2 the request title; tab 2 also on Bob.
    tab1.editActivity(ana.c.id, { notes: 'Notes typed in tab 1' });
    tab2.editRequest(ana.c.id, { title: 'Title typed in tab 2' });
    tab2.editRequest(bob.c.id, { title: 'Bob typed in tab 2' });
    tab1.editActivity(ana.c.id, { notes: 'Notes typed in tab 1, more' });
    // A reload of tab 1: everything either tab typed comes back.
    tab1.dispose();
    const reloaded = open();
    await reloaded.restore();
    expect(reloaded.state.open.map((w) => w.key).sort()).to.deep.equal([ana.c.id, bob.c.id].sort());
    const ws = reloaded.workspace(ana.c.id)!;
    expect(ws.activityDraft!.notes).to.equal('Notes typed in tab 1, more');
    expect(ws.requestDraft!.title).to.equal('Title typed in tab 2');
    expect(reloaded.workspace(bob.c.id)!.requestDraft!.title).to.equal('Bob typed in tab 2');
  });

  it('a tab that deletes what it typed keeps it deleted (its own earlier text is not merged back)', async () => {
    const ana = await records('Ana', '600', 'u-1');
    const tab = open();
    await tab.restore();
    tab.receive({ type: 'interaction.started', interactionId: 'u-1', channel: 'voice', from: { phone: '600' }, at: '2026-11-22T10:00:00Z' });
    await tab.idle();
    tab.editRequest(ana.c.id, { title: 'Typo' });
    tab.editRequest(ana.c.id, { title: 'Base' });
    tab.dispose();
    const reloaded = open();
    await reloaded.restore();
    expect(reloaded.workspace(ana.c.id)!.requestDraft!.title).to.equal('Base');
  });
});
