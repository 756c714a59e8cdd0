import { expect } from '@open-wc/testing';
import type { Request } from '../../src/model/index.js';
import { attachInteraction, mostRecentlyOpened } from '../../src/session/attach.js';
import type { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { customer, freshStore, request } from '../helpers/data.js';

const call = { interactionId: 'call-42', channel: 'voice' as const, at: '2026-11-22T10:00:00.000Z', subject: 'Billing question' };

describe('R2.5: which request an accepted interaction goes into', () => {
  let store: IndexedDbStore;
  let customerId: string;
  beforeEach(async () => {
    store = freshStore();
    customerId = (await store.create('customer', customer(), { by: 'a' })).id;
  });
  afterEach(() => store.destroy());

  it('creates a new request when the customer has none', async () => {
    const result = await attachInteraction(store, customerId, call, 'agent-1');
    expect(result.requestCreated).to.equal(true);
    expect(result.request.status).to.equal('open');
    expect(result.request.customerId).to.equal(customerId);
    expect(result.activity.requestId).to.equal(result.request.id);
    expect(result.activity.interactionId).to.equal('call-42');
    expect(await store.requestsOf(customerId)).to.have.length(1);
  });

  it('uses the only open request', async () => {
    const open = await store.create('request', request(customerId), { by: 'a' });
    const result = await attachInteraction(store, customerId, call, 'agent-1');
    expect(result.requestCreated).to.equal(false);
    expect(result.activity.requestId).to.equal(open.id);
  });

  it('uses the most recently opened of several open requests', async () => {
    await store.create('request', request(customerId, { title: 'old', openedAt: '2025-01-01T00:00:00Z' }), { by: 'a' });
    const newest = await store.create('request', request(customerId, { title: 'newest', openedAt: '2026-06-01T00:00:00Z' }), { by: 'a' });
    await store.create('request', request(customerId, { title: 'middle', openedAt: '2026-02-01T00:00:00Z' }), { by: 'a' });
    const result = await attachInteraction(store, customerId, call, 'agent-1');
    expect(result.request.id).to.equal(newest.id);
  });

  it('ignores closed requests, even newer ones, and creates one when only closed ones exist', async () => {
    await store.create('request', request(customerId, { status: 'closed', openedAt: '2026-10-01T00:00:00Z', closedAt: '2026-10-02T00:00:00Z' }), { by: 'a' });
    const result = await attachInteraction(store, customerId, call, 'agent-1');
    expect(result.requestCreated).to.equal(true);
    expect(await store.requestsOf(customerId)).to.have.length(2);

    const open = await store.create('request', request(customerId, { openedAt: '2026-01-01T00:00:00Z' }), { by: 'a' });
    const requests: Request[] = [
      { ...open, status: 'closed', openedAt: '2026-12-01T00:00:00.000Z' },
      open,
    ];
    expect(mostRecentlyOpened(requests)?.rev).to.equal(open.rev);
    expect(mostRecentlyOpened([])).to.equal(undefined);
  });

  it('is idempotent for the same interaction', async () => {
    const first = await attachInteraction(store, customerId, call, 'agent-1');
    const again = await attachInteraction(store, customerId, call, 'agent-1');
    expect(again.activity.id).to.equal(first.activity.id);
    expect(again.requestCreated).to.equal(false);
    expect(await store.countActivities(customerId)).to.equal(1);
  });
});
