import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import type { TaskQueue } from '../../../src/components/task-queue/task-queue.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { customer, request } from '../../helpers/data.js';
import { find, findAll, regionsUpdated, deepActive } from '../../helpers/gadget.js';

/**
 * Issue 22: what the element holds (open interactions and their unsaved input,
 * the agent, the locale and time zone of the last host.context, the agent
 * state, the queue) survives a change of `mode`, of `lang`, and a move in the
 * DOM. Only the layout (or the language) changes.
 */

let counter = 0;
const AT = '2026-11-22T10:00:00.000Z';
const started = (id: string, from: Record<string, string>, channel = 'voice') => ({ type: 'interaction.started', interactionId: id, channel, from, at: AT });
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

type Updating = HTMLElement & { updateComplete: Promise<unknown> };

function inner<T extends Element = HTMLElement>(el: Element, selector: string): T {
  const found = find<T>(el, selector);
  if (!found) throw new Error(`${selector} not found`);
  return found;
}
function queueOf(el: CustomerContext): TaskQueue {
  return inner<TaskQueue>(el, 'task-queue');
}
async function settle(el: CustomerContext): Promise<void> {
  await el.updateComplete;
  // A locale switch re-renders every element after a microtask or two.
  await new Promise((resolve) => requestAnimationFrame(resolve));
  await el.updateComplete;
  await regionsUpdated(el);
  for (const child of findAll(el, 'task-queue, request-editor, tag-input, customer-form, journey-view')) {
    await (child as Updating).updateComplete;
  }
}
function titleInput(el: CustomerContext): HTMLInputElement {
  return inner(el, 'request-editor').shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!;
}
function tagField(el: CustomerContext): HTMLInputElement {
  return inner(el, 'tag-input').shadowRoot!.querySelector<HTMLInputElement>('input')!;
}
function nameInput(el: CustomerContext): HTMLInputElement {
  return inner(el, 'customer-form').shadowRoot!.querySelector<HTMLInputElement>('[part=name-input]')!;
}
function openItem(el: CustomerContext, name: string): HTMLButtonElement {
  const found = [...findAll<HTMLButtonElement>(el, '#panel-open .item')].find((b) => b.textContent!.includes(name));
  if (!found) throw new Error(`${name} not in Open`);
  return found;
}
/** The innermost focused element, through shadow roots. */
describe('<customer-context>: mode, lang and moves keep the agent\'s work (issue 22)', () => {
  let db: string;
  let agent: string;
  let store: IndexedDbStore;
  let el: CustomerContext;
  let anaId: string;

  async function make(mode: 'context' | 'care' = 'context'): Promise<CustomerContext> {
    const made = await fixture<CustomerContext>(html`<customer-context agent-id=${agent} database=${db} mode=${mode}></customer-context>`);
    await made.ready;
    await settle(made);
    return made;
  }

  /**
   * In Spanish (es-ES, Madrid): an unknown caller whose name is being typed in
   * the Create form, and a known caller (Ana) whose request title and a tag are
   * being typed, the cursor still in the tag field.
   */
  async function workInSpanish(): Promise<void> {
    const ana = await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 000 001'] }), { by: 'x' });
    anaId = ana.id;
    await store.create('request', request(ana.id, { title: 'Factura' }), { by: 'x' });
    expect(el.receive({ type: 'host.context', agentId: agent, agentName: 'Marta', locale: 'es-ES', timeZone: 'Europe/Madrid' }).ok).to.equal(true);
    expect(el.receive(started('u-1', { phone: '+34 699 111 222' })).ok).to.equal(true);
    await el.agentSession!.idle();
    await settle(el);
    nameInput(el).focus();
    await sendKeys({ type: 'Zoe Mendes' });
    expect(el.receive(started('k-1', { phone: '34600000001' })).ok).to.equal(true);
    await el.agentSession!.idle();
    await settle(el);
    // Opened aside while the agent typed; now looked at.
    openItem(el, 'Ana García').click();
    await settle(el);
    titleInput(el).focus();
    await sendKeys({ type: ' de mayo' });
    tagField(el).focus();
    await sendKeys({ type: 'roaming' });
    await settle(el);
  }

  /** Everything `workInSpanish` left, in whichever layout is shown. */
  function expectWorkKept(target: CustomerContext, mode: 'context' | 'care'): void {
    const session = target.agentSession!;
    expect(session.state.agent).to.deep.equal({ agentId: agent, agentName: 'Marta', locale: 'es-ES', timeZone: 'Europe/Madrid' });
    // The words: Spanish, in the pane and in the work area.
    expect(text(inner(target, '#tab-open'))).to.match(/^Abiertos?\b/);
    expect(text(inner(target, '[part=header]'))).to.contain('Guardar');
    if (mode === 'context') {
      // The Open list: both callers, Ana current.
      expect(text(inner(target, '#panel-open'))).to.contain('Sin guardar');
      expect(text(openItem(target, 'Ana García'))).to.contain('Sin guardar');
      expect(text(openItem(target, 'Zoe Mendes'))).to.contain('Sin crear');
    } else {
      // Care mode lists a task once (#18 item 1): the callers are In progress, with the Open list's marks, and not in Open.
      const line = (id: string) => text(queueOf(target).shadowRoot!.querySelector(`[part=in-progress] button[data-task="${id}"]`)!.closest('li') ?? queueOf(target).shadowRoot!.querySelector(`[part=in-progress] button[data-task="${id}"]`));
      expect(line('k-1')).to.contain('Sin guardar');
      expect(line('u-1')).to.contain('Sin crear');
      expect(findAll(target, '#panel-open .item').length).to.equal(0);
    }
    expect(session.state.open.map((w) => w.interaction?.interactionId)).to.deep.equal(['u-1', 'k-1']);
    expect(session.state.activeKey).to.equal(anaId);
    // The typed text.
    expect(titleInput(target).value).to.equal('Factura de mayo');
    expect(session.workspace(anaId)!.requestDraft!.title).to.equal('Factura de mayo');
    expect(session.state.open[0]!.customerDraft.name).to.equal('Zoe Mendes');
    if (mode === 'care') {
      const queue = queueOf(target);
      expect(text(queue.shadowRoot!.querySelector('[part=ready-button]'))).to.equal('Listo');
      expect([...queue.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part=in-progress] button[data-task]')].map((b) => b.dataset.task)).to.have.members(['u-1', 'k-1']);
      expect(text(queue.shadowRoot!.querySelector('[part=in-progress]'))).to.contain('En curso');
    } else {
      expect(target.shadowRoot!.querySelector('task-queue')).to.equal(null);
    }
  }

  beforeEach(async () => {
    db = `cc-mode-${Date.now()}-${counter++}`;
    agent = `agent-mode-${counter}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
    el = await make();
  });
  afterEach(async () => {
    el.remove();
    await store.destroy();
  });

  it('mode context → care → context keeps both callers, the typed text (tag being typed included), Spanish, the agent and the focus; a reload brings it all back', async () => {
    await workInSpanish();
    const session = el.agentSession!;
    expectWorkKept(el, 'context');

    el.setAttribute('mode', 'care');
    await settle(el);
    expect(el.agentSession === session, 'the same session').to.equal(true);
    expectWorkKept(el, 'care');
    expect(tagField(el).value).to.equal('roaming');
    expect(deepActive() === tagField(el), 'focus is in the tag field').to.equal(true);
    // Still typing where the agent was: the keys land in the same field.
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(session.workspace(anaId)!.activityDraft!.tags).to.deep.equal(['roaming']);
    tagField(el).focus();
    await sendKeys({ type: 'factura' });

    el.setAttribute('mode', 'context');
    await settle(el);
    expect(el.agentSession === session, 'the same session').to.equal(true);
    expectWorkKept(el, 'context');
    expect(tagField(el).value).to.equal('factura');
    expect(deepActive() === tagField(el), 'focus is in the tag field').to.equal(true);
    await expect(el).to.be.accessible();

    // A reload: a new element on the same database and drafts; the host names the agent again.
    el.remove();
    el = await make();
    el.receive({ type: 'host.context', agentId: agent, agentName: 'Marta', locale: 'es-ES', timeZone: 'Europe/Madrid' });
    await el.agentSession!.idle();
    await settle(el);
    expectWorkKept(el, 'context');
    expect(el.agentSession!.workspace(anaId)!.activityDraft!.tags).to.deep.equal(['roaming']);
    // And in care mode after the reload: the interactions are In progress again.
    el.setAttribute('mode', 'care');
    await settle(el);
    expectWorkKept(el, 'care');
  });

  it('a reload in care mode brings back both callers and the typed text', async () => {
    await workInSpanish();
    el.setAttribute('mode', 'care');
    await settle(el);
    el.remove();
    el = await make('care');
    el.receive({ type: 'host.context', agentId: agent, agentName: 'Marta', locale: 'es-ES', timeZone: 'Europe/Madrid' });
    await el.agentSession!.idle();
    await settle(el);
    expectWorkKept(el, 'care');
    el.setAttribute('mode', 'context');
    await settle(el);
    expectWorkKept(el, 'context');
  });

  it('the agent state, the queue and keyboard focus in the pane survive care → context → care; the offer countdown runs in care only', async () => {
    await workInSpanish();
    el.setAttribute('mode', 'care');
    await settle(el);
    queueOf(el).shadowRoot!.querySelector<HTMLButtonElement>('[part=ready-button]')!.click();
    el.receive({ type: 'interaction.offered', interactionId: 'q-1', channel: 'chat', from: { chatId: 'guest-7' }, subject: 'Tarifa', at: AT, autoAssigned: true });
    await settle(el);
    const session = el.agentSession!;
    expect(session.state.agentState).to.equal('ready');
    expect(session.agentStateMachine.secondsLeft('q-1')).to.equal(15);
    // The agent is on the pane's Recent tab (keyboard), then the desktop switches layout. (In care mode the
    // callers are In progress, not in Open: #18 item 1.)
    const zoe = inner(el, '#tab-recent') as HTMLButtonElement;
    zoe.focus();

    el.setAttribute('mode', 'context');
    await settle(el);
    expect(el.agentSession === session, 'the same session').to.equal(true);
    expect(inner(el, '#tab-recent') === zoe, 'the same tab').to.equal(true);
    expect(deepActive() === zoe, 'focus stays on the tab').to.equal(true);
    expect(session.state.agentState).to.equal('ready');
    expect(session.state.tasks.map((t) => t.interactionId)).to.have.members(['u-1', 'k-1', 'q-1']);
    // The host's own desktop handles offers in the default mode: no countdown here.
    expect(session.agentStateMachine.secondsLeft('q-1')).to.equal(null);
    expectWorkKept(el, 'context');

    el.setAttribute('mode', 'care');
    await settle(el);
    expect(el.agentSession === session, 'the same session').to.equal(true);
    expect(deepActive() === zoe, 'focus stays on the tab').to.equal(true);
    const queue = queueOf(el);
    expect(queue.shadowRoot!.querySelector<HTMLButtonElement>('[part=ready-button]')!.getAttribute('aria-pressed')).to.equal('true');
    expect([...queue.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part=queue] button[data-task]')].map((b) => b.dataset.task)).to.deep.equal(['q-1']);
    expectWorkKept(el, 'care');
    await expect(el).to.be.accessible();
  });

  it('lang changes the language and nothing else (when host.context sends no locale)', async () => {
    const ana = await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 000 001'] }), { by: 'x' });
    el.setAttribute('lang', 'fr');
    el.receive({ type: 'host.context', agentId: agent, agentName: 'Marta', timeZone: 'Europe/Paris' });
    el.receive(started('k-2', { phone: '34600000001' }));
    await el.agentSession!.idle();
    await settle(el);
    titleInput(el).focus();
    await sendKeys({ type: 'Itinérance' });
    tagField(el).focus();
    await sendKeys({ type: 'moitié' });
    await settle(el);
    const session = el.agentSession!;
    expect(text(inner(el, '#panel-open'))).to.contain('Non enregistré');

    el.setAttribute('lang', 'de');
    await settle(el);
    expect(el.agentSession === session, 'the same session').to.equal(true);
    expect(text(inner(el, '#panel-open'))).to.contain('Nicht gespeichert');
    expect(text(openItem(el, 'Ana García'))).to.contain('Nicht gespeichert');
    expect(titleInput(el).value).to.equal('Itinérance');
    expect(tagField(el).value).to.equal('moitié');
    expect(deepActive() === tagField(el), 'focus is in the tag field').to.equal(true);
    expect(session.state.agent).to.deep.equal({ agentId: agent, agentName: 'Marta', locale: undefined, timeZone: 'Europe/Paris' });
    expect(session.workspace(ana.id)!.requestDraft!.title).to.equal('Itinérance');

    // A locale from host.context wins over lang, and lang changes then keep it.
    el.receive({ type: 'host.context', agentId: agent, agentName: 'Marta', locale: 'es-ES', timeZone: 'Europe/Madrid' });
    await settle(el);
    expect(text(inner(el, '#panel-open'))).to.contain('Sin guardar');
    el.setAttribute('lang', 'pt-BR');
    await settle(el);
    expect(text(inner(el, '#panel-open'))).to.contain('Sin guardar');
    expect(titleInput(el).value).to.equal('Itinérance');
  });

  it('moving the element in the DOM keeps the session: the callers, the typed text, the language, Ready and the queue', async () => {
    await workInSpanish();
    el.setAttribute('mode', 'care');
    await settle(el);
    queueOf(el).shadowRoot!.querySelector<HTMLButtonElement>('[part=ready-button]')!.click();
    el.receive({ type: 'interaction.offered', interactionId: 'q-2', channel: 'email', from: { email: 'luis@mail.test' }, subject: 'Baja', at: AT, autoAssigned: false });
    await settle(el);
    const session = el.agentSession!;
    const states: string[] = [];
    el.addEventListener('cc-agent-state', (e) => states.push(e.detail.state));
    const elsewhere = document.createElement('section');
    document.body.append(elsewhere);

    // Taken out and put back elsewhere (as a desktop re-laying its gadgets out does).
    elsewhere.append(el);
    await el.agentSession!.idle();
    await settle(el);
    expect(el.agentSession!.state.agentState).to.equal('ready');
    expect(el.agentSession!.state.offers.map((o) => o.interactionId)).to.deep.equal(['q-2']);
    expectWorkKept(el, 'care');
    expect(tagField(el).value).to.equal('roaming');
    expect(el.agentSession === session, 'the same session').to.equal(true);

    // Moved atomically (`moveBefore`): not even focus is lost.
    el.setAttribute('mode', 'context');
    await settle(el);
    tagField(el).focus();
    (document.body as Element & { moveBefore(node: Node, child: Node | null): void }).moveBefore(el, document.body.firstChild);
    await settle(el);
    expect(el.agentSession === session, 'the same session').to.equal(true);
    expect(deepActive() === tagField(el), 'focus is in the tag field').to.equal(true);
    expectWorkKept(el, 'context');
    expect(states).to.deep.equal([]);

    // Removed for good: the session stops (its store closes) once the current task is done.
    el.remove();
    await Promise.resolve();
    expect(el.agentSession).to.equal(undefined);
    elsewhere.remove();
  });
});
