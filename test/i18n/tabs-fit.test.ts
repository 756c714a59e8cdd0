import { expect, fixture, html } from '@open-wc/testing';
import '../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { call, hostContext } from '../helpers/events.js';
import { findAll, settle } from '../helpers/gadget.js';
import { until } from '../helpers/session.js';

/**
 * Issue 18 item 10: French and German labels fit a 420 px gadget: each of the
 * pane's tabs keeps its label on one line (with the Open count), nothing cut,
 * in both modes, the longest words of each locale included.
 */

/** The lines a node's text takes: the distinct tops of its text's boxes. */
function lines(node: Element): number {
  const range = document.createRange();
  range.selectNodeContents(node);
  const tops = new Set<number>();
  for (const rect of range.getClientRects()) if (rect.width > 0 && rect.height > 0) tops.add(Math.round(rect.top + rect.height / 2));
  // Boxes on one line can differ by a pixel or two (a count badge): group them.
  const sorted = [...tops].sort((a, b) => a - b);
  return sorted.filter((top, i) => i === 0 || top - sorted[i - 1]! > 6).length;
}

let counter = 0;

describe('French and German labels at 420 px', function () {
  this.timeout(30000);
  let db: string;
  let store: IndexedDbStore;
  let el: CustomerContext;

  beforeEach(() => {
    db = `cc-fit-${Date.now()}-${counter++}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
  });
  afterEach(async () => {
    el?.parentElement?.remove();
    await store.destroy();
  });

  for (const locale of ['fr', 'de', 'es', 'pt-BR']) {
    for (const mode of ['context', 'care'] as const) {
      it(`${locale}, ${mode}: each tab label on one line, not cut`, async () => {
        const frame = await fixture<HTMLDivElement>(
          html`<div style="inline-size: 420px"><customer-context agent-id="agent-fit" database=${db} mode=${mode}></customer-context></div>`,
        );
        el = frame.querySelector('customer-context')!;
        await el.ready;
        el.receive(hostContext('agent-fit', { locale }));
        const session = el.agentSession!;
        // Calls in Open, so the Open tab shows its count too.
        for (let i = 0; i < 12; i++) el.receive(call(`fit-${locale}-${mode}-${i}`, { phone: `+1 555 01${String(i).padStart(2, '0')}` }));
        await until(session, () => session.state.open.length === 12);
        await settle(el);
        await new Promise((resolve) => requestAnimationFrame(resolve));
        expect(el.getBoundingClientRect().width).to.be.at.most(420);
        const tabs = findAll<HTMLElement>(el, '[role=tab]');
        expect(tabs.length, 'the pane has its three tabs').to.be.at.least(3);
        for (const tab of tabs) {
          const label = tab.textContent!.replace(/\s+/g, ' ').trim();
          expect(lines(tab), `"${label}" on one line`).to.equal(1);
          expect(tab.scrollWidth, `"${label}" not cut`).to.be.at.most(tab.clientWidth + 1);
        }
      });
    }
  }
});
