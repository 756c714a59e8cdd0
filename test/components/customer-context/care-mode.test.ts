import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import type { TaskQueue } from '../../../src/components/task-queue/task-queue.js';
import type { AgentStateDetail } from '../../../src/components/task-queue/task-queue.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { activity, customer, request } from '../../helpers/data.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { until } from '../../helpers/session.js';
import { find, findAll, regionsUpdated, workArea } from '../../helpers/gadget.js';

let counter = 0;
const AT = '2026-11-22T10:00:00.000Z';
const offered = (id: string, from: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  type: 'interaction.offered',
  interactionId: id,
  channel: 'voice',
  from,
  subject: 'Billing question',
  at: AT,
  ...extra,
});
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

function queueOf(el: CustomerContext): TaskQueue {
  const found = el.shadowRoot!.querySelector<TaskQueue>('task-queue');
  if (!found) throw new Error('no task-queue');
  return found;
}
function inQueue(el: CustomerContext, selector: string): HTMLElement {
  const found = queueOf(el).shadowRoot!.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`no ${selector} in task-queue`);
  return found;
}
function taskButton(el: CustomerContext, id: string): HTMLButtonElement {
  const found = [...queueOf(el).shadowRoot!.querySelectorAll<HTMLButtonElement>('button[data-task]')].find((b) => b.dataset.task === id);
  if (!found) throw new Error(`no task ${id}`);
  return found;
}
const listed = (el: CustomerContext, part: 'queue' | 'in-progress') =>
  [...queueOf(el).shadowRoot!.querySelectorAll<HTMLButtonElement>(`[part=${part}] button[data-task]`)].map((b) => b.dataset.task);

async function settle(el: CustomerContext): Promise<void> {
  await el.updateComplete;
  const queue = el.shadowRoot!.querySelector<TaskQueue>('task-queue');
  if (queue) await queue.updateComplete;
  await regionsUpdated(el);
  for (const child of findAll(el, 'request-editor, tag-input, customer-form, journey-view')) {
    await (child as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  }
}
async function mouseClick(node: HTMLElement): Promise<void> {
  node.scrollIntoView({ block: 'center' });
  const box = node.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

describe('<customer-context mode="care"> (R9)', () => {
  let db: string;
  let store: IndexedDbStore;
  let clock: FakeClock;
  let el: CustomerContext;

  async function make(attrs: { mode?: string; timeout?: number } = {}): Promise<CustomerContext> {
    const made = await fixture<CustomerContext>(
      html`<customer-context agent-id="agent-care" database=${db} mode=${attrs.mode ?? 'care'} offer-timeout-ms=${attrs.timeout ?? 15000} .clock=${clock}></customer-context>`,
    );
    await made.ready;
    await settle(made);
    return made;
  }

  beforeEach(async () => {
    db = `cc-care-${Date.now()}-${counter++}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
    clock = new FakeClock();
    el = await make();
  });
  afterEach(async () => {
    el.remove();
    await resetMouse();
    await store.destroy();
  });

  it('the default mode stays as it is; care mode shows Ready / Not Ready, Queue and In progress', async () => {
    const plain = await make({ mode: 'context' });
    expect(plain.shadowRoot!.querySelector('task-queue')).to.equal(null);
    expect(find(plain, '#tab-open')).to.not.equal(null);
    plain.remove();

    expect(el.getAttribute('mode')).to.equal('care');
    expect(text(inQueue(el, '[part=ready-button]'))).to.equal('Ready');
    expect(text(inQueue(el, '#queue-heading'))).to.match(/^Queue/);
    expect(el.shadowRoot!.querySelector('cc-customer-pane[slot=pane]')?.shadowRoot!.querySelector('#tab-recent')).to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('R9.2 + R9.3 + R2.5: preview a queued call (nothing written), Accept with the keyboard, work opens in the most recently opened request', async () => {
    const ana = await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 000 001'] }), { by: 'x' });
    await store.create('request', request(ana.id, { title: 'Old open', openedAt: '2026-01-01T00:00:00.000Z' }), { by: 'x' });
    const latest = await store.create('request', request(ana.id, { title: 'Newest open', openedAt: '2026-06-01T00:00:00.000Z' }), { by: 'x' });
    await store.create('activity', activity(ana.id, { subject: 'Earlier call', requestId: latest.id }), { by: 'x' });
    const session = el.agentSession!;

    expect(el.receive(offered('q1', { phone: '34600000001' })).ok).to.equal(true);
    await until(session, () => session.state.tasks[0]?.customer !== undefined);
    await settle(el);
    expect(listed(el, 'queue')).to.deep.equal(['q1']);
    expect(text(taskButton(el, 'q1'))).to.contain('Ana García');

    await mouseClick(taskButton(el, 'q1'));
    await waitUntil(() => queueOf(el).shadowRoot!.querySelector('[part=journey]') !== null, 'preview loaded');
    await settle(el);
    const preview = text(inQueue(el, '[part=preview]'));
    expect(preview).to.contain('Preview: Ana García');
    expect(preview).to.contain('Newest open');
    const journey = inQueue(el, '[part=journey]') as HTMLElement & { updateComplete: Promise<unknown> };
    await journey.updateComplete;
    expect(text(journey.shadowRoot!.querySelector('[role=listbox]'))).to.contain('Earlier call');
    expect(await store.activityByInteraction('q1')).to.equal(undefined);
    expect(session.state.open).to.have.length(0);
    await expect(el).to.be.accessible();

    inQueue(el, '[part=accept-button]').focus();
    const accepted = oneEvent(el, 'cc-accept');
    let heard = 0;
    const count = () => heard++;
    document.addEventListener('cc-accept', count);
    await sendKeys({ press: 'Enter' });
    expect((await accepted).detail).to.deep.equal({ interactionId: 'q1', channel: 'voice', customerId: ana.id });
    document.removeEventListener('cc-accept', count);
    expect(heard, 'the page hears one cc-accept').to.equal(1);
    await until(session, () => session.workspace(ana.id)?.request != null);
    await settle(el);
    expect(listed(el, 'in-progress')).to.deep.equal(['q1']);
    expect(listed(el, 'queue')).to.deep.equal([]);
    expect(session.workspace(ana.id)!.request!.id).to.equal(latest.id);
    expect((await store.activityByInteraction('q1'))?.requestId).to.equal(latest.id);
    const title = find(el, 'request-editor')!.shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!;
    expect(title.value).to.equal('Newest open');
    expect(text(find(el, '.customer-name'))).to.equal('Ana García');
    await expect(el).to.be.accessible();
  });

  it('R2.5: accepting for a customer with no open request creates a new one', async () => {
    const bob = await store.create('customer', customer({ name: 'Bob', emails: ['bob@x.io'] }), { by: 'x' });
    el.receive(offered('m1', { email: 'bob@x.io' }, { channel: 'email', subject: 'Invoice twice' }));
    await settle(el);
    el.agentSession!.agentStateMachine.identify('m1', { id: bob.id, name: 'Bob' });
    await settle(el);
    taskButton(el, 'm1').click();
    await settle(el);
    inQueue(el, '[part=accept-button]').click();
    await until(el.agentSession!, () => el.agentSession!.workspace(bob.id)?.request != null);
    const [created] = await store.requestsOf(bob.id);
    expect([created!.title, created!.status]).to.deep.equal(['Invoice twice', 'open']);
  });

  it('a host that cancels cc-accept keeps the task in the Queue with its preview', async () => {
    const bob = await store.create('customer', customer({ name: 'Bob Stone', emails: ['bob@x.io'] }), { by: 'x' });
    el.receive(offered('k1', { email: 'bob@x.io' }, { channel: 'email' }));
    await until(el.agentSession!, () => el.agentSession!.state.tasks[0]?.customer !== undefined);
    await settle(el);
    taskButton(el, 'k1').click();
    await waitUntil(() => text(queueOf(el).shadowRoot!.querySelector('[part=preview]')).includes('Bob Stone'), 'preview loaded');
    el.addEventListener('cc-accept', (e) => e.preventDefault(), { once: true });
    const accepted = oneEvent(el, 'cc-accept');
    inQueue(el, '[part=accept-button]').click();
    expect((await accepted).defaultPrevented).to.equal(true);
    await Promise.resolve();
    await settle(el);
    expect(listed(el, 'queue')).to.deep.equal(['k1']);
    expect(text(inQueue(el, '[part=preview]'))).to.contain('Bob Stone');
    expect(el.agentSession!.workspace(bob.id)).to.equal(undefined);
    // Not cancelled this time: the preview gives way to the work area.
    inQueue(el, '[part=accept-button]').click();
    await until(el.agentSession!, () => el.agentSession!.workspace(bob.id)?.request != null);
    await settle(el);
    expect(queueOf(el).shadowRoot!.querySelector('[part=preview]')).to.equal(null);
    expect(listed(el, 'in-progress')).to.deep.equal(['k1']);
  });

  it('R9.4: an automatic offer not accepted in 15 s sets Not Ready (cc-agent-state offer-timeout); no real time passes', async () => {
    const states: AgentStateDetail[] = [];
    el.addEventListener('cc-agent-state', (e) => states.push(e.detail));
    inQueue(el, '[part=ready-button]').click();
    await settle(el);
    el.receive(offered('a1', { phone: '123' }, { autoAssigned: true }));
    await settle(el);
    expect(text(inQueue(el, '[part=countdown]'))).to.equal('Accept within 15 s');
    clock.tick(14_900);
    await settle(el);
    expect(el.agentSession!.state.agentState).to.equal('ready');
    clock.tick(100);
    await settle(el);
    expect(states).to.deep.equal([
      { state: 'ready', reason: 'agent' },
      { state: 'not-ready', reason: 'offer-timeout' },
    ]);
    expect(el.agentSession!.state.agentStateReason).to.equal('offer-timeout');
    expect(listed(el, 'queue')).to.deep.equal(['a1']);
    expect(text(inQueue(el, '[part=timeout-notice]'))).to.contain('15 seconds');
  });

  it('the offer time is configurable with offer-timeout-ms', async () => {
    el.remove();
    el = await make({ timeout: 5000 });
    el.receive({ type: 'agent.state', state: 'ready' });
    el.receive(offered('a2', { phone: '124' }, { autoAssigned: true }));
    await settle(el);
    expect(text(inQueue(el, '[part=countdown]'))).to.equal('Accept within 5 s');
    clock.tick(5_000);
    expect(el.agentSession!.state.agentState).to.equal('not-ready');
  });

  it('in the default mode no countdown runs (the host desktop handles its offers)', async () => {
    el.remove();
    el = await make({ mode: 'context' });
    el.receive({ type: 'agent.state', state: 'ready' });
    el.receive(offered('a3', { phone: '125' }, { autoAssigned: true }));
    clock.tick(60_000);
    expect(el.agentSession!.state.agentState).to.equal('ready');
  });

  it('R9.5: while a call is in progress, Accept on another call is unavailable with the reason shown', async () => {
    el.receive(offered('v1', { phone: '201' }));
    el.receive(offered('v2', { phone: '202' }));
    await settle(el);
    expect((await el.agentSession!.accept('v1')).ok).to.equal(true);
    await settle(el);
    await mouseClick(taskButton(el, 'v2'));
    await settle(el);
    const accept = inQueue(el, '[part=accept-button]');
    expect(accept.getAttribute('aria-disabled')).to.equal('true');
    expect(text(inQueue(el, '#accept-note'))).to.contain('Only one call at a time');
    accept.click();
    await settle(el);
    expect(listed(el, 'queue')).to.deep.equal(['v2']);
  });

  it('a withdrawn task disappears, and selecting a task In progress shows its work', async () => {
    el.receive(offered('w1', { phone: '301' }));
    el.receive(offered('w2', { chatId: 'guest-9' }, { channel: 'chat' }));
    await settle(el);
    taskButton(el, 'w1').click();
    await settle(el);
    expect(el.receive({ type: 'interaction.withdrawn', interactionId: 'w1' }).ok).to.equal(true);
    await settle(el);
    expect(listed(el, 'queue')).to.deep.equal(['w2']);
    expect(queueOf(el).shadowRoot!.querySelector('[part=preview]')).to.equal(null);

    await el.agentSession!.accept('w2');
    el.receive(offered('w3', { phone: '302' }));
    await settle(el);
    taskButton(el, 'w3').click();
    await settle(el);
    taskButton(el, 'w2').click();
    await settle(el);
    expect(el.agentSession!.state.activeKey).to.equal('new:w2');
    expect(taskButton(el, 'w2').getAttribute('aria-current')).to.equal('true');
    // Slotted into the task queue (the element that holds the work area whatever the mode).
    const work = el.shadowRoot!.querySelector('task-queue > cc-work-area')?.shadowRoot!.querySelector('section[part=workspace]');
    expect(work?.querySelector('customer-form')).to.not.equal(null);
    expect(workArea(el).assignedSlot?.name).to.equal('');
  });
});
