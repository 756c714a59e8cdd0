import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import type { TagInput } from '../../../src/components/tag-input/tag-input.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { activity, customer } from '../../helpers/data.js';
import { until } from '../../helpers/session.js';
import { find, findAll, settle } from '../../helpers/gadget.js';

// Issue #18, items 7 and 9, through the whole gadget: the tag input asks, the gadget asks the
// session, the session the real store (IndexedDB), and the answer lands in the tag input; the
// pane's search says when nobody matches and finds a customer by the end of their number.

let counter = 0;
const now = '2026-11-22T10:00:00.000Z';

describe('<customer-context>: tags used before and search (issue #18)', () => {
  let db: string;
  let store: IndexedDbStore;
  let el: CustomerContext;

  beforeEach(async () => {
    db = `cc-tags-${Date.now()}-${counter++}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
    el = await fixture<CustomerContext>(html`<customer-context agent-id=${`agent-t${counter}`} database=${db}></customer-context>`);
    await el.ready;
  });
  afterEach(async () => {
    el.remove();
    await store.destroy();
  });

  it('typing in the tags field suggests the tags used before, most used first; ArrowDown and Enter add one', async function () {
    this.timeout(30_000);
    const ana = await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 000 001'] }), { by: 'x' });
    for (const tags of [['Facturación'], ['facturacion', 'Fax'], ['FACTURACIÓN'], ['Fibre']]) await store.create('activity', activity(ana.id, { tags }), { by: 'x' });
    el.receive({ type: 'interaction.started', interactionId: 'call-t1', channel: 'voice', from: { phone: '34600000001' }, at: now });
    await until(el.agentSession!, () => el.agentSession!.state.open.length === 1);
    await settle(el);
    const tags = find<TagInput>(el, 'tag-input')!;
    tags.focus();
    await sendKeys({ type: 'fa' });
    const options = () => [...tags.shadowRoot!.querySelectorAll('[role=option] .suggestion-text')].map((o) => o.textContent);
    await waitUntil(() => options().length === 2, 'the suggestions arrive');
    expect(options()[1]).to.equal('Fax');
    expect(['Facturación', 'facturacion', 'FACTURACIÓN']).to.include(options()[0]);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await until(el.agentSession!, () => (el.agentSession!.workspace()?.activityDraft?.tags ?? []).includes('Fax'));
    expect(el.agentSession!.workspace()!.activityDraft!.tags).to.deep.equal(['Fax']);
  });

  it('search: nobody found says so; the last digits of a phone number find the customer', async () => {
    await store.create('customer', customer({ name: 'Bob Stone', phones: ['+1 (555) 010-2030'] }), { by: 'x' });
    const pane = find(el, 'cc-customer-pane')!;
    (pane as HTMLElement & { tab: string }).tab = 'search';
    await settle(el);
    const box = pane.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!;
    box.focus();
    await sendKeys({ type: 'zed' });
    await waitUntil(() => find(el, '[part~="search-empty"]') !== null, 'the empty state shows');
    expect(find(el, '[part~="search-empty"]')!.textContent).to.equal('No customer matches “zed”.');
    box.select();
    await sendKeys({ type: '2030' });
    await waitUntil(() => findAll(el, '#panel-search .results .item').length === 1, 'the customer is found by the end of the number');
    expect(find(el, '#panel-search .results .item')!.textContent).to.contain('Bob Stone');
    expect(find(el, '[part~="search-empty"]')).to.equal(null);
  });
});
