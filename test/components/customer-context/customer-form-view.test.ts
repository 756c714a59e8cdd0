import { expect, fixture, html } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import '../../../src/components/customer-form/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import type { CustomerForm } from '../../../src/components/customer-form/customer-form.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { customer } from '../../helpers/data.js';
import { find, workArea, settle, deepActive } from '../../helpers/gadget.js';

/**
 * Issue 13, items 7 and 8: the read-only customer view never passes unsaved
 * input off as saved (it says so in words), and a keyboard-only agent keeps
 * focus through Edit, Save and Cancel. Real IndexedDB, real keyboard and mouse.
 */

let counter = 0;
const call = (id: string, from: Record<string, string>) => ({ type: 'interaction.started', interactionId: id, channel: 'voice', from, at: '2026-11-22T10:00:00.000Z' });


function sr(el: Element): ShadowRoot {
  return el.shadowRoot!;
}
function q<T extends Element = HTMLElement>(scope: ParentNode, selector: string): T {
  const found = scope.querySelector<T>(selector);
  if (!found) throw new Error(`${selector} not found`);
  return found;
}
function text(node: Element | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
/** The focused element, through shadow roots. */
function describeEl(el: Element | null): string {
  if (!el) return '(nothing)';
  const part = el.getAttribute('part');
  return `${el.localName}${el.id ? `#${el.id}` : ''}${part ? `[part=${part}]` : ''} "${text(el).slice(0, 30)}"`;
}
function form(el: CustomerContext): CustomerForm {
  return q<CustomerForm>(workArea(el).shadowRoot, 'customer-form');
}
/** Label → the value element (`<dd>`) of the read-only view. */
function shown(f: CustomerForm): Map<string, HTMLElement> {
  const out = new Map<string, HTMLElement>();
  for (const dt of sr(f).querySelectorAll('dt')) out.set(text(dt), dt.nextElementSibling as HTMLElement);
  return out;
}
/** A real mouse click in the middle of `target`. */
async function click(target: HTMLElement): Promise<void> {
  target.scrollIntoView({ block: 'center' });
  const box = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
}
/** Resolves once "Saved" is on screen and the element and its children have rendered what followed. */
function savedShown(el: CustomerContext): Promise<void> {
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!find(el, '[part=saved]')) return;
      observer.disconnect();
      resolve(settle(el));
    });
    observer.observe(workArea(el).shadowRoot, { childList: true, subtree: true });
  });
}

describe('the customer form in the work area (issue 13, items 7 and 8)', () => {
  let db: string;
  let store: IndexedDbStore;
  let el: CustomerContext;

  beforeEach(async () => {
    db = `cc-form-${Date.now()}-${counter++}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
    el = await fixture<CustomerContext>(html`<customer-context agent-id="ann" database=${db}></customer-context>`);
    await el.ready;
  });
  afterEach(async () => {
    await resetMouse();
    el.remove();
    await store.destroy();
  });

  async function openFay(): Promise<string> {
    const fay = await store.create('customer', customer({ name: 'Fay Moreau', phones: ['3131'], address: '1 Rue de la Paix' }), { by: 'x' });
    el.receive(call('fay-1', { phone: '3131' }));
    await el.agentSession!.idle();
    await settle(el);
    return fay.id;
  }

  it('item 7: the read-only view marks an unsaved address "Not saved", in words, with the saved one beside it', async () => {
    const id = await openFay();
    const name = q<HTMLButtonElement>(workArea(el).shadowRoot, '.customer-name');
    await click(name);
    await settle(el);
    await click(q(sr(form(el)), '[part=edit-button]'));
    await settle(el);
    const address = q<HTMLTextAreaElement>(sr(form(el)), '[part=address-input]');
    address.focus();
    address.select();
    await sendKeys({ type: '2 Avenue Foch' });
    // The agent folds the form and opens it again (read-only view) without saving.
    await click(name);
    await settle(el);
    await click(name);
    await settle(el);
    expect(form(el).getAttribute('mode')).to.equal('view');
    expect((await store.get('customer', id))!.address).to.equal('1 Rue de la Paix');

    const view = shown(form(el));
    const addressValue = text(view.get('Address'));
    expect(addressValue).to.contain('2 Avenue Foch');
    expect(addressValue, 'marked in words, not only by colour').to.contain('Not saved');
    expect(addressValue, 'the saved value is there too').to.contain('Saved: 1 Rue de la Paix');
    expect(text(view.get('First name')), 'unchanged values carry no marker').to.equal('Fay Moreau');
    expect(text(view.get('Phones'))).to.equal('3131');
    expect(text(sr(form(el)).querySelector('[part=unsaved-note]'))).to.contain('not saved yet');
    await expect(el).to.be.accessible();

    // Saved: the marks go.
    const saved = savedShown(el);
    await click([...q(workArea(el).shadowRoot, '[part=header]').querySelectorAll('button')].find((b) => text(b) === 'Save')!);
    await saved;
    expect((await store.get('customer', id))!.address).to.equal('2 Avenue Foch');
    expect(text(shown(form(el)).get('Address'))).to.equal('2 Avenue Foch');
    expect(sr(form(el)).querySelector('[part=unsaved-note]')).to.equal(null);
    expect(sr(form(el)).querySelector('[part=unsaved]')).to.equal(null);
  });

  it('item 8: Edit puts focus on the first field; the form’s Save returns it to Edit, not to <body>', async () => {
    const id = await openFay();
    const name = q<HTMLButtonElement>(workArea(el).shadowRoot, '.customer-name');
    name.focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(form(el).getAttribute('mode')).to.equal('view');
    const edit = q<HTMLButtonElement>(sr(form(el)), '[part=edit-button]');
    edit.focus();
    expect(deepActive()).to.equal(edit);

    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(form(el).getAttribute('mode')).to.equal('edit');
    const nameInput = q<HTMLInputElement>(sr(form(el)), '[part=name-input]');
    expect(describeEl(deepActive()), 'after Edit').to.equal(describeEl(nameInput));

    await sendKeys({ press: 'End' });
    await sendKeys({ type: ' Dubois' });
    const saved = savedShown(el);
    await sendKeys({ press: 'Enter' });
    await saved;
    expect((await store.get('customer', id))!.name).to.equal('Fay Moreau Dubois');
    expect(form(el).getAttribute('mode')).to.equal('view');
    const editAgain = q<HTMLButtonElement>(sr(form(el)), '[part=edit-button]');
    expect(describeEl(deepActive()), 'after Save').to.equal(describeEl(editAgain));
    expect(deepActive()).to.equal(editAgain);
  });

  it('item 8: Cancel returns focus to Edit, and Edit (by mouse) still lands on the first field', async () => {
    await openFay();
    const name = q<HTMLButtonElement>(workArea(el).shadowRoot, '.customer-name');
    name.focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    await click(q(sr(form(el)), '[part=edit-button]'));
    await settle(el);
    expect(describeEl(deepActive()), 'after Edit').to.equal(describeEl(q(sr(form(el)), '[part=name-input]')));

    // Tab to Cancel, as a keyboard-only agent does, and press it.
    let cancel: Element | null = null;
    for (let i = 0; i < 30 && !cancel; i++) {
      await sendKeys({ press: 'Tab' });
      if (deepActive()?.getAttribute('part') === 'cancel-button') cancel = deepActive();
    }
    expect(cancel, 'Cancel reached with Tab').not.to.equal(null);
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(form(el).getAttribute('mode')).to.equal('view');
    expect(describeEl(deepActive()), 'after Cancel').to.equal(describeEl(q(sr(form(el)), '[part=edit-button]')));
  });
});

describe('<customer-form> view with `saved` (issue 13, item 7)', () => {
  const saved = { name: 'Ana', phones: ['600'], emails: [], chatIds: [], address: 'Calle Mayor 1', fields: { Plan: 'Gold', Tier: '2' } };

  it('marks each unsaved value in words, shows a removed free field, and leaves equal values plain', async () => {
    const el = await fixture<CustomerForm>(
      html`<customer-form mode="view" .saved=${saved} .customer=${{ ...saved, phones: ['600', '601'], fields: { Plan: 'Silver' } }}></customer-form>`,
    );
    const view = shown(el);
    expect(text(view.get('First name'))).to.equal('Ana');
    expect(text(view.get('Phones'))).to.equal('600, 601 Not saved Saved: 600');
    expect(text(view.get('Plan'))).to.equal('Silver Not saved Saved: Gold');
    expect(text(view.get('Tier'))).to.equal('Removed Not saved Saved: 2');
    expect(text(view.get('Emails'))).to.equal('Not set');
    expect(el.shadowRoot!.querySelectorAll('[part=unsaved]')).to.have.length(3);
    expect(el.shadowRoot!.querySelector('[part=unsaved-note]')).not.to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('without `saved`, or with nothing unsaved, there is no marker', async () => {
    const plain = await fixture<CustomerForm>(html`<customer-form mode="view" .customer=${saved}></customer-form>`);
    expect(plain.shadowRoot!.querySelector('[part=unsaved], [part=unsaved-note]')).to.equal(null);
    const same = await fixture<CustomerForm>(html`<customer-form mode="view" .saved=${saved} .customer=${{ ...saved, fields: { ...saved.fields } }}></customer-form>`);
    expect(same.shadowRoot!.querySelector('[part=unsaved], [part=unsaved-note]')).to.equal(null);
  });
});
