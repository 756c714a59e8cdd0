import { expect, fixture, html } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { activity, customer, request } from '../../helpers/data.js';
import { until } from '../../helpers/session.js';
import { find, workArea, settle } from '../../helpers/gadget.js';

/**
 * Issue 13, item 4 (R8.1): the journey shows what was saved. Every write, the
 * agent's own (request title, description, status; activity tags; customer
 * name) and other agents' arriving through the store's change events, shows
 * in the journey's rows and in its hover preview in the same frame as "Saved",
 * without a reload. Real IndexedDB (a second store on the same database is the
 * other agent), real keyboard and mouse.
 */

let counter = 0;
const now = '2026-11-22T10:00:00.000Z';
const call = (id: string, from: Record<string, string>) => ({ type: 'interaction.started', interactionId: id, channel: 'voice', from, at: now });

type Updating = HTMLElement & { updateComplete: Promise<unknown> };

function sr(el: Element): ShadowRoot {
  return el.shadowRoot!;
}
function q<T extends Element = HTMLElement>(scope: Element | ShadowRoot, selector: string): T {
  // The gadget's screen spans its pane's and work area's shadow roots.
  const found = scope instanceof Element ? (scope.localName === 'customer-context' ? find<T>(scope, selector) : sr(scope).querySelector<T>(selector)) : scope.querySelector<T>(selector);
  if (!found) throw new Error(`${selector} not found`);
  return found;
}
function journey(el: CustomerContext): Updating {
  return q<Updating>(el, 'journey-view');
}
/** The journey's row whose title is `title` (rows are windowed: the few here are all rendered). */
function row(el: CustomerContext, match: (row: HTMLElement) => boolean): HTMLElement {
  const rows = [...sr(journey(el)).querySelectorAll<HTMLElement>('[role=option]')];
  const found = rows.find(match);
  if (!found) throw new Error(`no such journey row in: ${rows.map((r) => r.textContent?.replace(/\s+/g, ' ').trim()).join(' | ')}`);
  return found;
}
const requestRow = (el: CustomerContext) => row(el, (r) => r.id.startsWith('row-r-'));
const currentRow = (el: CustomerContext) => row(el, (r) => r.getAttribute('aria-current') === 'true');
function text(node: Element | null): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
function preview(el: CustomerContext): HTMLElement {
  return q(sr(journey(el)), '[part=preview]');
}
/** Moves the real mouse over a row, so the journey previews it (R8.2). */
async function hover(target: HTMLElement): Promise<void> {
  target.scrollIntoView({ block: 'center' });
  // A scroll drops the hover (the rows are re-used): let its scroll event pass before the pointer moves.
  await new Promise(requestAnimationFrame);
  await new Promise(requestAnimationFrame);
  const box = target.getBoundingClientRect();
  await sendMouse({ type: 'move', position: [Math.round(box.left + 10), Math.round(box.top + box.height / 2)] });
}

/**
 * Resolves with what the journey shows (its rows and its preview) in the first
 * animation frame that draws "Saved": a journey that catches up only later
 * (or never, until a reload) fails.
 */
function atSavedFrame(el: CustomerContext): Promise<{ rows: string; preview: string }> {
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!find(el, '[part=saved]')) return;
      observer.disconnect();
      requestAnimationFrame(() =>
        resolve({ rows: text(sr(journey(el)).querySelector('[role=listbox]')), preview: text(sr(journey(el)).querySelector('[part=preview]')) }),
      );
    });
    observer.observe(workArea(el).shadowRoot, { childList: true, subtree: true });
  });
}

describe('the journey shows what was saved (R8.1; issue 13, item 4)', () => {
  let db: string;
  let other: IndexedDbStore;
  let el: CustomerContext;

  beforeEach(async () => {
    db = `cc-journey-${Date.now()}-${counter++}`;
    localStorage.clear();
    // The other agent: a second store on the same IndexedDB database (its writes reach the gadget as change events).
    other = new IndexedDbStore({ name: db });
    el = await fixture<CustomerContext>(html`<customer-context agent-id="ann" database=${db}></customer-context>`);
    await el.ready;
  });
  afterEach(async () => {
    await resetMouse();
    el.remove();
    await other.destroy();
  });

  it('Save: the request row and its preview show the title, description and Closed; the activity row shows its tags', async () => {
    const lena = await other.create('customer', customer({ name: 'Lena Vogel', phones: ['+49 89 1234 5678'] }), { by: 'x' });
    el.receive(call('lena-1', { phone: '498912345678' }));
    await el.agentSession!.idle();
    await settle(el);
    const editor = q(el, 'request-editor');
    q<HTMLInputElement>(sr(editor), '[part=title-input]').focus();
    await sendKeys({ type: 'Roaming charges' });
    q<HTMLTextAreaElement>(sr(editor), '[part=description-input]').focus();
    await sendKeys({ type: 'Charged for roaming at home' });
    q<HTMLButtonElement>(sr(editor), '[part=status-button]').focus();
    await sendKeys({ press: 'Enter' });
    q<HTMLInputElement>(sr(q(el, 'tag-input')), '[part=input]').focus();
    await sendKeys({ type: 'billing' });
    await sendKeys({ press: 'Enter' });
    await settle(el);
    await journey(el).updateComplete;
    await hover(requestRow(el));
    await journey(el).updateComplete;

    const frame = atSavedFrame(el);
    const save = [...q(el, '[part=header]').querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Save')!;
    // Focus without scrolling the page: the mouse stays over the hovered row, as when the agent presses Save with the pointer resting there.
    save.focus({ preventScroll: true });
    await sendKeys({ press: 'Enter' });
    const shown = await frame;

    const ws = el.agentSession!.workspace(lena.id)!;
    const saved = (await other.get('request', ws.request!.id))!;
    expect([saved.title, saved.description, saved.status]).to.deep.equal(['Roaming charges', 'Charged for roaming at home', 'closed']);
    expect((await other.get('activity', ws.activity!.id))!.tags).to.deep.equal(['billing']);
    // In the frame that says "Saved": nothing falls back to the version before the save.
    expect(shown.rows).to.contain('Roaming charges');
    expect(shown.rows).not.to.contain('(no title)');
    expect(shown.rows).to.contain('Closed');
    expect(shown.rows).to.contain('billing');
    expect(shown.preview, 'the hovered request keeps its preview, up to date').to.contain('Charged for roaming at home');
    expect(shown.preview).not.to.contain('No description');
    expect(shown.preview).to.contain('Closed');
    // And it stays so (no later render takes it back).
    await settle(el);
    expect(text(requestRow(el))).to.contain('Roaming charges');
    expect(text(requestRow(el))).to.contain('Closed');
    expect(text(currentRow(el))).to.contain('billing');
    await expect(el).to.be.accessible();
  });

  it('the form’s Save: the customer’s new name shows at once in the work area and the Open list', async () => {
    const fay = await other.create('customer', customer({ name: 'Fay Moreau', phones: ['3131'] }), { by: 'x' });
    el.receive(call('fay-1', { phone: '3131' }));
    await el.agentSession!.idle();
    await settle(el);
    q<HTMLButtonElement>(el, '.customer-name').click();
    await settle(el);
    q<HTMLButtonElement>(sr(q(el, 'customer-form')), '[part=edit-button]').click();
    await settle(el);
    const name = q<HTMLInputElement>(sr(q(el, 'customer-form')), '[part=name-input]');
    name.focus();
    name.select();
    await sendKeys({ type: 'Fay Moreau-Dubois' });
    const frame = atSavedFrame(el);
    await sendKeys({ press: 'Enter' });
    await frame;
    expect((await other.get('customer', fay.id))!.name).to.equal('Fay Moreau-Dubois');
    expect(text(q(el, '.customer-name'))).to.equal('Fay Moreau-Dubois');
    expect(text(q(el, '#panel-open'))).to.contain('Fay Moreau-Dubois');
  });

  it('another agent’s writes arrive through the store: rows and the hovered preview show them, a new request too', async () => {
    const kim = await other.create('customer', customer({ name: 'Kim Lee', phones: ['+82 2 1234 5678'] }), { by: 'x' });
    const old = await other.create('request', request(kim.id, { title: 'Old router', openedAt: '2026-11-01T09:00:00.000Z' }), { by: 'x' });
    el.receive(call('kim-1', { phone: '82212345678' }));
    await el.agentSession!.idle();
    await settle(el);
    const session = el.agentSession!;
    const ws = session.workspace(kim.id)!;
    expect(ws.request!.id).to.equal(old.id);
    await hover(requestRow(el));
    await journey(el).updateComplete;
    expect(text(preview(el))).to.contain('No description');

    // Ben, on another machine, saves the request, the activity's tags and notes, a new request and the customer's name.
    const request1 = await other.update('request', old.id, old.rev, { ...request(kim.id), title: 'Router replaced', description: 'Sent a new router', status: 'closed', openedAt: old.openedAt, closedAt: '2026-11-22T10:05:00.000Z' }, { by: 'ben' });
    const act = ws.activity!;
    await other.update('activity', act.id, act.rev, { ...activity(kim.id), requestId: act.requestId, channel: act.channel, interactionId: act.interactionId, at: act.at, subject: act.subject, notes: 'Called back by Ben', tags: ['vip'] }, { by: 'ben' });
    const fresh = await other.create('request', request(kim.id, { title: 'Invoice copy', openedAt: '2026-11-22T10:06:00.000Z' }), { by: 'ben' });
    const renamed = await other.get('customer', kim.id);
    await other.update('customer', kim.id, renamed!.rev, { ...customer({ name: 'Kim Lee-Park', phones: ['+82 2 1234 5678'] }) }, { by: 'ben' });
    await until(session, () => {
      const w = session.workspace(kim.id)!;
      return w.customer?.name === 'Kim Lee-Park' && w.journey.some((e) => e.id === fresh.id) && w.request?.rev === request1.rev;
    });
    // The history chart above the journey re-reads its counts after these writes: let it finish, so nothing redraws under the pointer.
    await session.historySettled();
    await settle(el);

    const rows = text(sr(journey(el)).querySelector('[role=listbox]'));
    expect(rows).to.contain('Router replaced');
    expect(rows).to.contain('Closed');
    expect(rows).to.contain('Invoice copy');
    expect(rows).to.contain('vip');
    expect(text(q(el, '.customer-name'))).to.equal('Kim Lee-Park');
    // The preview follows the row under the pointer.
    await hover(row(el, (r) => text(r).includes('Router replaced')));
    await journey(el).updateComplete;
    expect(text(preview(el))).to.contain('Sent a new router');
    expect(text(preview(el))).to.contain('Closed');
    await hover(currentRow(el));
    await journey(el).updateComplete;
    expect(text(preview(el))).to.contain('Called back by Ben');
    expect(text(preview(el))).to.contain('vip');
  });

  it('a write arriving while the hovered row stays in place keeps the preview open and shows the new version', async () => {
    const ida = await other.create('customer', customer({ name: 'Ida Berg', phones: ['4646'] }), { by: 'x' });
    const req = await other.create('request', request(ida.id, { title: 'Slow line', openedAt: '2026-11-01T09:00:00.000Z' }), { by: 'x' });
    el.receive(call('ida-1', { phone: '4646' }));
    await el.agentSession!.idle();
    await settle(el);
    await hover(requestRow(el));
    await journey(el).updateComplete;
    expect(text(preview(el))).to.contain('No description');
    const updated = await other.update('request', req.id, req.rev, { ...request(ida.id), title: 'Slow line', description: 'Line test booked', openedAt: req.openedAt }, { by: 'ben' });
    await until(el.agentSession!, () => el.agentSession!.workspace(ida.id)!.journey.some((e) => e.id === req.id && e.rev === updated.rev));
    await settle(el);
    expect(text(preview(el))).to.contain('Line test booked');
  });
});
