import { expect } from '@open-wc/testing';
import type { Activity, Customer, Request } from '../../src/model/index.js';
import { JOURNEY_PAGE, journeyWith, pageOnto, readJourney } from '../../src/session/journey.js';
import { dataOf } from '../../src/session/merge.js';
import type { InteractionInfo } from '../../src/session/types.js';
import {
  customerWorkspace,
  dirtyKinds,
  editedRequest,
  keepTyped,
  patch,
  slotOf,
  toSaved,
  fromSaved,
  unknownContactWorkspace,
  withRecord,
  withSavedInput,
  withSlot,
} from '../../src/session/workspace.js';
import type { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { activity, customer, freshStore, request } from '../helpers/data.js';

const meta = { rev: '1-a', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'x' };
const ana: Customer = { ...customer({ name: 'Ana' }), type: 'customer', id: 'customer:ana', ...meta };
const req: Request = { ...request(ana.id), type: 'request', id: 'request:1', ...meta };
const act = (id: string, at: string): Activity => ({ ...activity(ana.id, { at, requestId: req.id }), type: 'activity', id, ...meta });
const info: InteractionInfo = { interactionId: 'c1', channel: 'voice', from: { phone: '600', name: 'Zoe' }, subject: 'Billing', at: '2026-11-22T10:00:00Z', ended: false };

/** The flat fields the elements read are the records' own values. */
function expectInStep(w: ReturnType<typeof withSlot>): void {
  expect([w.customer, w.customerDraft, w.request, w.requestDraft, w.activity, w.activityDraft]).to.deep.equal([
    w.records.customer.base,
    w.records.customer.draft,
    w.records.request.base,
    w.records.request.draft,
    w.records.activity.base,
    w.records.activity.draft,
  ]);
}

describe('workspace.ts: the work area as a pure record', () => {
  it('an unknown contact: Create offered, the contact and the interaction as drafts, every kind unsaved but the absent ones', () => {
    const w = unknownContactWorkspace(info);
    expect(w.key).to.equal('new:c1');
    expect(w.customerDraft).to.deep.include({ name: 'Zoe', phones: ['600'] });
    expect(w.requestDraft).to.deep.include({ title: 'Billing', status: 'open', customerId: '' });
    expect(w.activityDraft).to.deep.include({ interactionId: 'c1', channel: 'voice', at: '2026-11-22T10:00:00.000Z' });
    expect(dirtyKinds(w)).to.deep.equal(['customer', 'request', 'activity']);
    expectInStep(w);
  });

  it('withSlot and withRecord keep the flat fields in step; patch changes the rest and never the records', () => {
    const w = customerWorkspace(ana, { journey: [], journeyHasMore: false });
    expect(dirtyKinds(w)).to.deep.equal([]);
    const typed = withSlot(w, 'customer', { draft: { ...w.customerDraft, name: 'Ana B' } });
    expect(typed.customerDraft.name).to.equal('Ana B');
    expect(typed.customer).to.equal(ana);
    expect(dirtyKinds(typed)).to.deep.equal(['customer']);
    expectInStep(typed);
    const withRequest = withRecord(typed, 'request', req);
    expect(withRequest.request).to.equal(req);
    expect(withRequest.requestDraft).to.deep.equal(dataOf('request', req));
    expectInStep(withRequest);
    const busy = patch(withRequest, { busy: true });
    expect(busy.records).to.equal(withRequest.records);
    expectInStep(busy);
    // The input is untouched in the original: every change is a new workspace.
    expect(w.customerDraft.name).to.equal('Ana');
  });

  it('what is saved is the record without the journey, and comes back the same', () => {
    const w = patch(withRecord(customerWorkspace(ana, { journey: [req], journeyHasMore: true }), 'request', req), { busy: true });
    const saved = toSaved(w);
    expect(Object.keys(saved).sort()).to.deep.equal(['cautions', 'choices', 'createdRequestId', 'interaction', 'key', 'records']);
    const back = fromSaved(JSON.parse(JSON.stringify(saved)));
    expect(back.records).to.deep.equal(w.records);
    expect([back.journey, back.journeyHasMore, back.busy]).to.deep.equal([[], false, false]);
    expectInStep(back);
  });

  it('keepTyped keeps input typed (on the same request, or on another one: never dropped), and takes a fresh one otherwise', () => {
    const w = withRecord(customerWorkspace(ana, { journey: [], journeyHasMore: false }), 'request', req);
    expect(keepTyped(w, 'request', { ...req, rev: '2-b' })).to.deep.equal({ base: { ...req, rev: '2-b' }, draft: dataOf('request', req) });
    const typed = withSlot(w, 'request', { draft: { ...w.requestDraft!, title: 'Mine' } });
    expect(keepTyped(typed, 'request', { ...req, rev: '2-b' })).to.equal(slotOf(typed, 'request'));
    const other = { ...req, id: 'request:2' };
    // Input on another request stays in the work area (the new one goes to the journey) …
    expect(keepTyped(typed, 'request', other)).to.equal(slotOf(typed, 'request'));
    // … and without input the interaction's request takes the slot.
    expect(keepTyped(w, 'request', other).base).to.equal(other);
  });

  it('withSavedInput puts saved input (and its caution) on a freshly opened work area of the same records', () => {
    const fresh = withRecord(customerWorkspace(ana, { journey: [], journeyHasMore: false }), 'request', req);
    const theirs = { ...req, rev: '2-b', description: 'Theirs' };
    const saved = patch(withSlot(fresh, 'request', { draft: { ...fresh.requestDraft!, title: 'Typed' } }), { cautions: [{ kind: 'request', theirs }] });
    const merged = withSavedInput(fresh, saved);
    expect(merged.requestDraft!.title).to.equal('Typed');
    expect(merged.cautions).to.deep.equal([{ kind: 'request', theirs }]);
    // Another request in the fresh one: the saved input is not put on it.
    const elsewhere = withRecord(fresh, 'request', { ...req, id: 'request:9' });
    expect(withSavedInput(elsewhere, saved)).to.equal(elsewhere);
  });

  it('editedRequest stamps closedAt on closing, and restarts openedAt on reopening', () => {
    const draft = dataOf('request', req);
    const closed = editedRequest(draft, { status: 'closed' }, '2026-12-01T00:00:00.000Z');
    expect([closed.status, closed.closedAt]).to.deep.equal(['closed', '2026-12-01T00:00:00.000Z']);
    const reopened = editedRequest(closed, { status: 'open' }, '2026-12-02T00:00:00.000Z');
    expect([reopened.closedAt, reopened.openedAt]).to.deep.equal([null, '2026-12-02T00:00:00.000Z']);
    expect(editedRequest(draft, { title: 'x' }, 'now')).to.deep.equal({ ...draft, title: 'x' });
  });
});

describe('journey.ts: one way to read the journey', () => {
  let store: IndexedDbStore;
  beforeEach(() => {
    store = freshStore();
  });
  afterEach(() => store.destroy());

  it('readJourney: the first page, then (given what is loaded) the next one merged into it', async () => {
    const c = await store.create('customer', customer({ name: 'Long' }), { by: 'x' });
    // In the past: the request created below (now) is newer than every activity, so on the first page.
    const start = Date.now() - 86_400_000;
    const count = JOURNEY_PAGE + 5;
    await Promise.all(
      Array.from({ length: count }, (_, i) => store.create('activity', activity(c.id, { at: new Date(start + i * 60_000).toISOString() }), { by: 'x' })),
    );
    const old = await store.create('request', request(c.id, { title: 'Old' }), { by: 'x' });
    const first = await readJourney(store, c.id);
    expect(first.journeyHasMore).to.equal(true);
    expect(first.journey.filter((e) => e.type === 'activity')).to.have.length(JOURNEY_PAGE);
    const next = await readJourney(store, c.id, first.journey);
    expect(next.journeyHasMore).to.equal(false);
    expect(next.journey.filter((e) => e.type === 'activity')).to.have.length(count);
    expect(new Set(next.journey.map((e) => e.id)).size).to.equal(next.journey.length);
    // An entry already loaded keeps its loaded version (a write may have reached it after the read).
    expect(first.journey[0]!.id).to.equal(old.id);
    const shown = { ...old, title: 'Newer, shown' };
    const again = await readJourney(store, c.id, first.journey.map((e) => (e.id === old.id ? shown : e)));
    expect(again.journey.find((e) => e.id === old.id)).to.equal(shown);
  });

  it('pageOnto keeps what reached the journey while the page was read', () => {
    const a3 = act('activity:3', '2026-01-03T00:00:00.000Z');
    const a2 = act('activity:2', '2026-01-02T00:00:00.000Z');
    const a1 = act('activity:1', '2026-01-01T00:00:00.000Z');
    const before = [a3, a2];
    const read = { journey: [a3, a2, a1], journeyHasMore: false };
    expect(pageOnto(read, before, before)).to.equal(read.journey);
    const a4 = act('activity:4', '2026-01-04T00:00:00.000Z');
    const a3b = { ...a3, tags: ['saved meanwhile'] };
    expect(pageOnto(read, before, [a4, a3b, a2])).to.deep.equal([a4, a3b, a2, a1]);
  });

  it('journeyWith: a record older than every loaded activity waits for its page while older pages are to come', () => {
    const a2 = act('activity:2', '2026-01-02T00:00:00.000Z');
    const older = act('activity:0', '2025-12-01T00:00:00.000Z');
    expect(journeyWith({ journey: [a2], journeyHasMore: true }, older)).to.deep.equal([a2]);
    expect(journeyWith({ journey: [a2], journeyHasMore: false }, older)).to.deep.equal([a2, older]);
  });
});
