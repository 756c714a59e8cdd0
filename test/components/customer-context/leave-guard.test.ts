import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { deleteDB } from 'idb';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import { CouchDbStore } from '../../../src/store/couchdb-store.js';
import { Outbox } from '../../../src/store/outbox.js';
import { couchInfo, dropDatabase, freshDatabase, setPlug } from '../../helpers/couch.js';
import { until } from '../../helpers/session.js';

/** A `beforeunload` as the browser dispatches it: cancelable; a prompt is asked for by `preventDefault()`. */
function leave(): BeforeUnloadEvent {
  const event = new Event('beforeunload', { cancelable: true }) as BeforeUnloadEvent;
  window.dispatchEvent(event);
  return event;
}

/**
 * #21 item 9: leaving the page while saved writes wait in the outbox and the
 * backend cannot take them asks the browser's confirmation; online, or with
 * nothing waiting, it never does.
 */
describe('<customer-context>: leaving with writes waiting', function () {
  this.timeout(60000);
  let db: string;
  let el: CustomerContext;
  let outbox: Outbox;

  beforeEach(async () => {
    localStorage.clear();
    db = await freshDatabase();
    const { url, plugUrl, headers } = await couchInfo();
    outbox = new Outbox(new CouchDbStore({ url: plugUrl ?? url, database: db, headers, changes: { backoff: { initialMs: 20, maxMs: 200 } } }), {
      name: `leave-${db}`,
      backoff: { initialMs: 20, maxMs: 200 },
    });
    el = await fixture<CustomerContext>(html`<customer-context agent-id="agent-l" .store=${outbox}></customer-context>`);
    await el.ready;
  });
  afterEach(async () => {
    await setPlug(true);
    el.remove();
    outbox.close();
    await deleteDB(`leave-${db}`);
    await dropDatabase(db);
  });

  it('asks while a save waits offline, not before, and not once it is delivered', async () => {
    const session = el.agentSession!;
    el.receive({ type: 'interaction.started', interactionId: 'l-1', channel: 'chat', from: { chatId: 'leaver' }, at: '2026-11-22T10:00:00.000Z' });
    await until(session, () => session.workspace('new:l-1') !== undefined && !session.workspace('new:l-1')!.busy);
    session.editCustomer('new:l-1', { ...session.workspace('new:l-1')!.customerDraft, name: 'Lea Leaving' });
    expect(leave().defaultPrevented, 'nothing waits').to.equal(false);
    expect((await session.createCustomer('new:l-1')).ok).to.equal(true);
    const id = session.state.open[0]!.customer!.id;
    expect(leave().defaultPrevented, 'saved, nothing waits').to.equal(false);

    await setPlug(false);
    session.editRequest(id, { title: 'Typed while offline' });
    expect((await session.save(id)).ok).to.equal(true);
    await waitUntil(() => outbox.status.state === 'offline' && outbox.status.pending > 0, 'the write waits offline', { timeout: 20000 });
    expect(leave().defaultPrevented, 'a write waits and cannot be delivered').to.equal(true);

    await setPlug(true);
    outbox.flush();
    await waitUntil(() => outbox.status.state === 'online' && outbox.status.pending === 0, 'delivered', { timeout: 20000 });
    await el.updateComplete;
    expect(leave().defaultPrevented, 'all delivered').to.equal(false);
  });

  it('a removed element asks nothing (its listener is gone)', async () => {
    const session = el.agentSession!;
    el.receive({ type: 'interaction.started', interactionId: 'l-2', channel: 'chat', from: { chatId: 'leaver-2' }, at: '2026-11-22T10:00:00.000Z' });
    await until(session, () => session.workspace('new:l-2') !== undefined && !session.workspace('new:l-2')!.busy);
    session.editCustomer('new:l-2', { ...session.workspace('new:l-2')!.customerDraft, name: 'Removed' });
    expect((await session.createCustomer('new:l-2')).ok).to.equal(true);
    const id = session.state.open[0]!.customer!.id;
    await setPlug(false);
    session.editRequest(id, { title: 'Typed offline, then removed' });
    expect((await session.save(id)).ok).to.equal(true);
    await waitUntil(() => outbox.status.pending > 0 && outbox.status.state === 'offline', 'waiting', { timeout: 20000 });
    expect(leave().defaultPrevented).to.equal(true);
    el.remove();
    expect(leave().defaultPrevented).to.equal(false);
  });
});
