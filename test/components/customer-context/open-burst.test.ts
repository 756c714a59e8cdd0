import { expect } from '@open-wc/testing';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import { OPEN_PAGE } from '../../../src/components/customer-pane/customer-pane.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { find, findAll, settle } from '../../helpers/gadget.js';

/**
 * #16 item 4: 1,000 unknown contacts arriving together. Every one is in the
 * Open list (and its count), the list draws a page of them at a time ("Show
 * more"), the current customer's line is always drawn, and the drafts are one
 * key per work area (drafts.test.ts checks that a change writes only its own).
 * Time to settle and input latency are measured in `npm run bench`.
 */
describe('<customer-context>: 1,000 contacts at once', function () {
  this.timeout(120000);
  let el: CustomerContext;
  let store: IndexedDbStore;

  before(async () => {
    localStorage.clear();
    store = new IndexedDbStore({ name: `burst-${Date.now()}` });
    el = document.createElement('customer-context');
    el.setAttribute('agent-id', 'burst');
    el.store = store;
    document.body.append(el);
    await el.ready;
    for (let i = 0; i < 1000; i++) {
      el.receive({ type: 'interaction.started', interactionId: `b-${i}`, channel: 'chat', from: { chatId: `visitor-${i}` }, at: '2026-11-22T10:00:00.000Z' });
    }
    await el.agentSession!.idle();
    await settle(el);
  });
  after(async () => {
    el.remove();
    await store.destroy();
  });

  const lines = () => findAll(el, '#panel-open li');

  it('holds all 1,000 in Open and draws one page of them, with "Show more"', async () => {
    expect(el.agentSession!.state.open).to.have.length(1000);
    expect(find(el, '#tab-open .count')?.textContent?.trim()).to.equal('1000');
    // The page, plus the current customer's line when it is further down.
    const state = el.agentSession!.state;
    const at = state.open.findIndex((w) => w.key === state.activeKey);
    expect(lines()).to.have.length(OPEN_PAGE + (at >= OPEN_PAGE ? 1 : 0));
    const more = find<HTMLButtonElement>(el, '[part=open-more]')!;
    expect(more.textContent?.trim()).to.equal(`Show ${OPEN_PAGE} more (${1000 - OPEN_PAGE} not shown)`);
    more.click();
    await settle(el);
    expect(lines()).to.have.length(2 * OPEN_PAGE + (at >= 2 * OPEN_PAGE ? 1 : 0));
  });

  it('always draws the current customer’s line, wherever it is in the list', async () => {
    const key = el.agentSession!.state.open[750]!.key;
    el.agentSession!.activate(key);
    await settle(el);
    const current = lines().find((li) => li.querySelector('[aria-current=true]'));
    expect(current?.textContent).to.contain('visitor-750');
  });

  it('keeps one drafts key per work area and an index, no single blob of them all', () => {
    const keys = Object.keys(localStorage).filter((k) => k.includes(':burst:'));
    expect(keys.filter((k) => k.includes(':ws:'))).to.have.length(1000);
    const index = keys.find((k) => k.endsWith(':workspaces'))!;
    expect(JSON.parse(localStorage.getItem(index)!).keys).to.have.length(1000);
    expect(localStorage.getItem(index)!.length).to.be.below(60_000);
  });
});
