import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../../src/components/customer-pane/define.js';
import type { CustomerPane, OpenEntry, RecentEntry, SearchResult } from '../../../src/components/customer-pane/customer-pane.js';
import type { Customer } from '../../../src/model/index.js';
import { customer } from '../../helpers/data.js';
import '../../helpers/a11y.js';

// Issue #18, item 9 (Search and Recent) and item 5's Open list part.

const meta = { rev: '1-a', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'a' };
const person = (i: number, overrides: Partial<Customer> = {}): Customer => ({ ...customer({ name: `Carla ${i}`, phones: [`+34 600 000 ${String(i).padStart(3, '0')}`] }), ...meta, type: 'customer', id: `customer:${i}`, ...overrides });
const hits = (n: number): SearchResult[] => Array.from({ length: n }, (_, i) => ({ customer: person(i), matched: 'name' as const }));

async function pane(): Promise<CustomerPane> {
  const el = await fixture<CustomerPane>(html`<cc-customer-pane></cc-customer-pane>`);
  await el.updateComplete;
  return el;
}

const root = (el: CustomerPane) => el.shadowRoot!;
const box = (el: CustomerPane) => root(el).querySelector<HTMLInputElement>('#panel-search input[type=search]')!;
const results = (el: CustomerPane) => [...root(el).querySelectorAll<HTMLElement>('#panel-search .results .item')];
const focusedName = (el: CustomerPane) => {
  const active = root(el).activeElement;
  return active === box(el) ? 'box' : (active?.querySelector('.name')?.textContent?.trim() ?? 'none');
};

/** The agent types `text` in the search box; the host answers with `answer` for it, as `<customer-context>` does. */
async function search(el: CustomerPane, text: string, answer: { results: SearchResult[]; more?: boolean }): Promise<void> {
  el.tab = 'search';
  await el.updateComplete;
  box(el).focus();
  const asked: string[] = [];
  el.addEventListener('cc-pane-search', (e) => asked.push(e.detail.query));
  await sendKeys({ type: text });
  expect(asked.at(-1)).to.equal(box(el).value);
  el.results = answer.results;
  el.resultsMore = answer.more ?? false;
  el.searched = asked.at(-1)!;
  await el.updateComplete;
}

describe('customer pane: Search (issue #18, item 9)', () => {
  it('says when nobody matches, naming the text searched', async () => {
    const el = await pane();
    await search(el, 'zed', { results: [] });
    const empty = root(el).querySelector('[part~="search-empty"]');
    expect(empty?.textContent).to.equal('No customer matches “zed”.');
    await expect(el).to.be.accessible();
  });

  it('shows no "no match" for an answer to older text (the search still running for what is typed now)', async () => {
    const el = await pane();
    await search(el, 'ze', { results: [] });
    el.searched = 'ze';
    await sendKeys({ type: 'd' });
    await el.updateComplete;
    // "zed" typed, the answer shown is still the one for "ze".
    expect(root(el).querySelector('[part~="search-empty"]')).to.equal(null);
    el.searched = 'zed';
    await el.updateComplete;
    expect(root(el).querySelector('[part~="search-empty"]')?.textContent).to.equal('No customer matches “zed”.');
  });

  it('says "first 20" when the results are cut, and nothing when they are all there', async () => {
    const el = await pane();
    await search(el, 'carla', { results: hits(20), more: true });
    expect(results(el)).to.have.length(20);
    expect(root(el).querySelector('[part~="search-more"]')?.textContent).to.equal('First 20 shown: type more to narrow the search.');
    expect(root(el).querySelector('[part~="search-empty"]')).to.equal(null);
    el.resultsMore = false;
    el.results = hits(3);
    await el.updateComplete;
    expect(root(el).querySelector('[part~="search-more"]')).to.equal(null);
  });

  it('ArrowDown from the box into the results, down and up through them, Home and End, ArrowUp from the first back to the box', async () => {
    const el = await pane();
    await search(el, 'carla', { results: hits(3) });
    await sendKeys({ press: 'ArrowDown' });
    expect(focusedName(el)).to.equal('Carla 0');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    expect(focusedName(el)).to.equal('Carla 2');
    // The last stays the last.
    await sendKeys({ press: 'ArrowDown' });
    expect(focusedName(el)).to.equal('Carla 2');
    await sendKeys({ press: 'Home' });
    expect(focusedName(el)).to.equal('Carla 0');
    await sendKeys({ press: 'End' });
    expect(focusedName(el)).to.equal('Carla 2');
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowUp' });
    expect(focusedName(el)).to.equal('Carla 0');
    await sendKeys({ press: 'ArrowUp' });
    expect(focusedName(el)).to.equal('box');
    // Enter on a result reopens it.
    await sendKeys({ press: 'ArrowDown' });
    const reopen = oneEvent(el, 'cc-pane-reopen');
    await sendKeys({ press: 'Enter' });
    expect((await reopen).detail).to.deep.equal({ customerId: 'customer:0' });
  });

  it('ArrowDown in the box with no results leaves the caret where it is', async () => {
    const el = await pane();
    await search(el, 'zed', { results: [] });
    await sendKeys({ press: 'ArrowDown' });
    expect(focusedName(el)).to.equal('box');
  });
});

describe('customer pane: Recent (issue #18, item 9)', () => {
  it('shows the request title and the channel of each customer closed', async () => {
    const el = await pane();
    const recent: RecentEntry[] = [
      { customerId: 'customer:1', name: 'Ana García', closedAt: '2026-03-01T10:00:00.000Z', requestTitle: 'Router keeps rebooting', channel: 'chat' },
      { customerId: 'customer:2', name: 'Bob Stone', closedAt: '2026-03-01T09:00:00.000Z', channel: null },
      { customerId: 'customer:3', name: 'Old Entry', closedAt: '2026-03-01T08:00:00.000Z' },
    ];
    el.recent = recent;
    el.tab = 'recent';
    await el.updateComplete;
    const rows = [...root(el).querySelectorAll<HTMLElement>('#panel-recent .item')];
    expect(rows).to.have.length(3);
    expect(rows[0]!.querySelector('.request-title')?.textContent).to.equal('Router keeps rebooting');
    expect(rows[0]!.textContent).to.contain('Chat');
    expect(rows[1]!.querySelector('.request-title')).to.equal(null);
    expect(rows[1]!.textContent).not.to.contain('Chat');
    // Saved before this version: name and time only.
    expect(rows[2]!.querySelector('time')).not.to.equal(null);
    await expect(el).to.be.accessible();
  });
});

describe('customer pane: the Open list in a narrow column (issue #18, item 5)', () => {
  const entries = (n: number): OpenEntry[] =>
    Array.from({ length: n }, (_, i) => ({ key: `k${i}`, name: `Customer ${i}`, channel: 'voice', ended: false, created: true, unsaved: false, caution: false, new: false }));

  afterEach(async () => setViewport({ width: 800, height: 600 }));

  async function column(width: number): Promise<CustomerPane> {
    await setViewport({ width: 1000, height: 800 });
    const wrapper = await fixture<HTMLDivElement>(html`<div style="container-type: inline-size; inline-size: ${width}px"><cc-customer-pane></cc-customer-pane></div>`);
    const el = wrapper.querySelector('cc-customer-pane')!;
    el.open = entries(12);
    el.activeKey = 'k0';
    await el.updateComplete;
    return el;
  }

  const list = (el: CustomerPane) => root(el).querySelector<HTMLElement>('[part~="open-list"]')!;

  it('is capped in height and scrolls in a narrow column, and not in a wide one', async () => {
    const narrow = await column(400);
    expect(list(narrow).scrollHeight).to.be.greaterThan(list(narrow).clientHeight);
    expect(getComputedStyle(list(narrow)).overflowY).to.equal('auto');
    const wide = await column(900);
    expect(list(wide).scrollHeight).to.equal(list(wide).clientHeight);
  });

  it('keeps the current customer in view as it changes, scrolling only the list', async () => {
    const el = await column(400);
    const scrolled = document.scrollingElement!.scrollTop;
    el.activeKey = 'k10';
    await el.updateComplete;
    const current = root(el).querySelector<HTMLElement>('.item[aria-current=true]')!;
    const box = list(el).getBoundingClientRect();
    const row = current.getBoundingClientRect();
    expect(list(el).scrollTop).to.be.greaterThan(0);
    expect(row.top).to.be.at.least(box.top - 1);
    expect(row.bottom).to.be.at.most(box.bottom + 1);
    expect(document.scrollingElement!.scrollTop).to.equal(scrolled);
    // Back to the first: the list scrolls back up.
    el.activeKey = 'k0';
    await el.updateComplete;
    expect(list(el).scrollTop).to.equal(0);
  });
});
