import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import type { WorkArea } from '../../../src/components/work-area/work-area.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { customer } from '../../helpers/data.js';
import { until } from '../../helpers/session.js';
import { buttonNamed, deepActive, find, settle, workArea } from '../../helpers/gadget.js';

let counter = 0;
const call = (id: string, phone: string) => ({ type: 'interaction.started', interactionId: id, channel: 'voice', from: { phone }, subject: 'Router', at: '2026-11-22T10:00:00.000Z' });
const noteOf = (el: CustomerContext) => workArea(el).shadowRoot.querySelector<HTMLTextAreaElement>('[part~=note-input]');
const journey = (el: CustomerContext) => find(el, 'journey-view')!;

/** Control+V, as the agent presses it. */
async function pressPaste(): Promise<void> {
  await sendKeys({ down: 'Control' });
  await sendKeys({ press: 'v' });
  await sendKeys({ up: 'Control' });
}

describe('a note on the call (issue #18 item 6)', () => {
  let db: string;
  let store: IndexedDbStore;
  let el: CustomerContext;

  before(async () => {
    await executeServerCommand('allow-clipboard');
  });
  beforeEach(async () => {
    db = `cc-note-${Date.now()}-${counter++}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
    el = await fixture<CustomerContext>(html`<customer-context agent-id="ann" database=${db}></customer-context>`);
    await el.ready;
  });
  afterEach(async () => {
    el.remove();
    await store.destroy();
  });

  async function answer(phone: string, id = `n-${counter}`): Promise<string> {
    const known = await store.create('customer', customer({ name: 'Ola', phones: [phone] }), { by: 'x' });
    el.receive(call(id, phone));
    await until(el.agentSession!, () => el.agentSession!.workspace(known.id)?.activity != null);
    await settle(el);
    return known.id;
  }

  it('the note is typed, saved with the activity, and shown in the journey row and its preview with the agent’s name and the time', async () => {
    expect(el.receive({ type: 'host.context', agentId: 'ann', agentName: 'Ann Lee', locale: 'en-GB', timeZone: 'UTC' }).ok).to.equal(true);
    const key = await answer('4040');
    const note = noteOf(el)!;
    expect(note.localName).to.equal('textarea');
    expect(note.maxLength).to.equal(2000);
    note.focus();
    await sendKeys({ type: 'Replaced the router' });
    await settle(el);
    // While typing: the row already shows it (the journey agrees with the editors).
    expect(journey(el).shadowRoot!.querySelector('[part~=row-current] [part~=note]')!.textContent).to.equal('Note: Replaced the router');

    const saved = oneEvent(el, 'cc-saved');
    buttonNamed(el, 'Save', workArea(el).shadowRoot.querySelector('[part=header]')!).click();
    await saved;
    await until(el.agentSession!, () => el.agentSession!.workspace(key)?.activity?.notes === 'Replaced the router');
    const activity = el.agentSession!.workspace(key)!.activity!;
    expect((await store.get('activity', activity.id))!.notes).to.equal('Replaced the router');
    await settle(el);

    // The preview (keyboard focus on the journey, R8.2): the note, by whom and when; not "No notes".
    const list = journey(el).shadowRoot!.querySelector<HTMLElement>('[role=listbox]')!;
    list.focus();
    await settle(el);
    // Down to the current call (the request this call created is newer: it comes first).
    for (let i = 0; i < 3 && !journey(el).shadowRoot!.querySelector('[part~=row-current][part~=row-active]'); i++) {
      await sendKeys({ press: 'ArrowDown' });
      await settle(el);
    }
    await waitUntil(() => journey(el).shadowRoot!.querySelector('.note-by'), 'the preview of the current call');
    const preview = journey(el).shadowRoot!.querySelector<HTMLElement>('[part~=preview]')!;
    expect(preview.textContent).to.contain('Replaced the router');
    expect(preview.textContent).not.to.contain('No notes');
    expect(preview.querySelector('.note-by')!.textContent!.replace(/\s+/g, ' ')).to.contain('Note by Ann Lee');
    expect(preview.querySelector('.note-by time')!.getAttribute('datetime')).to.equal(activity.updatedAt);
  });

  it('focusNote() puts the caret in the note; false when there is no activity to note on', async () => {
    const work = workArea(el) as unknown as WorkArea;
    expect(await work.focusNote(), 'no customer open').to.equal(false);
    await answer('5050');
    expect(await work.focusNote()).to.equal(true);
    expect(deepActive()).to.equal(noteOf(el));
    await sendKeys({ type: 'ok' });
    await settle(el);
    expect(noteOf(el)!.value).to.equal('ok');
  });

  it('a note kept across a reload, like the other fields', async () => {
    const key = await answer('6060');
    noteOf(el)!.focus();
    await sendKeys({ type: 'Call back at 5' });
    el.remove();
    el = await fixture<CustomerContext>(html`<customer-context agent-id="ann" database=${db}></customer-context>`);
    await el.ready;
    await settle(el);
    expect(noteOf(el)!.value).to.equal('Call back at 5');
    expect(el.agentSession!.workspace(key)!.activityDraft!.notes).to.equal('Call back at 5');
  });

  it('R2.3: a paste over 2,000 characters is cut, and the agent is told how much; the model refuses a longer note set another way', async () => {
    const key = await answer('7070');
    const note = noteOf(el)!;
    note.focus();
    await navigator.clipboard.writeText('y'.repeat(2100));
    await pressPaste();
    await until(el.agentSession!, () => el.agentSession!.workspace(key)!.activityDraft!.notes.length === 2000);
    await settle(el);
    expect(note.value.length).to.equal(2000);
    const region = note.parentElement!.querySelector<HTMLElement>('[role=status]')!;
    expect(region.textContent!.trim()).to.equal('100 characters did not fit and were cut (at most 2,000).');
    expect(note.getAttribute('aria-describedby')).to.contain('note-counter');

    // Not through the field (a host, a restored draft of another version): the model refuses it, the field says why.
    el.agentSession!.editActivity(key, { notes: 'z'.repeat(2001) });
    await settle(el);
    expect(note.getAttribute('aria-invalid')).to.equal('true');
    const outcome = await el.agentSession!.save(key);
    expect(outcome.ok).to.equal(false);
    expect(outcome.ok ? '' : outcome.reason).to.equal('invalid');
  });
});
