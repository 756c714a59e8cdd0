import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/task-queue/define.js';
import type { TaskQueue } from '../../../src/components/task-queue/define.js';
import { AgentStateMachine, type TaskOffer } from '../../../src/session/agent-state.js';
import type { Customer, Request } from '../../../src/model/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { drive } from './drive.js';
import '../../helpers/a11y.js';

// <task-queue> on its own: the preview beside the default slot, Close preview / Escape, the request choice, the countdown's wording.

const AT = '2026-11-22T10:00:00.000Z';
const offer = (id: string, overrides: Partial<TaskOffer> = {}): TaskOffer => ({ interactionId: id, channel: 'chat', from: { chatId: `guest-${id}`, name: `Guest ${id}` }, at: AT, ...overrides });
const meta = { rev: '1-a', createdAt: AT, updatedAt: AT, updatedBy: 'x' };
const ANA: Customer = { ...meta, type: 'customer', id: 'customer:ana', name: 'Ana', phones: [], emails: [], chatIds: [], address: '', fields: {} };
const REQ: Request = { ...meta, type: 'request', id: 'request:1', customerId: ANA.id, title: 'Router', description: '', status: 'open', openedAt: AT, closedAt: null };
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('<task-queue>: the preview panel', () => {
  let clock: FakeClock;
  let machine: AgentStateMachine;
  let el: TaskQueue;
  let stop: () => void;
  const $ = <T extends HTMLElement = HTMLElement>(selector: string) => el.shadowRoot!.querySelector<T>(selector);
  const task = (id: string) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[data-task]')].find((b) => b.dataset.task === id)!;

  beforeEach(async () => {
    clock = new FakeClock();
    machine = new AgentStateMachine({ clock });
    el = await fixture<TaskQueue>(html`<task-queue><p id="work">Work area</p></task-queue>`);
    stop = drive(el, machine);
    await el.updateComplete;
  });
  afterEach(() => {
    stop();
    machine.dispose();
  });

  it('the default slot stays shown beside the preview; Close preview and Escape report cc-preview-close', async function () {
    this.timeout(60_000);
    machine.offer(offer('q1'));
    await el.updateComplete;
    task('q1').click();
    el.preview = { interactionId: 'q1', customer: ANA, request: REQ, activity: null, journey: [], journeyHasMore: false };
    await el.updateComplete;
    expect($('[part=preview]')).to.not.equal(null);
    expect(el.querySelector('#work')!.assignedSlot, 'the work is still slotted').to.not.equal(null);
    expect(el.querySelector('#work')!.getBoundingClientRect().height).to.be.greaterThan(0);

    const closed = oneEvent(el, 'cc-preview-close');
    $('[part=preview-close]')!.click();
    expect((await closed).detail).to.deep.equal({ interactionId: 'q1' });
    await el.updateComplete;
    expect($('[part=preview]')).to.equal(null);
    expect(document.activeElement === el && el.shadowRoot!.activeElement).to.equal(task('q1'));

    task('q1').click();
    await el.updateComplete;
    $<HTMLButtonElement>('[part=accept-button]')!.focus();
    const escaped = oneEvent(el, 'cc-preview-close');
    await sendKeys({ press: 'Escape' });
    expect((await escaped).detail.interactionId).to.equal('q1');
    await el.updateComplete;
    expect($('[part=preview]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('R2.5 with a choice: "Goes into" the request shown, or a new one (cc-request-choice); none open: a new request', async function () {
    this.timeout(60_000);
    machine.offer(offer('q1'));
    machine.offer(offer('q2'));
    await el.updateComplete;
    task('q1').click();
    el.preview = { interactionId: 'q1', customer: ANA, request: REQ, activity: null, journey: [], journeyHasMore: false };
    await el.updateComplete;
    expect(text($('[part=goes-into] legend'))).to.equal('Goes into');
    const [keep, fresh] = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('[part=goes-into] input[type=radio]')];
    const chosen = oneEvent(el, 'cc-request-choice');
    fresh!.click();
    expect((await chosen).detail).to.deep.equal({ interactionId: 'q1', requestId: null });
    const back = oneEvent(el, 'cc-request-choice');
    keep!.click();
    expect((await back).detail).to.deep.equal({ interactionId: 'q1', requestId: REQ.id });
    await expect(el).to.be.accessible();

    task('q2').click();
    el.preview = { interactionId: 'q2', customer: ANA, request: null, activity: null, journey: [], journeyHasMore: false };
    await el.updateComplete;
    expect(text($('[part=goes-into]'))).to.equal('Goes into a new request.');
  });

  it('the countdown reads as a deadline and is not a live region: announced at the offer, 10 and 5 s, not every second', async () => {
    machine.setState('ready', 'agent');
    machine.offer(offer('a1', { autoAssigned: true }));
    await el.updateComplete;
    task('a1').click();
    await el.updateComplete;
    const countdown = $('[part=preview] [part=countdown]')!;
    expect(text(countdown)).to.equal('Accept within 15 s');
    expect(countdown.closest('[aria-live], [role=status], [role=alert]'), 'never read out on its own').to.equal(null);
    expect($('[part=accept-button]')!.getAttribute('aria-describedby')).to.equal('accept-note');
    const region = $('[role=status]')!;
    let announcements = 0;
    const observer = new MutationObserver(() => announcements++);
    observer.observe(region, { childList: true, subtree: true, characterData: true });
    for (let s = 14; s >= 11; s--) {
      clock.tick(1_000);
      await el.updateComplete;
      expect(text($('[part=preview] [part=countdown]'))).to.equal(`Accept within ${s} s`);
    }
    await Promise.resolve();
    expect(announcements, 'nothing said from 15 to 11 s').to.equal(0);
    clock.tick(1_000);
    await el.updateComplete;
    await Promise.resolve();
    expect(announcements).to.be.greaterThan(0);
    expect(text(region)).to.equal('10 seconds left to accept the task from Guest a1.');
    observer.disconnect();
  });
});
