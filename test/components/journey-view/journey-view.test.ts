import { expect, fixture, html, nextFrame, oneEvent } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { ContextProvider } from '@lit/context';
import type { ReactiveControllerHost } from 'lit';
import '../../../src/components/journey-view/define.js';
import { JourneyView, ROW_HEIGHT } from '../../../src/components/journey-view/define.js';
import type { JourneyEntry } from '../../../src/components/journey-view/define.js';
import { agentContext, formatDateTime } from '../../../src/components/shared/agent-context.js';
import type { AgentContextValue } from '../../../src/components/shared/agent-context.js';
import type { Activity, Channel, Request } from '../../../src/model/records.js';
import '../../helpers/a11y.js';

const BASE = Date.parse('2026-03-01T12:00:00.000Z');
const CYCLE: readonly Channel[] = ['voice', 'chat', 'email', 'note', 'other'];
const CHANNEL_TEXT: Record<Channel | 'request', string> = {
  voice: 'Voice',
  chat: 'Chat',
  email: 'Email',
  note: 'Note',
  other: 'Other',
  request: 'Request',
};

/** The i-th newest moment: an hour apart, newest first. */
function when(i: number): string {
  return new Date(BASE - i * 3_600_000).toISOString();
}

function activity(i: number, overrides: Partial<Activity> = {}): Activity {
  return {
    type: 'activity',
    id: `activity:${i}`,
    rev: '1-a',
    createdAt: when(i),
    updatedAt: when(i),
    updatedBy: 'agent-1',
    customerId: 'customer:1',
    requestId: null,
    channel: CYCLE[i % CYCLE.length]!,
    interactionId: `interaction-${i}`,
    at: when(i),
    subject: `Subject ${i}`,
    notes: `Notes of activity ${i}`,
    tags: i % 3 === 0 ? ['billing', `t${i}`] : [],
    ...overrides,
  };
}

function request(i: number, overrides: Partial<Request> = {}): Request {
  return {
    type: 'request',
    id: `request:${i}`,
    rev: '1-r',
    createdAt: when(i),
    updatedAt: when(i),
    updatedBy: 'agent-1',
    customerId: 'customer:1',
    title: `Request ${i}`,
    description: `Description of request ${i}`,
    status: i % 2 === 0 ? 'closed' : 'open',
    openedAt: when(i),
    closedAt: i % 2 === 0 ? when(i - 1) : null,
    ...overrides,
  };
}

/** n entries, newest first: every 7th one a request, the others activities cycling through the channels. */
function journey(n: number): JourneyEntry[] {
  const entries: JourneyEntry[] = [];
  for (let i = 0; i < n; i++) entries.push(i % 7 === 6 ? request(i) : activity(i));
  return entries;
}

function listbox(el: JourneyView): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('[role=listbox]')!;
}

function rows(el: JourneyView): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role=option]')];
}

function preview(el: JourneyView): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('[part~=preview]')!;
}

function positions(el: JourneyView): number[] {
  return rows(el).map((row) => Number(row.getAttribute('aria-posinset')));
}

async function make(entries: JourneyEntry[], props: Partial<JourneyView> = {}): Promise<JourneyView> {
  const el = await fixture<JourneyView>(html`<journey-view .entries=${entries}></journey-view>`);
  Object.assign(el, props);
  await el.updateComplete;
  return el;
}

/** Scrolls the list like a user would and waits for the element to catch up (scroll event, frame, render). */
async function scrollListTo(el: JourneyView, top: number): Promise<void> {
  const list = listbox(el);
  const scrolled = oneEvent(list, 'scroll');
  list.scrollTop = top;
  await scrolled;
  await nextFrame();
  await el.updateComplete;
}

/** Records every event the element may fire. */
function recordEvents(el: JourneyView): string[] {
  const fired: string[] = [];
  for (const type of ['cc-journey-select', 'cc-journey-more', 'cc-journey-filter'] as const) {
    el.addEventListener(type, () => fired.push(type));
  }
  return fired;
}

describe('journey-view', () => {
  afterEach(async () => {
    await resetMouse();
  });

  it('is defined and upgrades', async () => {
    const el = await make([]);
    expect(el).to.be.instanceOf(JourneyView);
    expect(customElements.get('journey-view')).to.equal(JourneyView);
  });

  it('renders the entries in the order given (newest first), each with its channel as text', async () => {
    // Deliberately not in time order: the element trusts the order and never re-sorts.
    const entries: JourneyEntry[] = [activity(0), request(6), activity(1, { channel: 'email' }), activity(9, { channel: 'note' }), activity(3)];
    const el = await make(entries);
    const shown = rows(el);
    expect(shown).to.have.length(5);
    expect(shown.map((row) => row.querySelector('.title')!.textContent)).to.deep.equal([
      'Subject 0',
      'Request 6',
      'Subject 1',
      'Subject 9',
      'Subject 3',
    ]);
    expect(shown.map((row) => row.querySelector('.channel')!.textContent)).to.deep.equal([
      'Voice',
      'Request',
      'Email',
      'Note',
      'Note',
    ]);
    expect(positions(el)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(shown.every((row) => row.getAttribute('aria-setsize') === '5')).to.be.true;
    // Requests show their status; icons are hidden from assistive technology.
    expect(shown[1]!.textContent).to.contain('Closed');
    expect(shown[0]!.querySelector('svg')!.getAttribute('aria-hidden')).to.equal('true');
    expect(shown[0]!.textContent).to.contain('billing');
  });

  it('shows a fallback title when the subject is empty', async () => {
    const el = await make([activity(0, { subject: '  ', notes: '' })]);
    expect(rows(el)[0]!.querySelector('.title')!.textContent).to.equal('(no subject)');
  });

  it('marks the current interaction with text and aria-current', async () => {
    const el = await make(journey(10), { currentInteractionId: 'interaction-2' });
    const current = rows(el).filter((row) => row.getAttribute('aria-current') === 'true');
    expect(current).to.have.length(1);
    expect(current[0]!.querySelector('.title')!.textContent).to.equal('Subject 2');
    expect(current[0]!.textContent).to.contain('Current interaction');
    expect(rows(el)[0]!.textContent).not.to.contain('Current interaction');
  });

  it('renders only a window of rows for 10,000 entries', async () => {
    const el = await make(journey(10_000));
    const count = rows(el).length;
    console.log(`journey-view: ${count} row elements rendered for 10,000 entries`);
    expect(count).to.be.greaterThan(0).and.lessThan(60);
    expect(positions(el)[0]).to.equal(1);
    // One item per entry, plus a day separator per day laid out so far (issue #19: the rest are found as the list is shown).
    const spacer = el.shadowRoot!.querySelector<HTMLElement>('.spacer')!;
    const height = spacer.getBoundingClientRect().height;
    expect(height).to.be.at.least(10_000 * ROW_HEIGHT).and.at.most((10_000 + 10_000 / 24 + 2) * ROW_HEIGHT);
    expect(height % ROW_HEIGHT).to.equal(0);
  });

  it('renders the rows from the middle after scrolling to the middle', async () => {
    const el = await make(journey(10_000));
    await scrollListTo(el, 5_000 * ROW_HEIGHT);
    const shown = positions(el);
    expect(shown.length).to.be.lessThan(60);
    // Item 5,000 of the list: entries an hour apart, so a day separator for every 24 entries above it (issue #19).
    const first = Math.min(...shown);
    expect(first).to.be.within(4_770, 4_801);
    expect(Math.max(...shown)).to.be.within(first + 5, first + 30);
    const middle = first + 5;
    expect(shown).to.include(middle);
    const row = rows(el).find((r) => r.getAttribute('aria-posinset') === String(middle))!;
    expect(row.querySelector('.title')!.textContent).to.equal((middle - 1) % 7 === 6 ? `Request ${middle - 1}` : `Subject ${middle - 1}`);
    // The row is positioned where it belongs, so it is in view.
    const listBox = listbox(el).getBoundingClientRect();
    const rowBox = row.getBoundingClientRect();
    expect(rowBox.top).to.be.within(listBox.top - 1, listBox.bottom);
  });

  it('the preview sits beside the list when the element is wide, below it when narrow', async () => {
    const el = await make(journey(30));
    for (const [width, beside] of [[900, true], [420, false]] as const) {
      el.style.inlineSize = `${width}px`;
      listbox(el).focus();
      await el.updateComplete;
      // getBoundingClientRect lays out first: the container query has applied.
      const list = listbox(el).getBoundingClientRect();
      const box = preview(el).getBoundingClientRect();
      expect(preview(el).hidden, `${width}px`).to.equal(false);
      expect(box.left >= list.right, `${width}px: preview beside`).to.equal(beside);
      expect(box.top >= list.bottom, `${width}px: preview below`).to.equal(!beside);
    }
  });

  it('moves the active row with the keyboard and previews it', async () => {
    const entries = journey(100);
    const el = await make(entries);
    const list = listbox(el);
    list.focus();
    await el.updateComplete;
    expect(list.getAttribute('aria-activedescendant')).to.equal(rows(el)[0]!.id);

    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    const activeId = list.getAttribute('aria-activedescendant')!;
    const active = el.shadowRoot!.getElementById(activeId)!;
    expect(active.getAttribute('aria-posinset')).to.equal('2');
    expect(preview(el).hidden).to.be.false;
    expect(preview(el).textContent).to.contain('Subject 1');
    expect(preview(el).textContent).to.contain('Notes of activity 1');
    expect(list.getAttribute('aria-describedby')).to.equal(preview(el).id);

    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(el.shadowRoot!.getElementById(list.getAttribute('aria-activedescendant')!)!.getAttribute('aria-posinset')).to.equal('1');

    await sendKeys({ press: 'PageDown' });
    await el.updateComplete;
    const paged = Number(el.shadowRoot!.getElementById(list.getAttribute('aria-activedescendant')!)!.getAttribute('aria-posinset'));
    expect(paged).to.be.greaterThan(2);

    await sendKeys({ press: 'PageUp' });
    await el.updateComplete;
    expect(el.shadowRoot!.getElementById(list.getAttribute('aria-activedescendant')!)!.getAttribute('aria-posinset')).to.equal('1');
  });

  it('goes to the end and back with End and Home, scrolling the active row into view', async () => {
    const el = await make(journey(10_000));
    const list = listbox(el);
    list.focus();
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    const last = el.shadowRoot!.getElementById(list.getAttribute('aria-activedescendant')!)!;
    expect(last.getAttribute('aria-posinset')).to.equal('10000');
    expect(list.scrollTop).to.be.greaterThan(9_000 * ROW_HEIGHT);
    expect(rows(el).length).to.be.lessThan(60);
    expect(preview(el).textContent).to.contain('Subject 9999');

    await sendKeys({ press: 'Home' });
    await el.updateComplete;
    expect(el.shadowRoot!.getElementById(list.getAttribute('aria-activedescendant')!)!.getAttribute('aria-posinset')).to.equal('1');
    expect(list.scrollTop).to.equal(0);
  });

  it('keeps the active row rendered when the list is scrolled away from it', async () => {
    const el = await make(journey(10_000));
    const list = listbox(el);
    list.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    const activeId = list.getAttribute('aria-activedescendant')!;
    await scrollListTo(el, 7_000 * ROW_HEIGHT);
    expect(el.shadowRoot!.getElementById(activeId)).to.exist;
    expect(rows(el).length).to.be.lessThan(60);
  });

  it('selects the active row with Enter or Space', async () => {
    const entries = journey(20);
    const el = await make(entries);
    listbox(el).focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;

    let event = oneEvent(el, 'cc-journey-select');
    await sendKeys({ press: 'Enter' });
    const { detail } = await event;
    expect(detail.entry).to.equal(entries[2]);
    expect(el.selectedId).to.equal(entries[2]!.id);
    await el.updateComplete;
    const selected = rows(el).filter((row) => row.getAttribute('aria-selected') === 'true');
    expect(selected).to.have.length(1);
    expect(selected[0]!.getAttribute('aria-posinset')).to.equal('3');

    await sendKeys({ press: 'ArrowDown' });
    event = oneEvent(el, 'cc-journey-select');
    await sendKeys({ press: 'Space' });
    expect((await event).detail.entry).to.equal(entries[3]);
  });

  it('selects a row on click', async () => {
    const entries = journey(20);
    const el = await make(entries);
    const event = oneEvent(el, 'cc-journey-select');
    rows(el)[4]!.click();
    expect((await event).detail.entry).to.equal(entries[4]);
    await el.updateComplete;
    expect(rows(el)[4]!.getAttribute('aria-selected')).to.equal('true');
    expect(listbox(el).getAttribute('aria-activedescendant')).to.equal(rows(el)[4]!.id);
  });

  it('previews a hovered row without selecting it, and stops when the pointer leaves', async () => {
    const entries = journey(20);
    const el = await make(entries);
    const fired = recordEvents(el);
    expect(preview(el).hidden).to.be.true;

    const box = rows(el)[3]!.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
    await el.updateComplete;
    expect(preview(el).hidden).to.be.false;
    expect(preview(el).textContent).to.contain('Subject 3');
    expect(el.selectedId).to.equal(null);
    expect(fired).to.deep.equal([]);

    const filter = el.shadowRoot!.querySelector('[part~=filter]')!.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(filter.left + 2), Math.round(filter.top + 2)] });
    await el.updateComplete;
    expect(preview(el).hidden).to.be.true;
    expect(fired).to.deep.equal([]);
  });

  it('returns the preview to the active row when the pointer leaves', async () => {
    const entries = journey(20);
    const el = await make(entries);
    listbox(el).focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(preview(el).textContent).to.contain('Subject 1');

    const row = rows(el)[5]!;
    row.dispatchEvent(new PointerEvent('pointerenter'));
    await el.updateComplete;
    expect(preview(el).textContent).to.contain('Subject 5');

    listbox(el).dispatchEvent(new PointerEvent('pointerleave'));
    await el.updateComplete;
    expect(preview(el).textContent).to.contain('Subject 1');
  });

  it('previews a request with its status, description and closed date', async () => {
    const el = await make([request(2)]);
    rows(el)[0]!.dispatchEvent(new PointerEvent('pointerenter'));
    await el.updateComplete;
    const text = preview(el).textContent!;
    expect(text).to.contain('Request');
    expect(text).to.contain('Request 2');
    expect(text).to.contain('Closed');
    expect(text).to.contain('Description of request 2');
  });

  it('filters by channel when the agent chooses one, and fires cc-journey-filter', async () => {
    const el = await make(journey(200));
    const chat = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~=filter-button][value=chat]')!;
    expect(chat.getAttribute('aria-pressed')).to.equal('false');
    const event = oneEvent(el, 'cc-journey-filter');
    chat.click();
    expect((await event).detail).to.deep.equal({ channel: 'chat' });
    await el.updateComplete;
    expect(el.channel).to.equal('chat');
    expect(chat.getAttribute('aria-pressed')).to.equal('true');
    const shown = rows(el);
    expect(shown.length).to.be.greaterThan(0);
    expect(shown.every((row) => row.querySelector('.channel')!.textContent === 'Chat')).to.be.true;
    const chats = journey(200).filter((e) => e.type === 'activity' && e.channel === 'chat').length;
    expect(shown[0]!.getAttribute('aria-setsize')).to.equal(String(chats));

    const requests = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~=filter-button][value=request]')!;
    requests.click();
    await el.updateComplete;
    expect(rows(el).every((row) => row.querySelector('.channel')!.textContent === CHANNEL_TEXT.request)).to.be.true;
  });

  it('filters from the channel attribute without firing anything', async () => {
    const el = await fixture<JourneyView>(html`<journey-view channel="email" .entries=${journey(50)}></journey-view>`);
    const fired = recordEvents(el);
    expect(rows(el).every((row) => row.querySelector('.channel')!.textContent === 'Email')).to.be.true;
    el.channel = 'all';
    await el.updateComplete;
    expect(rows(el).map((row) => row.querySelector('.channel')!.textContent)).to.include('Voice');
    expect(fired).to.deep.equal([]);
  });

  it('shows a message when a filter leaves nothing', async () => {
    const el = await make([activity(0, { channel: 'voice' })], { channel: 'chat' });
    expect(rows(el)).to.have.length(0);
    expect(el.shadowRoot!.querySelector('[part~=empty]')!.textContent).to.contain('Nothing on this channel');
    await expect(el).to.be.accessible();
  });

  it('fires cc-journey-more once per length when scrolled near the end with hasMore', async () => {
    const entries = journey(200);
    const el = await make(entries, { hasMore: true });
    const fired = recordEvents(el);

    await scrollListTo(el, 50 * ROW_HEIGHT);
    expect(fired).to.deep.equal([]);

    const more = oneEvent(el, 'cc-journey-more');
    await scrollListTo(el, 190 * ROW_HEIGHT);
    expect((await more).detail).to.deep.equal({});
    expect(fired).to.deep.equal(['cc-journey-more']);

    // More scrolling near the end, with the same entries: no second request.
    await scrollListTo(el, 185 * ROW_HEIGHT);
    await scrollListTo(el, 200 * ROW_HEIGHT);
    expect(fired).to.deep.equal(['cc-journey-more']);

    // A page arrived: scrolling near the new end asks again.
    el.entries = journey(400);
    await el.updateComplete;
    expect(fired).to.deep.equal(['cc-journey-more']);
    const again = oneEvent(el, 'cc-journey-more');
    await scrollListTo(el, 395 * ROW_HEIGHT);
    await again;
    expect(fired).to.deep.equal(['cc-journey-more', 'cc-journey-more']);
  });

  it('does not ask for more without hasMore', async () => {
    const el = await make(journey(200));
    const fired = recordEvents(el);
    await scrollListTo(el, 200 * ROW_HEIGHT);
    expect(fired).to.deep.equal([]);
    expect(el.shadowRoot!.querySelector('[part~=more-button]')).to.equal(null);
  });

  it('offers a Load more button while hasMore is set', async () => {
    const el = await make(journey(3), { hasMore: true });
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~=more-button]')!;
    expect(button.textContent!.trim()).to.equal('Load more');
    const event = oneEvent(el, 'cc-journey-more');
    button.click();
    await event;
  });

  it('fires nothing when code sets properties', async () => {
    const el = await make([]);
    const fired = recordEvents(el);
    el.entries = journey(10_000);
    el.hasMore = true;
    el.currentInteractionId = 'interaction-0';
    el.selectedId = 'activity:1';
    el.channel = 'voice';
    el.label = 'Journey of Ana';
    await el.updateComplete;
    await nextFrame();
    await el.updateComplete;
    el.channel = 'all';
    el.entries = journey(5);
    await el.updateComplete;
    await nextFrame();
    expect(fired).to.deep.equal([]);
    expect(rows(el)[1]!.getAttribute('aria-selected')).to.equal('true');
    expect(listbox(el).getAttribute('aria-label')).to.equal('Journey of Ana');
  });

  it('renders customer text as text, never as HTML', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const el = await make([activity(0, { subject: evil, notes: evil, tags: [evil] }), request(1, { title: evil, description: evil })]);
    rows(el)[0]!.dispatchEvent(new PointerEvent('pointerenter'));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(rows(el)[0]!.querySelector('.title')!.textContent).to.equal(evil);
    expect(rows(el)[1]!.querySelector('.title')!.textContent).to.equal(evil);
    expect(preview(el).textContent).to.contain(evil);
  });

  it('gives each row a stable, valid id', async () => {
    const el = await make([activity(0, { id: 'activity:a b_c' }), activity(1, { id: 'activity:a b' })]);
    const ids = rows(el).map((row) => row.id);
    expect(new Set(ids).size).to.equal(2);
    expect(ids.every((id) => /^[A-Za-z0-9_-]+$/.test(id))).to.be.true;
    el.entries = [activity(5), ...el.entries];
    await el.updateComplete;
    expect(rows(el).map((row) => row.id).slice(1)).to.deep.equal(ids);
  });

  it('formats dates in the agent locale and time zone from the context', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const agent: AgentContextValue = { agentId: 'a1', agentName: 'Ana', locale: 'de-DE', timeZone: 'Asia/Tokyo' };
    const provider = new ContextProvider(host as HTMLDivElement & ReactiveControllerHost, { context: agentContext, initialValue: agent });
    const el = document.createElement('journey-view');
    el.entries = [activity(0)];
    host.append(el);
    await el.updateComplete;
    const date = () => rows(el)[0]!.querySelector('time')!.textContent;
    expect(date()).to.equal(formatDateTime(when(0), agent, 'short'));

    const other: AgentContextValue = { ...agent, locale: 'en-US', timeZone: 'America/New_York' };
    provider.setValue(other);
    await el.updateComplete;
    expect(date()).to.equal(formatDateTime(when(0), other, 'short'));
  });

  it('shows the empty state and is accessible', async () => {
    const el = await make([]);
    expect(el.shadowRoot!.querySelector('[part~=empty]')!.textContent).to.contain('No activity yet');
    expect(rows(el)).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('is accessible with entries, a selection, the current interaction and a preview', async () => {
    const el = await make(journey(500), { currentInteractionId: 'interaction-0', selectedId: 'activity:2', hasMore: true });
    listbox(el).focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(preview(el).hidden).to.be.false;
    await expect(el).to.be.accessible();
  });
});
