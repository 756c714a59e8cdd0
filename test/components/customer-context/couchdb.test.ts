import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import { CouchDbStore } from '../../../src/store/couchdb-store.js';
import { Outbox } from '../../../src/store/outbox.js';
import { couchInfo, dropDatabase, freshDatabase, setPlug } from '../../helpers/couch.js';
import { until } from '../../helpers/session.js';
import { find } from '../../helpers/gadget.js';

/** Two agents on two "machines": each its own CouchDB client; agent A's goes through a plug the test can pull. */
describe('<customer-context> on CouchDB: live changes, offline outbox, caution after delivery (R4, R11.2, R11.3)', function () {
  this.timeout(60000);
  let db: string;
  let a: CustomerContext;
  let b: CustomerContext;
  let outbox: Outbox;

  beforeEach(async () => {
    localStorage.clear();
    db = await freshDatabase();
    const { url, plugUrl, headers } = await couchInfo();
    const quick = { changes: { backoff: { initialMs: 20, maxMs: 200 }, pollTimeoutMs: 2000 } };
    outbox = new Outbox(new CouchDbStore({ url: plugUrl ?? url, database: db, headers, ...quick }), {
      name: `outbox-${db}`,
      backoff: { initialMs: 20, maxMs: 200 },
    });
    a = await fixture<CustomerContext>(html`<customer-context agent-id="agent-a" .store=${outbox}></customer-context>`);
    b = await fixture<CustomerContext>(html`<customer-context agent-id="agent-b" .store=${new CouchDbStore({ url, database: db, headers, ...quick })}></customer-context>`);
    await Promise.all([a.ready, b.ready]);
  });

  afterEach(async () => {
    await setPlug(true);
    a.remove();
    b.remove();
    await outbox.destroy?.();
    await dropDatabase(db);
  });

  it('shows Online, keeps a save made offline as "Offline, 1 changes waiting", and turns a conflict at delivery into a caution with both versions', async () => {
    const sync = () => find(a, '[part=sync]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    const call = { type: 'interaction.started', channel: 'voice', from: { phone: '+44 20 7946 0001' }, at: '2026-11-22T10:00:00Z' };
    // Agent B creates the customer; agent A takes a call from them.
    b.receive({ ...call, interactionId: 'b-1' });
    await until(b.agentSession!, () => b.agentSession!.state.open.length === 1);
    const bKey = b.agentSession!.state.open[0]!.key;
    b.agentSession!.editCustomer(bKey, { ...b.agentSession!.workspace(bKey)!.customerDraft, name: 'Iris Shared' });
    expect((await b.agentSession!.createCustomer(bKey)).ok).to.equal(true);
    const customerId = b.agentSession!.state.open[0]!.customer!.id;

    a.receive({ ...call, interactionId: 'a-1' });
    await until(a.agentSession!, () => a.agentSession!.workspace(customerId)?.request != null);
    await a.updateComplete;
    expect(sync()).to.equal('Online');

    // Live: B's saved change reaches A, which has no input on the customer.
    const bWs = b.agentSession!.workspace(customerId)!;
    b.agentSession!.editCustomer(customerId, { ...bWs.customerDraft, address: '221B Baker Street' });
    expect((await b.agentSession!.save(customerId)).ok).to.equal(true);
    await until(a.agentSession!, () => a.agentSession!.workspace(customerId)!.customerDraft.address === '221B Baker Street');

    // The plug is pulled; A types and saves: kept locally, visibly waiting.
    await setPlug(false);
    const editor = find(a, 'request-editor')!;
    await (editor as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    editor.shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!.focus();
    await sendKeys({ type: 'Typed while offline' });
    const saved = await a.agentSession!.save(customerId);
    expect(saved.ok).to.equal(true);
    await waitUntil(() => sync() === 'Offline, 1 changes waiting', `sync shows waiting (was "${sync()}")`, { timeout: 20000 });

    // Meanwhile B saves the same request.
    await until(b.agentSession!, () => b.agentSession!.workspace(customerId)?.request != null);
    const bRequest = b.agentSession!.workspace(customerId)!;
    b.agentSession!.editRequest(customerId, { title: 'Saved by B' });
    expect((await b.agentSession!.save(customerId)).ok, JSON.stringify(bRequest.request)).to.equal(true);

    // Back online: delivery meets B's newer revision → caution on A, both versions kept.
    await setPlug(true);
    outbox.flush();
    await until(a.agentSession!, () => a.agentSession!.workspace(customerId)!.cautions.some((c) => c.kind === 'request'));
    await a.updateComplete;
    expect(find(a, '[part=caution]')!.textContent).to.contain('agent-b');
    find<HTMLButtonElement>(a, '[part=caution] button')!.click();
    await a.updateComplete;
    const choice = a.agentSession!.workspace(customerId)!.choices.find((c) => c.kind === 'request')!;
    expect(choice.conflicts.find((c) => c.field === 'title')).to.deep.equal({ field: 'title', mine: 'Typed while offline', theirs: 'Saved by B' });
    await waitUntil(() => sync() === 'Online', 'back online', { timeout: 20000 });
    await expect(a).to.be.accessible();
  });
});

describe('<customer-context couchdb-url>: the element makes its own CouchDB store from attributes', function () {
  this.timeout(60000);
  let db: string;
  let el: CustomerContext | undefined;
  const originalFetch = window.fetch;

  beforeEach(async () => {
    localStorage.clear();
    db = await freshDatabase();
  });

  afterEach(async () => {
    window.fetch = originalFetch;
    el?.remove();
    el = undefined;
    const { url } = await couchInfo();
    // The element's own outbox queue (an IndexedDB database named after the server and database).
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(`customer-context-outbox:${url}/${db}`);
      request.onsuccess = request.onerror = request.onblocked = resolve;
    });
    await dropDatabase(db);
  });

  it('takes headers and an agent-id set right after it connects (before its first update)', async () => {
    const { url, headers } = await couchInfo();
    const token = headers.Authorization ?? 'Bearer set-after-connect';
    const sent: string[] = [];
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).includes(`/${db}`)) sent.push((init?.headers as Record<string, string> | undefined)?.Authorization ?? '');
      return originalFetch(input, init);
    };
    el = document.createElement('customer-context');
    el.setAttribute('couchdb-url', url);
    el.setAttribute('couchdb-database', db);
    document.body.append(el);
    // Same task, after connectedCallback has started a session without them.
    el.couchdbHeaders = { Authorization: token };
    el.agentId = 'agent-late';
    await el.updateComplete;
    await el.ready;
    expect(el.agentSession!.agentId).to.equal('agent-late');
    el.agentSession!.receive({ type: 'interaction.started', interactionId: 'late-1', channel: 'chat', from: { chatId: 'nobody' }, at: '2026-11-22T10:00:00Z' });
    await el.agentSession!.idle();
    const after = sent.slice(-3);
    expect(after.length).to.be.greaterThan(0);
    expect([...new Set(after)]).to.deep.equal([token]);
  });

  it('finds the customer through couchdb-url / couchdb-database / couchdbHeaders, takes refreshed headers without a restart, and restarts on a new agent-id', async () => {
    const { url, headers } = await couchInfo();
    const seeded = await new CouchDbStore({ url, database: db, headers }).create(
      'customer',
      { name: 'Noor Haddad', phones: ['+31 20 555 0101'], emails: [], chatIds: [], address: '', fields: {} },
      { by: 'seed' },
    );
    // The host's first token, then a refreshed one (against a real CouchDB with sign-in, only the refreshed one is valid).
    const initial = { Authorization: 'Bearer initial-token' };
    const refreshed = headers.Authorization ? headers : { Authorization: 'Bearer refreshed-token' };
    const sent: string[] = [];
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).includes(`/${db}`)) sent.push((init?.headers as Record<string, string> | undefined)?.Authorization ?? '');
      return originalFetch(input, init);
    };
    el = await fixture<CustomerContext>(
      html`<customer-context agent-id="agent-n" couchdb-url=${url} couchdb-database=${db} .couchdbHeaders=${initial}></customer-context>`,
    );
    await el.ready;
    const session = el.agentSession!;
    // The change feed starts polling with the headers the element was given.
    await waitUntil(() => sent.length > 0, 'the change feed polls');
    expect(sent).to.include('Bearer initial-token');

    el.couchdbHeaders = refreshed;
    await el.updateComplete;
    sent.length = 0;
    session.receive({ type: 'interaction.started', interactionId: 'n-1', channel: 'voice', from: { phone: '+31 20 555 0101' }, at: '2026-11-22T10:00:00Z' });
    await until(session, () => session.workspace(seeded.id)?.request != null);
    session.editRequest(seeded.id, { title: 'Sent with the refreshed token' });
    expect((await session.save(seeded.id)).ok).to.equal(true);
    expect(sent.length).to.be.greaterThan(2);
    expect([...new Set(sent)]).to.deep.equal([refreshed.Authorization]);
    expect((await new CouchDbStore({ url, database: db, headers }).requestsOf(seeded.id))[0]!.title).to.equal('Sent with the refreshed token');
    // The same session all along: new headers do not restart it.
    expect(el.agentSession).to.equal(session);
    await el.updateComplete;
    expect(find(el, '[part=sync]')!.textContent!.trim()).to.equal('Online');

    // Another agent-id: a new session, whose drafts are that agent's (none).
    el.agentId = 'agent-m';
    await el.updateComplete;
    expect(el.agentSession).not.to.equal(session);
    expect(el.agentSession!.agentId).to.equal('agent-m');
    await el.ready;
    expect(el.agentSession!.state.open).to.deep.equal([]);
  });
});
