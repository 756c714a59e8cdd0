import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import type { TaskQueue } from '../../../src/components/task-queue/task-queue.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { customer, request } from '../../helpers/data.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { deepActive, find, settle } from '../../helpers/gadget.js';
import { until } from '../../helpers/session.js';

// Issue #18 item 1 (a live call is never hidden) and item 8 in Care mode (R2.5 with a choice before Accept).

let counter = 0;
const AT = '2026-11-22T10:00:00.000Z';
const offered = (id: string, from: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  type: 'interaction.offered',
  interactionId: id,
  channel: 'chat',
  from,
  at: AT,
  ...extra,
});
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

function queueOf(el: CustomerContext): TaskQueue {
  return el.shadowRoot!.querySelector<TaskQueue>('task-queue')!;
}
function inQueue<T extends HTMLElement = HTMLElement>(el: CustomerContext, selector: string): T | null {
  return queueOf(el).shadowRoot!.querySelector<T>(selector);
}
function taskButton(el: CustomerContext, id: string): HTMLButtonElement {
  const found = [...queueOf(el).shadowRoot!.querySelectorAll<HTMLButtonElement>('button[data-task]')].find((b) => b.dataset.task === id);
  if (!found) throw new Error(`no task ${id}`);
  return found;
}
async function mouseClick(node: HTMLElement): Promise<void> {
  const box = node.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}
/** Shown on screen: laid out with a size, not hidden by an ancestor. */
const shown = (node: Element | null) => !!node && node.getBoundingClientRect().width > 0 && node.getBoundingClientRect().height > 0 && node.checkVisibility();
/** Entirely inside the viewport as it is (no scrolling). */
function inViewport(node: Element): boolean {
  const box = node.getBoundingClientRect();
  return box.width > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
}

describe('Care mode: the preview never hides the live call (#18 items 1 and 8)', () => {
  let db: string;
  let store: IndexedDbStore;
  let clock: FakeClock;
  let el: CustomerContext;
  let anaId: string;
  let routerId: string;

  async function open(id: string): Promise<void> {
    await waitUntil(() => shown(inQueue(el, '[part=goes-into]')), `preview of ${id} read`);
    await settle(el);
  }
  /** The live call: accepted, its work area open with the agent typing a description. */
  async function liveCall(): Promise<HTMLTextAreaElement | HTMLInputElement> {
    el.receive(offered('live', { phone: '600 000 001' }, { channel: 'voice' }));
    await settle(el);
    await el.agentSession!.accept('live');
    await until(el.agentSession!, () => el.agentSession!.workspace(anaId)?.request != null);
    await settle(el);
    const title = find(el, 'request-editor')!.shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!;
    return title;
  }

  beforeEach(async () => {
    db = `cc-care-preview-${Date.now()}-${counter++}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
    clock = new FakeClock();
    anaId = (await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 000 001'] }), { by: 'x' })).id;
    routerId = (await store.create('request', request(anaId, { title: 'Router keeps rebooting' }), { by: 'x' })).id;
    el = await fixture<CustomerContext>(html`<customer-context agent-id="agent-care" database=${db} mode="care" .clock=${clock}></customer-context>`);
    await el.ready;
    await settle(el);
  });
  afterEach(async () => {
    el.remove();
    await resetMouse();
    await setViewport({ width: 800, height: 600 });
    await store.destroy();
  });

  it('a preview opens beside the work: what was typed, the caret and Save/Close stay; Escape and Close preview put focus back in the field', async function () {
    this.timeout(60_000);
    await setViewport({ width: 1440, height: 900 });
    const title = await liveCall();
    title.focus();
    await sendKeys({ type: ' (half typed' });
    title.setSelectionRange(6, 6);
    el.receive(offered('q1', { chatId: 'guest-1' }));
    await settle(el);

    await mouseClick(taskButton(el, 'q1'));
    await open('q1');
    const preview = inQueue(el, '[part=preview]')!;
    const work = find(el, '[part=workspace]')!;
    expect(shown(preview)).to.equal(true);
    expect(shown(work), 'the live work stays on screen').to.equal(true);
    expect(title.isConnected, 'the same field, not a new one').to.equal(true);
    expect(title.value).to.equal('Router keeps rebooting (half typed');
    const save = [...find(el, '[part=header]')!.querySelectorAll('button')].find((b) => text(b) === 'Close')!;
    expect(shown(save), 'Close of the live call is reachable').to.equal(true);
    // Beside: the preview does not cover the work area.
    expect(preview.getBoundingClientRect().left).to.be.at.least(work.getBoundingClientRect().right - 1);

    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(inQueue(el, '[part=preview]')).to.equal(null);
    expect(deepActive(), 'focus back in the field').to.equal(title);
    expect([title.selectionStart, title.selectionEnd]).to.deep.equal([6, 6]);

    await mouseClick(taskButton(el, 'q1'));
    await open('q1');
    await mouseClick(inQueue(el, '[part=preview-close]')!);
    await settle(el);
    expect(inQueue(el, '[part=preview]')).to.equal(null);
    expect(deepActive()).to.equal(title);
    expect([title.selectionStart, title.selectionEnd]).to.deep.equal([6, 6]);
    expect(title.value).to.equal('Router keeps rebooting (half typed');
    expect(el.agentSession!.state.activeKey).to.equal(anaId);
  });

  it('opened from the keyboard, the preview gives focus back to its task; switching previews keeps where the agent was', async function () {
    this.timeout(60_000);
    const title = await liveCall();
    el.receive(offered('q1', { chatId: 'guest-1' }));
    el.receive(offered('q2', { email: 'bo@x.io' }, { channel: 'email' }));
    await settle(el);
    taskButton(el, 'q1').focus();
    await sendKeys({ press: 'Enter' });
    await open('q1');
    inQueue(el, '[part=preview-close]')!.focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(inQueue(el, '[part=preview]')).to.equal(null);
    expect(deepActive()).to.equal(taskButton(el, 'q1'));

    // From the field: one preview, then another, then Escape: back in the field.
    title.focus();
    await mouseClick(taskButton(el, 'q1'));
    await open('q1');
    await mouseClick(taskButton(el, 'q2'));
    await waitUntil(() => text(inQueue(el, '#preview-heading')).includes('bo@x.io'), 'second preview');
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect(deepActive()).to.equal(title);
  });

  it('a task withdrawn while its preview has focus: focus goes back where the agent was', async function () {
    this.timeout(60_000);
    const title = await liveCall();
    title.focus();
    el.receive(offered('q1', { chatId: 'guest-1' }));
    await settle(el);
    await mouseClick(taskButton(el, 'q1'));
    await open('q1');
    inQueue(el, '[part=accept-button]')!.focus();
    el.receive({ type: 'interaction.withdrawn', interactionId: 'q1' });
    await settle(el);
    await waitUntil(() => deepActive() === title, 'focus back in the field');
  });

  it('at 480 px, Accept and the countdown are in view without scrolling while a task is previewed', async function () {
    this.timeout(60_000);
    await setViewport({ width: 480, height: 800 });
    await liveCall();
    el.receive({ type: 'agent.state', state: 'ready' });
    el.receive(offered('a1', { chatId: 'guest-7' }, { autoAssigned: true }));
    await settle(el);
    window.scrollTo(0, 0);
    taskButton(el, 'a1').click();
    await open('a1');
    expect(window.scrollY, 'nothing scrolled').to.equal(0);
    const accept = inQueue(el, '[part=accept-button]')!;
    const countdown = inQueue(el, '[part=preview] [part=countdown]')!;
    expect(text(countdown)).to.equal('Accept within 15 s');
    expect(inViewport(accept), 'Accept in view').to.equal(true);
    expect(inViewport(countdown), 'countdown in view').to.equal(true);
    // The live work is still there, below.
    expect(shown(find(el, '[part=workspace]'))).to.equal(true);
  });

  it('an accepted task is listed once: In progress (with its Unsaved mark), not also in Open', async () => {
    const title = await liveCall();
    const pane = el.shadowRoot!.querySelector('cc-customer-pane')!;
    expect(pane.open.map((line) => line.key)).to.deep.equal([]);
    expect(pane.shadowRoot!.querySelectorAll('#panel-open .item')).to.have.length(0);
    expect(text(taskButton(el, 'live'))).to.not.contain('Unsaved');
    title.focus();
    await sendKeys({ type: ' again' });
    await settle(el);
    expect(text(taskButton(el, 'live'))).to.contain('Unsaved');
    // A customer reopened by the agent (not a task) is in Open.
    const bo = await store.create('customer', customer({ name: 'Bo' }), { by: 'x' });
    await el.agentSession!.reopen(bo.id);
    await settle(el);
    expect(pane.open.map((line) => line.key)).to.deep.equal([bo.id]);
  });

  it('R2.5 with a choice: the preview says where the contact goes; "New request instead" chosen before Accept is followed', async function () {
    this.timeout(60_000);
    el.receive(offered('q1', { phone: '600000001' }));
    await settle(el);
    taskButton(el, 'q1').click();
    await open('q1');
    const into = inQueue(el, '[part=goes-into]')!;
    expect(text(into)).to.contain('Goes into');
    expect(text(into)).to.contain('Router keeps rebooting');
    expect(text(into)).to.contain('opened');
    const [keep, fresh] = [...into.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    expect(keep!.checked, 'R2.5 by default').to.equal(true);
    await expect(el).to.be.accessible();

    // Changed twice with the keyboard: new, back to the request, new again.
    keep!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowDown' });
    await settle(el);
    expect(fresh!.checked).to.equal(true);
    inQueue(el, '[part=accept-button]')!.click();
    await until(el.agentSession!, () => el.agentSession!.workspace(anaId)?.request != null);
    const activity = (await store.activityByInteraction('q1'))!;
    expect(activity.requestId).to.not.equal(routerId);
    expect((await store.get('request', activity.requestId!))!.status).to.equal('open');
    expect((await store.get('request', routerId))!.title).to.equal('Router keeps rebooting');
  });

  it('R2.5 with a choice: an untitled request is named with its date; switching back to it before Accept files the contact there', async function () {
    this.timeout(60_000);
    await store.create('request', request(anaId, { title: '', openedAt: '2026-11-01T09:00:00.000Z' }), { by: 'x' });
    el.receive(offered('q1', { phone: '600000001' }));
    await settle(el);
    taskButton(el, 'q1').click();
    await open('q1');
    const into = inQueue(el, '[part=goes-into]')!;
    expect(text(into)).to.contain('(untitled request)');
    const [keep, fresh] = [...into.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    fresh!.click();
    keep!.click();
    await settle(el);
    inQueue(el, '[part=accept-button]')!.click();
    await until(el.agentSession!, () => el.agentSession!.workspace(anaId)?.request != null);
    const untitled = (await store.requestsOf(anaId)).find((r) => r.title === '')!;
    expect((await store.activityByInteraction('q1'))!.requestId).to.equal(untitled.id);
  });
});
