import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { activity, customer, request } from '../../helpers/data.js';
import { deepActive, find, settle } from '../../helpers/gadget.js';
import { until } from '../../helpers/session.js';

// Issue #18 item 8 in the plain mode: the host accepted already; "Added to request …" with "Start a new request instead".

let counter = 0;
const AT = '2026-11-22T10:00:00.000Z';
const started = (id: string, phone: string) => ({ type: 'interaction.started', interactionId: id, channel: 'voice', from: { phone }, at: AT });
const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('Plain mode: "Added to request …, Start a new request instead" (R2.5 with a choice)', () => {
  let db: string;
  let store: IndexedDbStore;
  let el: CustomerContext;
  let anaId: string;
  let routerId: string;

  const line = () => find(el, 'cc-request-added');
  const button = () => line()?.shadowRoot!.querySelector<HTMLButtonElement>('[part=new-request-button]') ?? null;
  const title = () => find(el, 'request-editor')!.shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!;

  async function call(id = 'c1'): Promise<void> {
    el.receive(started(id, '600000001'));
    await until(el.agentSession!, () => el.agentSession!.workspace(anaId)?.activity?.interactionId === id);
    await settle(el);
    await line()?.updateComplete;
  }

  beforeEach(async () => {
    db = `cc-request-added-${Date.now()}-${counter++}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
    anaId = (await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 000 001'] }), { by: 'x' })).id;
    routerId = (await store.create('request', request(anaId, { title: 'Router keeps rebooting', openedAt: '2026-11-01T09:00:00.000Z' }), { by: 'x' })).id;
    el = await fixture<CustomerContext>(html`<customer-context agent-id="agent-1" database=${db}></customer-context>`);
    await el.ready;
    await settle(el);
  });
  afterEach(async () => {
    el.remove();
    await store.destroy();
  });

  it('says which request the call went into, and "Start a new request instead" moves it there', async function () {
    this.timeout(60_000);
    await call();
    expect(line()!.hidden).to.equal(false);
    const note = text(line()!.shadowRoot!.querySelector('[part=note]'));
    expect(note).to.match(/^Added to request Router keeps rebooting \(opened .*2026.*\)\./);
    await expect(el).to.be.accessible();

    button()!.focus();
    await sendKeys({ press: 'Enter' });
    await until(el.agentSession!, () => el.agentSession!.workspace(anaId)?.request?.id !== routerId);
    await settle(el);
    await line()!.updateComplete;
    const moved = (await store.activityByInteraction('c1'))!;
    const now = el.agentSession!.workspace(anaId)!;
    expect(moved.requestId).to.equal(now.request!.id);
    expect(line()!.hidden, 'the line goes once the choice is made').to.equal(true);
    expect(title().value, 'the new request is the one in the editor').to.equal('');
    expect((await store.get('request', routerId))!.status).to.equal('open');
    expect(text(el.shadowRoot!.querySelector('[role=status]'))).to.equal('The contact is now in a new request.');
    await waitUntil(() => deepActive() !== document.body && deepActive() !== null, 'focus not lost');
  });

  it('not offered once the agent typed on the request, nor for a request the call created', async () => {
    await call();
    title().focus();
    await sendKeys({ type: ' again' });
    await settle(el);
    await line()!.updateComplete;
    expect(line()!.hidden).to.equal(true);
    expect(button()).to.equal(null);

    // A customer with no open request: R2.5 made the request for the call; nothing to offer.
    const bo = await store.create('customer', customer({ name: 'Bo', phones: ['700 000 002'] }), { by: 'x' });
    el.receive(started('c2', '700000002'));
    await until(el.agentSession!, () => el.agentSession!.workspace(bo.id)?.request != null);
    el.agentSession!.activate(bo.id);
    await settle(el);
    await line()!.updateComplete;
    expect(line()!.hidden).to.equal(true);
  });

  it('the store refuses (another agent changed the activity first): it says so, nothing moves, the new request does not stay open', async function () {
    this.timeout(60_000);
    await call();
    const other = new IndexedDbStore({ name: db });
    try {
      const current = (await other.activityByInteraction('c1'))!;
      const { requestId, channel, interactionId, at, subject, notes } = current;
      await other.update('activity', current.id, current.rev, activity(anaId, { requestId, channel, interactionId, at, subject, notes, tags: ['theirs'] }), { by: 'agent-2' });
      button()!.click();
      await waitUntil(() => text(find(el, '.notice')).length > 0, 'the refusal is shown');
      expect(text(find(el, '.notice'))).to.contain('Another agent changed this record');
      expect((await store.activityByInteraction('c1'))!.requestId).to.equal(routerId);
      const open = (await store.requestsOf(anaId)).filter((r) => r.status === 'open');
      expect(open.map((r) => r.id)).to.deep.equal([routerId]);
      expect(el.agentSession!.workspace(anaId)!.request!.id).to.equal(routerId);
    } finally {
      other.close();
    }
  });
});
