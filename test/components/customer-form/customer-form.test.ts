import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../../src/components/customer-form/define.js';
import type { CustomerDataDetail, CustomerForm, CustomerFormMode } from '../../../src/components/customer-form/customer-form.js';
import { emptyCustomer, type CustomerData } from '../../../src/model/records.js';
import '../../helpers/a11y.js';

type DataEvent = CustomEvent<CustomerDataDetail>;

const ANA: CustomerData = {
  name: 'Ana García',
  phones: ['+34 600 000 001'],
  emails: ['ana@example.com', 'ana.garcia@example.org'],
  chatIds: [],
  address: 'Calle Mayor 1\n28013 Madrid',
  fields: { Plan: 'Gold' },
};

async function form(customer: CustomerData = emptyCustomer(), mode: CustomerFormMode = 'create', heading?: string) {
  const el = await fixture<CustomerForm>(
    html`<customer-form .customer=${customer} mode=${mode} .heading=${heading}></customer-form>`,
  );
  await el.updateComplete;
  return el;
}

const $ = <T extends Element>(el: CustomerForm, selector: string): T => {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
};

/** The input whose visible `<label>` says `label` (the first one, for free-field rows). */
function field(el: CustomerForm, label: string): HTMLInputElement {
  const labelEl = [...el.shadowRoot!.querySelectorAll('label')].find((l) => l.textContent!.trim() === label);
  if (!labelEl) throw new Error(`no field labelled ${label}`);
  return el.shadowRoot!.getElementById(labelEl.htmlFor) as HTMLInputElement;
}

function button(el: CustomerForm, name: string): HTMLButtonElement | undefined {
  return [...el.shadowRoot!.querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent!.trim()) === name,
  );
}

function describedBy(el: CustomerForm, input: Element): string {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => el.shadowRoot!.getElementById(id)?.textContent?.trim() ?? '').join(' | ');
}

/** Label → value pairs of the read-only view. */
function shown(el: CustomerForm): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dt of el.shadowRoot!.querySelectorAll('dt')) out[dt.textContent!.trim()] = dt.nextElementSibling!.textContent!.trim();
  return out;
}

const EVENTS = ['cc-customer-input', 'cc-customer-create', 'cc-customer-save', 'cc-customer-edit', 'cc-customer-cancel'] as const;

function record(el: CustomerForm): Event[] {
  const events: Event[] = [];
  for (const type of EVENTS) el.addEventListener(type, (e) => events.push(e));
  return events;
}

/** A real mouse click in the middle of `target` (scrolled into the viewport first). */
async function click(target: HTMLElement): Promise<void> {
  target.scrollIntoView({ block: 'center', inline: 'center' });
  const box = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

async function typeIn(el: CustomerForm, input: HTMLElement, text: string): Promise<void> {
  input.focus();
  await sendKeys({ type: text });
  await el.updateComplete;
}

describe('customer-form (R5)', () => {
  afterEach(async () => {
    await resetMouse();
  });

  it('create mode: labelled fields, counters, 2,000 limit and a Create button', async () => {
    const el = await form();
    expect(el.getAttribute('mode')).to.equal('create');
    for (const label of ['First name', 'Last name', 'Phones', 'Emails', 'Chat IDs', 'Address']) {
      const input = field(el, label);
      expect(input.maxLength, label).to.equal(2000);
    }
    expect(field(el, 'Address').localName).to.equal('textarea');
    expect(describedBy(el, field(el, 'First name'))).to.equal('2,000 characters left');
    expect(describedBy(el, field(el, 'Address'))).to.equal('2,000 characters left');
    expect(describedBy(el, field(el, 'Phones'))).to.contain('commas');
    expect(button(el, 'Create')!.type).to.equal('submit');
    expect(button(el, 'Save')).to.equal(undefined);
    expect(button(el, 'Cancel')).to.equal(undefined);
    expect(button(el, 'Edit')).to.equal(undefined);
    expect(button(el, 'Add field')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('create flow: typed name and comma-separated phones become arrays in cc-customer-create (R5.2)', async () => {
    const el = await form();
    const inputs: DataEvent[] = [];
    el.addEventListener('cc-customer-input', (e) => inputs.push(e));
    await typeIn(el, field(el, 'First name'), 'Ana García');
    expect(describedBy(el, field(el, 'First name'))).to.equal('1,990 characters left');
    await typeIn(el, field(el, 'Phones'), '+1 555 0100, +1 555 0101');
    await typeIn(el, field(el, 'Emails'), ' ana@example.com ,, ');
    expect(inputs.length).to.equal('Ana García'.length + '+1 555 0100, +1 555 0101'.length + ' ana@example.com ,, '.length);
    expect(inputs.at(-1)!.detail.data.phones).to.deep.equal(['+1 555 0100', '+1 555 0101']);

    const created = oneEvent(el, 'cc-customer-create');
    await click(button(el, 'Create')!);
    expect(((await created) as DataEvent).detail.data).to.deep.equal({
      name: 'Ana García',
      phones: ['+1 555 0100', '+1 555 0101'],
      emails: ['ana@example.com'],
      chatIds: [],
      address: '',
      fields: {},
    });
  });

  it('Enter in a single-line field submits the form', async () => {
    const el = await form();
    await typeIn(el, field(el, 'First name'), 'Bo');
    const created = oneEvent(el, 'cc-customer-create');
    await sendKeys({ press: 'Enter' });
    expect(((await created) as DataEvent).detail.data.name).to.equal('Bo');
  });

  it('refuses Create without a name: aria-invalid, "Enter a name", focus, nothing fired', async () => {
    const el = await form();
    await typeIn(el, field(el, 'Address'), 'Somewhere');
    const events = record(el);
    await click(button(el, 'Create')!);
    await el.updateComplete;
    const name = field(el, 'First name');
    expect(name.getAttribute('aria-invalid')).to.equal('true');
    expect(describedBy(el, name)).to.contain('Enter a name');
    expect(el.shadowRoot!.activeElement).to.equal(name);
    expect(events).to.have.length(0);
    await expect(el).to.be.accessible();

    // typing clears the refusal
    await sendKeys({ type: 'C' });
    await el.updateComplete;
    expect(name.hasAttribute('aria-invalid')).to.be.false;
  });

  it('free-form fields: Add field, type label and value, remove (R5)', async () => {
    const el = await form({ ...emptyCustomer(), name: 'Ana' });
    // Create mode: the free fields wait behind "More fields" (issue #18 item 5).
    await click(button(el, 'More fields')!);
    await el.updateComplete;
    await click(button(el, 'Add field')!);
    await el.updateComplete;
    const label = field(el, 'Label');
    expect(el.shadowRoot!.activeElement).to.equal(label);
    await sendKeys({ type: 'Plan' });
    await typeIn(el, field(el, 'Value'), 'Gold');
    expect(button(el, 'Remove Plan')).to.exist;
    await expect(el).to.be.accessible();

    const created = oneEvent(el, 'cc-customer-create');
    await click(button(el, 'Create')!);
    expect(((await created) as DataEvent).detail.data.fields).to.deep.equal({ Plan: 'Gold' });

    const changed = oneEvent(el, 'cc-customer-input');
    await click(button(el, 'Remove Plan')!);
    expect(((await changed) as DataEvent).detail.data.fields).to.deep.equal({});
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[id^="row-"]')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(button(el, 'Add field'));
  });

  it('free-form fields stop at 100: Add field gives way to the limit, as the model refuses a 101st', async () => {
    const ninetyNine = Object.fromEntries(Array.from({ length: 99 }, (_, i) => [`Field ${i}`, 'x']));
    const el = await form({ ...emptyCustomer(), name: 'Ana', fields: ninetyNine }, 'edit');
    await click(button(el, 'Add field')!);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('input[id$="-label"]')).to.have.length(100);
    expect(button(el, 'Add field')).to.equal(undefined);
    expect(el.shadowRoot!.querySelector('fieldset.free')!.textContent).to.contain('At most 100 items');
    await expect(el).to.be.accessible();
  });

  it('view mode shows the values read-only; Edit fires cc-customer-edit (R5.3)', async () => {
    const el = await form(ANA, 'view', 'Customer');
    expect(el.shadowRoot!.querySelector('input, textarea, form')).to.equal(null);
    expect(shown(el)).to.deep.equal({
      'First name': 'Ana García',
      'Last name': 'Not set',
      Phones: '+34 600 000 001',
      Emails: 'ana@example.com, ana.garcia@example.org',
      'Chat IDs': 'Not set',
      Address: 'Calle Mayor 1\n28013 Madrid',
      Plan: 'Gold',
    });
    expect($(el, 'h2').textContent).to.equal('Customer');
    await expect(el).to.be.accessible();

    const edit = oneEvent(el, 'cc-customer-edit');
    await click(button(el, 'Edit')!);
    expect((await edit).detail).to.deep.equal({});
    expect(el.mode).to.equal('view'); // the parent decides
  });

  it('edit mode: values prefilled; Save fires cc-customer-save with the data, Cancel fires cc-customer-cancel', async () => {
    const el = await form(ANA, 'view');
    el.addEventListener('cc-customer-edit', () => (el.mode = 'edit'));
    await click(button(el, 'Edit')!);
    await el.updateComplete;
    expect(el.getAttribute('mode')).to.equal('edit');
    expect(field(el, 'First name').value).to.equal('Ana García');
    expect(field(el, 'Emails').value).to.equal('ana@example.com, ana.garcia@example.org');
    expect(field(el, 'Value').value).to.equal('Gold');
    expect(button(el, 'Create')).to.equal(undefined);
    await expect(el).to.be.accessible();

    await typeIn(el, field(el, 'Chat IDs'), 'ana#1234');
    const saved = oneEvent(el, 'cc-customer-save');
    await click(button(el, 'Save')!);
    expect(((await saved) as DataEvent).detail.data).to.deep.equal({ ...ANA, chatIds: ['ana#1234'] });

    const cancelled = oneEvent(el, 'cc-customer-cancel');
    await click(button(el, 'Cancel')!);
    expect((await cancelled).detail).to.deep.equal({});
  });

  it('refuses a 2,001-character value set by code: aria-invalid naming the limit, focus, no save', async () => {
    const el = await form({ ...ANA, address: 'x'.repeat(2001) }, 'edit');
    const events = record(el);
    await click(button(el, 'Save')!);
    await el.updateComplete;
    const address = field(el, 'Address');
    expect(address.getAttribute('aria-invalid')).to.equal('true');
    expect(describedBy(el, address)).to.contain('At most 2,000 characters');
    expect(el.shadowRoot!.activeElement).to.equal(address);
    expect(field(el, 'First name').hasAttribute('aria-invalid')).to.be.false;
    expect(events).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('refuses too-long name, list item and free-field value on the field concerned', async () => {
    const cases: [CustomerData, string][] = [
      [{ ...ANA, name: 'n'.repeat(2001) }, 'First name'],
      [{ ...ANA, phones: ['1'.repeat(2001)] }, 'Phones'],
      [{ ...ANA, fields: { Plan: 'g'.repeat(2001) } }, 'Value'],
    ];
    for (const [customer, label] of cases) {
      const el = await form(customer, 'edit');
      const events = record(el);
      await click(button(el, 'Save')!);
      await el.updateComplete;
      expect(field(el, label).getAttribute('aria-invalid'), label).to.equal('true');
      expect(describedBy(el, field(el, label)), label).to.contain('At most 2,000 characters');
      expect(el.shadowRoot!.activeElement, label).to.equal(field(el, label));
      expect(events, label).to.have.length(0);
    }
  });

  it('a parent echoing every input back keeps the raw list text and the caret', async () => {
    const el = await form();
    el.addEventListener('cc-customer-input', (e) => (el.customer = e.detail.data));
    const phones = field(el, 'Phones');
    await typeIn(el, phones, '+1 555 0100, +1 555 0101');
    expect(phones.value).to.equal('+1 555 0100, +1 555 0101');
    expect(el.customer.phones).to.deep.equal(['+1 555 0100', '+1 555 0101']);
    await sendKeys({ press: 'Home' });
    await sendKeys({ type: 'x' });
    await el.updateComplete;
    expect(phones.selectionStart).to.equal(1);
    expect(el.customer.phones).to.deep.equal(['x+1 555 0100', '+1 555 0101']);
  });

  it('fires nothing when code sets properties', async () => {
    const el = await form();
    const events = record(el);
    el.customer = ANA;
    await el.updateComplete;
    el.mode = 'view';
    await el.updateComplete;
    el.mode = 'edit';
    el.heading = 'Edit customer';
    await el.updateComplete;
    el.customer = { ...ANA, name: 'Other' };
    await el.updateComplete;
    expect(field(el, 'First name').value).to.equal('Other');
    el.focus();
    expect(events).to.have.length(0);
  });

  it('renders customer text as text, never as markup', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const el = await form({ ...ANA, name: evil, address: evil, fields: { [evil]: evil } }, 'view', evil);
    expect(shown(el)['<img src=x onerror=alert(1)>']).to.equal(evil);
    expect(shown(el)['First name']).to.equal(evil);
    expect($(el, 'h2').textContent).to.equal(evil);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    el.mode = 'edit';
    await el.updateComplete;
    expect(field(el, 'First name').value).to.equal(evil);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
  });

  it('focus() focuses the name, or Edit in view mode', async () => {
    const el = await form(ANA, 'edit');
    el.focus();
    expect(el.shadowRoot!.activeElement).to.equal(field(el, 'First name'));
    el.mode = 'view';
    await el.updateComplete;
    el.focus();
    expect(el.shadowRoot!.activeElement).to.equal(button(el, 'Edit'));
  });

  it('names the form by its heading', async () => {
    const el = await form(emptyCustomer(), 'create', 'New customer');
    const formEl = $<HTMLFormElement>(el, 'form');
    expect(el.shadowRoot!.getElementById(formEl.getAttribute('aria-labelledby')!)!.textContent).to.equal('New customer');
    await expect(el).to.be.accessible();
  });
});
