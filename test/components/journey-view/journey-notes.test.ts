import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ContextProvider } from '@lit/context';
import '../../../src/components/journey-view/define.js';
import type { JourneyView, JourneyEntry } from '../../../src/components/journey-view/define.js';
import { agentContext, formatDateTime, type AgentContextValue } from '../../../src/components/shared/agent-context.js';
import type { Activity, Request } from '../../../src/model/records.js';
import '../../helpers/a11y.js';

const AGENT: AgentContextValue = { agentId: 'ann', agentName: 'Ann Lee', locale: 'en-GB', timeZone: 'Europe/Madrid' };
const AT = '2026-03-01T12:00:00.000Z';
const SAVED = '2026-03-01T12:40:00.000Z';

function call(id: string, overrides: Partial<Activity> = {}): Activity {
  return {
    type: 'activity',
    id,
    rev: '1-a',
    createdAt: AT,
    updatedAt: SAVED,
    updatedBy: 'ann',
    customerId: 'customer:1',
    requestId: null,
    channel: 'voice',
    interactionId: `i-${id}`,
    at: AT,
    subject: '',
    notes: '',
    tags: [],
    ...overrides,
  };
}

const router: Request = {
  type: 'request',
  id: 'request:1',
  rev: '1-r',
  createdAt: '2026-02-01T12:00:00.000Z',
  updatedAt: '2026-02-01T12:00:00.000Z',
  updatedBy: 'bo',
  customerId: 'customer:1',
  title: 'Router keeps dropping',
  description: '',
  status: 'open',
  openedAt: '2026-02-01T12:00:00.000Z',
  closedAt: null,
};

async function make(entries: JourneyEntry[], props: Partial<JourneyView> = {}): Promise<JourneyView> {
  const host = document.createElement('div');
  new ContextProvider(host, { context: agentContext, initialValue: AGENT });
  const el = await fixture<JourneyView>(html`<journey-view .entries=${entries}></journey-view>`, { parentNode: host });
  Object.assign(el, props);
  await el.updateComplete;
  return el;
}

const rows = (el: JourneyView) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role=option]')];
const titles = (el: JourneyView) => rows(el).map((row) => row.querySelector('.title')!.textContent!.trim());
const preview = (el: JourneyView) => el.shadowRoot!.querySelector<HTMLElement>('[part~=preview]')!;
const text = (node: Element) => node.textContent!.replace(/\s+/g, ' ').trim();

/** Keyboard focus on the list, then Down to the row at `index` (the preview follows the active row, R8.2). */
async function activate(el: JourneyView, index: number): Promise<void> {
  el.shadowRoot!.querySelector<HTMLElement>('[role=listbox]')!.focus();
  await el.updateComplete;
  for (let i = 0; i < index; i++) await sendKeys({ press: 'ArrowDown' });
  await el.updateComplete;
}

describe('journey-view: rows without a subject, and notes (issue #18 items 5 and 6)', () => {
  it('calls without a subject are named after their request’s title, their note, then the phone number; a placeholder only when none is known', async () => {
    const el = await make(
      [
        call('a1', { requestId: router.id, notes: 'Asked for a refund' }),
        call('a2', { notes: '\n  Wants a callback\nafter 5pm' }),
        call('a3'),
        call('a4', { channel: 'chat' }),
        call('a5', { subject: 'Billing question', requestId: router.id }),
        router,
      ],
      { phone: '+34 600 000 001' },
    );
    expect(titles(el)).to.deep.equal([
      'Router keeps dropping',
      'Wants a callback',
      'Call with +34 600 000 001',
      '(no subject)',
      'Billing question',
      'Router keeps dropping',
    ]);
    // Not a wall of placeholders: only the chat with nothing to name it after says "(no subject)".
    expect(titles(el).filter((t) => t === '(no subject)')).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('without a phone number, a bare call keeps the placeholder; a request title loaded later names its calls', async () => {
    const lonely = call('b1', { requestId: router.id });
    const el = await make([lonely]);
    expect(titles(el)).to.deep.equal(['(no subject)']);
    el.entries = [lonely, router];
    await el.updateComplete;
    expect(titles(el)[0]).to.equal('Router keeps dropping');
  });

  it('a row shows the first line of its note; the preview shows the whole note, who saved it (by name) and when, in the agent’s locale and time zone', async () => {
    const el = await make([call('c1', { subject: 'Billing', notes: 'Refund promised\nby Friday' })]);
    expect(text(rows(el)[0]!.querySelector('[part~=note]')!)).to.equal('Note: Refund promised');
    await activate(el, 0);
    const shown = preview(el);
    expect(shown.hidden).to.equal(false);
    expect(shown.querySelector('.body')!.textContent).to.equal('Refund promised\nby Friday');
    expect(shown.textContent).not.to.contain('No notes');
    const by = shown.querySelector('.note-by')!;
    expect(text(by)).to.equal(`Note by Ann Lee · ${formatDateTime(SAVED, AGENT, 'medium')}`);
    expect(by.querySelector('time')!.getAttribute('datetime')).to.equal(SAVED);
    await expect(el).to.be.accessible();
  });

  it('another agent’s note: their display name where known (agentNames), else their id', async () => {
    const el = await make([call('d1', { subject: 'x', notes: 'Checked the line', updatedBy: 'bo' }), call('d2', { subject: 'y', notes: 'Sent a router', updatedBy: 'cy' })], {
      agentNames: new Map([['bo', 'Bo Diaz']]),
    });
    await activate(el, 0);
    expect(text(preview(el).querySelector('.note-by')!)).to.contain('Note by Bo Diaz');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(text(preview(el).querySelector('.note-by')!)).to.contain('Note by cy');
  });

  it('an activity without a note: "No notes", no author line, no note in the row', async () => {
    const el = await make([call('e1', { subject: 'Billing' })]);
    expect(rows(el)[0]!.querySelector('[part~=note]')).to.equal(null);
    await activate(el, 0);
    expect(preview(el).textContent).to.contain('No notes');
    expect(preview(el).querySelector('.note-by')).to.equal(null);
  });
});
