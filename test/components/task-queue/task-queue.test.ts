import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../../src/components/task-queue/define.js';
import type { AcceptDetail, AgentStateDetail, TaskPreview, TaskQueue, TaskSelectDetail } from '../../../src/components/task-queue/define.js';
import { AgentStateMachine, type TaskOffer } from '../../../src/session/agent-state.js';
import type { Activity, Customer, Request } from '../../../src/model/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { drive } from './drive.js';
import '../../helpers/a11y.js';

const AT = '2026-11-22T10:00:00.000Z';
const offer = (id: string, overrides: Partial<TaskOffer> = {}): TaskOffer => ({
  interactionId: id,
  channel: 'chat',
  from: { chatId: `guest-${id}`, name: `Guest ${id}` },
  subject: `Subject ${id}`,
  at: AT,
  ...overrides,
});

const meta = { rev: '1-a', createdAt: AT, updatedAt: AT, updatedBy: 'x' };
const ANA: Customer = { ...meta, type: 'customer', id: 'customer:ana', name: 'Ana García', phones: ['+34 600 000 001'], emails: ['ana@example.com'], chatIds: [], address: 'Calle Mayor 1', fields: { Contract: 'C-1' } };
const REQ: Request = { ...meta, type: 'request', id: 'request:1', customerId: ANA.id, title: 'Router keeps rebooting', description: 'Since Monday', status: 'open', openedAt: AT, closedAt: null };
const ACT: Activity = { ...meta, type: 'activity', id: 'activity:1', customerId: ANA.id, requestId: REQ.id, channel: 'email', interactionId: null, at: AT, subject: 'Sent troubleshooting steps', notes: '', tags: ['Technical'] };

function $(el: TaskQueue, selector: string): HTMLElement {
  const found = el.shadowRoot!.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
function taskButton(el: TaskQueue, id: string): HTMLButtonElement {
  const found = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[data-task]')].find((b) => b.dataset.task === id);
  if (!found) throw new Error(`no task ${id}`);
  return found;
}
const ids = (el: TaskQueue, part: 'queue' | 'in-progress') =>
  [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>(`[part=${part}] button[data-task]`)].map((b) => b.dataset.task);
const announced = (el: TaskQueue) => text(el.shadowRoot!.querySelector('[role=status]'));

async function mouseClick(node: HTMLElement): Promise<void> {
  const box = node.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

describe('<task-queue>', () => {
  let clock: FakeClock;
  let machine: AgentStateMachine;
  let el: TaskQueue;
  let stop: () => void;

  beforeEach(async () => {
    clock = new FakeClock();
    machine = new AgentStateMachine({ clock });
    el = await fixture<TaskQueue>(html`<task-queue><p id="work">Work area</p></task-queue>`);
    stop = drive(el, machine);
    await el.updateComplete;
  });
  afterEach(async () => {
    stop();
    machine.dispose();
    await resetMouse();
  });

  it('shows Ready / Not Ready, the Queue and In progress; the slot shows while no queued task is selected', async () => {
    expect(text($(el, '[part=ready-button]'))).to.equal('Ready');
    expect(text($(el, '[part=not-ready-button]'))).to.equal('Not Ready');
    expect($(el, '[part=not-ready-button]').getAttribute('aria-pressed')).to.equal('true');
    expect(text($(el, '#queue-heading'))).to.match(/^Queue\b/);
    expect(text($(el, '#progress-heading'))).to.match(/^In progress\b/);
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('.main slot:not([name])')!;
    expect(slot.assignedElements().map((e) => e.id)).to.deep.equal(['work']);
    await expect(el).to.be.accessible();
  });

  it('R9.1: the agent goes Ready with the mouse and Not Ready with the keyboard (cc-agent-state, reason agent)', async () => {
    const events: AgentStateDetail[] = [];
    el.addEventListener('cc-agent-state', (e) => events.push(e.detail));
    await mouseClick($(el, '[part=ready-button]'));
    await el.updateComplete;
    expect(machine.state).to.equal('ready');
    expect($(el, '[part=ready-button]').getAttribute('aria-pressed')).to.equal('true');
    $(el, '[part=not-ready-button]').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(machine.state).to.equal('not-ready');
    expect(events).to.deep.equal([
      { state: 'ready', reason: 'agent' },
      { state: 'not-ready', reason: 'agent' },
    ]);
    machine.setState('ready', 'host', 'Back from lunch');
    await el.updateComplete;
    expect(events).to.have.length(2);
    expect(text($(el, '#state-text'))).to.contain('Back from lunch');
  });

  it('R9.2: selecting a queued task shows its preview (customer, request, activity, journey) and nothing changes', async () => {
    machine.offer(offer('t1', { channel: 'email', from: { email: 'ana@example.com' } }));
    machine.offer(offer('t2'));
    machine.identify('t1', { id: ANA.id, name: ANA.name });
    await el.updateComplete;
    expect(ids(el, 'queue')).to.deep.equal(['t1', 't2']);
    expect(text(taskButton(el, 't1'))).to.contain('Ana García');

    const selected = oneEvent(el, 'cc-task-select');
    await mouseClick(taskButton(el, 't1'));
    expect((await selected).detail).to.deep.equal({ interactionId: 't1', status: 'queued' } satisfies TaskSelectDetail);
    await el.updateComplete;
    expect(taskButton(el, 't1').getAttribute('aria-current')).to.equal('true');
    expect(text($(el, '#preview-heading'))).to.equal('Preview: Ana García');

    const preview: TaskPreview = { interactionId: 't1', customer: ANA, request: REQ, activity: null, journey: [ACT, REQ], journeyHasMore: false };
    el.preview = preview;
    await el.updateComplete;
    const journey = $(el, '[part=journey]') as HTMLElement & { updateComplete: Promise<unknown> };
    await journey.updateComplete;
    const previewText = text($(el, '[part=preview]'));
    for (const expected of ['Calle Mayor 1', 'C-1', 'Router keeps rebooting', 'Open', 'Email', 'Subject t1']) expect(previewText).to.contain(expected);
    const rows = [...journey.shadowRoot!.querySelectorAll<HTMLElement>('[role=option]')];
    expect(rows.map((r) => text(r))).to.have.length(2);

    // browsing the journey with the keyboard changes nothing
    journey.shadowRoot!.querySelector<HTMLElement>('[role=listbox]')!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(machine.task('t1')!.status).to.equal('queued');
    expect(ids(el, 'in-progress')).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('R9.3: Accept (keyboard) fires cc-accept and moves the task In progress; focus follows it', async () => {
    machine.offer(offer('t3', { channel: 'voice', from: { phone: '+34 600 000 001' } }));
    el.selectedId = 't3';
    el.preview = { interactionId: 't3', customer: ANA, request: null, activity: null, journey: [], journeyHasMore: false };
    await el.updateComplete;
    expect(text($(el, '[part=preview]'))).to.contain('No open request: Accept creates a new one.');
    const accept = $(el, '[part=accept-button]');
    expect(text(accept)).to.equal('Accept');
    accept.focus();
    const accepted = oneEvent(el, 'cc-accept');
    await sendKeys({ press: 'Enter' });
    expect((await accepted).detail).to.deep.equal({ interactionId: 't3', channel: 'voice', customerId: ANA.id } satisfies AcceptDetail);
    await el.updateComplete;
    expect(ids(el, 'queue')).to.deep.equal([]);
    expect(ids(el, 'in-progress')).to.deep.equal(['t3']);
    expect((el.shadowRoot!.activeElement as HTMLElement | null)?.dataset.task).to.equal('t3');
    expect(el.shadowRoot!.querySelector('[part=preview]')).to.equal(null);
    expect(announced(el)).to.contain('In progress');
  });

  it('cc-accept is cancelable: the task stays in the Queue', async () => {
    machine.offer(offer('t4'));
    el.selectedId = 't4';
    await el.updateComplete;
    el.addEventListener('cc-accept', (e) => e.preventDefault(), { once: true });
    $(el, '[part=accept-button]').click();
    await el.updateComplete;
    expect(machine.task('t4')!.status).to.equal('queued');
  });

  it('R9.4: the countdown is visible, announced at 10 and 5 s, and the timeout sets Not Ready with the reason shown', async () => {
    machine.setState('ready', 'agent');
    machine.offer(offer('a1', { autoAssigned: true }));
    await el.updateComplete;
    expect(text($(el, '[part=queue] [part=countdown]'))).to.equal('Accept within 15 s');
    expect(announced(el)).to.contain('New task from Guest a1: accept within 15 seconds.');

    clock.tick(4_000);
    await el.updateComplete;
    expect(text($(el, '[part=queue] [part=countdown]'))).to.equal('Accept within 11 s');
    clock.tick(1_000);
    await el.updateComplete;
    expect(text($(el, '[part=queue] [part=countdown]'))).to.equal('Accept within 10 s');
    expect(announced(el)).to.contain('10 seconds left to accept the task from Guest a1.');
    clock.tick(5_000);
    await el.updateComplete;
    expect(announced(el)).to.contain('5 seconds left');

    el.selectedId = 'a1';
    await el.updateComplete;
    expect(text($(el, '#accept-note'))).to.equal('Accept within 5 s');
    await expect(el).to.be.accessible();

    const events: AgentStateDetail[] = [];
    el.addEventListener('cc-agent-state', (e) => events.push(e.detail));
    clock.tick(5_000);
    await el.updateComplete;
    // The element reports the agent's own choices only: the owner of the state says the time was up
    // (`<customer-context>` fires cc-agent-state with reason offer-timeout, care-mode.test.ts).
    expect(events).to.deep.equal([]);
    expect(machine.snapshot.reason).to.equal('offer-timeout');
    expect($(el, '[part=not-ready-button]').getAttribute('aria-pressed')).to.equal('true');
    expect(text($(el, '[part=timeout-notice]'))).to.contain('not accepted within 15 seconds');
    expect(announced(el)).to.contain('You are now Not Ready');
    expect(ids(el, 'queue')).to.deep.equal(['a1']);
    expect(el.shadowRoot!.querySelector('[part=countdown]')).to.equal(null);
    expect(text(taskButton(el, 'a1'))).to.contain('Not accepted in time');
    await expect(el).to.be.accessible();

    // still acceptable from the Queue, by hand
    $(el, '[part=accept-button]').click();
    await el.updateComplete;
    expect(ids(el, 'in-progress')).to.deep.equal(['a1']);
  });

  it('R9.5: Accept is unavailable on a second call, with the reason shown; chats are not limited', async () => {
    machine.offer(offer('v1', { channel: 'voice', from: { phone: '1' } }));
    machine.offer(offer('v2', { channel: 'voice', from: { phone: '2' } }));
    machine.offer(offer('c1'));
    machine.accept('v1');
    el.selectedId = 'v2';
    await el.updateComplete;
    const accept = $(el, '[part=accept-button]');
    expect(accept.getAttribute('aria-disabled')).to.equal('true');
    const note = el.shadowRoot!.getElementById(accept.getAttribute('aria-describedby')!)!;
    expect(text(note)).to.contain('Only one call at a time');
    let fired = 0;
    el.addEventListener('cc-accept', () => fired++);
    await mouseClick(accept);
    await el.updateComplete;
    expect(fired).to.equal(0);
    expect(machine.task('v2')!.status).to.equal('queued');
    await expect(el).to.be.accessible();

    await mouseClick(taskButton(el, 'c1'));
    await el.updateComplete;
    expect($(el, '[part=accept-button]').getAttribute('aria-disabled')).to.equal('false');
    await mouseClick($(el, '[part=accept-button]'));
    await el.updateComplete;
    expect(ids(el, 'in-progress')).to.deep.equal(['v1', 'c1']);
    expect(fired).to.equal(1);
  });

  it('withdrawn tasks disappear from the Queue', async () => {
    machine.offer(offer('w1'));
    machine.offer(offer('w2'));
    await el.updateComplete;
    machine.withdraw('w1');
    await el.updateComplete;
    expect(ids(el, 'queue')).to.deep.equal(['w2']);
  });

  it('works on its own, given the tasks to show', async () => {
    const alone = await fixture<TaskQueue>(html`<task-queue></task-queue>`);
    const own = new AgentStateMachine();
    own.offer(offer('s1'));
    alone.tasks = own.tasks;
    await alone.updateComplete;
    expect(ids(alone, 'queue')).to.deep.equal(['s1']);
    own.dispose();
  });
});
