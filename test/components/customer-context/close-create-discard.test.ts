import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { customer, request } from '../../helpers/data.js';
import { until } from '../../helpers/session.js';
import { find, settle, deepActive } from '../../helpers/gadget.js';

let counter = 0;
const call = (id: string, from: Record<string, string>, at = '2026-11-22T10:00:00.000Z') => ({ type: 'interaction.started', interactionId: id, channel: 'voice', from, at });

function button(name: string, scope: ParentNode): HTMLButtonElement {
  const found = [...scope.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`button ${name} not found`);
  return found;
}
describe('Close: Create and Discard (R6.2, R6.3; issue 13, items 5–6)', () => {
  let db: string;
  let store: IndexedDbStore;
  let el: CustomerContext;

  beforeEach(async () => {
    db = `cc-close-${Date.now()}-${counter++}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
    el = await fixture<CustomerContext>(html`<customer-context agent-id="ann" database=${db}></customer-context>`);
    await el.ready;
  });
  afterEach(async () => {
    el.remove();
    await store.destroy();
  });

  /** Close, then the dialog's button `choice`. */
  async function closeWith(choice: 'Create' | 'Save' | 'Discard'): Promise<HTMLDialogElement> {
    button('Close', find(el, '[part=header]')!).click();
    await settle(el);
    const dialog = find<HTMLDialogElement>(el, 'dialog')!;
    expect(dialog.open).to.equal(true);
    button(choice, dialog).click();
    return dialog;
  }

  it('item 5: the dialog’s Create with no name creates nothing; the form’s name field says "Enter a name" and has focus', async () => {
    el.receive(call('c-1', { phone: '+1 555 0100' }));
    await until(el.agentSession!, () => el.agentSession!.state.open.length === 1);
    await settle(el);
    const dialog = await closeWith('Create');
    const form = find(el, 'customer-form')!;
    const name = form.shadowRoot!.querySelector<HTMLInputElement>('[part=name-input]')!;
    await waitUntil(() => deepActive() === name, 'focus on the name field');
    expect(dialog.open).to.equal(false);
    expect(name.getAttribute('aria-invalid')).to.equal('true');
    expect(form.shadowRoot!.textContent).to.contain('Enter a name');
    expect(await store.findByContact({ phone: '+1 555 0100' })).to.deep.equal([]);
    expect(el.agentSession!.state.open).to.have.length(1);
    expect(el.agentSession!.state.open[0]!.customer).to.equal(null);

    // With a name typed, the same Create creates and closes.
    await sendKeys({ type: 'Nia Okafor' });
    const closed = new Promise((resolve) => el.addEventListener('cc-closed', resolve, { once: true }));
    await closeWith('Create');
    await closed;
    const [nia] = await store.findByContact({ phone: '+1 555 0100' });
    expect(nia?.name).to.equal('Nia Okafor');
  });

  it('item 6: Discard leaves no empty open request behind: the one this call created is closed as empty, its activity kept; the next call gets a new one', async () => {
    const ola = await store.create('customer', customer({ name: 'Ola', phones: ['2020'] }), { by: 'x' });
    el.receive(call('c-2', { phone: '2020' }));
    await until(el.agentSession!, () => el.agentSession!.workspace(ola.id)?.request != null);
    await settle(el);
    const created = el.agentSession!.workspace(ola.id)!.request!;
    const activity = el.agentSession!.workspace(ola.id)!.activity!;
    find(el, 'request-editor')!.shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!.focus();
    await sendKeys({ type: 'Not kept' });
    const closed = new Promise((resolve) => el.addEventListener('cc-closed', resolve, { once: true }));
    await closeWith('Discard');
    await closed;
    // The empty request is closed once the work area is gone (idle() waits for it).
    await el.agentSession!.idle();
    const after = (await store.get('request', created.id))!;
    expect([after.status, after.title, after.description]).to.deep.equal(['closed', '', '']);
    expect(after.closedAt).to.be.a('string');
    expect((await store.get('activity', activity.id))!.requestId).to.equal(created.id);

    el.receive(call('c-3', { phone: '2020' }, '2026-11-22T11:00:00.000Z'));
    await until(el.agentSession!, () => el.agentSession!.workspace(ola.id)?.request != null);
    const next = el.agentSession!.workspace(ola.id)!.request!;
    expect(next.id).to.not.equal(created.id);
    expect(next.status).to.equal('open');
  });

  it('item 6: a plain Close with nothing typed also closes the empty request it created; a titled one, or one that was open before, stays open', async () => {
    const pia = await store.create('customer', customer({ name: 'Pia', phones: ['3030'] }), { by: 'x' });
    el.receive(call('c-4', { phone: '3030' }));
    await until(el.agentSession!, () => el.agentSession!.workspace(pia.id)?.request != null);
    await settle(el);
    const empty = el.agentSession!.workspace(pia.id)!.request!;
    expect((await el.agentSession!.close(pia.id)).ok).to.equal(true);
    expect((await store.get('request', empty.id))!.status).to.equal('closed');

    // Titled and saved: stays open.
    el.receive(call('c-5', { phone: '3030' }, '2026-11-22T11:00:00.000Z'));
    await until(el.agentSession!, () => el.agentSession!.workspace(pia.id)?.request != null);
    const titled = el.agentSession!.workspace(pia.id)!.request!;
    el.agentSession!.editRequest(pia.id, { title: 'Billing' });
    expect((await el.agentSession!.close(pia.id, 'save')).ok).to.equal(true);
    expect((await store.get('request', titled.id))!.status).to.equal('open');

    // Open before this call (even without a title): not this interaction's, stays open after Discard.
    const rui = await store.create('customer', customer({ name: 'Rui', phones: ['4040'] }), { by: 'x' });
    const before = await store.create('request', request(rui.id, { title: '', description: '' }), { by: 'x' });
    el.receive(call('c-6', { phone: '4040' }));
    await until(el.agentSession!, () => el.agentSession!.workspace(rui.id)?.request != null);
    expect(el.agentSession!.workspace(rui.id)!.request!.id).to.equal(before.id);
    el.agentSession!.editActivity(rui.id, { tags: ['x'] });
    expect((await el.agentSession!.close(rui.id, 'discard')).ok).to.equal(true);
    expect((await store.get('request', before.id))!.status).to.equal('open');
  });

  it('item 6: the request it created is closed as empty after a reload too (the draft remembers it)', async () => {
    const quy = await store.create('customer', customer({ name: 'Quy', phones: ['5050'] }), { by: 'x' });
    el.receive(call('c-7', { phone: '5050' }));
    await until(el.agentSession!, () => el.agentSession!.workspace(quy.id)?.request != null);
    const created = el.agentSession!.workspace(quy.id)!.request!;
    el.remove();
    el = await fixture<CustomerContext>(html`<customer-context agent-id="ann" database=${db}></customer-context>`);
    await el.ready;
    expect((await el.agentSession!.close(quy.id)).ok).to.equal(true);
    expect((await store.get('request', created.id))!.status).to.equal('closed');
  });
});
