import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { customer } from '../../helpers/data.js';
import { until } from '../../helpers/session.js';
import { buttonNamed, find, settle, workArea } from '../../helpers/gadget.js';

let counter = 0;
const call = (id: string, from: Record<string, string>, subject = 'Router down') => ({
  type: 'interaction.started',
  interactionId: id,
  channel: 'voice',
  from,
  subject,
  at: '2026-11-22T10:00:00.000Z',
});

/** The header's count ("2 unsaved changes"), '' when none shows. */
const count = (el: CustomerContext) => workArea(el).shadowRoot.querySelector('[part~=unsaved-count]')?.textContent?.trim() ?? '';
/** The Open list's line of the current customer. */
const openLine = (el: CustomerContext) => el.shadowRoot!.querySelector('cc-customer-pane')!.shadowRoot!.textContent!.replace(/\s+/g, ' ');
const inner = <T extends Element>(el: CustomerContext, host: string, selector: string) => find(el, host)!.shadowRoot!.querySelector<T>(selector);
/** The ids of the "Unsaved" markers a field's aria-describedby points to. */
const marked = (input: Element) => (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id.endsWith('-unsaved'));

describe('unsaved changes you can see (issue #18 item 4)', () => {
  let db: string;
  let store: IndexedDbStore;
  let el: CustomerContext;

  beforeEach(async () => {
    db = `cc-unsaved-${Date.now()}-${counter++}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
    el = await fixture<CustomerContext>(html`<customer-context agent-id="ann" database=${db}></customer-context>`);
    await el.ready;
  });
  afterEach(async () => {
    el.remove();
    await setViewport({ width: 800, height: 600 });
    await store.destroy();
  });

  it('an unknown contact: nothing is marked before the agent types (not in Open, no count, no field); typing marks the field, counts it and marks Open', async () => {
    el.receive(call('u-1', { phone: '+1 555 0100', name: 'Zoe' }));
    await until(el.agentSession!, () => el.agentSession!.state.open.length === 1);
    await settle(el);
    expect(openLine(el)).to.contain('Not created');
    expect(openLine(el), 'the prefilled contact is not the agent’s unsaved input').not.to.contain('Unsaved');
    expect(count(el)).to.equal('');
    const name = inner<HTMLInputElement>(el, 'customer-form', '[part=name-input]')!;
    expect(name.value).to.equal('Zoe');
    expect(marked(name)).to.deep.equal([]);
    const title = inner<HTMLInputElement>(el, 'request-editor', '[part=title-input]')!;
    expect(title.value).to.equal('Router down');
    expect(marked(title)).to.deep.equal([]);

    name.focus();
    await sendKeys({ type: ' A' });
    await settle(el);
    expect(count(el)).to.equal('1 unsaved change');
    expect(marked(name)).to.deep.equal(['name-unsaved']);
    expect(inner(el, 'customer-form', '#name-unsaved')!.textContent).to.equal('Unsaved');
    expect(openLine(el)).to.contain('Unsaved');

    title.focus();
    await sendKeys({ type: '!' });
    await settle(el);
    expect(count(el)).to.equal('2 unsaved changes');
    expect(marked(title)).to.deep.equal(['title-unsaved']);
    // The marks are words linked to their fields (checked on the form: axe over the whole work area is slow on a loaded machine).
    await expect(find(el, 'customer-form')!).to.be.accessible();

    // Typed back to what was filled in: nothing of the agent's is left, and Open agrees with the count.
    await sendKeys({ press: 'Backspace' });
    name.focus();
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Backspace' });
    await settle(el);
    expect(count(el)).to.equal('');
    expect(openLine(el)).not.to.contain('Unsaved');
  });

  it('a known customer: the note and the description counted and marked; Save clears every mark, the count and Open’s', async () => {
    const ola = await store.create('customer', customer({ name: 'Ola', phones: ['2020'] }), { by: 'x' });
    el.receive(call('k-1', { phone: '2020' }));
    await until(el.agentSession!, () => el.agentSession!.workspace(ola.id)?.activity != null);
    await settle(el);
    expect(count(el)).to.equal('');
    expect(openLine(el)).not.to.contain('Unsaved');

    const note = workArea(el).shadowRoot.querySelector<HTMLTextAreaElement>('[part~=note-input]')!;
    note.focus();
    await sendKeys({ type: 'Replaced the router' });
    const description = inner<HTMLTextAreaElement>(el, 'request-editor', '[part=description-input]')!;
    description.focus();
    await sendKeys({ type: 'No signal since Monday' });
    await settle(el);
    expect(count(el)).to.equal('2 unsaved changes');
    expect(marked(note)).to.deep.equal(['note-unsaved']);
    expect(marked(description)).to.deep.equal(['description-unsaved']);
    expect(openLine(el)).to.contain('Unsaved');

    const saved = new Promise((resolve) => el.addEventListener('cc-saved', resolve, { once: true }));
    buttonNamed(el, 'Save', workArea(el).shadowRoot.querySelector('[part=header]')!).click();
    await saved;
    await until(el.agentSession!, () => !el.agentSession!.isDirty(el.agentSession!.workspace(ola.id)!));
    await settle(el);
    expect(count(el)).to.equal('');
    expect(marked(note)).to.deep.equal([]);
    expect(marked(description)).to.deep.equal([]);
    expect(openLine(el)).not.to.contain('Unsaved');
  });

  it('a tag added and a status changed: "Tags not saved" and "Status not saved", each one change', async () => {
    const ola = await store.create('customer', customer({ name: 'Ola', phones: ['3030'] }), { by: 'x' });
    el.receive(call('k-2', { phone: '3030' }));
    await until(el.agentSession!, () => el.agentSession!.workspace(ola.id)?.activity != null);
    await settle(el);
    el.agentSession!.editActivity(ola.id, { tags: ['vip'] });
    inner<HTMLButtonElement>(el, 'request-editor', '[part=status-button]')!.click();
    await settle(el);
    expect(count(el)).to.equal('2 unsaved changes');
    expect(workArea(el).shadowRoot.textContent).to.contain('Tags not saved');
    const status = inner<HTMLButtonElement>(el, 'request-editor', '[part=status-button]')!;
    expect(status.getAttribute('aria-describedby')).to.equal('status-unsaved');
    expect(inner(el, 'request-editor', '#status-unsaved')!.textContent).to.equal('Status not saved');
  });

  it('the count and the marks survive a reload (reload in the middle of typing)', async () => {
    el.receive(call('u-2', { phone: '+1 555 0199' }));
    await until(el.agentSession!, () => el.agentSession!.state.open.length === 1);
    await settle(el);
    const note = workArea(el).shadowRoot.querySelector<HTMLTextAreaElement>('[part~=note-input]')!;
    note.focus();
    await sendKeys({ type: 'Half a note' });
    await settle(el);
    expect(count(el)).to.equal('1 unsaved change');
    el.remove();
    const again = await fixture<CustomerContext>(html`<customer-context agent-id="ann" database=${db}></customer-context>`);
    await again.ready;
    await settle(again);
    el = again;
    expect(count(el)).to.equal('1 unsaved change');
    const restored = workArea(el).shadowRoot.querySelector<HTMLTextAreaElement>('[part~=note-input]')!;
    expect(restored.value).to.equal('Half a note');
    expect(marked(restored)).to.deep.equal(['note-unsaved']);
    expect(openLine(el)).to.contain('Unsaved');
  });

  it('1440×900: for an unknown contact, the request title is in view without scrolling (the form shows Name, Phone and Email first)', async () => {
    await setViewport({ width: 1440, height: 900 });
    el.receive(call('u-3', { phone: '+1 555 0142', email: 'zoe@example.com', name: 'Zoe' }));
    await until(el.agentSession!, () => el.agentSession!.state.open.length === 1);
    await settle(el);
    const title = inner<HTMLInputElement>(el, 'request-editor', '[part=title-input]')!;
    const box = title.getBoundingClientRect();
    expect(document.scrollingElement!.scrollTop).to.equal(0);
    expect(box.bottom, `title input at ${box.top}–${box.bottom}`).to.be.at.most(900);
    expect(box.top).to.be.at.least(0);
    const more = inner<HTMLButtonElement>(el, 'customer-form', '[part=more-button]')!;
    expect(more.getAttribute('aria-expanded')).to.equal('false');
    expect(inner<HTMLElement>(el, 'customer-form', '#address')!.checkVisibility()).to.equal(false);
  });
});
