import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import { CouchDbStore } from '../../../src/store/couchdb-store.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { couchInfo, dropDatabase, freshDatabase } from '../../helpers/couch.js';
import { customer } from '../../helpers/data.js';
import { until } from '../../helpers/session.js';
import { buttonNamed, settle, workArea } from '../../helpers/gadget.js';

/**
 * Issue #18 item 2, the whole gadget: two agents on one customer see each
 * other in the work area's header and on the pane's lines (Open, Recent),
 * within 2 s, on the embedded store (two gadgets in one page: two sessions,
 * as two tabs) and on CouchDB (two agents, each its own backend). The warning
 * beside Save goes to the agent who was editing first; Save is never blocked.
 */
const call = (id: string, phone: string) => ({ type: 'interaction.started', interactionId: id, channel: 'voice', from: { phone }, at: '2026-11-22T10:00:00Z' });
const named = (agentId: string, agentName: string) => ({ type: 'host.context', agentId, agentName });

/** The words of the presence badge in the work area's header, or ''. */
function headerPresence(el: CustomerContext): string {
  const badge = workArea(el).shadowRoot.querySelector('[part=header] cc-presence-badge');
  return badge?.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}
/** The words of the presence badges on the pane's lines of one list. */
function panePresence(el: CustomerContext, list: 'open' | 'recent' | 'search'): string[] {
  const pane = el.shadowRoot!.querySelector('cc-customer-pane')!;
  return [...pane.shadowRoot!.querySelectorAll(`#panel-${list} cc-presence-badge`)].map((b) => b.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
}
function warning(el: CustomerContext): string {
  return workArea(el).shadowRoot.querySelector('[part=presence-warning]')?.textContent?.trim() ?? '';
}
function titleInput(el: CustomerContext): HTMLInputElement {
  return workArea(el).shadowRoot.querySelector('request-editor')!.shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!;
}

async function openOn(el: CustomerContext, id: string, phone: string): Promise<string> {
  const session = el.agentSession!;
  el.receive(call(id, phone));
  await until(session, () => session.state.open.some((w) => w.request !== null));
  await settle(el);
  return session.state.open.find((w) => w.request !== null)!.key;
}

describe('<customer-context>: who else is here, on the embedded store (issue #18 item 2)', function () {
  this.timeout(60000);
  let name: string;
  let seeded: IndexedDbStore;

  beforeEach(() => {
    localStorage.clear();
    name = `presence-gadget-${Date.now()}`;
    seeded = new IndexedDbStore({ name });
  });
  afterEach(async () => {
    await seeded.destroy();
  });

  it('shows the other agent viewing then editing (header and Open line) within 2 s, warns the first editor beside Save, never blocks Save, and shows them on a Recent line', async () => {
    const iris = await seeded.create('customer', customer({ name: 'Iris Vega', phones: ['+34 600 100 200'] }), { by: 'seed' });
    const a = await fixture<CustomerContext>(html`<customer-context agent-id="ana" database=${name}></customer-context>`);
    const b = await fixture<CustomerContext>(html`<customer-context agent-id="bo" database=${name}></customer-context>`);
    await Promise.all([a.ready, b.ready]);
    a.receive(named('ana', 'Ana Ruiz'));
    b.receive(named('bo', 'Bo Chen'));
    const aKey = await openOn(a, 'a-1', '+34 600 100 200');
    const bKey = await openOn(b, 'b-1', '+34 600 100 200');
    let started = performance.now();
    expect(aKey).to.equal(iris.id);
    await waitUntil(() => headerPresence(b) === 'Ana Ruiz is viewing', `B's header (was "${headerPresence(b)}")`, { timeout: 5000 });
    expect(performance.now() - started, 'within 2 s').to.be.below(2000);
    await waitUntil(() => headerPresence(a) === 'Bo Chen is viewing', `A's header (was "${headerPresence(a)}")`, { timeout: 5000 });
    expect(panePresence(b, 'open')).to.deep.equal(['Ana Ruiz is viewing']);

    // Ana types in the request title: Bo sees her editing it.
    titleInput(a).focus();
    started = performance.now();
    await sendKeys({ type: 'Ana types' });
    await waitUntil(() => headerPresence(b) === 'Ana Ruiz is editing the request', `B sees editing (was "${headerPresence(b)}")`, { timeout: 5000 });
    expect(performance.now() - started, 'within 2 s').to.be.below(2000);
    expect(warning(a), 'nobody started after Ana yet').to.equal('');

    // Bo types after her: Ana (first) is warned beside Save; Bo (who saw her editing) is not.
    titleInput(b).focus();
    await sendKeys({ type: 'Bo types' });
    await waitUntil(() => warning(a).startsWith('Bo Chen started editing this after you'), `A's warning (was "${warning(a)}")`, { timeout: 5000 });
    expect(warning(b)).to.equal('');
    await expect(a).to.be.accessible();

    // The warning never blocks Save.
    const save = buttonNamed(a, 'Save', workArea(a).shadowRoot);
    expect(save.disabled).to.equal(false);
    const saved = oneEvent(a, 'cc-saved');
    save.click();
    await saved;
    await until(a.agentSession!, () => !a.agentSession!.isDirty(a.agentSession!.workspace(aKey)!));

    // Bo leaves the customer (discarding his input): Ana is still on it, shown on his Recent line.
    expect((await b.agentSession!.close(bKey, 'discard')).ok).to.equal(true);
    await waitUntil(() => panePresence(b, 'recent').join() === 'Ana Ruiz is viewing', `B's Recent line (was "${panePresence(b, 'recent').join()}")`, { timeout: 5000 });
    // And Ana no longer sees Bo.
    await waitUntil(() => headerPresence(a) === '', `A's header empties (was "${headerPresence(a)}")`, { timeout: 5000 });
  });

  it('the other gadget leaving the page takes its agent with it (no one shown who is gone)', async () => {
    await seeded.create('customer', customer({ name: 'Iris Vega', phones: ['+34 600 100 201'] }), { by: 'seed' });
    const a = await fixture<CustomerContext>(html`<customer-context agent-id="ana" database=${name}></customer-context>`);
    const b = await fixture<CustomerContext>(html`<customer-context agent-id="bo" database=${name}></customer-context>`);
    await Promise.all([a.ready, b.ready]);
    await openOn(a, 'a-2', '+34 600 100 201');
    await openOn(b, 'b-2', '+34 600 100 201');
    await waitUntil(() => headerPresence(b) === 'ana is viewing', `B's header (was "${headerPresence(b)}")`, { timeout: 5000 });
    a.remove();
    await waitUntil(() => headerPresence(b) === '', `gone with the gadget (was "${headerPresence(b)}")`, { timeout: 5000 });
  });
});

describe('<customer-context>: who else is here, on CouchDB (issue #18 item 2)', function () {
  this.timeout(60000);
  let db: string;
  const els: CustomerContext[] = [];

  beforeEach(async () => {
    localStorage.clear();
    db = await freshDatabase();
  });
  afterEach(async () => {
    for (const el of els.splice(0)) el.remove();
    const { url } = await couchInfo();
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(`customer-context-outbox:${url}/${db}`);
      request.onsuccess = request.onerror = request.onblocked = resolve;
    });
    await dropDatabase(db);
  });

  it('two agents, each its own backend: each sees the other in the header within 2 s, and the other leaving', async () => {
    const { url, headers } = await couchInfo();
    const writer = new CouchDbStore({ url, database: db, headers, changes: { live: false } });
    const iris = await writer.create('customer', customer({ name: 'Iris Vega', phones: ['+34 600 100 300'] }), { by: 'seed' });
    writer.close();
    const make = async (agentId: string) => {
      const el = await fixture<CustomerContext>(html`<customer-context agent-id=${agentId} couchdb-url=${url} couchdb-database=${db} .couchdbHeaders=${headers}></customer-context>`);
      els.push(el);
      await el.ready;
      return el;
    };
    const a = await make('ana');
    const b = await make('bo');
    a.receive(named('ana', 'Ana Ruiz'));
    b.receive(named('bo', 'Bo Chen'));
    const aKey = await openOn(a, 'a-3', '+34 600 100 300');
    await openOn(b, 'b-3', '+34 600 100 300');
    // From the moment Bo has the customer open.
    const started = performance.now();
    expect(aKey).to.equal(iris.id);
    await waitUntil(() => headerPresence(b) === 'Ana Ruiz is viewing', `B's header (was "${headerPresence(b)}")`, { timeout: 8000 });
    expect(performance.now() - started, 'within 2 s').to.be.below(2000);
    await waitUntil(() => headerPresence(a) === 'Bo Chen is viewing', `A's header (was "${headerPresence(a)}")`, { timeout: 8000 });
    expect(await a.agentSession!.idle().then(() => 'no write waits for presence')).to.equal('no write waits for presence');

    // Ana closes the customer: Bo sees her gone.
    expect((await a.agentSession!.close(aKey, 'discard')).ok).to.equal(true);
    await waitUntil(() => headerPresence(b) === '', `B's header empties (was "${headerPresence(b)}")`, { timeout: 8000 });
  });
});
