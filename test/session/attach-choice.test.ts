import { expect } from '@open-wc/testing';
import { attachInteraction, chooseRequest } from '../../src/session/attach.js';
import type { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { customer, freshStore, request } from '../helpers/data.js';

const call = { interactionId: 'call-7', channel: 'voice' as const, at: '2026-11-22T10:00:00.000Z', subject: 'Refund' };

describe('R2.5 with a choice: the request the agent chose before Accept', () => {
  let store: IndexedDbStore;
  let customerId: string;
  beforeEach(async () => {
    store = freshStore();
    customerId = (await store.create('customer', customer(), { by: 'a' })).id;
  });
  afterEach(() => store.destroy());

  it('"new" makes a new request even when one is open; the open one is left alone', async () => {
    const open = await store.create('request', request(customerId, { title: 'Router' }), { by: 'a' });
    const result = await attachInteraction(store, customerId, call, 'agent-1', 'new');
    expect(result.requestCreated).to.equal(true);
    expect(result.request.id).to.not.equal(open.id);
    expect(result.request.title).to.equal('Refund');
    expect(result.activity.requestId).to.equal(result.request.id);
    expect((await store.get('request', open.id))!.rev).to.equal(open.rev);
  });

  it('the request the preview showed is used while open, even when a newer one was opened since; R2.5 when it was closed', async () => {
    const shown = await store.create('request', request(customerId, { title: 'Shown', openedAt: '2026-05-01T00:00:00.000Z' }), { by: 'a' });
    const newer = await store.create('request', request(customerId, { title: 'Opened after the preview', openedAt: '2026-06-01T00:00:00.000Z' }), { by: 'b' });
    expect((await attachInteraction(store, customerId, call, 'agent-1', { requestId: shown.id })).request.id).to.equal(shown.id);

    await store.update('request', shown.id, shown.rev, { ...request(customerId, { title: 'Shown', status: 'closed', closedAt: '2026-11-01T00:00:00.000Z' }) }, { by: 'b' });
    const later = { ...call, interactionId: 'call-8' };
    expect((await attachInteraction(store, customerId, later, 'agent-1', { requestId: shown.id })).request.id).to.equal(newer.id);
  });

  it('a choice recorded with chooseRequest is followed once, by that interaction only', async () => {
    const open = await store.create('request', request(customerId), { by: 'a' });
    chooseRequest(store, 'call-7', 'new');
    const other = await attachInteraction(store, customerId, { ...call, interactionId: 'call-other' }, 'agent-1');
    expect(other.request.id, 'another interaction keeps R2.5').to.equal(open.id);
    const chosen = await attachInteraction(store, customerId, call, 'agent-1');
    expect(chosen.request.id).to.not.equal(open.id);
    // Accepting again returns the first attachment (no second request).
    const again = await attachInteraction(store, customerId, call, 'agent-1', 'new');
    expect(again.activity.id).to.equal(chosen.activity.id);
    expect((await store.requestsOf(customerId)).length).to.equal(2);
  });
});
