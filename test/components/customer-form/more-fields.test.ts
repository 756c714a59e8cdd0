import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/customer-form/define.js';
import type { CustomerForm, CustomerFormMode } from '../../../src/components/customer-form/customer-form.js';
import { emptyCustomer, type CustomerData } from '../../../src/model/records.js';
import '../../helpers/a11y.js';

async function form(customer: CustomerData = emptyCustomer(), mode: CustomerFormMode = 'create', unsaved: string[] = []): Promise<CustomerForm> {
  const el = await fixture<CustomerForm>(html`<customer-form .customer=${customer} .unsaved=${unsaved} mode=${mode}></customer-form>`);
  await el.updateComplete;
  return el;
}

const $ = <T extends HTMLElement>(el: CustomerForm, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;
const more = (el: CustomerForm) => $<HTMLButtonElement>(el, '[part=more-button]');
const visible = (el: CustomerForm, id: string) => $(el, `#${id}`).checkVisibility();

describe('customer-form: Name, Phone and Email first; the rest behind "More fields" (issue #18 item 5)', () => {
  it('create mode: Name, Phones and Emails show; Chat IDs, Address and the free fields wait behind a closed disclosure', async () => {
    const el = await form({ ...emptyCustomer(), name: 'Zoe', phones: ['600'] });
    expect(['name', 'phones', 'emails'].map((id) => visible(el, id))).to.deep.equal([true, true, true]);
    expect(['chatIds', 'address'].map((id) => visible(el, id))).to.deep.equal([false, false]);
    expect($(el, '#add-field').checkVisibility()).to.equal(false);
    expect(more(el).getAttribute('aria-expanded')).to.equal('false');
    expect(more(el).getAttribute('aria-controls')).to.equal('more-fields');
    await expect(el).to.be.accessible();
  });

  it('the disclosure opens and closes with the keyboard, and keeps what was typed behind it', async () => {
    const el = await form();
    more(el).focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(more(el).getAttribute('aria-expanded')).to.equal('true');
    expect(visible(el, 'address')).to.equal(true);
    $(el, '#address').focus();
    await sendKeys({ type: 'Calle 1' });
    more(el).focus();
    await sendKeys({ press: ' ' });
    await el.updateComplete;
    expect(visible(el, 'address')).to.equal(false);
    expect($<HTMLTextAreaElement>(el, '#address').value).to.equal('Calle 1');
    await expect(el).to.be.accessible();
  });

  it('opens by itself when a field behind it has a value (a restored draft, another agent’s data)', async () => {
    const el = await form({ ...emptyCustomer(), name: 'Zoe', address: 'Rua 5' });
    expect(more(el).getAttribute('aria-expanded')).to.equal('true');
    expect(visible(el, 'address')).to.equal(true);

    // A value arriving later (the parent sets it): opens then.
    const later = await form({ ...emptyCustomer(), name: 'Zoe' });
    expect(visible(later, 'chatIds')).to.equal(false);
    later.customer = { ...later.customer, chatIds: ['zoe#7'] };
    await later.updateComplete;
    expect(visible(later, 'chatIds')).to.equal(true);
  });

  it('opens by itself when Create is refused for a field behind it, with focus there', async () => {
    const el = await form({ ...emptyCustomer(), name: 'Zoe' });
    more(el).click();
    await el.updateComplete;
    $(el, '#add-field').click();
    await el.updateComplete;
    const value = $<HTMLInputElement>(el, 'input[id$="-value"]');
    value.focus();
    await sendKeys({ type: 'Gold' });
    // Closed again by the agent, a label still missing: Create shows the refusal where it is.
    more(el).click();
    await el.updateComplete;
    expect(visible(el, 'address')).to.equal(false);
    $<HTMLButtonElement>(el, '[part=submit-button]').click();
    await el.updateComplete;
    await el.updateComplete;
    const label = $<HTMLInputElement>(el, 'input[id$="-label"]');
    expect(label.getAttribute('aria-invalid')).to.equal('true');
    expect(label.checkVisibility()).to.equal(true);
    expect(el.shadowRoot!.activeElement).to.equal(label);
    expect(more(el).getAttribute('aria-expanded')).to.equal('true');
  });

  it('edit mode shows every field, with no disclosure', async () => {
    const el = await form({ ...emptyCustomer(), name: 'Zoe' }, 'edit');
    expect(el.shadowRoot!.querySelector('[part=more-button]')).to.equal(null);
    expect(visible(el, 'address')).to.equal(true);
    expect(visible(el, 'chatIds')).to.equal(true);
  });
});

describe('customer-form: fields not saved are marked (issue #18 item 4)', () => {
  it('each field in `unsaved` says "Unsaved" in words, linked by aria-describedby; others say nothing', async () => {
    const el = await form({ ...emptyCustomer(), name: 'Zoe', phones: ['600'], fields: { Plan: 'Gold' } }, 'edit', ['name', 'fields.Plan']);
    const name = $(el, '#name');
    expect(name.getAttribute('aria-describedby')!.split(' ')).to.include('name-unsaved');
    expect($(el, '#name-unsaved').textContent).to.equal('Unsaved');
    expect($(el, '#phones').getAttribute('aria-describedby')!.split(' ')).not.to.include('phones-unsaved');
    const plan = $(el, 'input[id$="-value"]');
    expect(plan.getAttribute('aria-describedby')!).to.contain('-unsaved');
    expect(el.shadowRoot!.querySelectorAll('[part=unsaved-mark]')).to.have.length(2);
    await expect(el).to.be.accessible();
  });

  it('a saved free field the agent removed has no row: the group says "Unsaved"', async () => {
    const el = await form({ ...emptyCustomer(), name: 'Zoe' }, 'edit', ['fields.Plan']);
    const fieldset = $(el, 'fieldset.free');
    expect(fieldset.getAttribute('aria-describedby')).to.equal('fields-unsaved');
    expect($(el, '#fields-unsaved').textContent).to.equal('Unsaved');
  });
});
