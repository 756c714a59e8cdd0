import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ContextProvider } from '@lit/context';
import type { ReactiveControllerHost } from 'lit';
import '../../../src/components/journey-view/define.js';
import type { JourneyEntry, JourneyView } from '../../../src/components/journey-view/define.js';
import { agentContext, type AgentContextValue } from '../../../src/components/shared/agent-context.js';
import type { Activity, Channel, Request } from '../../../src/model/records.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import '../../helpers/a11y.js';

/**
 * Issue #19 item 4 in <journey-view>: the time frame menu beside the channel
 * filter (it reports the agent's choice; the session reads the range), and the
 * day separators ("Today", "Yesterday", then the date) in the agent's time zone.
 */

const NOW = Date.parse('2026-11-22T10:00:00.000Z');

function activity(id: string, at: string, channel: Channel = 'voice'): Activity {
  return {
    type: 'activity',
    id,
    rev: '1-a',
    createdAt: at,
    updatedAt: at,
    updatedBy: 'agent-1',
    customerId: 'customer:1',
    requestId: null,
    channel,
    interactionId: null,
    at,
    subject: `Subject ${id}`,
    notes: '',
    tags: [],
  };
}

function request(id: string, at: string): Request {
  return {
    type: 'request',
    id,
    rev: '1-r',
    createdAt: at,
    updatedAt: at,
    updatedBy: 'agent-1',
    customerId: 'customer:1',
    title: `Title ${id}`,
    description: '',
    status: 'open',
    openedAt: at,
    closedAt: null,
  };
}

/** Four days of the journey as UTC sees them: today (two), yesterday evening, and three days ago. */
const ENTRIES: JourneyEntry[] = [
  activity('a1', '2026-11-22T09:00:00.000Z'),
  request('r1', '2026-11-22T08:00:00.000Z'),
  activity('a2', '2026-11-21T20:00:00.000Z', 'chat'),
  activity('a3', '2026-11-19T12:00:00.000Z', 'email'),
];

/** A journey-view inside an agent context (locale and time zone), on a fake clock. */
async function inZone(timeZone: string, entries: JourneyEntry[] = ENTRIES, clock = new FakeClock(NOW), locale = 'en-US') {
  const host = await fixture<HTMLDivElement>(html`<div></div>`);
  const agent: AgentContextValue = { agentId: 'a1', agentName: 'Ana', locale, timeZone };
  const provider = new ContextProvider(host as HTMLDivElement & ReactiveControllerHost, { context: agentContext, initialValue: agent });
  const el = document.createElement('journey-view');
  el.clock = clock;
  el.entries = entries;
  host.append(el);
  await el.updateComplete;
  return { el, clock, provider };
}

/** The list's items in order, by position: a separator's words (`— words`) or an option's entry id. */
function items(el: JourneyView): string[] {
  const spacer = el.shadowRoot!.querySelector('.spacer')!;
  return [...spacer.children]
    .map((child) => ({ child: child as HTMLElement, top: parseFloat((child as HTMLElement).style.insetBlockStart) }))
    .sort((a, b) => a.top - b.top)
    .map(({ child }) => (child.getAttribute('role') === 'option' ? child.id.replace(/^row-[ar]-/, '') : `— ${child.textContent!.trim()}`));
}

function select(el: JourneyView): HTMLSelectElement {
  return el.shadowRoot!.querySelector<HTMLSelectElement>('select[part~=period-select]')!;
}

function listbox(el: JourneyView): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('[role=listbox]')!;
}

function fired(el: JourneyView): string[] {
  const events: string[] = [];
  el.addEventListener('cc-journey-period', (e) => events.push(`period:${e.detail.period}`));
  el.addEventListener('cc-journey-filter', (e) => events.push(`filter:${e.detail.channel}`));
  return events;
}

describe('journey-view: the time frame (issue #19 item 4)', function () {
  this.timeout(30_000); // axe and real keys, on a machine the other test runs share
  it('offers the five time frames in a labelled menu beside the channel filter; the property sets it and fires nothing', async () => {
    const el = await fixture<JourneyView>(html`<journey-view time-frame .entries=${ENTRIES}></journey-view>`);
    const events = fired(el);
    const menu = select(el);
    expect(menu.labels?.[0]?.textContent).to.contain('Time frame');
    expect([...menu.options].map((o) => [o.value, o.textContent!.trim()])).to.deep.equal([
      ['all', 'All time'],
      ['10d', 'Last 10 days'],
      ['30d', 'Last 30 days'],
      ['6m', 'Last 6 months'],
      ['12m', 'Last 12 months'],
    ]);
    expect(menu.value).to.equal('all');
    expect(el.shadowRoot!.querySelector('.filters')!.contains(el.shadowRoot!.querySelector('[part~=filter]'))).to.equal(true);

    el.period = '6m';
    await el.updateComplete;
    expect(menu.value).to.equal('6m');
    expect(el.getAttribute('period')).to.equal('6m');
    el.setAttribute('period', '30d');
    await el.updateComplete;
    expect(menu.value).to.equal('30d');
    expect(events).to.deep.equal([]);
  });

  it('without time-frame (a host that does not read by time frame, e.g. the Care preview) there is no menu', async () => {
    const el = await fixture<JourneyView>(html`<journey-view .entries=${ENTRIES}></journey-view>`);
    expect(select(el)).to.equal(null);
    el.timeFrame = true;
    await el.updateComplete;
    expect(select(el)).to.not.equal(null);
  });

  it('the agent’s choice, by keyboard, fires cc-journey-period once with the period, reflected', async () => {
    const el = await fixture<JourneyView>(html`<journey-view time-frame .entries=${ENTRIES}></journey-view>`);
    const events = fired(el);
    select(el).focus();
    const chosen = oneEvent(el, 'cc-journey-period');
    await sendKeys({ press: 'ArrowDown' });
    const event = await chosen;
    expect(event.detail).to.deep.equal({ period: '10d' });
    expect(event.bubbles && event.composed).to.equal(true);
    await el.updateComplete;
    expect(el.period).to.equal('10d');
    expect(el.getAttribute('period')).to.equal('10d');
    expect(events).to.deep.equal(['period:10d']);
  });

  it('choosing the same time frame again, or an unknown value, fires nothing', async () => {
    const el = await fixture<JourneyView>(html`<journey-view time-frame .entries=${ENTRIES} period="30d"></journey-view>`);
    const events = fired(el);
    const menu = select(el);
    menu.value = '30d';
    menu.dispatchEvent(new Event('change'));
    const bogus = document.createElement('option');
    bogus.value = 'forever';
    menu.append(bogus);
    menu.value = 'forever';
    menu.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(events).to.deep.equal([]);
    expect(el.period).to.equal('30d');
  });

  it('says so when nothing is in the time frame', async () => {
    const el = await fixture<JourneyView>(html`<journey-view time-frame .entries=${[]} period="10d"></journey-view>`);
    expect(el.shadowRoot!.querySelector('[part~=empty]')!.textContent).to.contain('Nothing in this time frame');
    el.period = 'all';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~=empty]')!.textContent).to.contain('No activity yet');
    await expect(el).to.be.accessible();
  });
});

describe('journey-view: day separators (issue #19 item 4)', function () {
  this.timeout(30_000); // axe and real keys, on a machine the other test runs share
  it('heads each day: Today, Yesterday, then the date in the agent’s locale; options keep their set size and positions', async () => {
    const { el } = await inZone('UTC');
    expect(items(el)).to.deep.equal(['— Today', 'a1', 'r1', '— Yesterday', 'a2', '— Thursday, November 19, 2026', 'a3']);
    const options = [...el.shadowRoot!.querySelectorAll('[role=option]')];
    expect(options.map((o) => [o.getAttribute('aria-posinset'), o.getAttribute('aria-setsize')])).to.deep.equal([
      ['1', '4'],
      ['2', '4'],
      ['3', '4'],
      ['4', '4'],
    ]);
    for (const separator of el.shadowRoot!.querySelectorAll('[part~=day-separator]')) {
      expect(separator.getAttribute('role')).to.equal(null);
      expect(separator.getAttribute('aria-hidden')).to.equal('true');
    }
    await expect(el).to.be.accessible();
  });

  it('reads the days in the agent’s time zone: Auckland is already on the 23rd, Los Angeles still on the 22nd', async () => {
    // 10:00 UTC on the 22nd is 23:00 on the 22nd in Auckland (UTC+13) and 02:00 on the 22nd in Los Angeles (UTC−8).
    const auckland = await inZone('Pacific/Auckland');
    // In Auckland a2 (20:00 UTC on the 21st) is 09:00 on the 22nd: the same day as a1 and r1.
    expect(items(auckland.el)).to.deep.equal(['— Today', 'a1', 'r1', 'a2', '— Friday, November 20, 2026', 'a3']);
    const la = await inZone('America/Los_Angeles');
    // In Los Angeles r1 (08:00 UTC) is midnight of the 22nd: today; a2 is noon of the 21st: yesterday.
    expect(items(la.el)).to.deep.equal(['— Today', 'a1', 'r1', '— Yesterday', 'a2', '— Thursday, November 19, 2026', 'a3']);
    // The context changes its time zone: the separators follow.
    la.provider.setValue({ agentId: 'a1', agentName: 'Ana', locale: 'de-DE', timeZone: 'Pacific/Auckland' });
    await la.el.updateComplete;
    expect(items(la.el)).to.deep.equal(['— Today', 'a1', 'r1', 'a2', '— Freitag, 20. November 2026', 'a3']);
  });

  it('a separator sits exactly at midnight: 23:59:59 and 00:00:00 fall on two days', async () => {
    const entries = [activity('b1', '2026-11-22T00:00:00.000Z'), activity('b0', '2026-11-21T23:59:59.999Z')];
    const { el } = await inZone('UTC', entries);
    expect(items(el)).to.deep.equal(['— Today', 'b1', '— Yesterday', 'b0']);
  });

  it('when the agent’s day ends, "Today" becomes "Yesterday" by itself (the fake clock passes midnight)', async () => {
    const clock = new FakeClock(Date.parse('2026-11-22T23:59:00.000Z'));
    const { el } = await inZone('UTC', ENTRIES, clock);
    expect(items(el).filter((i) => i.startsWith('—'))).to.deep.equal(['— Today', '— Yesterday', '— Thursday, November 19, 2026']);
    clock.tick(30_000);
    await el.updateComplete;
    expect(items(el)[0]).to.equal('— Today');
    clock.tick(31_000);
    await el.updateComplete;
    expect(items(el).filter((i) => i.startsWith('—'))).to.deep.equal(['— Yesterday', '— Saturday, November 21, 2026', '— Thursday, November 19, 2026']);
    // And the next midnight again, from the timer set after the first one.
    clock.tick(24 * 3_600_000);
    await el.updateComplete;
    expect(items(el)[0]).to.equal('— Sunday, November 22, 2026');
  });

  it('the arrows skip the separators: the active row goes from the last of a day to the first of the next', async () => {
    const { el } = await inZone('UTC');
    listbox(el).focus();
    const active: string[] = [];
    for (let i = 0; i < 4; i++) {
      await sendKeys({ press: i === 0 ? 'Home' : 'ArrowDown' });
      await el.updateComplete;
      active.push(listbox(el).getAttribute('aria-activedescendant')!);
    }
    expect(active).to.deep.equal(['row-a-a1', 'row-r-r1', 'row-a-a2', 'row-a-a3']);
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(listbox(el).getAttribute('aria-activedescendant')).to.equal('row-a-a2');
    const selected = oneEvent(el, 'cc-journey-select');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail.entry.id).to.equal('a2');
  });

  it('End on a long journey lays out every day and shows the last row with its separator above it', async () => {
    const many: JourneyEntry[] = [];
    for (let i = 0; i < 2_000; i++) many.push(activity(`m${i}`, new Date(NOW - 1_800_000 - i * 3 * 3_600_000).toISOString()));
    const { el } = await inZone('UTC', many);
    listbox(el).focus();
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(listbox(el).getAttribute('aria-activedescendant')).to.equal('row-a-m1999');
    const spacer = el.shadowRoot!.querySelector<HTMLElement>('.spacer')!;
    // 2,000 rows three hours apart, from 09:30 today back 5,997 hours: 251 days, one separator each.
    expect(spacer.getBoundingClientRect().height).to.equal((2_000 + 251) * 44);
    const last = el.shadowRoot!.querySelector<HTMLElement>('#row-a-m1999')!;
    const box = listbox(el).getBoundingClientRect();
    expect(last.getBoundingClientRect().bottom).to.be.within(box.top, box.bottom + 1);
    expect(el.shadowRoot!.querySelectorAll('[role=option]').length).to.be.lessThan(40);
  });
});
