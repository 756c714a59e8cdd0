import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import type { ShortcutHelp } from '../../../src/components/shortcut-help/shortcut-help.js';
import type { TaskQueue } from '../../../src/components/task-queue/task-queue.js';
import type { ErrorDetail } from '../../../src/model/index.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { customer, request } from '../../helpers/data.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { until } from '../../helpers/session.js';
import { buttonNamed, deepActive, find, settle } from '../../helpers/gadget.js';

let counter = 0;
const at = '2026-11-22T10:00:00.000Z';
const call = (id: string, phone: string) => ({ type: 'interaction.started', interactionId: id, channel: 'voice', from: { phone }, at });

function editorInput(el: Element, part: 'title-input' | 'description-input'): HTMLInputElement | HTMLTextAreaElement {
  return find(el, 'request-editor')!.shadowRoot!.querySelector<HTMLInputElement>(`[part=${part}]`)!;
}
function help(el: CustomerContext): ShortcutHelp {
  return el.shadowRoot!.querySelector('cc-shortcut-help')!;
}
function helpDialog(el: CustomerContext): HTMLDialogElement {
  return help(el).shadowRoot!.querySelector('dialog')!;
}
/** The help list's rows: action label → keys as shown. */
function helpRows(el: CustomerContext): Record<string, string> {
  const rows = [...help(el).shadowRoot!.querySelectorAll('tbody tr')];
  return Object.fromEntries(
    rows.map((row) => [row.querySelector('th')!.textContent!.trim(), [...row.querySelectorAll('kbd')].map((k) => k.textContent!.trim()).join(' ')]),
  );
}
/** A key pressed with modifiers held, as an agent does (`sendKeys` presses one key at a time). */
async function chord(...keys: string[]): Promise<void> {
  const key = keys.pop()!;
  for (const modifier of keys) await sendKeys({ down: modifier });
  await sendKeys({ press: key });
  for (const modifier of keys.reverse()) await sendKeys({ up: modifier });
}
/** What the gadget's live region says now. */
function announced(el: CustomerContext): string {
  const region = [...el.shadowRoot!.querySelectorAll('[role=status]')].find((node) => node.parentNode === el.shadowRoot);
  return region?.textContent?.trim() ?? '';
}
/** Whether the browser's own handling of the last key press was prevented (read on the page, after the gadget). */
function watchDefault(): { prevented: () => boolean | undefined; stop: () => void } {
  let last: boolean | undefined;
  const listener = (event: KeyboardEvent) => {
    if (!['Shift', 'Control', 'Alt', 'Meta'].includes(event.key)) last = event.defaultPrevented;
  };
  window.addEventListener('keydown', listener);
  return { prevented: () => last, stop: () => window.removeEventListener('keydown', listener) };
}

describe('keyboard shortcuts of <customer-context> (issue #18 item 3)', function () {
  // Many real key presses and an axe run per test: a loaded 2-core machine needs more than the default 10 s.
  this.timeout(30000);
  let db: string;
  let store: IndexedDbStore;
  let el: CustomerContext;

  async function make(attributes: { shortcuts?: string; mode?: string } = {}, clock?: FakeClock): Promise<CustomerContext> {
    const made = await fixture<CustomerContext>(
      html`<customer-context agent-id="ann" database=${db} mode=${attributes.mode ?? 'context'} shortcuts=${attributes.shortcuts ?? ''} .clock=${clock}></customer-context>`,
    );
    await made.ready;
    await settle(made);
    return made;
  }

  /** A known customer's call, open and shown. */
  async function open(name: string, phone: string, id = `call-${phone}`): Promise<string> {
    const c = await store.create('customer', customer({ name, phones: [phone] }), { by: 'x' });
    el.receive(call(id, phone));
    await until(el.agentSession!, () => el.agentSession!.workspace(c.id)?.request != null);
    await settle(el);
    return c.id;
  }

  beforeEach(async () => {
    db = `cc-keys-${Date.now()}-${counter++}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
    el = await make();
  });
  afterEach(async () => {
    el.remove();
    await store.destroy();
  });

  it('Ctrl+S saves from inside a text field, and the browser does not save the page', async () => {
    const id = await open('Ana García', '4001');
    editorInput(el, 'title-input').focus();
    await sendKeys({ type: 'Roaming charges' });
    const watch = watchDefault();
    const saved = oneEvent(el, 'cc-saved');
    await chord('Control', 's');
    expect((await saved).detail.record.type).to.equal('request');
    watch.stop();
    expect(watch.prevented(), 'the browser’s Save page is prevented').to.equal(true);
    await until(el.agentSession!, () => !el.agentSession!.isDirty(el.agentSession!.workspace(id)!));
    const requestId = el.agentSession!.workspace(id)!.request!.id;
    expect((await store.get('request', requestId))!.title).to.equal('Roaming charges');
    expect(deepActive(), 'focus stays in the field').to.equal(editorInput(el, 'title-input'));
  });

  it('Ctrl+S twice before the first save answered: one write, the second finds nothing to save', async () => {
    const id = await open('Alma Ruiz', '4010');
    editorInput(el, 'title-input').focus();
    await sendKeys({ type: 'Twice' });
    const requestId = el.agentSession!.workspace(id)!.request!.id;
    const before = (await store.get('request', requestId))!.rev;
    let saved = 0;
    el.addEventListener('cc-saved', () => saved++);
    await sendKeys({ down: 'Control' });
    await sendKeys({ press: 's' });
    await sendKeys({ press: 's' });
    await sendKeys({ up: 'Control' });
    await until(el.agentSession!, () => !el.agentSession!.isDirty(el.agentSession!.workspace(id)!) && !el.agentSession!.workspace(id)!.busy);
    await settle(el);
    expect(saved).to.equal(1);
    const after = (await store.get('request', requestId))!;
    expect(after.title).to.equal('Twice');
    expect(Number.parseInt(after.rev, 10), 'one revision more').to.equal(Number.parseInt(before, 10) + 1);
  });

  it('Ctrl+S then at once the next customer, before the save answered: the save is the first customer’s, the next one is untouched', async () => {
    const first = await open('Nora Vik', '4020');
    const second = await open('Olaf Vik', '4021');
    el.agentSession!.activate(first);
    await settle(el);
    editorInput(el, 'title-input').focus();
    await sendKeys({ type: 'First only' });
    const saved = oneEvent(el, 'cc-saved');
    await chord('Control', 's');
    await chord('Alt', 'Shift', 'ArrowDown');
    expect((await saved).detail.record.id).to.equal(el.agentSession!.workspace(first)!.request!.id);
    await until(el.agentSession!, () => !el.agentSession!.workspace(first)!.busy);
    await settle(el);
    expect(el.agentSession!.state.activeKey).to.equal(second);
    expect((await store.get('request', el.agentSession!.workspace(first)!.request!.id))!.title).to.equal('First only');
    expect(el.agentSession!.workspace(second)!.requestDraft!.title).to.equal('');
    expect(el.agentSession!.isDirty(el.agentSession!.workspace(second)!)).to.equal(false);
  });

  it('nothing acts while plain text is typed: ?, letters, Shift+letters and Enter stay text', async () => {
    const id = await open('Ben Adams', '4002');
    editorInput(el, 'description-input').focus();
    let events = 0;
    const count = () => events++;
    for (const type of ['cc-saved', 'cc-closed'] as const) el.addEventListener(type, count);
    await sendKeys({ type: 'Why? Can Ben see it? S F C' });
    await chord('Shift', 'C');
    await settle(el);
    expect(editorInput(el, 'description-input').value).to.equal('Why? Can Ben see it? S F CC');
    expect(helpDialog(el).open, 'no help list').to.equal(false);
    expect(events).to.equal(0);
    expect(el.agentSession!.workspace(id), 'still open').to.not.equal(undefined);
    expect(find(el, 'cc-customer-pane')!.shadowRoot!.querySelector('#tab-search')!.getAttribute('aria-selected')).to.equal('false');
  });

  it('Save while nothing changed says so and saves nothing; Save with a choice open is refused as the Save button is, focus to the choice', async () => {
    const dan = await store.create('customer', customer({ name: 'Dan Ortiz', phones: ['4242'] }), { by: 'x' });
    const req = await store.create('request', request(dan.id, { title: 'Router', description: '' }), { by: 'x' });
    el.receive(call('call-a', '4242'));
    await until(el.agentSession!, () => el.agentSession!.workspace(dan.id)?.request != null);
    await settle(el);
    editorInput(el, 'title-input').focus();
    await chord('Control', 's');
    await waitUntil(() => announced(el) === 'Nothing to save', 'said');

    editorInput(el, 'description-input').focus();
    await sendKeys({ type: 'Mine: reset the router' });
    await store.update('request', req.id, req.rev, { ...req, description: 'Theirs: replace the router' }, { by: 'ben' });
    await until(el.agentSession!, () => el.agentSession!.workspace(dan.id)!.cautions.length === 1);
    await settle(el);
    buttonNamed(el, 'Load').click();
    await settle(el);
    const before = (await store.get('request', req.id))!.rev;
    editorInput(el, 'description-input').focus();
    let saved = 0;
    el.addEventListener('cc-saved', () => saved++);
    await chord('Control', 's');
    await waitUntil(() => find(el, '.notice'), 'a refusal');
    expect(find(el, '.notice')!.textContent).to.contain('Choose which version to keep');
    await waitUntil(() => deepActive()?.textContent?.trim() === 'Keep mine', 'focus on the first choice');
    expect(saved).to.equal(0);
    expect((await store.get('request', req.id))!.rev).to.equal(before);
  });

  it('Close (Alt+Shift+C) from a text field asks as the Close button does; no key acts while its dialog is open', async () => {
    const id = await open('Cleo Park', '4003');
    editorInput(el, 'title-input').focus();
    await sendKeys({ type: 'Half typed' });
    await chord('Alt', 'Shift', 'C');
    await settle(el);
    const dialog = find<HTMLDialogElement>(el, 'cc-close-dialog')!.shadowRoot!.querySelector('dialog')!;
    await waitUntil(() => dialog.open, 'the close dialog asks');
    // While it asks: Save, the help list, Close again do nothing.
    let saved = 0;
    el.addEventListener('cc-saved', () => saved++);
    await chord('Control', 's');
    await sendKeys({ press: '?' });
    await settle(el);
    expect(saved).to.equal(0);
    expect(helpDialog(el).open).to.equal(false);
    expect(dialog.open).to.equal(true);
    // Discard: closed.
    const closed = oneEvent(el, 'cc-closed');
    buttonNamed(el, 'Discard', dialog).click();
    await closed;
    expect(el.agentSession!.workspace(id)).to.equal(undefined);
  });

  it('Close request, the customer form, a note, Search: each does what its control does', async () => {
    const id = await open('Dina Moss', '4004');
    find<HTMLButtonElement>(el, '.customer-name')!.focus();
    await chord('Alt', 'Shift', 'R');
    expect(el.agentSession!.workspace(id)!.requestDraft!.status).to.equal('closed');
    await waitUntil(() => announced(el) === 'Request closed. Save to keep it.', 'said');
    await chord('Alt', 'Shift', 'R');
    await waitUntil(() => announced(el) === 'The request is already closed.', 'said again');

    await chord('Alt', 'Shift', 'P');
    await settle(el);
    const form = find(el, 'customer-form')!;
    expect(form, 'the form is open').to.not.equal(null);
    expect(form.shadowRoot!.contains(deepActive()), 'focus in the form').to.equal(true);

    await chord('Alt', 'Shift', 'O');
    await settle(el);
    expect(deepActive()?.id, 'focus in the note field').to.equal('note');

    await chord('Alt', 'Shift', 'F');
    await settle(el);
    const pane = find(el, 'cc-customer-pane')!;
    expect(pane.shadowRoot!.querySelector('#tab-search')!.getAttribute('aria-selected')).to.equal('true');
    expect(deepActive()).to.equal(pane.shadowRoot!.querySelector('#panel-search input'));
    await sendKeys({ type: 'Dina' });
    await waitUntil(() => pane.shadowRoot!.querySelector('#panel-search .list')!.textContent!.includes('Dina Moss'), 'search ran');
  });

  it('next and previous customer in Open go round the list; focus follows when it was in the work area left', async () => {
    const a = await open('Eva One', '5001');
    const b = await open('Finn Two', '5002');
    const c = await open('Gus Three', '5003');
    el.agentSession!.activate(a);
    await settle(el);
    editorInput(el, 'title-input').focus();
    await chord('Alt', 'Shift', 'ArrowDown');
    await settle(el);
    expect(el.agentSession!.state.activeKey).to.equal(b);
    expect(announced(el)).to.equal('Finn Two, 2 of 3 in Open');
    await waitUntil(() => deepActive()?.classList.contains('customer-name'), 'focus on the name of the customer now shown');
    await chord('Alt', 'Shift', 'ArrowDown');
    await chord('Alt', 'Shift', 'ArrowDown');
    await settle(el);
    expect(el.agentSession!.state.activeKey, 'round the end').to.equal(a);
    await chord('Alt', 'Shift', 'ArrowUp');
    await settle(el);
    expect(el.agentSession!.state.activeKey).to.equal(c);
  });

  it('? opens the list (not from a text field), Escape closes it and focus goes back; axe on the open list', async () => {
    await open('Hana Berg', '4005');
    const tab = find(el, 'cc-customer-pane')!.shadowRoot!.querySelector<HTMLElement>('#tab-open')!;
    tab.focus();
    await sendKeys({ press: '?' });
    await waitUntil(() => helpDialog(el).open, 'the list opens');
    const rows = helpRows(el);
    expect(rows['Save']).to.equal('Ctrl S');
    expect(rows['Close the customer']).to.equal('Alt Shift C');
    expect(rows['Next customer in Open'], 'the arrow, named for a screen reader').to.equal('Alt Shift ↓Down arrow');
    expect(rows, 'no Care actions outside Care mode').not.to.have.property('Accept the task shown');
    expect(deepActive()?.textContent?.trim()).to.equal('Close');
    await expect(help(el)).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !helpDialog(el).open, 'closed');
    await waitUntil(() => deepActive() === tab, 'focus back on the tab');
  });

  it('the Keyboard shortcuts button opens the list; Tab stays in it; Close gives focus back to the button', async () => {
    await open('Hugo Berg', '4015');
    const button = help(el).shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!;
    expect(button.textContent!.trim()).to.equal('Keyboard shortcuts');
    button.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => helpDialog(el).open, 'the button opens it');
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.textContent?.trim(), 'Tab stays in the dialog').to.equal('Close');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !helpDialog(el).open && deepActive() === button, 'Close: focus back on the button');
  });

  it('remapped by the attribute: the list shows the new keys, the old ones do nothing, a shortcut turned off is not listed', async () => {
    el.remove();
    el = await make({ shortcuts: 'save:Alt+Shift+K; help:off; note:none' });
    const id = await open('Ivo Lind', '4006');
    editorInput(el, 'title-input').focus();
    await sendKeys({ type: 'Remapped' });
    await chord('Control', 's');
    await settle(el);
    expect(el.agentSession!.isDirty(el.agentSession!.workspace(id)!), 'Ctrl+S no longer saves').to.equal(true);
    const saved = oneEvent(el, 'cc-saved');
    await chord('Alt', 'Shift', 'K');
    await saved;
    find(el, '.customer-name')!.focus();
    await sendKeys({ press: '?' });
    await settle(el);
    expect(helpDialog(el).open, '? is off').to.equal(false);
    await help(el).show();
    const rows = helpRows(el);
    expect(rows['Save']).to.equal('Alt Shift K');
    expect(rows).not.to.have.property('Add a note');
    expect(rows).not.to.have.property('Show the keyboard shortcuts');
    help(el).close();
  });

  it('remapped by the property at run time, and all turned off: no key acts and no button shows', async () => {
    const id = await open('Jan Rue', '4007');
    el.shortcuts = { search: 'Alt+Shift+J', close: null };
    await settle(el);
    find(el, '.customer-name')!.focus();
    await chord('Alt', 'Shift', 'C');
    await settle(el);
    expect(el.agentSession!.workspace(id), 'Close is off').to.not.equal(undefined);
    await chord('Alt', 'Shift', 'J');
    await settle(el);
    expect(find(el, 'cc-customer-pane')!.shadowRoot!.querySelector('#tab-search')!.getAttribute('aria-selected')).to.equal('true');

    el.shortcuts = false;
    await settle(el);
    expect(help(el).hidden, 'no button').to.equal(true);
    editorInput(el, 'title-input').focus();
    await sendKeys({ type: 'x' });
    const watch = watchDefault();
    await chord('Control', 's');
    watch.stop();
    expect(watch.prevented(), 'Ctrl+S is the browser’s again').to.equal(false);
    expect(el.agentSession!.isDirty(el.agentSession!.workspace(id)!)).to.equal(true);
  });

  it('keys that cannot be used: cc-error config-error (field shortcuts), once per setting, and the defaults stay', async () => {
    const errors: ErrorDetail[] = [];
    el.addEventListener('cc-error', (e) => errors.push(e.detail));
    el.shortcuts = { search: 'Alt+Shift+Banana', note: 'N', close: 'Mod+S' };
    await settle(el);
    el.requestUpdate();
    await settle(el);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.include({ code: 'config-error', field: 'shortcuts' });
    expect(errors[0]!.message).to.contain('Alt+Shift+Banana').and.to.contain('"note: N"').and.to.contain('"close: Mod+S" is already "save"');
    await help(el).show();
    const rows = helpRows(el);
    help(el).close();
    expect(rows['Find a customer (Search)']).to.equal('Alt Shift F');
    expect(rows['Add a note']).to.equal('Alt Shift O');
    expect(rows['Close the customer']).to.equal('Alt Shift C');
    expect(rows['Save']).to.equal('Ctrl S');
  });
});

describe('keyboard shortcuts in Customer Care mode', function () {
  this.timeout(30000);
  let db: string;
  let store: IndexedDbStore;
  let el: CustomerContext;
  const clock = new FakeClock();
  const queue = () => el.shadowRoot!.querySelector<TaskQueue>('task-queue')!;
  const offered = (id: string, phone: string) => ({ type: 'interaction.offered', interactionId: id, channel: 'voice', from: { phone }, at });

  beforeEach(async () => {
    db = `cc-keys-care-${Date.now()}-${counter++}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
    el = await fixture<CustomerContext>(html`<customer-context agent-id="cara" database=${db} mode="care" .clock=${clock}></customer-context>`);
    await el.ready;
    await settle(el);
  });
  afterEach(async () => {
    el.remove();
    await store.destroy();
  });

  it('Ready and Not Ready as their buttons: the host hears cc-agent-state (agent); the same state again is only said', async () => {
    queue().focus();
    const ready = oneEvent(el, 'cc-agent-state');
    await chord('Alt', 'Shift', 'Y');
    expect((await ready).detail).to.deep.equal({ state: 'ready', reason: 'agent' });
    await settle(el);
    expect(el.agentSession!.state.agentState).to.equal('ready');
    let events = 0;
    el.addEventListener('cc-agent-state', () => events++);
    await chord('Alt', 'Shift', 'Y');
    await settle(el);
    expect(events).to.equal(0);
    expect(announced(el)).to.equal('You are Ready.');
    const notReady = oneEvent(el, 'cc-agent-state');
    await chord('Alt', 'Shift', 'B');
    expect((await notReady).detail).to.deep.equal({ state: 'not-ready', reason: 'agent' });
  });

  it('Accept with nothing previewed accepts nothing and says why; with a task previewed it accepts that one', async () => {
    const kim = await store.create('customer', customer({ name: 'Kim Sol', phones: ['6001'] }), { by: 'x' });
    el.receive(offered('q1', '6001'));
    el.receive(offered('q2', '6002'));
    await until(el.agentSession!, () => el.agentSession!.state.tasks.length === 2);
    await settle(el);
    queue().focus();
    let accepts = 0;
    el.addEventListener('cc-accept', () => accepts++);
    await chord('Alt', 'Shift', 'Enter');
    await settle(el);
    expect(accepts).to.equal(0);
    expect(announced(el)).to.equal('Select a task in the Queue first, to see it before you accept it.');
    expect(el.agentSession!.state.tasks.every((t) => t.status !== 'in-progress')).to.equal(true);

    const first = [...queue().shadowRoot!.querySelectorAll<HTMLButtonElement>('button[data-task]')].find((b) => b.dataset.task === 'q1')!;
    first.click();
    await waitUntil(() => queue().shadowRoot!.querySelector('[part=preview]') !== null, 'preview shown');
    first.focus();
    const accepted = oneEvent(el, 'cc-accept');
    await chord('Alt', 'Shift', 'Enter');
    expect((await accepted).detail).to.deep.include({ interactionId: 'q1', customerId: kim.id });
    await until(el.agentSession!, () => el.agentSession!.workspace(kim.id) !== undefined);
    expect(el.agentSession!.state.tasks.find((t) => t.interactionId === 'q2')?.status, 'the other waits').to.not.equal('in-progress');
    await settle(el);
    await help(el).show();
    expect(helpRows(el)['Accept the task shown']).to.equal('Alt Shift Enter');
    help(el).close();
  });
});
