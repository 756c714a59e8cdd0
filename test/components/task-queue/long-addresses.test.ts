import { expect, fixture, html } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../../src/components/task-queue/define.js';
import type { TaskQueue } from '../../../src/components/task-queue/define.js';
import { AgentStateMachine } from '../../../src/session/agent-state.js';
import type { Customer } from '../../../src/model/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { drive } from './drive.js';
import '../../helpers/a11y.js';

const AT = '2026-11-22T10:00:00.000Z';
const LONG = 'maximiliano.rodriguez-villanueva.customer-support@subsidiary.example-company.com';
const OTHER = 'ana@example.com';
const CUSTOMER: Customer = {
  type: 'customer',
  id: 'customer:max',
  rev: '1-a',
  createdAt: AT,
  updatedAt: AT,
  updatedBy: 'x',
  name: 'Maximiliano Rodríguez',
  phones: [],
  emails: [LONG, OTHER],
  chatIds: [],
  address: '',
  fields: {},
};

/** The address elements of a preview card, by the heading of the card. */
function addresses(el: TaskQueue, card: 'pv-customer' | 'pv-activity'): HTMLElement[] {
  const section = el.shadowRoot!.querySelector(`[aria-labelledby=${card}]`)!;
  return [...section.querySelectorAll<HTMLElement>('.address')];
}

/** Where the text of `node` wraps: the characters that end each line but the last. */
function lineEnds(node: HTMLElement): string[] {
  const text = node.textContent!;
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  const tops: { char: string; top: number }[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (let i = 0; i < n.textContent!.length; i++) {
      const range = document.createRange();
      range.setStart(n, i);
      range.setEnd(n, i + 1);
      tops.push({ char: n.textContent![i]!, top: Math.round(range.getBoundingClientRect().top) });
    }
  }
  expect(tops.map((t) => t.char).join('')).to.equal(text);
  // A new line starts where a character sits clearly lower than the one before it.
  return tops.flatMap((t, i) => (i > 0 && t.top > tops[i - 1]!.top + 4 ? [`${tops[i - 1]!.char}|${t.char}`] : []));
}

describe('<task-queue>: long email addresses in the preview cards', () => {
  let machine: AgentStateMachine;
  let el: TaskQueue;
  let stop: () => void;

  beforeEach(async () => {
    machine = new AgentStateMachine({ clock: new FakeClock() });
    machine.offer({ interactionId: 'e1', channel: 'email', from: { email: LONG }, subject: 'Invoice', at: AT });
    const wrapper = await fixture<HTMLDivElement>(html`<div style="inline-size: 420px">
      <task-queue selected-id="e1"></task-queue>
    </div>`);
    el = wrapper.querySelector('task-queue')!;
    stop = drive(el, machine);
    el.preview = { interactionId: 'e1', customer: CUSTOMER, request: null, activity: null, journey: [], journeyHasMore: false };
    await el.updateComplete;
  });
  afterEach(async () => {
    stop();
    machine.dispose();
    await resetMouse();
  });

  it('are never broken inside a word: one line, cut with an ellipsis, the whole address in the title and the text', async () => {
    expect(addresses(el, 'pv-customer').map((a) => a.textContent)).to.deep.equal([LONG, OTHER]);
    expect(addresses(el, 'pv-activity').map((a) => a.textContent)).to.deep.equal([LONG]);
    const [customerEmail, other] = addresses(el, 'pv-customer');
    const [from] = addresses(el, 'pv-activity');
    for (const [node, address] of [[customerEmail, LONG], [other, OTHER], [from, LONG]] as const) {
      expect(node!.title).to.equal(address);
      expect(node!.textContent).to.equal(address);
      expect(lineEnds(node!), `${address} on one line`).to.deep.equal([]);
    }
    // The long one does not fit the card: it is cut visibly (ellipsis), not spilled out of the card.
    expect(customerEmail!.scrollWidth).to.be.greaterThan(customerEmail!.clientWidth);
    expect(getComputedStyle(customerEmail!).textOverflow).to.equal('ellipsis');
    for (const card of el.shadowRoot!.querySelectorAll<HTMLElement>('.card')) {
      expect(card.scrollWidth, 'the card does not overflow').to.be.at.most(card.clientWidth);
    }
    await expect(el).to.be.accessible();
  });

  it('show the whole address on keyboard focus, wrapping after @ and before dots (or hyphens), not mid-word', async () => {
    const [customerEmail] = addresses(el, 'pv-customer');
    expect(customerEmail, 'an address element').to.not.equal(undefined);
    // Tab from the Accept button reaches the addresses.
    el.shadowRoot!.querySelector<HTMLElement>('[part=accept-button]')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement === customerEmail, 'focus is on the long address').to.equal(true);
    expect(customerEmail!.scrollWidth).to.be.at.most(customerEmail!.clientWidth);
    const ends = lineEnds(customerEmail!);
    expect(ends.length, 'it wraps').to.be.greaterThan(0);
    for (const end of ends) expect(end, 'a line ends after @ or a hyphen, or before a dot').to.match(/^(@\||-\||.\|\.)/);
  });

  it('show the whole address on hover', async () => {
    const [from] = addresses(el, 'pv-activity');
    expect(from, 'an address element').to.not.equal(undefined);
    expect(from!.scrollWidth).to.be.greaterThan(from!.clientWidth);
    const box = from!.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(box.x + 20), Math.round(box.y + box.height / 2)] });
    expect(from!.matches(':hover')).to.equal(true);
    expect(from!.scrollWidth).to.be.at.most(from!.clientWidth);
    expect(lineEnds(from!).length).to.be.greaterThan(0);
  });
});
