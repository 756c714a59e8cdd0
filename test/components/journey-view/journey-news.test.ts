import { expect, fixture, html, nextFrame, oneEvent } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { ContextProvider } from '@lit/context';
import type { ReactiveControllerHost } from 'lit';
import '../../../src/components/journey-view/define.js';
import { ROW_HEIGHT, type JourneyEntry, type JourneyView } from '../../../src/components/journey-view/define.js';
import { agentContext } from '../../../src/components/shared/agent-context.js';
import type { Activity, Channel } from '../../../src/model/records.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import '../../helpers/a11y.js';

/**
 * Issue #19 item 4 in <journey-view>: entries that arrive while the agent has
 * scrolled down, or that the channel filter hides, bring a chip "N new
 * events" (announced politely) instead of moving what the agent reads; the
 * chip brings them into view.
 */

const NOW = Date.parse('2026-11-22T10:00:00.000Z');

/** The i-th entry: i minutes after 08:00 UTC today (so all on one day in UTC: no separator in between). */
function activity(i: number, channel: Channel = 'voice'): Activity {
  const at = new Date(Date.parse('2026-11-22T08:00:00.000Z') + i * 60_000).toISOString();
  return {
    type: 'activity',
    id: `a${i}`,
    rev: '1-a',
    createdAt: at,
    updatedAt: at,
    updatedBy: 'agent-1',
    customerId: 'customer:1',
    requestId: null,
    channel,
    interactionId: null,
    at,
    subject: `Subject ${i}`,
    notes: '',
    tags: [],
  };
}

/** Entries `from`…`to` (inclusive), newest first. */
function range(from: number, to: number, channel: Channel = 'voice'): JourneyEntry[] {
  const out: JourneyEntry[] = [];
  for (let i = to; i >= from; i--) out.push(activity(i, channel));
  return out;
}

async function make(entries: JourneyEntry[]): Promise<JourneyView> {
  const host = await fixture<HTMLDivElement>(html`<div></div>`);
  new ContextProvider(host as HTMLDivElement & ReactiveControllerHost, {
    context: agentContext,
    initialValue: { agentId: 'a1', agentName: 'Ana', locale: 'en-US', timeZone: 'UTC' },
  });
  const el = document.createElement('journey-view');
  el.clock = new FakeClock(NOW);
  el.entries = entries;
  host.append(el);
  await el.updateComplete;
  return el;
}

function list(el: JourneyView): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('[role=listbox]')!;
}

function chip(el: JourneyView): HTMLButtonElement | null {
  return el.shadowRoot!.querySelector<HTMLButtonElement>('[part~=new-events]');
}

async function scrollTo(el: JourneyView, top: number): Promise<void> {
  const scroller = list(el);
  const scrolled = oneEvent(scroller, 'scroll');
  scroller.scrollTop = top;
  await scrolled;
  await nextFrame();
  await el.updateComplete;
}

/** Where the row of entry `id` is, relative to the top of the list's viewport (null: not rendered). */
function rowTop(el: JourneyView, id: string): number | null {
  const row = el.shadowRoot!.querySelector<HTMLElement>(`#row-a-${id}`);
  return row ? row.getBoundingClientRect().top - list(el).getBoundingClientRect().top : null;
}

/** The entry whose row is at the top of the viewport. */
function topRow(el: JourneyView): string {
  const box = list(el).getBoundingClientRect();
  const rows = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role=option]')];
  const visible = rows.filter((r) => r.getBoundingClientRect().bottom > box.top + 1).sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
  return visible[0]!.id.replace(/^row-a-/, '');
}

describe('journey-view: "N new events" (issue #19 item 4)', function () {
  this.timeout(30_000); // axe and real keys, on a machine the other test runs share
  it('at the top, with nothing filtered out, new entries simply show at the top: no chip', async () => {
    const el = await make(range(0, 99));
    el.entries = range(0, 101);
    await el.updateComplete;
    expect(chip(el)).to.equal(null);
    expect(list(el).scrollTop).to.equal(0);
    expect(topRow(el)).to.equal('a101');
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent!.trim()).to.equal('');
  });

  it('scrolled down: the rows the agent reads stay put while entries arrive above, and a chip counts them', async () => {
    const el = await make(range(0, 199));
    await scrollTo(el, 40 * ROW_HEIGHT + 10);
    const reading = topRow(el);
    const before = rowTop(el, reading)!;
    const scrollBefore = list(el).scrollTop;

    el.entries = range(0, 202);
    await el.updateComplete;
    expect(rowTop(el, reading)).to.be.closeTo(before, 0.5);
    expect(list(el).scrollTop).to.be.closeTo(scrollBefore + 3 * ROW_HEIGHT, 0.5);
    expect(topRow(el)).to.equal(reading);
    expect(chip(el)!.textContent!.trim()).to.equal('3 new events');
    // Inside the polite live region, so it is announced.
    expect(chip(el)!.closest('[role=status]')).to.not.equal(null);

    // One more: still in place, the count follows (singular and plural are whole sentences).
    el.entries = range(0, 203);
    await el.updateComplete;
    expect(rowTop(el, reading)).to.be.closeTo(before, 0.5);
    expect(chip(el)!.textContent!.trim()).to.equal('4 new events');
  });

  it('is accessible with the chip over the list', async () => {
    const el = await make(range(0, 29));
    await scrollTo(el, 10 * ROW_HEIGHT);
    el.entries = range(0, 31);
    await el.updateComplete;
    expect(chip(el)).to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('the chip brings them into view: the list goes to the top, focused on the newest, and the chip goes', async () => {
    const el = await make(range(0, 199));
    await scrollTo(el, 60 * ROW_HEIGHT);
    el.entries = range(0, 200);
    await el.updateComplete;
    expect(chip(el)!.textContent!.trim()).to.equal('1 new event');
    chip(el)!.click();
    await el.updateComplete;
    await el.updateComplete;
    expect(list(el).scrollTop).to.equal(0);
    expect(chip(el)).to.equal(null);
    expect(topRow(el)).to.equal('a200');
    expect(el.shadowRoot!.activeElement).to.equal(list(el));
    expect(list(el).getAttribute('aria-activedescendant')).to.equal('row-a-a200');
  });

  it('Enter on the chip does the same', async () => {
    const el = await make(range(0, 199));
    await scrollTo(el, 30 * ROW_HEIGHT);
    el.entries = range(0, 201);
    await el.updateComplete;
    chip(el)!.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await el.updateComplete;
    expect(list(el).scrollTop).to.equal(0);
    expect(chip(el)).to.equal(null);
    expect(topRow(el)).to.equal('a201');
  });

  it('scrolling back to the top by hand counts them as seen', async () => {
    const el = await make(range(0, 199));
    await scrollTo(el, 30 * ROW_HEIGHT);
    el.entries = range(0, 201);
    await el.updateComplete;
    expect(chip(el)).to.not.equal(null);
    await scrollTo(el, 0);
    expect(chip(el)).to.equal(null);
  });

  it('a filter that hides them: the chip shows even at the top, and turns the filter off (cc-journey-filter) to show them', async () => {
    const el = await make(range(0, 49, 'email'));
    el.channel = 'email';
    await el.updateComplete;
    const filters: string[] = [];
    el.addEventListener('cc-journey-filter', (e) => filters.push(e.detail.channel));
    el.entries = [activity(60, 'voice'), ...range(0, 49, 'email')];
    await el.updateComplete;
    expect(chip(el)!.textContent!.trim()).to.equal('1 new event');
    expect(topRow(el)).to.equal('a49');
    chip(el)!.click();
    await el.updateComplete;
    await el.updateComplete;
    expect(el.channel).to.equal('all');
    expect(filters).to.deep.equal(['all']);
    expect(topRow(el)).to.equal('a60');
    expect(chip(el)).to.equal(null);
  });

  it('a filter that shows them, at the top: no chip (they are in view)', async () => {
    const el = await make(range(0, 49, 'email'));
    el.channel = 'email';
    await el.updateComplete;
    el.entries = [activity(60, 'email'), ...range(0, 49, 'email')];
    await el.updateComplete;
    expect(chip(el)).to.equal(null);
    expect(topRow(el)).to.equal('a60');
  });

  it('the agent turning the hiding filter off at the top counts them as seen', async () => {
    const el = await make(range(0, 49, 'email'));
    el.channel = 'email';
    await el.updateComplete;
    el.entries = [activity(60, 'chat'), ...range(0, 49, 'email')];
    await el.updateComplete;
    expect(chip(el)).to.not.equal(null);
    (el.shadowRoot!.querySelector('[part~=filter-button][value=all]') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(chip(el)).to.equal(null);
  });

  it('not news: the first page, an older page appended, an entry saved again; a changed entry keeps the rows in place', async () => {
    const el = await make([]);
    el.entries = range(100, 199);
    await el.updateComplete;
    expect(chip(el)).to.equal(null);
    await scrollTo(el, 20 * ROW_HEIGHT);
    const reading = topRow(el);
    const before = rowTop(el, reading)!;
    el.entries = range(0, 199);
    await el.updateComplete;
    const saved = [...el.entries];
    saved[5] = { ...(saved[5] as Activity), notes: 'Called back', rev: '2-a' };
    el.entries = saved;
    await el.updateComplete;
    expect(chip(el)).to.equal(null);
    expect(rowTop(el, reading)).to.be.closeTo(before, 0.5);
  });

  it('an arrival that goes away again (moved to another customer) leaves the count', async () => {
    const el = await make(range(0, 199));
    await scrollTo(el, 30 * ROW_HEIGHT);
    const reading = topRow(el);
    const before = rowTop(el, reading)!;
    el.entries = range(0, 201);
    await el.updateComplete;
    expect(chip(el)!.textContent!.trim()).to.equal('2 new events');
    el.entries = range(0, 201).filter((e) => e.id !== 'a201');
    await el.updateComplete;
    expect(chip(el)!.textContent!.trim()).to.equal('1 new event');
    expect(rowTop(el, reading)).to.be.closeTo(before, 0.5);
  });

  it('the hovered row keeps its preview while entries arrive above it (the row stays under the pointer)', async () => {
    const el = await make(range(0, 199));
    await scrollTo(el, 30 * ROW_HEIGHT);
    const reading = topRow(el);
    const row = el.shadowRoot!.querySelector<HTMLElement>(`#row-a-${reading}`)!;
    const box = row.getBoundingClientRect();
    const box2 = list(el).getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(box.left + 10), Math.round(Math.max(box.top, box2.top) + 10)] });
    await el.updateComplete;
    const preview = el.shadowRoot!.querySelector<HTMLElement>('[part=preview]')!;
    expect(preview.textContent).to.contain(`Subject ${reading.slice(1)}`);
    el.entries = range(0, 203);
    await el.updateComplete;
    expect(preview.textContent).to.contain(`Subject ${reading.slice(1)}`);
    await resetMouse();
  });

  it('a new day above: its separator is inserted too, and the rows in view still stay put', async () => {
    const el = await make(range(0, 199));
    await scrollTo(el, 50 * ROW_HEIGHT);
    const reading = topRow(el);
    const before = rowTop(el, reading)!;
    const tomorrow = { ...activity(0), id: 'next-day', at: '2026-11-23T08:00:00.000Z', createdAt: '2026-11-23T08:00:00.000Z' };
    el.entries = [tomorrow, ...range(0, 199)];
    await el.updateComplete;
    expect(rowTop(el, reading)).to.be.closeTo(before, 0.5);
    expect(chip(el)!.textContent!.trim()).to.equal('1 new event');
  });
});
