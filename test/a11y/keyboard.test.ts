import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { call, offered } from '../helpers/events.js';
import { until } from '../helpers/session.js';
import { screenOf, deepActive } from '../helpers/gadget.js';

/** The focused element, through shadow roots. */
function describe_(el: Element | null): string {
  if (!el) return '(nothing)';
  const part = el.getAttribute('part');
  return `${el.localName}${el.id ? `#${el.id}` : ''}${part ? `[part=${part}]` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
}

async function shiftTab(): Promise<void> {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: 'Tab' });
  await sendKeys({ up: 'Shift' });
}

/** Presses Tab (or Shift+Tab) until `match` holds for the focused element; fails after `max` presses. */
async function tabTo(match: (el: Element) => boolean, what: string, backwards = false, max = 40): Promise<Element> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await (backwards ? shiftTab() : sendKeys({ press: 'Tab' }));
    const active = deepActive();
    seen.push(describe_(active));
    if (active && match(active)) return active;
  }
  throw new Error(`could not reach ${what} with the keyboard; focus went: ${seen.join(' → ')}`);
}

const byPart = (part: string) => (el: Element) => el.getAttribute('part') === part;
const byText = (text: string) => (el: Element) => el.localName === 'button' && el.textContent?.trim() === text;

describe('keyboard only: the whole agent flow', () => {
  let db: string;
  let el: CustomerContext;
  let store: IndexedDbStore;

  beforeEach(async () => {
    localStorage.clear();
    db = `kb-${Date.now()}-${Math.random()}`;
    store = new IndexedDbStore({ name: db });
  });
  afterEach(async () => {
    el.remove();
    await store.destroy();
  });

  it('take a call, create the customer, title, description, tags, save, close with Save, reopen from Recent', async () => {
    el = await fixture<CustomerContext>(html`<customer-context agent-id="kb" database=${db}></customer-context>`);
    await el.ready;
    el.receive(call('kb-1', { phone: '+1 555 0142' }));
    await until(el.agentSession!, () => el.agentSession!.state.open.length === 1);
    await el.updateComplete;
    document.body.focus();

    await tabTo(byPart('name-input'), 'the name field');
    await sendKeys({ type: 'Kim Keyboard' });
    await sendKeys({ press: 'Enter' });
    await until(el.agentSession!, () => el.agentSession!.state.open[0]?.customer != null && el.agentSession!.state.open[0]?.request != null);
    await el.updateComplete;

    await tabTo(byPart('title-input'), 'the request title');
    await sendKeys({ type: 'Line is noisy' });
    await tabTo(byPart('description-input'), 'the request description');
    await sendKeys({ type: 'Crackling since Monday' });
    await tabTo(byPart('input'), 'the tags field');
    await sendKeys({ type: 'Technical' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ type: 'Callback' });
    await sendKeys({ press: 'Enter' });
    const save = await tabTo(byText('Save'), 'Save', true);
    expect(save.getAttribute('disabled')).to.equal(null);
    await sendKeys({ press: 'Enter' });
    const key = el.agentSession!.state.open[0]!.key;
    await until(el.agentSession!, () => !el.agentSession!.isDirty(el.agentSession!.workspace(key)!));
    const [request] = await store.requestsOf(key);
    expect([request!.title, request!.description]).to.deep.equal(['Line is noisy', 'Crackling since Monday']);
    expect((await store.activityByInteraction('kb-1'))!.tags).to.deep.equal(['Technical', 'Callback']);

    await tabTo(byPart('description-input'), 'the description again');
    await sendKeys({ type: '. Fixed.' });
    await tabTo(byText('Close'), 'Close', true);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    const dialog = screenOf(el).querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    expect(describe_(deepActive())).to.contain('Save');
    for (let i = 0; i < 3; i++) await sendKeys({ press: 'Tab' });
    expect(describe_(deepActive()), 'Tab wraps inside the dialog').to.contain('Save');
    await shiftTab();
    expect(describe_(deepActive()), 'Shift+Tab wraps too').to.contain('Cancel');
    await sendKeys({ press: 'Tab' });
    expect(describe_(deepActive())).to.contain('Save');
    await sendKeys({ press: 'Enter' });
    await until(el.agentSession!, () => el.agentSession!.state.open.length === 0);
    await el.updateComplete;
    expect((await store.requestsOf(key))[0]!.description).to.equal('Crackling since Monday. Fixed.');
    expect(deepActive()?.id).to.equal('tab-open');

    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(deepActive()?.id).to.equal('tab-recent');
    await tabTo((e) => e.localName === 'button' && (e.textContent ?? '').includes('Kim Keyboard'), 'Kim in Recent');
    await sendKeys({ press: 'Enter' });
    await until(el.agentSession!, () => el.agentSession!.workspace(key) !== undefined);
    await el.updateComplete;
    expect(el.agentSession!.workspace(key)!.activity?.interactionId).to.equal('kb-1');
  });

  it('care mode: go Ready, select a queued task, Accept it — keyboard only', async () => {
    el = await fixture<CustomerContext>(html`<customer-context mode="care" agent-id="kb" database=${db}></customer-context>`);
    await el.ready;
    await store.create('customer', { name: 'Lou Queue', phones: ['+1 555 0177'], emails: [], chatIds: [], address: '', fields: {} }, { by: 'x' });
    el.receive(offered('task-1', { phone: '+1 555 0177' }, { channel: 'chat' }));
    await el.updateComplete;
    document.body.focus();
    await tabTo(byText('Ready'), 'Ready');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.agentSession!.state.agentState).to.equal('ready');
    await tabTo((e) => (e.textContent ?? '').includes('+1 555 0177') || (e.textContent ?? '').includes('Lou Queue'), 'the queued task');
    await sendKeys({ press: 'Enter' });
    await tabTo(byText('Accept'), 'Accept');
    await sendKeys({ press: 'Enter' });
    await until(el.agentSession!, () => el.agentSession!.state.open.length === 1);
    expect(el.agentSession!.state.tasks.find((t) => t.interactionId === 'task-1')?.status).to.equal('in-progress');
  });
});
