import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import { customerLabel } from '../../../src/components/shared/customer-label.js';
import { emptyCustomer } from '../../../src/model/index.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { buttonNamed, find, settle, workArea } from '../../helpers/gadget.js';
import { call, chat, email } from '../../helpers/events.js';
import { until } from '../../helpers/session.js';
import '../../helpers/a11y.js';

let counter = 0;

/** The Open list's names, in order. */
const openNames = (el: CustomerContext) =>
  [...find(el, 'cc-customer-pane')!.shadowRoot!.querySelectorAll('#panel-open .name')].map((n) => n.textContent!.trim());
const formInput = (el: CustomerContext, part: string) => find(el, 'customer-form')!.shadowRoot!.querySelector<HTMLInputElement>(`[part=${part}]`)!;
/** The ids of the "Unsaved" markers a field's aria-describedby points to. */
const marked = (input: Element) => (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id.endsWith('-unsaved'));

describe('customerLabel(): how the Open list names a customer (issue #19 item 3)', () => {
  const base = emptyCustomer();
  it('the full name first (first and last), then the email, then the phone, then the chat id, then "Unknown customer"', () => {
    expect(customerLabel({ ...base, name: 'Ana', lastName: 'García', emails: ['a@x.es'], phones: ['600'] })).to.equal('Ana García');
    expect(customerLabel({ ...base, lastName: 'García' }), 'a last name alone').to.equal('García');
    expect(customerLabel({ ...base, emails: ['a@x.es'], phones: ['600'], chatIds: ['c#1'] })).to.equal('a@x.es');
    expect(customerLabel({ ...base, phones: ['600'], chatIds: ['c#1'] })).to.equal('600');
    expect(customerLabel({ ...base, chatIds: ['c#1'] })).to.equal('c#1');
    expect(customerLabel(base)).to.equal('Unknown customer');
  });

  it('white space is no name and no contact point', () => {
    expect(customerLabel({ ...base, name: '   ', lastName: ' ', emails: ['  ', 'b@x.es'] })).to.equal('b@x.es');
    expect(customerLabel({ ...base, name: ' ', phones: [' '] })).to.equal('Unknown customer');
  });
});

describe('new customers named from the contact, in the gadget (issue #19 item 3)', function () {
  this.timeout(30000);
  let db: string;
  let store: IndexedDbStore;
  let el: CustomerContext;

  beforeEach(async () => {
    db = `cc-naming-${Date.now()}-${counter++}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
    el = await fixture<CustomerContext>(html`<customer-context agent-id="ann" database=${db}></customer-context>`);
    await el.ready;
  });
  afterEach(async () => {
    el.remove();
    await store.destroy();
  });

  it('a host call with a name fills First name and Last name; nothing is created until Create, which keeps both', async () => {
    el.receive(call('n-1', { name: 'Ana María  García', phone: '+34 600 000 009', email: 'ana@example.com' }));
    await until(el.agentSession!, () => el.agentSession!.state.open.length === 1);
    await settle(el);
    expect(formInput(el, 'name-input').value).to.equal('Ana María');
    expect(formInput(el, 'last-name-input').value).to.equal('García');
    expect(openNames(el)).to.deep.equal(['Ana María García']);
    expect(await store.findByContact({ phone: '+34 600 000 009' }), 'R1.2: nothing created yet').to.deep.equal([]);
    // The prefilled names are not the agent's changes; the last name typed is, marked on its field.
    const last = formInput(el, 'last-name-input');
    expect(marked(last)).to.deep.equal([]);
    last.focus();
    await sendKeys({ press: 'End' });
    await sendKeys({ type: ' Ruiz' });
    await settle(el);
    expect(marked(formInput(el, 'last-name-input')), 'the last name is marked Unsaved').to.have.length(1);
    expect(marked(formInput(el, 'name-input'))).to.deep.equal([]);
    expect(openNames(el)).to.deep.equal(['Ana María García Ruiz']);
    await expect(find(el, 'customer-form')!).to.be.accessible();

    buttonNamed(el, 'Create', find(el, 'customer-form')!.shadowRoot!).click();
    await waitUntil(async () => (await store.findByContact({ phone: '+34 600 000 009' })).length === 1, 'created');
    const [created] = await store.findByContact({ phone: '+34 600 000 009' });
    expect(created).to.deep.include({ name: 'Ana María', lastName: 'García Ruiz', emails: ['ana@example.com'] });
    await waitUntil(() => el.agentSession!.state.open[0]?.customer !== null, 'the work area is on the created customer');
    await settle(el);
    expect(workArea(el).shadowRoot.querySelector('.customer-name')!.textContent).to.contain('Ana María García Ruiz');
  });

  it('Cancel of an edit gives back the saved last name too: nothing left unsaved, a Save cannot drop it', async () => {
    const ana = await store.create('customer', { ...emptyCustomer(), name: 'Ana', lastName: 'García' }, { by: 'seed' });
    await el.agentSession!.reopen(ana.id);
    await settle(el);
    expect(await (workArea(el) as unknown as { openForm(): Promise<boolean> }).openForm()).to.equal(true);
    await settle(el);
    buttonNamed(el, 'Edit', find(el, 'customer-form')!.shadowRoot!).click();
    await settle(el);
    formInput(el, 'last-name-input').focus();
    await sendKeys({ press: 'End' });
    await sendKeys({ type: ' Ruiz' });
    await settle(el);
    expect(el.agentSession!.workspace(ana.id)!.customerDraft.lastName).to.equal('García Ruiz');
    buttonNamed(el, 'Cancel', find(el, 'customer-form')!.shadowRoot!).click();
    await settle(el);
    const ws = el.agentSession!.workspace(ana.id)!;
    expect(ws.customerDraft.lastName).to.equal('García');
    expect(el.agentSession!.hasUnsaved(ws), 'nothing unsaved after Cancel').to.equal(false);
  });

  it('no name: the form\'s names stay empty and the Open list shows the email, then the phone, then the chat id, then "Unknown customer"', async () => {
    const contacts = [email('e-1', { email: 'zoe@example.com', phone: '+1 555 0100' }), call('c-2', { phone: '+1 555 0101' }), chat('ch-3', { chatId: 'visitor-77' }), call('c-4', {})];
    for (const [i, event] of contacts.entries()) {
      el.receive(event);
      await until(el.agentSession!, () => el.agentSession!.state.open.length === i + 1 && el.agentSession!.state.activeKey === `new:${event.interactionId}`);
    }
    await settle(el);
    expect(openNames(el)).to.deep.equal(['zoe@example.com', '+1 555 0101', 'visitor-77', 'Unknown customer']);
    // The work area is named as its Open row is (its region and heading).
    expect(find(el, '[part=workspace]')!.getAttribute('aria-label')).to.equal('Working on Unknown customer');
    // The work area shown (the last contact) has empty name fields and refuses Create until the agent names them.
    expect(formInput(el, 'name-input').value).to.equal('');
    expect(formInput(el, 'last-name-input').value).to.equal('');
    buttonNamed(el, 'Create', find(el, 'customer-form')!.shadowRoot!).click();
    await settle(el);
    expect(formInput(el, 'name-input').getAttribute('aria-invalid')).to.equal('true');
    expect(find(el, 'customer-form')!.shadowRoot!.textContent).to.contain('Enter a name');
    // A last name alone is a name.
    formInput(el, 'last-name-input').focus();
    await sendKeys({ type: 'Okafor' });
    await settle(el);
    expect(openNames(el).at(-1)).to.equal('Okafor');
    buttonNamed(el, 'Create', find(el, 'customer-form')!.shadowRoot!).click();
    await waitUntil(() => el.agentSession!.state.open.at(-1)?.customer != null, 'created with a last name only');
    expect(el.agentSession!.state.open.at(-1)!.customer).to.deep.include({ name: '', lastName: 'Okafor' });
  });
});
