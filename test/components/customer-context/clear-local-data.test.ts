import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import type { ClearResult } from '../../../src/model/index.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { couchInfo, couchJson, couchStore, dropDatabase, freshDatabase, setPlug } from '../../helpers/couch.js';
import { customer } from '../../helpers/data.js';
import { find, screenText, settle } from '../../helpers/gadget.js';
import { until } from '../../helpers/session.js';

// Issue 16 item 5, "Stored data on a shared browser profile" (docs/security.md): what a
// desktop calls on sign-out — `clearLocalData()` or the host event `host.signed-out` — leaves
// nothing of the agent in this browser (every localStorage key and IndexedDB database of the
// gadget is read back and searched for their customers and what they typed), nothing on
// screen, nothing for the next agent; and it never deletes a write the backend has not taken
// without saying so: it delivers first, refuses with the count, or drops with `dropUnsent`.
// Each file runs in a browser context of its own: every key and database seen here is ours.

let counter = 0;
const AT = '2026-11-22T10:00:00.000Z';
const call = (interactionId: string, from: Record<string, string>) => ({ type: 'interaction.started', interactionId, channel: 'voice', from, at: AT });
const signIn = (agentId: string, agentName: string) => ({ type: 'host.context', agentId, agentName });

/** Every localStorage key and value, as one text to search. */
function storedText(): string {
  const out: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i)!;
    out.push(`${key}=${localStorage.getItem(key)}`);
  }
  return out.join('\n');
}

/** The content of an existing IndexedDB database, every object store read whole, as JSON. */
function dump(name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const stores = [...db.objectStoreNames];
      if (!stores.length) {
        db.close();
        return resolve('{}');
      }
      const tx = db.transaction(stores, 'readonly');
      const out: Record<string, unknown> = {};
      for (const store of stores) {
        const all = tx.objectStore(store).getAll();
        all.onsuccess = () => (out[store] = all.result);
      }
      tx.oncomplete = () => {
        db.close();
        resolve(JSON.stringify(out));
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** Every IndexedDB database of this browser context, by name, with its content. */
async function databases(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const { name } of await indexedDB.databases()) if (name) out.set(name, await dump(name));
  return out;
}

/** How many rows an object store of an existing database holds. */
async function rows(name: string, store: string): Promise<number> {
  const content = JSON.parse(await dump(name)) as Record<string, unknown[]>;
  return content[store]?.length ?? 0;
}

/** Deletes a database once every connection to it is closed (the removed element's close soon after it). */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = () => resolve();
  });
}

/** The strings of `needles` found in `haystack`. */
const foundIn = (haystack: string, needles: readonly string[]) => needles.filter((needle) => haystack.includes(needle));

describe('clearLocalData() on the embedded store: nothing of the previous agent stays in the browser or on screen', function () {
  this.timeout(30000);
  let db: string;
  let store: IndexedDbStore;
  let el: CustomerContext;
  let zoraId: string;
  let yusufId: string;
  // What agent A leaves behind: their customers, what they typed, saved or not, their id.
  const SAVED_TITLE = 'Quillfeather router saved by A';
  const UNSAVED_TITLE = 'Brandtwood unsaved note by A';
  const UNKNOWN_CALLER = 'Xanthippe Unsaved-Caller';
  const SEARCHED = 'Brandtw';
  const SET_ASIDE = 'Set-aside text of A';
  const ofA = ['Zora Quillfeather', 'Yusuf Brandtwood', SAVED_TITLE, UNSAVED_TITLE, UNKNOWN_CALLER, SET_ASIDE, 'agent-a', 'Alma'];
  /** Never saved: must be nowhere, whatever is kept. */
  const unsavedOfA = [UNSAVED_TITLE, UNKNOWN_CALLER, SET_ASIDE];

  beforeEach(async () => {
    localStorage.clear();
    db = `cc-clear-${Date.now()}-${counter++}`;
    store = new IndexedDbStore({ name: db });
    zoraId = (await store.create('customer', customer({ name: 'Zora Quillfeather', phones: ['+44 20 7946 1001'] }), { by: 'seed' })).id;
    yusufId = (await store.create('customer', customer({ name: 'Yusuf Brandtwood', phones: ['+44 20 7946 1002'] }), { by: 'seed' })).id;
    el = await fixture<CustomerContext>(html`<customer-context database=${db}></customer-context>`);
    await el.ready;
  });

  afterEach(async () => {
    el.remove();
    store.close();
    for (const { name } of await indexedDB.databases()) if (name) await deleteDatabase(name);
    localStorage.clear();
  });

  /** Agent A's shift: saves on Zora and closes her (→ Recent), types on Yusuf without saving, an unknown caller never created, a search, a set-aside draft. */
  async function agentAWorks(): Promise<void> {
    expect(el.receive(signIn('agent-a', 'Alma')).ok).to.equal(true);
    const session = () => el.agentSession!;
    el.receive(call('a-1', { phone: '+44 20 7946 1001' }));
    await until(session(), () => session().workspace(zoraId)?.request != null);
    session().editRequest(zoraId, { title: SAVED_TITLE });
    expect((await session().save(zoraId)).ok).to.equal(true);
    expect((await session().close(zoraId)).ok).to.equal(true);

    el.receive(call('a-2', { phone: '+44 20 7946 1002' }));
    await until(session(), () => session().workspace(yusufId)?.request != null);
    await settle(el);
    // Typed with the keyboard, not saved.
    find(el, 'request-editor')!.shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!.focus();
    await sendKeys({ type: UNSAVED_TITLE });
    await until(session(), () => session().workspace(yusufId)?.requestDraft?.title === UNSAVED_TITLE);

    el.receive(call('a-3', { phone: '+1 555 0177', name: UNKNOWN_CALLER }));
    await until(session(), () => session().state.open.length === 2);

    // A search typed in the pane.
    const pane = el.shadowRoot!.querySelector('cc-customer-pane')!;
    pane.shadowRoot!.querySelector<HTMLButtonElement>('#tab-search')!.click();
    await settle(el);
    pane.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!.focus();
    await sendKeys({ type: SEARCHED });
    await waitUntil(() => pane.shadowRoot!.querySelector('#panel-search')!.textContent!.includes('Yusuf Brandtwood'), 'search results shown');

    // What an earlier version could not read is set aside under the agent's keys; another backend's feed checkpoint.
    localStorage.setItem(`customer-context@indexeddb:${db}:agent-a:set-aside:workspaces:2026-11-21T08:00:00.000Z`, JSON.stringify({ pieces: [{ raw: SET_ASIDE }] }));
    localStorage.setItem('customer-context-seq:https://couch.example.com/other', '42-g1AAAA');
    await settle(el);

    // Controls: the scans below do see A's work before the clearing.
    expect(foundIn(storedText(), ['Zora Quillfeather', UNSAVED_TITLE, UNKNOWN_CALLER, SET_ASIDE, 'agent-a'])).to.have.length(5);
    expect(foundIn(screenText(el), ['Zora Quillfeather', 'Yusuf Brandtwood', UNKNOWN_CALLER])).to.have.length(3);
    expect((await databases()).get(db)).to.contain(SAVED_TITLE);
  }

  async function expectNothingOfAOnScreen(): Promise<void> {
    await settle(el);
    expect(foundIn(screenText(el), ofA), 'on screen').to.deep.equal([]);
    const pane = el.shadowRoot!.querySelector('cc-customer-pane')!;
    expect(pane.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!.value).to.equal('');
    expect(pane.shadowRoot!.querySelector('#tab-open')!.getAttribute('aria-selected')).to.equal('true');
    expect(el.agentSession!.state.open).to.deep.equal([]);
    expect(el.agentSession!.state.recent).to.deep.equal([]);
  }

  it('removes every agent\'s drafts, Recent, set-aside drafts and checkpoints, and what A typed; keeps the saved customer database (shared by the profile\'s agents); the next agent sees nothing of A', async () => {
    await agentAWorks();
    const before = el.agentSession;
    const result = await el.clearLocalData();
    expect(result).to.deep.equal({ ok: true, dropped: 0, refused: 0, discarded: 2 } satisfies ClearResult);
    await el.ready;
    expect(el.agentSession).not.to.equal(before);
    expect(el.agentSession!.agentId).to.equal('agent');

    // localStorage: no key of A's, nothing A typed or worked on, the other checkpoint gone too.
    const stored = storedText();
    expect(foundIn(stored, ofA), stored).to.deep.equal([]);
    expect(stored).not.to.contain('customer-context-seq:');
    // IndexedDB: the embedded store is kept (it is the customer database of this profile): what A saved is there,
    // nothing A left unsaved is anywhere.
    const dbs = await databases();
    // (Another test's database may still be closing in this browser context: it holds nothing of A's, checked below.)
    expect([...dbs.keys()]).to.include(db);
    expect([...dbs.keys()].filter((name) => name.startsWith('customer-context-outbox:'))).to.deep.equal([]);
    expect(dbs.get(db)).to.contain(SAVED_TITLE);
    expect(foundIn([...dbs.values()].join('\n'), unsavedOfA)).to.deep.equal([]);
    await expectNothingOfAOnScreen();

    // Agent B signs in on the same profile: no Open, no Recent of A's, nothing kept under B's id from A.
    expect(el.receive(signIn('agent-b', 'Bruno')).ok).to.equal(true);
    await el.agentSession!.idle();
    await expectNothingOfAOnScreen();
    expect(foundIn(storedText(), ofA)).to.deep.equal([]);
    // B's work goes on, on the same customer database.
    el.receive(call('b-1', { phone: '+44 20 7946 1002' }));
    await until(el.agentSession!, () => el.agentSession!.workspace(yusufId)?.request != null);
    expect(el.agentSession!.workspace(yusufId)!.requestDraft!.title).not.to.equal(UNSAVED_TITLE);
    await expect(el).to.be.accessible();
  });

  it('with includeEmbeddedStore, empties the embedded store too: no customer, request or activity of A\'s is left, and the store still works', async () => {
    await agentAWorks();
    expect(await el.clearLocalData({ includeEmbeddedStore: true })).to.deep.equal({ ok: true, dropped: 0, refused: 0, discarded: 2 });
    await el.ready;
    const dbs = await databases();
    expect([...dbs.keys()]).to.include(db);
    expect(foundIn([...dbs.values()].join('\n') + storedText(), ofA)).to.deep.equal([]);
    expect(await rows(db, 'customers')).to.equal(0);
    expect(await rows(db, 'activities')).to.equal(0);
    await expectNothingOfAOnScreen();
    // Zora is unknown now: her call offers Create.
    el.receive(signIn('agent-b', 'Bruno'));
    el.receive(call('b-1', { phone: '+44 20 7946 1001' }));
    await until(el.agentSession!, () => el.agentSession!.state.open.length === 1);
    expect(el.agentSession!.state.open[0]!.customer).to.equal(null);
  });

  it('host.signed-out does the same as the method, and says what it did with cc-cleared', async () => {
    await agentAWorks();
    const cleared = oneEvent(el, 'cc-cleared');
    expect(el.receive({ type: 'host.signed-out' })).to.deep.equal({ ok: true });
    expect((await cleared).detail).to.deep.equal({ ok: true, dropped: 0, refused: 0, discarded: 2 });
    await el.ready;
    expect(foundIn(storedText(), ofA)).to.deep.equal([]);
    expect(foundIn([...(await databases()).values()].join('\n'), unsavedOfA)).to.deep.equal([]);
    await expectNothingOfAOnScreen();
    el.receive(signIn('agent-b', 'Bruno'));
    await el.agentSession!.idle();
    await expectNothingOfAOnScreen();
  });

  it('a malformed host.signed-out is refused like any host event, and clears nothing', async () => {
    await agentAWorks();
    const error = oneEvent(el, 'cc-error');
    const result = el.receive({ type: 'host.signed-out', dropUnsent: 'yes' });
    expect(result.ok).to.equal(false);
    expect((await error).detail).to.include({ code: 'invalid-event', field: 'dropUnsent' });
    await el.agentSession!.idle();
    expect(foundIn(storedText(), [UNSAVED_TITLE, UNKNOWN_CALLER, 'Zora Quillfeather'])).to.have.length(3);
    expect(el.agentSession!.state.open).to.have.length(2);
  });

  it('host events that arrive while it clears are taken by the next session: the next agent signing in at once is not lost', async () => {
    await agentAWorks();
    const done = el.clearLocalData();
    // The desktop signs B in straight after signing A out.
    expect(el.receive(signIn('agent-b', 'Bruno')).ok).to.equal(true);
    expect((await done).ok).to.equal(true);
    await el.ready;
    await el.agentSession!.idle();
    expect(el.agentSession!.state.agent).to.include({ agentId: 'agent-b', agentName: 'Bruno' });
    await expectNothingOfAOnScreen();
  });
});

describe('clearLocalData() on CouchDB with writes waiting in the outbox: never drops them without saying so', function () {
  this.timeout(60000);
  let db: string;
  let el: CustomerContext;
  let customerId: string;
  const TITLE = 'Wolfsbane offline title';
  const ADDRESS = '7 Offline Lane, Wolfsbane';

  beforeEach(async () => {
    localStorage.clear();
    db = await freshDatabase();
    const seed = await couchStore(db);
    customerId = (await seed.create('customer', customer({ name: 'Wanda Wolfsbane', phones: ['+44 20 7946 2001'] }), { by: 'seed' })).id;
    seed.close();
    const { url, plugUrl, headers } = await couchInfo();
    el = await fixture<CustomerContext>(
      html`<customer-context couchdb-url=${plugUrl ?? url} couchdb-database=${db} .couchdbHeaders=${headers}></customer-context>`,
    );
    await el.ready;
  });

  afterEach(async () => {
    await setPlug(true);
    el.remove();
    for (const { name } of await indexedDB.databases()) if (name) await deleteDatabase(name);
    localStorage.clear();
    await dropDatabase(db);
  });

  const sync = () => find(el, '[part=sync]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const outboxName = async () => (await indexedDB.databases()).map((d) => d.name!).find((name) => name.startsWith('customer-context-outbox:') && name.endsWith(`/${db}`))!;

  /** Agent A opens Wanda online, then the backend goes away and A saves twice: 2 writes wait. */
  async function twoWritesWaiting(): Promise<string> {
    el.receive(signIn('agent-a', 'Alma'));
    el.receive(call('w-1', { phone: '+44 20 7946 2001' }));
    const session = el.agentSession!;
    await until(session, () => session.workspace(customerId)?.request != null);
    await waitUntil(() => sync() === 'Online', `online (was "${sync()}")`, { timeout: 20000 });
    await setPlug(false);
    session.editRequest(customerId, { title: TITLE });
    expect((await session.save(customerId)).ok).to.equal(true);
    session.editCustomer(customerId, { ...session.workspace(customerId)!.customerDraft, address: ADDRESS });
    expect((await session.save(customerId)).ok).to.equal(true);
    await waitUntil(() => sync() === 'Offline, 2 changes waiting', `2 waiting (was "${sync()}")`, { timeout: 20000 });
    const name = await outboxName();
    expect(await rows(name, 'queue')).to.equal(2);
    return session.workspace(customerId)!.request!.id;
  }

  async function onServer(id: string): Promise<Record<string, unknown>> {
    return (await couchJson('GET', `/${db}/${encodeURIComponent(id)}`)).body as Record<string, unknown>;
  }

  it('offline: refuses with the count and deletes nothing; with the plug back it delivers first, then clears', async () => {
    const requestId = await twoWritesWaiting();
    const name = await outboxName();
    const storedBefore = storedText();
    const session = el.agentSession;

    const refused = await el.clearLocalData({ waitMs: 3000 });
    expect(refused).to.deep.equal({ ok: false, reason: 'unsent', pending: 2 } satisfies ClearResult);
    // Nothing deleted, nothing ended: the same session, the same drafts, both writes still queued, the agent told.
    expect(el.agentSession).to.equal(session);
    expect(storedText()).to.equal(storedBefore);
    expect(storedBefore).to.contain('agent-a');
    expect(await rows(name, 'queue')).to.equal(2);
    await settle(el);
    expect(screenText(el)).to.contain('Wanda Wolfsbane');
    expect(find(el, '[part=workspace] .notice')?.textContent).to.contain('2 changes you saved have not reached the server yet');

    // The plug is back: both writes are delivered first, then the browser is cleared.
    await setPlug(true);
    expect(await el.clearLocalData()).to.deep.equal({ ok: true, dropped: 0, refused: 0, discarded: 0 });
    expect((await onServer(requestId)).title).to.equal(TITLE);
    expect((await onServer(customerId)).address).to.equal(ADDRESS);
    await el.ready;
    expect(await rows(name, 'queue')).to.equal(0);
    const left = [...(await databases()).values()].join('\n') + storedText();
    expect(foundIn(left, ['Wanda Wolfsbane', TITLE, ADDRESS, 'agent-a', 'Alma'])).to.deep.equal([]);
    await settle(el);
    expect(foundIn(screenText(el), ['Wanda Wolfsbane', TITLE])).to.deep.equal([]);
  });

  it('offline with dropUnsent: clears and says 2 were dropped; they never reach the server', async () => {
    const requestId = await twoWritesWaiting();
    const name = await outboxName();
    expect(await el.clearLocalData({ dropUnsent: true, waitMs: 3000 })).to.deep.equal({ ok: true, dropped: 2, refused: 0, discarded: 0 });
    await el.ready;
    expect(await rows(name, 'queue')).to.equal(0);
    const left = [...(await databases()).values()].join('\n') + storedText();
    expect(foundIn(left, ['Wanda Wolfsbane', TITLE, ADDRESS, 'agent-a'])).to.deep.equal([]);
    await settle(el);
    expect(foundIn(screenText(el), ['Wanda Wolfsbane', TITLE])).to.deep.equal([]);
    // Back online: nothing of the dropped writes arrives.
    await setPlug(true);
    el.receive(signIn('agent-b', 'Bruno'));
    el.receive(call('b-1', { phone: '+44 20 7946 2001' }));
    await until(el.agentSession!, () => el.agentSession!.workspace(customerId)?.request != null);
    await waitUntil(() => sync() === 'Online', `online (was "${sync()}")`, { timeout: 20000 });
    expect((await onServer(requestId)).title).not.to.equal(TITLE);
    expect((await onServer(customerId)).address).not.to.equal(ADDRESS);
  });

  it('host.signed-out does the same: refused with the count offline (cc-cleared), dropped with dropUnsent', async () => {
    await twoWritesWaiting();
    const name = await outboxName();
    let cleared = oneEvent(el, 'cc-cleared');
    expect(el.receive({ type: 'host.signed-out' }).ok).to.equal(true);
    expect((await cleared).detail).to.deep.equal({ ok: false, reason: 'unsent', pending: 2 });
    expect(await rows(name, 'queue')).to.equal(2);
    expect(storedText()).to.contain('agent-a');

    cleared = oneEvent(el, 'cc-cleared');
    expect(el.receive({ type: 'host.signed-out', dropUnsent: true }).ok).to.equal(true);
    expect((await cleared).detail).to.deep.equal({ ok: true, dropped: 2, refused: 0, discarded: 0 });
    await el.ready;
    expect(await rows(name, 'queue')).to.equal(0);
    expect(foundIn(storedText(), ['Wanda Wolfsbane', TITLE, 'agent-a'])).to.deep.equal([]);
  });
});
