import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/move-dialog/define.js';
import type { MoveDialog } from '../../../src/components/move-dialog/move-dialog.js';
import type { Activity, Customer, Request } from '../../../src/model/index.js';
import type { MoveChoices } from '../../../src/session/session.js';
import { deepActive } from '../../helpers/gadget.js';

// Issue #19 item 1: <cc-move-dialog> on its own — the "Move to…" button, the choice of a
// target (open requests, a new request with a title, another customer found by search),
// the confirmation that names source and target, keyboard only, focus returned.

const stamp = { rev: '1-a', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'seed' };
const ana: Customer = { type: 'customer', id: 'customer:ana', ...stamp, name: 'Ana', lastName: 'García', phones: [], emails: [], chatIds: [], address: '', fields: {} };
const bob: Customer = { ...ana, id: 'customer:bob', name: 'Bob', lastName: 'Brown' };
const request = (id: string, title: string, customerId = ana.id): Request => ({
  type: 'request',
  id,
  ...stamp,
  customerId,
  title,
  description: '',
  status: 'open',
  openedAt: '2026-01-01T00:00:00.000Z',
  closedAt: null,
});
const router = request('request:router', 'Broken router');
const billing = request('request:billing', 'Billing question');
const call: Activity = {
  type: 'activity',
  id: 'activity:call',
  ...stamp,
  customerId: ana.id,
  requestId: router.id,
  channel: 'voice',
  interactionId: null,
  at: '2026-01-06T10:00:00.000Z',
  subject: 'Call about invoice',
  notes: '',
  tags: [],
};
const choices: MoveChoices = { key: ana.id, activity: call, customer: ana, from: router, locked: false, requests: [billing] };

async function make(activity: Activity | null = call): Promise<MoveDialog> {
  return fixture<MoveDialog>(html`<cc-move-dialog key=${ana.id} .activity=${activity}></cc-move-dialog>`);
}
const q = <T extends Element = HTMLElement>(el: MoveDialog, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const button = (el: MoveDialog, name: string) => [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!;
const dialogOpen = (el: MoveDialog) => q<HTMLDialogElement>(el, 'dialog')!.open;
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The button pressed by keyboard, and the dialog opened on the choices as the gadget answers `cc-move-open`. */
async function openByKeyboard(el: MoveDialog): Promise<void> {
  q<HTMLButtonElement>(el, '[part=move-button]')!.focus();
  const asked = oneEvent(el, 'cc-move-open');
  await sendKeys({ press: 'Enter' });
  const { detail } = await asked;
  expect(detail).to.deep.equal({ key: ana.id, activityId: call.id });
  await el.show(choices);
}

describe('<cc-move-dialog> (issue #19 item 1)', function () {
  this.timeout(30000);
  it('"Move to…" is disabled until an activity is selected, and says how to select one', async () => {
    const el = await make(null);
    const move = q<HTMLButtonElement>(el, '[part=move-button]')!;
    expect(move.disabled).to.equal(true);
    expect(text(q(el, '[part=move-hint]'))).to.equal('Select an activity in the journey to move it.');
    expect(el.requestOpen()).to.equal(false);
    el.activity = call;
    await el.updateComplete;
    expect(move.disabled).to.equal(false);
    expect(text(q(el, '[part=move-hint]'))).to.equal('Selected: Call about invoice');
    await expect(el).to.be.accessible();
  });

  it('keyboard only: to a new request with a title; the confirmation names source and target; focus returns to "Move to…"', async () => {
    const el = await make();
    await openByKeyboard(el);
    expect(dialogOpen(el)).to.equal(true);
    expect(text(q(el, 'h2'))).to.equal('Move “Call about invoice”');
    // Focus on the first option (the other open request); arrows choose among the options.
    expect((deepActive() as HTMLInputElement).value).to.equal(`request:${billing.id}`);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect((deepActive() as HTMLInputElement).value).to.equal('new');
    // Enter with no title yet: said, and focus goes to the title.
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.id).to.equal('new-title');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(text(q(el, '[role=alert]'))).to.equal('Enter a title for the new request.');
    expect(deepActive()?.getAttribute('aria-invalid')).to.equal('true');
    await sendKeys({ type: 'Invoice dispute' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(text(q(el, '[part=confirm-text]'))).to.equal('Move “Call about invoice” from “Broken router” to the new request “Invoice dispute” (Ana García)?');
    expect(deepActive()?.textContent?.trim()).to.equal('Move');
    await expect(el).to.be.accessible();
    const confirmed = oneEvent(el, 'cc-move-confirm');
    await sendKeys({ press: 'Enter' });
    const { detail } = await confirmed;
    expect(detail).to.deep.equal({ key: ana.id, activityId: call.id, target: { to: 'new-request', customerId: ana.id, title: 'Invoice dispute' } });
    expect(dialogOpen(el)).to.equal(false);
    expect(deepActive()).to.equal(q(el, '[part=move-button]'));
  });

  it('to another open request: Space chooses it; the confirmation reads as the agent expects', async () => {
    const el = await make();
    await openByKeyboard(el);
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    button(el, 'Next').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(text(q(el, '[part=confirm-text]'))).to.equal('Move “Call about invoice” from “Broken router” to “Billing question” (Ana García)?');
    // Back keeps the choice; Move then confirms it.
    button(el, 'Back').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect((deepActive() as HTMLInputElement).checked).to.equal(true);
    button(el, 'Next').click();
    await el.updateComplete;
    const confirmed = oneEvent(el, 'cc-move-confirm');
    button(el, 'Move').click();
    expect((await confirmed).detail.target).to.deep.equal({ to: 'request', requestId: billing.id });
  });

  it('Next before choosing says so and moves nothing; Escape cancels, nothing is fired but cc-move-cancel, focus returns', async () => {
    const el = await make();
    await openByKeyboard(el);
    let confirmed = false;
    el.addEventListener('cc-move-confirm', () => (confirmed = true));
    button(el, 'Next').click();
    await el.updateComplete;
    expect(text(q(el, '[role=alert]'))).to.equal('Choose where to move it.');
    expect(q(el, '[part=confirm-text]')).to.equal(null);
    const cancelled = oneEvent(el, 'cc-move-cancel');
    await sendKeys({ press: 'Escape' });
    expect((await cancelled).detail).to.deep.equal({ key: ana.id });
    expect([dialogOpen(el), confirmed]).to.deep.equal([false, false]);
    expect(deepActive()).to.equal(q(el, '[part=move-button]'));
  });

  it('Tab stays inside the dialog', async () => {
    const el = await make();
    await openByKeyboard(el);
    const first = deepActive();
    // The radio group (one stop), Next, Cancel, then back to the group.
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.textContent?.trim()).to.equal('Cancel');
    await sendKeys({ press: 'Tab' });
    expect(deepActive()).to.equal(first);
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(deepActive()?.textContent?.trim()).to.equal('Cancel');
  });

  it('another customer: search, choose the customer (never the same one), then none of their requests', async () => {
    const el = await make();
    await openByKeyboard(el);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect((deepActive() as HTMLInputElement).value).to.equal('other');
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.id).to.equal('query');
    await sendKeys({ type: 'br' });
    const searched = oneEvent(el, 'cc-move-search');
    await sendKeys({ press: 'Enter' });
    expect((await searched).detail).to.deep.equal({ query: 'br' });
    // The gadget answers; the customer the activity is with is not offered.
    el.results = { query: 'br', customers: [ana, bob] };
    await el.updateComplete;
    const customers = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name=customer]')];
    expect(customers.map((c) => c.value)).to.deep.equal([bob.id]);
    customers[0]!.focus();
    const chosen = oneEvent(el, 'cc-move-customer');
    await sendKeys({ press: 'Space' });
    expect((await chosen).detail).to.deep.equal({ customerId: bob.id });
    el.customerRequests = { customerId: bob.id, requests: [request('request:bobs', 'Bob’s case', bob.id)] };
    await el.updateComplete;
    expect(text(el.shadowRoot!.querySelectorAll('fieldset')[2]!.querySelector('legend'))).to.equal('Request of Bob Brown');
    const none = el.shadowRoot!.querySelector<HTMLInputElement>('input[name=other-target][value=none]')!;
    none.focus();
    await sendKeys({ press: 'Space' });
    await expect(el).to.be.accessible();
    button(el, 'Next').click();
    await el.updateComplete;
    expect(text(q(el, '[part=confirm-text]'))).to.equal('Move “Call about invoice” from “Broken router” (Ana García) to Bob Brown, in no request?');
    const confirmed = oneEvent(el, 'cc-move-confirm');
    button(el, 'Move').click();
    expect((await confirmed).detail.target).to.deep.equal({ to: 'customer', customerId: bob.id });
  });

  it('another customer’s open request: the confirmation names both customers', async () => {
    const el = await make();
    await el.show(choices);
    el.shadowRoot!.querySelector<HTMLInputElement>('input[value=other]')!.click();
    await el.updateComplete;
    el.results = { query: 'bob', customers: [bob] };
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLInputElement>('input[name=customer]')!.click();
    el.customerRequests = { customerId: bob.id, requests: [request('request:bobs', 'Bob’s case', bob.id)] };
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLInputElement>('input[name=other-target][value="request:request:bobs"]')!.click();
    await el.updateComplete;
    button(el, 'Next').click();
    await el.updateComplete;
    expect(text(q(el, '[part=confirm-text]'))).to.equal('Move “Call about invoice” from “Broken router” (Ana García) to “Bob’s case” (Bob Brown)?');
  });
});
