import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';

let counter = 0;

/** The work area's notice, through the child element's shadow root. */
function notice(el: CustomerContext): string {
  return el.shadowRoot!.querySelector('cc-work-area')?.shadowRoot?.querySelector('.notice')?.textContent ?? '';
}

describe('<customer-context>: saved drafts it cannot read are set aside, and the agent is told (issue 14, item 2)', () => {
  it('unreadable drafts: a notice says they are set aside (not deleted), the gadget starts, and the raw text is kept', async () => {
    const db = `cc-aside-${Date.now()}-${counter++}`;
    localStorage.clear();
    const key = `customer-context@indexeddb:${db}:ann:workspaces`;
    localStorage.setItem(key, '{"activeKey": "x", "open": [ not json');
    const el = await fixture<CustomerContext>(html`<customer-context agent-id="ann" database=${db}></customer-context>`);
    await el.ready;
    await waitUntil(() => notice(el).includes('set aside'), 'the set-aside notice');
    expect(notice(el)).to.contain('not deleted');
    expect(el.agentSession!.state.open).to.deep.equal([]);
    const kept = Object.keys(localStorage).filter((k) => k.includes(':set-aside:'));
    expect(kept.length).to.be.greaterThan(0);
    expect(kept.map((k) => localStorage.getItem(k)).join('')).to.contain('not json');
    el.remove();
    await new IndexedDbStore({ name: db }).destroy();
  });
});
