import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import type { CustomerForm } from '../../../src/components/customer-form/customer-form.js';
import type { MergeDialog } from '../../../src/components/merge-dialog/merge-dialog.js';
import type { DuplicateList } from '../../../src/components/duplicate-list/duplicate-list.js';
import { AgentSession } from '../../../src/session/session.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { activity, customer, request } from '../../helpers/data.js';
import { call } from '../../helpers/events.js';
import { find, settle, workArea } from '../../helpers/gadget.js';

// Issue #19 item 2 in the whole gadget (real IndexedDB, real keyboard): "Merge with…"
// from the customer form, then "Merged · Undo"; a new contact's likely duplicates
// with "Use this one"; another agent's open view of the merged customer follows.

let counter = 0;
function text(node: Element | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
function button(scope: ParentNode, name: string): HTMLButtonElement {
  const found = [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) => text(b) === name);
  if (!found) throw new Error(`button ${name} not found`);
  return found;
}

describe('Merging in the gadget (#19 item 2)', function () {
  this.timeout(60_000);
  let db: string;
  let store: IndexedDbStore;
  const gadgets: CustomerContext[] = [];

  beforeEach(async () => {
    db = `cc-merge-${Date.now()}-${counter++}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
  });
  afterEach(async () => {
    for (const el of gadgets.splice(0)) el.remove();
    await store.destroy();
  });

  async function gadget(agent = 'ann'): Promise<CustomerContext> {
    const el = await fixture<CustomerContext>(html`<customer-context agent-id=${agent} database=${db}></customer-context>`);
    gadgets.push(el);
    await el.ready;
    return el;
  }

  async function seeded() {
    const sam = await store.create('customer', customer({ name: 'Sam', lastName: 'Stone', phones: ['+34 600 200 001'], address: 'Old street 1' }), { by: 'x' });
    const samuel = await store.create('customer', customer({ name: 'Samuel', lastName: 'Stone', phones: ['+34 600 200 002'], emails: ['samuel@x.es'] }), { by: 'x' });
    const req = await store.create('request', request(samuel.id, { title: 'Broken router' }), { by: 'x' });
    await store.create('activity', activity(samuel.id, { requestId: req.id, notes: 'first call' }), { by: 'x' });
    await store.create('activity', activity(samuel.id, { requestId: req.id, notes: 'second call', at: '2026-01-11T09:00:00.000Z' }), { by: 'x' });
    return { sam, samuel, req };
  }

  it('"Merge with…" from the form: search, choose, confirm, then "Merged · Undo" brings both back', async () => {
    const { sam, samuel, req } = await seeded();
    const el = await gadget();
    el.receive(call('c-sam', { phone: '+34 600 200 001' }));
    await el.agentSession!.idle();
    await settle(el);
    const work = workArea(el).shadowRoot;
    work.querySelector<HTMLButtonElement>('.customer-name')!.click();
    await settle(el);
    const form = work.querySelector<CustomerForm>('customer-form')!;
    form.shadowRoot!.querySelector<HTMLButtonElement>('[part=merge-button]')!.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = work.querySelector<MergeDialog>('cc-merge-dialog')!;
    await waitUntil(() => dialog.open, 'the dialog opens');
    await sendKeys({ type: 'samuel' });
    await waitUntil(() => dialog.shadowRoot!.querySelector('ul.results button'), 'results', { timeout: 10_000 });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => dialog.shadowRoot!.querySelector('input[name="survivor"]'), 'the fields side by side', { timeout: 10_000 });
    const root = dialog.shadowRoot!;
    // Samuel has more activities: suggested to stay. Sam's record is chosen to stay instead, by keyboard.
    const survivorRadios = [...root.querySelectorAll<HTMLInputElement>('input[name="survivor"]')];
    expect(text(root.querySelector('fieldset'))).to.contain('Suggested: it has more activities.');
    expect(survivorRadios.map((r) => r.checked), 'the suggested survivor first').to.deep.equal([true, false]);
    expect(text(survivorRadios[0]!.parentElement)).to.equal('Samuel Stone');
    survivorRadios[1]!.click();
    await waitUntil(() => dialog.plan?.survivor.id === sam.id, 'planned again with Sam staying', { timeout: 10_000 });
    await dialog.updateComplete;
    await expect(dialog).to.be.accessible();
    button(root, 'Next').click();
    await dialog.updateComplete;
    expect(text(root.querySelector('h2'))).to.equal('Merge Samuel Stone into Sam Stone?');
    button(root, 'Merge').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !dialog.open, 'the merge finishes', { timeout: 20_000 });
    await el.agentSession!.idle();
    await settle(el);
    const note = work.querySelector('cc-merge-note')!;
    await waitUntil(() => text(note.shadowRoot!.querySelector('[part=note]')).includes('Merged: Samuel is now part of this customer.'), 'Merged · Undo', { timeout: 10_000 });
    expect((await store.get('customer', samuel.id))!.mergedInto).to.equal(sam.id);
    expect((await store.get('request', req.id))!.customerId).to.equal(sam.id);
    expect((await store.get('customer', sam.id))!.emails).to.deep.equal(['samuel@x.es']);
    expect(el.agentSession!.workspace(sam.id)!.journey.some((e) => e.id === req.id), "Samuel's request in Sam's journey").to.equal(true);

    note.shadowRoot!.querySelector<HTMLButtonElement>('[part=undo-button]')!.click();
    await waitUntil(async () => (await store.get('customer', samuel.id))!.mergedInto === undefined, 'undone', { timeout: 10_000 });
    await el.agentSession!.idle();
    expect((await store.get('request', req.id))!.customerId).to.equal(samuel.id);
    expect((await store.get('customer', sam.id))!.emails).to.deep.equal([]);
    expect((await store.get('customer', sam.id))!.mergedFrom).to.equal(undefined);
  });

  it('a new contact: likely duplicates show as the name is typed; "Use this one" opens that customer, nothing created', async () => {
    const { sam, samuel } = await seeded();
    const el = await gadget();
    el.receive(call('c-new', { phone: '+44 7700 900 555' }));
    await el.agentSession!.idle();
    await settle(el);
    const work = workArea(el).shadowRoot;
    const list = work.querySelector<DuplicateList>('cc-duplicate-list')!;
    expect(list.shadowRoot!.querySelector('section'), 'nothing alike yet').to.equal(null);
    const form = work.querySelector<CustomerForm>('customer-form')!;
    form.shadowRoot!.querySelector<HTMLInputElement>('#name')!.focus();
    await sendKeys({ type: 'Samuel' });
    form.shadowRoot!.querySelector<HTMLInputElement>('#lastName')!.focus();
    await sendKeys({ type: 'Ston' });
    await waitUntil(() => list.shadowRoot!.querySelector('[part=use-button]'), 'likely duplicates shown', { timeout: 10_000 });
    expect(text(list.shadowRoot!.querySelector('[part=item]'))).to.contain('Samuel Stone').and.contain('Similar name');
    await expect(list).to.be.accessible();
    list.shadowRoot!.querySelector<HTMLButtonElement>('[part=use-button]')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.agentSession!.workspace(samuel.id)?.interaction?.interactionId === 'c-new', 'opened on Samuel', { timeout: 10_000 });
    await el.agentSession!.idle();
    await settle(el);
    expect(el.agentSession!.workspace('new:c-new')).to.equal(undefined);
    expect(el.agentSession!.state.activeKey).to.equal(samuel.id);
    expect((await store.search('ston')).map((h) => h.customer.id).sort(), 'nothing created').to.deep.equal([sam.id, samuel.id].sort());
    expect(await store.findByContact({ phone: '+44 7700 900 555' }), 'nothing created for the contact').to.deep.equal([]);
    expect(find(el, 'cc-duplicate-list')).to.equal(null);
  });

  it("another agent's open view of the duplicate follows to the survivor", async () => {
    const { sam, samuel } = await seeded();
    const bob = await gadget('bob');
    bob.receive(call('c-bob', { phone: '+34 600 200 002' }));
    await bob.agentSession!.idle();
    const alice = new IndexedDbStore({ name: db });
    try {
      const session = new AgentSession(alice, { agentId: 'alice' });
      const plan = (await session.planMerge(sam.id, samuel.id, sam.id))!;
      expect((await session.mergeCustomers(plan)).ok).to.equal(true);
      session.dispose();
    } finally {
      alice.close();
    }
    await waitUntil(() => bob.agentSession!.state.activeKey === sam.id, 'Bob now works on the survivor', { timeout: 20_000 });
    await bob.agentSession!.idle();
    await settle(bob);
    expect(bob.agentSession!.workspace(sam.id)!.interaction?.interactionId).to.equal('c-bob');
    expect(text(workArea(bob).shadowRoot.querySelector('.customer-name'))).to.equal('Sam Stone');
  });
});
