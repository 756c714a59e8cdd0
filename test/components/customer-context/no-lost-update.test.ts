import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import { AgentSession } from '../../../src/session/session.js';
import { DraftStore } from '../../../src/session/drafts.js';
import { CouchDbStore } from '../../../src/store/couchdb-store.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { Outbox } from '../../../src/store/outbox.js';
import type { Request } from '../../../src/model/index.js';
import { couchInfo, dropDatabase, freshDatabase, setPlug } from '../../helpers/couch.js';
import { customer, request } from '../../helpers/data.js';
import { MemoryStorage, until } from '../../helpers/session.js';
import { find, findAll, settle, deepActive } from '../../helpers/gadget.js';

let counter = 0;
const at = '2026-11-22T10:00:00.000Z';
const call = (id: string, phone: string) => ({ type: 'interaction.started', interactionId: id, channel: 'voice', from: { phone }, at });

function button(el: Element, name: string, scope?: ParentNode): HTMLButtonElement {
  const buttons = scope ? [...scope.querySelectorAll('button')] : findAll(el, 'button');
  const found = buttons.find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`button ${name} not found`);
  return found;
}
function editorInput(el: Element, part: 'title-input' | 'description-input'): HTMLInputElement | HTMLTextAreaElement {
  return find(el, 'request-editor')!.shadowRoot!.querySelector<HTMLInputElement>(`[part=${part}]`)!;
}
describe('R4.2: an open choice is never lost and never saved over (issue 13, items 1–2)', () => {
  let db: string;
  let store: IndexedDbStore;
  let el: CustomerContext;
  let req: Request;
  let customerId: string;

  /** Agent A (the element) typed a description; agent B saved another; A clicked Load: the description is to choose. */
  async function openChoice(): Promise<void> {
    const dan = await store.create('customer', customer({ name: 'Dan Ortiz', phones: ['4242'] }), { by: 'x' });
    customerId = dan.id;
    req = await store.create('request', request(dan.id, { title: 'Router', description: '' }), { by: 'x' });
    el.receive(call('call-a', '4242'));
    await until(el.agentSession!, () => el.agentSession!.workspace(dan.id)?.request != null);
    await settle(el);
    editorInput(el, 'description-input').focus();
    await sendKeys({ type: 'Mine: reset the router' });
    await store.update('request', req.id, req.rev, { ...req, description: 'Theirs: replace the router' }, { by: 'ben' });
    await until(el.agentSession!, () => el.agentSession!.workspace(dan.id)!.cautions.length === 1);
    await settle(el);
    button(el, 'Load').click();
    await settle(el);
    expect(find(el, '.choices [role=group]')?.getAttribute('aria-label')).to.equal('Description');
  }

  async function reload(): Promise<void> {
    el.remove();
    el = await fixture<CustomerContext>(html`<customer-context agent-id="ann" database=${db}></customer-context>`);
    await el.ready;
    await settle(el);
  }

  beforeEach(async () => {
    db = `cc-lost-${Date.now()}-${counter++}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
    el = await fixture<CustomerContext>(html`<customer-context agent-id="ann" database=${db}></customer-context>`);
    await el.ready;
  });
  afterEach(async () => {
    el.remove();
    await store.destroy();
  });

  it('item 1: after a reload the side-by-side choice is still there, with both values, and Save does not replace their text', async () => {
    await openChoice();
    await reload();
    const group = find(el, '.choices [role=group]');
    expect(group, 'the choice came back').to.not.equal(null);
    expect(group!.textContent).to.contain('Mine: reset the router');
    expect(group!.textContent).to.contain('Theirs: replace the router');
    // The revision the choice was made against came back too: once chosen, the save is not stale.
    expect(el.agentSession!.workspace(customerId)!.request!.rev).to.equal((await store.get('request', req.id))!.rev);

    button(el, 'Save').click();
    await waitUntil(() => find(el, '.notice'), 'a refusal');
    expect((await store.get('request', req.id))!.description).to.equal('Theirs: replace the router');

    button(el, 'Keep mine').click();
    await settle(el);
    const saved = oneEvent(el, 'cc-saved');
    button(el, 'Save').click();
    await saved;
    expect((await store.get('request', req.id))!.description).to.equal('Mine: reset the router');
  });

  it('item 1: the choice survives a switch to another customer and back', async () => {
    await openChoice();
    const eva = await store.create('customer', customer({ name: 'Eva Lind', phones: ['5353'] }), { by: 'x' });
    el.receive(call('call-b', '5353'));
    await until(el.agentSession!, () => el.agentSession!.workspace(eva.id)?.request != null);
    await settle(el);
    [...findAll<HTMLButtonElement>(el, '#panel-open .item')].find((b) => b.textContent?.includes('Eva Lind'))!.click();
    await settle(el);
    expect(find(el, '.choices')).to.equal(null);
    const danItem = [...findAll<HTMLButtonElement>(el, '#panel-open .item')].find((b) => b.textContent?.includes('Dan Ortiz'))!;
    danItem.click();
    await settle(el);
    expect(find(el, '.choices [role=group]')?.textContent).to.contain('Theirs: replace the router');
  });

  it('item 2: Save with a choice open refuses, says why, moves focus to the first field to choose, and writes nothing (header, keyboard, close dialog)', async () => {
    await openChoice();
    const before = (await store.get('request', req.id))!.rev;

    // Header Save, by keyboard.
    button(el, 'Save').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => find(el, '.notice'), 'a refusal');
    expect(find(el, '.notice')!.textContent).to.contain('Choose which version to keep');
    await waitUntil(() => deepActive()?.textContent?.trim() === 'Keep mine', 'focus on the first choice');
    expect(find(el, '[part=saved]'), 'no "Saved"').to.equal(null);
    expect((await store.get('request', req.id))!.rev).to.equal(before);

    // The close dialog's Save.
    button(el, 'Close').click();
    await settle(el);
    const dialog = find(el, 'dialog')!;
    expect(dialog.open).to.equal(true);
    button(el, 'Save', dialog).click();
    await waitUntil(() => !dialog.open && deepActive()?.textContent?.trim() === 'Keep mine', 'refused, focus on the choice');
    expect(el.agentSession!.workspace(customerId), 'still open').to.not.equal(undefined);
    expect((await store.get('request', req.id))!.rev).to.equal(before);
  });

  it('item 1: a restarted session (same drafts) keeps the open choice and refuses to save over it', async () => {
    const storage = new MemoryStorage();
    // The agent's own store; Ben writes through another (another tab, as far as change events go).
    const mine = new IndexedDbStore({ name: db });
    const first = new AgentSession(mine, { agentId: 'ann', drafts: new DraftStore('ann', 'ns', storage) });
    const dan = await store.create('customer', customer({ name: 'Dan', phones: ['6161'] }), { by: 'x' });
    const r = await store.create('request', request(dan.id, { title: 'T' }), { by: 'x' });
    first.receive(call('call-s', '6161'));
    await until(first, () => first.workspace(dan.id)?.request != null);
    first.editRequest(dan.id, { title: 'Mine' });
    await store.update('request', r.id, r.rev, { ...r, title: 'Theirs' }, { by: 'ben' });
    await until(first, () => first.workspace(dan.id)!.cautions.length === 1);
    first.load(dan.id, 'request');
    expect(first.workspace(dan.id)!.choices).to.have.length(1);
    first.dispose();

    const second = new AgentSession(mine, { agentId: 'ann', drafts: new DraftStore('ann', 'ns', storage) });
    await second.restore();
    expect(second.workspace(dan.id)!.choices[0]!.conflicts).to.deep.equal([{ field: 'title', mine: 'Mine', theirs: 'Theirs' }]);
    expect(await second.save(dan.id)).to.deep.equal({ ok: false, reason: 'choice' });
    expect((await store.get('request', r.id))!.title).to.equal('Theirs');
    second.dispose();
    mine.close();
  });

  it('item 1: a second change by the other agent keeps the field still to choose', async () => {
    await openChoice();
    const now = (await store.get('request', req.id))!;
    await store.update('request', req.id, now.rev, { ...now, title: 'Router (urgent)' }, { by: 'ben' });
    await until(el.agentSession!, () => el.agentSession!.workspace(customerId)!.cautions.length === 1);
    el.agentSession!.load(customerId, 'request');
    const ws = el.agentSession!.workspace(customerId)!;
    expect(ws.requestDraft!.title).to.equal('Router (urgent)');
    expect(ws.choices[0]!.conflicts).to.deep.equal([{ field: 'description', mine: 'Mine: reset the router', theirs: 'Theirs: replace the router' }]);
    expect((await el.agentSession!.save(customerId)).ok).to.equal(false);
  });
});

describe('R4.2 on CouchDB with the outbox: a delivery conflict is an open choice across reloads (issue 13, item 3)', function () {
  this.timeout(60000);
  let db: string;
  let outbox: Outbox;
  let b: CouchDbStore;
  let a: CustomerContext;

  beforeEach(async () => {
    localStorage.clear();
    db = await freshDatabase();
    const { url, plugUrl, headers } = await couchInfo();
    const quick = { changes: { backoff: { initialMs: 20, maxMs: 200 }, pollTimeoutMs: 2000 } };
    outbox = new Outbox(new CouchDbStore({ url: plugUrl ?? url, database: db, headers, ...quick }), { name: `outbox-${db}`, backoff: { initialMs: 20, maxMs: 200 } });
    b = new CouchDbStore({ url, database: db, headers, ...quick });
    a = await fixture<CustomerContext>(html`<customer-context agent-id="ann" .store=${outbox}></customer-context>`);
    await a.ready;
  });
  afterEach(async () => {
    await setPlug(true);
    a.remove();
    b.close();
    await outbox.destroy?.();
    await dropDatabase(db);
  });

  it('an offline save that meets a newer version: the caution, then the choice, come back after reloads; Save refuses until chosen', async () => {
    const iris = await b.create('customer', customer({ name: 'Iris', phones: ['+44 20 7946 0002'] }), { by: 'ben' });
    a.receive(call('a-1', '+44 20 7946 0002'));
    await until(a.agentSession!, () => a.agentSession!.workspace(iris.id)?.request != null);
    await settle(a);
    const requestId = a.agentSession!.workspace(iris.id)!.request!.id;

    await setPlug(false);
    editorInput(a, 'title-input').focus();
    await sendKeys({ type: 'Typed offline' });
    expect((await a.agentSession!.save(iris.id)).ok).to.equal(true);
    const theirs = (await b.get('request', requestId))!;
    await b.update('request', requestId, theirs.rev, { ...theirs, title: 'Saved by Ben' }, { by: 'ben' });
    await setPlug(true);
    outbox.flush();
    await until(a.agentSession!, () => a.agentSession!.workspace(iris.id)!.cautions.length === 1);

    const again = async () => {
      a.remove();
      a = await fixture<CustomerContext>(html`<customer-context agent-id="ann" .store=${outbox}></customer-context>`);
      await a.ready;
      await settle(a);
    };
    // Reload before Load: the caution is there again, and Save refuses.
    await again();
    await until(a.agentSession!, () => a.agentSession!.workspace(iris.id)?.cautions.length === 1);
    expect((await a.agentSession!.save(iris.id)).ok).to.equal(false);
    // Typed on after the caution, then another reload: the kept report is not applied again over it.
    a.agentSession!.editRequest(iris.id, { title: 'Typed offline, and more' });
    await again();
    await until(a.agentSession!, () => a.agentSession!.workspace(iris.id)?.cautions.length === 1);
    await a.agentSession!.idle();
    expect(a.agentSession!.workspace(iris.id)!.requestDraft!.title).to.equal('Typed offline, and more');
    a.agentSession!.editRequest(iris.id, { title: 'Typed offline' });
    await settle(a);
    button(a, 'Load').click();
    await settle(a);
    // Reload after Load (the outbox's report is dismissed): the choice is there again.
    await again();
    const ws = a.agentSession!.workspace(iris.id)!;
    expect(ws.choices.find((c) => c.kind === 'request')?.conflicts.find((c) => c.field === 'title')).to.deep.equal({ field: 'title', mine: 'Typed offline', theirs: 'Saved by Ben' });
    expect(await a.agentSession!.save(iris.id)).to.deep.equal({ ok: false, reason: 'choice' });
    expect((await b.get('request', requestId))!.title).to.equal('Saved by Ben');
  });
});
