import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import type { MoveDialog } from '../../../src/components/move-dialog/move-dialog.js';
import type { Activity, Customer, Request } from '../../../src/model/index.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { activity, customer, request } from '../../helpers/data.js';
import type { WorkArea } from '../../../src/components/work-area/work-area.js';
import { deepActive, find, screenText, settle, workArea } from '../../helpers/gadget.js';

// Issue #19 item 1 in the whole gadget: select an activity in the journey, "Move to…",
// choose, confirm — the session moves it and the journey shows it at its new place.
// Real IndexedDB (a second store on the same database seeds the data), real keyboard.

let counter = 0;

/** A key pressed with modifiers held, as the agent does. */
async function chord(...keys: string[]): Promise<void> {
  const key = keys.pop()!;
  for (const modifier of keys) await sendKeys({ down: modifier });
  await sendKeys({ press: key });
  for (const modifier of keys.reverse()) await sendKeys({ up: modifier });
}

describe('<customer-context>: moving an activity (issue #19 item 1)', function () {
  this.timeout(30000);
  let db: string;
  let other: IndexedDbStore;
  let el: CustomerContext;
  let ana: Customer;
  let bob: Customer;
  let router: Request;
  let billing: Request;
  let invoiceCall: Activity;
  let oldCall: Activity;

  beforeEach(async () => {
    db = `cc-move-${Date.now()}-${counter++}`;
    localStorage.clear();
    other = new IndexedDbStore({ name: db });
    ana = await other.create('customer', customer({ name: 'Ana', lastName: 'García' }), { by: 'seed' });
    bob = await other.create('customer', customer({ name: 'Bob', lastName: 'Brown' }), { by: 'seed' });
    router = await other.create('request', request(ana.id, { title: 'Broken router', openedAt: '2026-01-01T09:00:00.000Z' }), { by: 'seed' });
    billing = await other.create('request', request(ana.id, { title: 'Billing question', openedAt: '2026-01-05T09:00:00.000Z' }), { by: 'seed' });
    const done = await other.create('request', request(ana.id, { title: 'Done long ago', status: 'closed', closedAt: '2026-01-02T00:00:00.000Z' }), { by: 'seed' });
    invoiceCall = await other.create('activity', activity(ana.id, { requestId: router.id, subject: 'Call about invoice', at: '2026-01-06T10:00:00.000Z' }), { by: 'seed' });
    oldCall = await other.create('activity', activity(ana.id, { requestId: done.id, subject: 'Old call', at: '2026-01-01T10:00:00.000Z' }), { by: 'seed' });
    el = await fixture<CustomerContext>(html`<customer-context agent-id="ann" database=${db}></customer-context>`);
    await el.ready;
    await el.agentSession!.reopen(ana.id);
    await settle(el);
  });
  afterEach(async () => {
    el.remove();
    await other.destroy();
  });

  const mover = () => find<MoveDialog>(el, 'cc-move-dialog')!;
  const moveButton = () => mover().shadowRoot!.querySelector<HTMLButtonElement>('[part=move-button]')!;
  const inDialog = <T extends Element = HTMLElement>(selector: string) => mover().shadowRoot!.querySelector<T>(`dialog ${selector}`);
  const buttonIn = (name: string) => [...mover().shadowRoot!.querySelectorAll('dialog button')].find((b) => b.textContent?.trim() === name) as HTMLButtonElement;

  /** Selects the journey's row titled `title` by clicking it, as the agent does. */
  async function select(title: string): Promise<void> {
    const journey = find(el, 'journey-view')!;
    const row = [...journey.shadowRoot!.querySelectorAll<HTMLElement>('[role=option]')].find((r) => r.textContent?.includes(title));
    if (!row) throw new Error(`no row ${title}`);
    row.click();
    await settle(el);
  }

  /** "Move to…" pressed with the keyboard; resolves once the dialog is open. */
  async function pressMove(): Promise<void> {
    moveButton().focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => mover().open, 'the dialog opens');
    await mover().updateComplete;
  }

  it('to another open request, by keyboard: the store and the journey show it there; focus back on "Move to…"', async () => {
    expect(moveButton().disabled, 'nothing selected yet').to.equal(true);
    expect((workArea(el) as unknown as WorkArea).openMove(), 'the shortcut seam: nothing to move').to.equal(false);
    await select('Call about invoice');
    expect(moveButton().disabled).to.equal(false);
    await pressMove();
    expect(inDialog<HTMLInputElement>('input[name=target]')!.value).to.equal(`request:${billing.id}`);
    await sendKeys({ press: 'Space' });
    buttonIn('Next').focus();
    await sendKeys({ press: 'Enter' });
    await mover().updateComplete;
    expect(inDialog('[part=confirm-text]')!.textContent).to.equal('Move “Call about invoice” from “Broken router” to “Billing question” (Ana García)?');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await waitUntil(async () => (await other.get('activity', invoiceCall.id))?.requestId === billing.id, 'moved in the store');
    await el.agentSession!.idle();
    await settle(el);
    const entry = el.agentSession!.workspace(ana.id)!.journey.find((e) => e.id === invoiceCall.id);
    expect(entry?.type === 'activity' && entry.requestId).to.equal(billing.id);
    expect(screenText(el)).to.contain('Activity moved.');
    expect(deepActive()).to.equal(moveButton());
  });

  it('Alt+Shift+V opens the dialog on the selected activity; with none selected it says what to do', async () => {
    const journey = find(el, 'journey-view')!;
    (journey.shadowRoot!.querySelector<HTMLElement>('[role=listbox]') ?? journey).focus();
    await chord('Alt', 'Shift', 'V');
    await waitUntil(() => screenText(el).includes('Select an activity in the journey to move it.'), 'the shortcut explains itself');
    expect(mover().open).to.equal(false);
    await select('Call about invoice');
    await chord('Alt', 'Shift', 'V');
    await waitUntil(() => mover().open, 'the dialog opens');
    await mover().updateComplete;
    expect(inDialog('h2')!.textContent).to.equal('Move “Call about invoice”');
    await sendKeys({ press: 'Escape' });
    expect(mover().open).to.equal(false);
  });

  it('an activity in a closed request is locked: "Move to…" says so and opens nothing', async () => {
    await select('Old call');
    moveButton().click();
    await waitUntil(() => screenText(el).includes('closed requests are locked'), 'the notice says why');
    expect(mover().open).to.equal(false);
    expect((await other.get('activity', oldCall.id))!.rev).to.equal(oldCall.rev);
  });

  it('to another customer found by search, in a new request: it leaves Ana’s journey', async () => {
    await select('Call about invoice');
    await pressMove();
    inDialog<HTMLInputElement>('input[value=other]')!.click();
    await mover().updateComplete;
    inDialog<HTMLInputElement>('#query')!.focus();
    await sendKeys({ type: 'Brown' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => inDialog('input[name=customer]') !== null, 'Bob is found');
    inDialog<HTMLInputElement>('input[name=customer]')!.click();
    await waitUntil(() => inDialog('input[name=other-target][value=new]') !== null, 'Bob’s choices');
    inDialog<HTMLInputElement>('input[name=other-target][value=new]')!.click();
    await mover().updateComplete;
    inDialog<HTMLInputElement>('#new-title')!.focus();
    await sendKeys({ type: 'Invoice for Bob' });
    await sendKeys({ press: 'Enter' });
    await mover().updateComplete;
    expect(inDialog('[part=confirm-text]')!.textContent).to.equal('Move “Call about invoice” from “Broken router” (Ana García) to the new request “Invoice for Bob” (Bob Brown)?');
    buttonIn('Move').click();
    await waitUntil(async () => (await other.get('activity', invoiceCall.id))?.customerId === bob.id, 'moved to Bob');
    const stored = (await other.get('activity', invoiceCall.id))!;
    expect(stored.movedFrom).to.equal(ana.id);
    expect((await other.get('request', stored.requestId!))!.title).to.equal('Invoice for Bob');
    await waitUntil(() => !el.agentSession!.workspace(ana.id)!.journey.some((e) => e.id === invoiceCall.id), 'gone from Ana’s journey');
    await settle(el);
    expect(moveButton().disabled, 'the selected activity is no longer here').to.equal(true);
  });
});
