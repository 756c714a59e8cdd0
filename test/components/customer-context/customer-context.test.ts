import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { customer, request } from '../../helpers/data.js';
import { until } from '../../helpers/session.js';
import { activeIn, find, findAll, screenText, settle } from '../../helpers/gadget.js';

let counter = 0;
const now = '2026-11-22T10:00:00.000Z';
const call = (id: string, from: Record<string, string>, channel = 'voice') => ({ type: 'interaction.started', interactionId: id, channel, from, at: now });

function q<T extends Element = HTMLElement>(el: Element, selector: string): T {
  const found = find<T>(el, selector);
  if (!found) throw new Error(`${selector} not found`);
  return found;
}
function button(el: Element, name: string, within = ':host'): HTMLButtonElement {
  const buttons = within === ':host' ? findAll(el, 'button') : [...find(el, within)!.querySelectorAll('button')];
  const found = buttons.find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`button ${name} not found`);
  return found;
}
describe('<customer-context>', () => {
  let db: string;
  let agent: string;
  let store: IndexedDbStore;
  let el: CustomerContext;

  beforeEach(async () => {
    db = `cc-el-${Date.now()}-${counter++}`;
    agent = `agent-${counter}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
    el = await fixture<CustomerContext>(html`<customer-context agent-id=${agent} database=${db}></customer-context>`);
    await el.ready;
  });
  afterEach(async () => {
    el.remove();
    await store.destroy();
  });

  it('R1.1 + R8.1: a call from a known number opens the customer with the current interaction in the journey', async () => {
    const ana = await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 000 001'] }), { by: 'x' });
    expect(el.receive(call('call-1', { phone: '34600000001' }))).to.deep.equal({ ok: true });
    await until(el.agentSession!, () => (el.agentSession!.workspace(ana.id)?.journey.length ?? 0) > 0);
    await settle(el);
    expect(q(el, '[role=tabpanel]#panel-open').textContent).to.contain('Ana García');
    expect(q(el, '.customer-name').textContent).to.contain('Ana García');
    const journey = q(el, 'journey-view');
    const current = journey.shadowRoot!.querySelector('[role=option][aria-current=true]');
    expect(current?.textContent).to.contain('Current interaction');
    await expect(el).to.be.accessible();
  });

  it('every documented part can be styled from the page (the pane, the work area and the dialog export theirs)', async () => {
    const style = document.createElement('style');
    const parts = [
      'pane', 'tabs', 'workspace', 'header', 'customer-form', 'customer-form-name-input', 'customer-form-address-input',
      'request-editor', 'request-editor-title-input', 'request-editor-description-input', 'request-editor-details', 'tag-input', 'journey', 'dialog',
    ];
    style.textContent = parts.map((part) => `customer-context::part(${part}) { scroll-margin-top: 7px; }`).join('\n');
    document.head.append(style);
    try {
      el.receive(call('parts-1', { phone: '+1 555 0142' }));
      await until(el.agentSession!, () => el.agentSession!.state.open.length === 1);
      await settle(el);
      const styled = (node: Element | null) => node !== null && getComputedStyle(node).scrollMarginTop === '7px';
      const inner = (host: string, part: string) => find(el, host)!.shadowRoot!.querySelector(`[part~=${part}]`);
      const found: Record<string, boolean> = {};
      for (const part of ['pane', 'tabs', 'workspace', 'header', 'customer-form', 'request-editor', 'tag-input', 'journey', 'dialog']) found[part] = styled(find(el, `[part~=${part}]`));
      found['customer-form-name-input'] = styled(inner('customer-form', 'name-input'));
      found['customer-form-address-input'] = styled(inner('customer-form', 'address-input'));
      found['request-editor-title-input'] = styled(inner('request-editor', 'title-input'));
      found['request-editor-description-input'] = styled(inner('request-editor', 'description-input'));
      found['request-editor-details'] = styled(inner('request-editor', 'details'));
      expect(found).to.deep.equal(Object.fromEntries(parts.map((part) => [part, true])));
    } finally {
      style.remove();
    }
  });

  it('R1.2 + R5.2: an unknown caller offers Create; the agent types a name and creates the customer', async () => {
    el.receive(call('call-2', { phone: '+1 555 0199' }));
    await until(el.agentSession!, () => el.agentSession!.state.open.length === 1);
    await settle(el);
    expect(await store.findByContact({ phone: '+1 555 0199' })).to.deep.equal([]);
    const form = q(el, 'customer-form');
    expect(form.getAttribute('mode')).to.equal('create');
    form.shadowRoot!.querySelector<HTMLInputElement>('[part=name-input]')!.focus();
    await sendKeys({ type: 'Zoe Mendes' });
    const saved = oneEvent(el, 'cc-saved');
    await sendKeys({ press: 'Enter' });
    expect((await saved).detail.record.type).to.equal('customer');
    await until(el.agentSession!, () => el.agentSession!.state.open[0]?.customer !== null);
    const [zoe] = await store.findByContact({ phone: '15550199' });
    expect(zoe?.name).to.equal('Zoe Mendes');
    expect(await store.requestsOf(zoe!.id)).to.have.length(1);
  });

  it('a session restarted on a changed setting is still the agent host.context named: their unsaved work is back', async () => {
    const kim = await store.create('customer', customer({ name: 'Kim Lee', phones: ['+82 2 1234 5678'] }), { by: 'x' });
    el.receive({ type: 'host.context', agentId: 'agent-kim', agentName: 'Sam', locale: 'en' });
    el.receive(call('k-1', { phone: '82212345678' }));
    await el.agentSession!.idle();
    el.agentSession!.editRequest(kim.id, { title: 'Typed before the restart' });
    const before = el.agentSession!;
    el.couchdbCredentials = 'omit';
    await el.updateComplete;
    expect(el.agentSession).not.to.equal(before);
    await el.ready;
    await el.agentSession!.idle();
    expect(el.agentSession!.agentId).to.equal('agent-kim');
    expect(el.agentSession!.state.agent.agentName).to.equal('Sam');
    expect(el.agentSession!.workspace(kim.id)?.requestDraft?.title).to.equal('Typed before the restart');
  });

  it('the journey shows the request title as it is typed, not the saved one', async () => {
    const lena = await store.create('customer', customer({ name: 'Lena Vogel', phones: ['+49 89 1234 5678'] }), { by: 'x' });
    el.receive(call('lena-1', { phone: '498912345678' }));
    await el.agentSession!.idle();
    await settle(el);
    const title = q(el, 'request-editor').shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!;
    title.focus();
    await sendKeys({ type: 'Roaming charges' });
    await settle(el);
    const journey = q(el, 'journey-view');
    await (journey as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    const requestId = el.agentSession!.workspace(lena.id)!.request!.id;
    expect(journey.shadowRoot!.querySelector('[role=listbox]')!.textContent).to.contain('Roaming charges');
    expect((await store.get('request', requestId))!.title).to.equal('');
  });

  it('Save says "Saved" beside the button until the next change', async () => {
    const dana = await store.create('customer', customer({ name: 'Dana Weiss', phones: ['+49 30 1234 5678'] }), { by: 'x' });
    el.receive(call('save-1', { phone: '493012345678' }));
    await el.agentSession!.idle();
    await settle(el);
    expect(find(el, '[part=saved]')).to.equal(null);
    el.agentSession!.editRequest(dana.id, { title: 'Router' });
    await settle(el);
    button(el, 'Save').click();
    await until(el.agentSession!, () => !el.agentSession!.isDirty(el.agentSession!.workspace(dana.id)!));
    await settle(el);
    expect(q(el, '[part=saved]').textContent!.trim()).to.equal('Saved');
    el.agentSession!.editRequest(dana.id, { title: 'Router again' });
    await settle(el);
    expect(find(el, '[part=saved]')).to.equal(null);
  });

  it('R2 + R3 + R6.2: title, description and tags are typed, Close asks Save or Discard, Save keeps them', async () => {
    const bob = await store.create('customer', customer({ name: 'Bob Stone', emails: ['bob@stone.io'] }), { by: 'x' });
    el.receive(call('mail-1', { email: 'bob@stone.io' }, 'email'));
    await until(el.agentSession!, () => el.agentSession!.workspace(bob.id)?.requestDraft != null);
    await settle(el);
    const editor = q(el, 'request-editor');
    editor.shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!.focus();
    await sendKeys({ type: 'Invoice too high' });
    editor.shadowRoot!.querySelector<HTMLTextAreaElement>('[part=description-input]')!.focus();
    await sendKeys({ type: 'Charged twice in October' });
    const tags = q(el, 'tag-input');
    tags.shadowRoot!.querySelector<HTMLInputElement>('input')!.focus();
    await sendKeys({ type: 'Billing' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ type: 'Refund' });
    await sendKeys({ press: 'Tab' });
    await settle(el);
    const ws = el.agentSession!.workspace(bob.id)!;
    expect(ws.requestDraft!.title).to.equal('Invoice too high');
    expect(ws.activityDraft!.tags).to.deep.equal(['Billing', 'Refund']);

    const close = button(el, 'Close');
    close.focus();
    close.click();
    await settle(el);
    const dialog = q<HTMLDialogElement>(el, 'dialog');
    expect(dialog.open).to.equal(true);
    expect(activeIn(el)?.textContent?.trim()).to.equal('Save');
    await expect(el).to.be.accessible();
    const closed = oneEvent(el, 'cc-closed');
    button(el, 'Save', 'dialog').click();
    expect((await closed).detail.customerId).to.equal(bob.id);
    await settle(el);
    expect(dialog.open).to.equal(false);
    const [saved] = await store.requestsOf(bob.id);
    expect([saved!.title, saved!.description]).to.deep.equal(['Invoice too high', 'Charged twice in October']);
    expect((await store.activityByInteraction('mail-1'))!.tags).to.deep.equal(['Billing', 'Refund']);
    expect(q(el, '#panel-recent').textContent).to.contain('Bob Stone');
    expect(activeIn(el)?.id).to.equal('tab-open');
  });

  it('R6.3: Close on an unknown contact asks Create or Discard; Discard leaves without creating one', async () => {
    el.receive(call('chat-1', { chatId: 'guest-1' }, 'chat'));
    await until(el.agentSession!, () => el.agentSession!.state.open.length === 1);
    await settle(el);
    button(el, 'Close').click();
    await settle(el);
    expect(q<HTMLDialogElement>(el, 'dialog').open).to.equal(true);
    expect(q(el, 'dialog').textContent).to.contain('No customer was created');
    button(el, 'Create', 'dialog');
    const closed = oneEvent(el, 'cc-closed');
    button(el, 'Discard', 'dialog').click();
    const detail = (await closed).detail;
    expect(detail.customerId).to.equal(null);
    expect(await store.findByContact({ chatId: 'guest-1' })).to.deep.equal([]);
    expect(el.agentSession!.state.open).to.have.length(0);
  });

  it('Escape cancels the close dialog and keeps the work open', async () => {
    el.receive(call('chat-2', { chatId: 'guest-2' }, 'chat'));
    await until(el.agentSession!, () => el.agentSession!.state.open.length === 1);
    await settle(el);
    const close = button(el, 'Close');
    close.focus();
    close.click();
    await settle(el);
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(q<HTMLDialogElement>(el, 'dialog').open).to.equal(false);
    expect(el.agentSession!.state.open).to.have.length(1);
    expect(activeIn(el)).to.equal(close);
  });

  it('R7: a closed customer is found in Recent and Search and reopened with their latest activity', async () => {
    const cara = await store.create('customer', customer({ name: 'Cara Dubois', phones: ['0033 1 00'] }), { by: 'x' });
    el.receive(call('call-3', { phone: '0033100' }));
    await until(el.agentSession!, () => el.agentSession!.workspace(cara.id)?.activity != null);
    await el.agentSession!.close(cara.id);
    await settle(el);

    button(el, 'Recent').click();
    await settle(el);
    const recent = [...q(el, '#panel-recent').querySelectorAll('button')].find((b) => b.textContent?.includes('Cara Dubois'))!;
    // When it was closed tells two customers of the same name apart.
    expect(recent.querySelector('time')?.getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
    recent.click();
    await until(el.agentSession!, () => el.agentSession!.workspace(cara.id) !== undefined);
    expect(el.agentSession!.workspace(cara.id)!.activity?.interactionId).to.equal('call-3');
    await el.agentSession!.close(cara.id);

    const tab = q(el, '#tab-search');
    tab.focus();
    button(el, 'Search').click();
    await settle(el);
    q<HTMLInputElement>(el, '#panel-search input').focus();
    await sendKeys({ type: 'dubo' });
    await waitUntil(() => findAll(el, '#panel-search li').length === 1, 'one search result');
    await settle(el);
    expect(q(el, '#panel-search li').textContent).to.contain('0033 1 00');
    await expect(el).to.be.accessible();
    q(el, '#panel-search li button').click();
    await until(el.agentSession!, () => el.agentSession!.workspace(cara.id) !== undefined);
    await settle(el);
    expect(q(el, '.customer-name').textContent).to.contain('Cara Dubois');
    await waitUntil(() => activeIn(el) === q(el, '.customer-name'), 'focus on the reopened customer');
  });

  it('a call arriving while the agent types never takes the keystrokes: it waits in Open, marked New', async () => {
    const sara = await store.create('customer', customer({ name: 'Sara Costa', phones: ['+351 210 000 001'] }), { by: 'x' });
    const pedro = await store.create('customer', customer({ name: 'Pedro Dubois', emails: ['pedro@dubois.fr'] }), { by: 'x' });
    await store.create('request', request(pedro.id, { title: 'Pedro\'s own title' }), { by: 'x' });
    el.receive(call('s-1', { phone: '351210000001' }));
    await el.agentSession!.idle();
    await settle(el);
    const title = q(el, 'request-editor').shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!;
    title.focus();
    await sendKeys({ type: 'Billing dispute' });
    el.receive(call('p-1', { email: 'pedro@dubois.fr' }, 'email'));
    await el.agentSession!.idle();
    await settle(el);
    await sendKeys({ type: ' about invoice 42' });
    await settle(el);
    const session = el.agentSession!;
    expect(session.state.activeKey).to.equal(sara.id);
    expect(session.workspace(sara.id)!.requestDraft!.title).to.equal('Billing dispute about invoice 42');
    expect(session.workspace(pedro.id)!.requestDraft!.title).to.equal('Pedro\'s own title');
    const pedroItem = [...findAll(el, '#panel-open .item')].find((b) => b.textContent!.includes('Pedro Dubois'))!;
    expect(pedroItem.textContent).to.contain('New');
    expect(q(el, '[role=status]').textContent).to.contain('Pedro Dubois is waiting in Open');
    // Looked at: no longer New. Nothing of Sara's work area (a tag being typed) shows on Pedro's.
    const tagField = q(el, 'tag-input').shadowRoot!.querySelector<HTMLInputElement>('input')!;
    tagField.focus();
    await sendKeys({ type: 'half-typed' });
    (pedroItem as HTMLButtonElement).click();
    await settle(el);
    expect(session.state.activeKey).to.equal(pedro.id);
    expect(q(el, '#panel-open').textContent).not.to.contain('New');
    expect(q(el, 'tag-input').shadowRoot!.querySelector<HTMLInputElement>('input')!.value).to.equal('');
    // Not typing: the next call opens at once.
    q<HTMLButtonElement>(el, '#tab-open').focus();
    el.receive(call('s-2', { phone: '351210000001' }));
    await el.agentSession!.idle();
    expect(session.state.activeKey).to.equal(sara.id);
  });

  it('after Close → Save with the keyboard, focus is on the Open list, not on the next customer\'s Close button', async () => {
    const ines = await store.create('customer', customer({ name: 'Inês Rocha', phones: ['+351 210 000 002'] }), { by: 'x' });
    const jon = await store.create('customer', customer({ name: 'Jon Berg', phones: ['+47 2100 0003'] }), { by: 'x' });
    el.receive(call('j-1', { phone: '4721000003' }));
    await el.agentSession!.idle();
    q<HTMLButtonElement>(el, '#tab-open').focus();
    el.receive(call('i-1', { phone: '351210000002' }));
    await el.agentSession!.idle();
    await settle(el);
    el.agentSession!.editRequest(ines.id, { title: 'Unsaved' });
    await settle(el);
    button(el, 'Close').focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(activeIn(el)?.textContent?.trim()).to.equal('Save');
    await sendKeys({ press: 'Enter' });
    await until(el.agentSession!, () => el.agentSession!.workspace(ines.id) === undefined);
    await settle(el);
    const focused = activeIn(el) as HTMLElement;
    expect(focused.classList.contains('item')).to.equal(true);
    expect(focused.textContent).to.contain('Jon Berg');
    // Enter again opens Jon's work area (it already is): nothing is closed.
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(el.agentSession!.workspace(jon.id)).not.to.equal(undefined);
    expect(q<HTMLDialogElement>(el, 'dialog').open).to.equal(false);
  });

  it('RTL: the current customer\'s bar is on the reading side, and a phone number keeps its digit order', async () => {
    el.setAttribute('dir', 'rtl');
    el.receive(call('rtl-1', { phone: '+1 555 2549' }));
    await el.agentSession!.idle();
    await settle(el);
    const item = q(el, '#panel-open .item[aria-current=true]');
    const style = getComputedStyle(item);
    expect([style.borderRightWidth, style.borderLeftWidth]).to.deep.equal(['4px', '1px']);
    const name = item.querySelector('.name bdi')!;
    expect(name.textContent).to.equal('+1 555 2549');
    expect(getComputedStyle(name).unicodeBidi).to.equal('plaintext');
  });

  it('the pane tabs move with the arrow keys', async () => {
    q(el, '#tab-open').focus();
    await sendKeys({ press: 'ArrowRight' });
    await settle(el);
    expect(activeIn(el)?.id).to.equal('tab-recent');
    expect(q(el, '#tab-recent').getAttribute('aria-selected')).to.equal('true');
    await sendKeys({ press: 'End' });
    await settle(el);
    expect(activeIn(el)?.id).to.equal('tab-search');
  });

  it('R4: another agent saving a record with unsaved input shows a caution; Load brings their change in', async () => {
    const dan = await store.create('customer', customer({ name: 'Dan', phones: ['4242'] }), { by: 'x' });
    const req = await store.create('request', request(dan.id, { title: 'Base title' }), { by: 'x' });
    el.receive(call('call-4', { phone: '4242' }));
    await until(el.agentSession!, () => el.agentSession!.workspace(dan.id)?.request != null);
    await settle(el);
    q(el, 'request-editor').shadowRoot!.querySelector<HTMLTextAreaElement>('[part=description-input]')!.focus();
    await sendKeys({ type: 'My notes' });
    await store.update('request', req.id, req.rev, { ...req, title: 'Their title' }, { by: 'agent-2' });
    await until(el.agentSession!, () => el.agentSession!.workspace(dan.id)!.cautions.length === 1);
    await settle(el);
    const caution = q(el, '[part=caution]');
    expect(caution.getAttribute('role')).to.equal('alert');
    expect(caution.textContent).to.contain('agent-2');
    await expect(el).to.be.accessible();

    button(el, 'Save').click();
    await settle(el);
    expect((await store.get('request', req.id))!.description).to.equal('');

    button(el, 'Load').click();
    await settle(el);
    const title = q(el, 'request-editor').shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!;
    const description = q(el, 'request-editor').shadowRoot!.querySelector<HTMLTextAreaElement>('[part=description-input]')!;
    expect(title.value).to.equal('Their title');
    expect(description.value).to.equal('My notes');
    const saved = oneEvent(el, 'cc-saved');
    button(el, 'Save').click();
    await saved;
    const final = (await store.get('request', req.id))!;
    expect([final.title, final.description]).to.deep.equal(['Their title', 'My notes']);
  });

  it('R1.3: bad host events return { ok: false } with a code, fire cc-error and change nothing on screen', async () => {
    const ana = await store.create('customer', customer({ phones: ['1111'] }), { by: 'x' });
    el.receive(call('call-5', { phone: '1111' }));
    await until(el.agentSession!, () => el.agentSession!.workspace(ana.id)?.request != null);
    await settle(el);
    const before = screenText(el);
    const bad: unknown[] = [undefined, 'text', { type: 'interaction.started' }, { type: 'boom' }, { type: 'interaction.ended', interactionId: 'nope' }, call('call-5', { phone: '1111' })];
    const codes: string[] = [];
    el.addEventListener('cc-error', (e) => codes.push(e.detail.code));
    for (const event of bad) {
      const result = el.receive(event);
      expect(result.ok).to.equal(false);
    }
    await settle(el);
    expect(codes).to.deep.equal(['invalid-event', 'invalid-event', 'invalid-event', 'unknown-event', 'out-of-order', 'out-of-order']);
    expect(screenText(el)).to.equal(before);
  });

  it('R11.1: unsaved input and the Open list survive a reload of the element', async () => {
    const eve = await store.create('customer', customer({ name: 'Eve', phones: ['5151'] }), { by: 'x' });
    el.receive(call('call-6', { phone: '5151' }));
    await until(el.agentSession!, () => el.agentSession!.workspace(eve.id)?.requestDraft != null);
    await settle(el);
    q(el, 'request-editor').shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!.focus();
    await sendKeys({ type: 'Half-typed' });
    el.remove();
    const again = await fixture<CustomerContext>(html`<customer-context agent-id=${agent} database=${db}></customer-context>`);
    await again.ready;
    await settle(again);
    const title = q(again, 'request-editor').shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!;
    expect(title.value).to.equal('Half-typed');
    again.remove();
  });

  it('R5.1 + R5.3: clicking the name opens the customer form; Edit then Save keeps the change', async () => {
    const fay = await store.create('customer', customer({ name: 'Fay Moreau', phones: ['3131'] }), { by: 'x' });
    el.receive(call('call-8', { phone: '3131' }));
    await until(el.agentSession!, () => el.agentSession!.workspace(fay.id)?.customer != null);
    await settle(el);
    expect(find(el, 'customer-form')).to.equal(null);
    const name = q(el, '.customer-name');
    name.click();
    await settle(el);
    const form = q(el, 'customer-form');
    expect(form.getAttribute('mode')).to.equal('view');
    expect(name.getAttribute('aria-expanded')).to.equal('true');
    form.shadowRoot!.querySelector<HTMLButtonElement>('[part=edit-button]')!.click();
    await settle(el);
    expect(form.getAttribute('mode')).to.equal('edit');
    const address = form.shadowRoot!.querySelector<HTMLTextAreaElement>('[part=address-input]')!;
    address.focus();
    await sendKeys({ type: '1 Rue de la Paix' });
    const saved = oneEvent(el, 'cc-saved');
    form.shadowRoot!.querySelector<HTMLButtonElement>('[part=submit-button]')!.click();
    expect((await saved).detail.record.type).to.equal('customer');
    expect((await store.get('customer', fay.id))!.address).to.equal('1 Rue de la Paix');
    await settle(el);
    expect(form.getAttribute('mode')).to.equal('view');
    await expect(el).to.be.accessible();
  });

  it('R4.2: fields both agents changed are shown side by side, and the agent picks one', async () => {
    const gil = await store.create('customer', customer({ name: 'Gil', phones: ['7070'] }), { by: 'x' });
    el.receive(call('call-9', { phone: '7070' }));
    await until(el.agentSession!, () => el.agentSession!.workspace(gil.id)?.request != null);
    await settle(el);
    const req = el.agentSession!.workspace(gil.id)!.request!;
    q(el, 'request-editor').shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!.focus();
    await sendKeys({ type: 'Mine' });
    await store.update('request', req.id, req.rev, { ...req, title: 'Theirs' }, { by: 'agent-9' });
    await until(el.agentSession!, () => el.agentSession!.workspace(gil.id)!.cautions.length === 1);
    await settle(el);
    button(el, 'Load').click();
    await settle(el);
    const group = q(el, '.choices [role=group]');
    expect(group.getAttribute('aria-label')).to.equal('Title');
    expect(group.textContent).to.contain('Mine');
    expect(group.textContent).to.contain('Theirs');
    await expect(el).to.be.accessible();
    button(el, 'Use theirs').click();
    await settle(el);
    expect(find(el, '.choices')).to.equal(null);
    expect(q(el, 'request-editor').shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!.value).to.equal('Theirs');
  });

  it('a full disk is explained in words and the input stays', async () => {
    const hal = await store.create('customer', customer({ name: 'Hal', phones: ['9191'] }), { by: 'x' });
    el.receive(call('call-10', { phone: '9191' }));
    await until(el.agentSession!, () => el.agentSession!.workspace(hal.id)?.request != null);
    await settle(el);
    q(el, 'request-editor').shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!.focus();
    await sendKeys({ type: 'Kept' });
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      button(el, 'Save').click();
      await waitUntil(() => find(el, '.notice'), 'a notice');
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect(q(el, '.notice').textContent).to.contain('no room left');
    expect(el.agentSession!.workspace(hal.id)!.requestDraft!.title).to.equal('Kept');
  });

  it('customer text renders as text, never as markup', async () => {
    const payload = '<img src=x onerror="window.__xss=1">';
    const mal = await store.create('customer', customer({ name: payload, phones: ['6666'] }), { by: 'x' });
    el.receive(call('call-7', { phone: '6666', name: payload }));
    await until(el.agentSession!, () => (el.agentSession!.workspace(mal.id)?.journey.length ?? 0) > 0);
    await settle(el);
    expect(find(el, 'img')).to.equal(null);
    expect(q(el, '.customer-name').textContent).to.contain(payload);
    expect((window as unknown as { __xss?: number }).__xss).to.equal(undefined);
  });
});
