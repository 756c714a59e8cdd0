import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import type { Activity } from '../../src/model/index.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { until } from '../helpers/session.js';
import { chat, hostContext, offered } from '../helpers/events.js';
import { screenOf } from '../helpers/gadget.js';
import { injected } from './dom-scan.js';
import { XSS_PAYLOADS } from './payloads.js';

// The XSS corpus (payloads.ts) in the views xss.test.ts does not reach: the Customer Care
// task queue and its preview (customer, request and a journey browsed before Accept), the
// caution naming the other agent and the side-by-side choices after Load, the Recent and
// Search lists, and host.context's agent name. Same sentinel (`window.__xss`), same DOM scan.

declare global {
  interface Window {
    __xss?: (n: number) => void;
  }
}

const P = XSS_PAYLOADS;
const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();

async function settle(el: CustomerContext): Promise<void> {
  await el.updateComplete;
  const walk = async (root: ShadowRoot) => {
    for (const child of root.querySelectorAll('*')) {
      const update = (child as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
      if (update) await update;
      if (child.shadowRoot) await walk(child.shadowRoot);
    }
  };
  await walk(el.shadowRoot!);
}

function deepText(root: ShadowRoot | Element): string {
  let text = root.textContent ?? '';
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) text += deepText(el.shadowRoot);
  return text;
}

describe(`XSS: ${P.length} payloads in the views the first corpus test does not reach`, function () {
  this.timeout(60000);
  let hits: number[];
  let db: string;
  let el: CustomerContext;
  let store: IndexedDbStore;

  beforeEach(async () => {
    hits = [];
    window.__xss = (n) => hits.push(n);
    localStorage.clear();
    db = `xss-views-${Date.now()}-${Math.random()}`;
    store = new IndexedDbStore({ name: db });
  });
  afterEach(async () => {
    el?.remove();
    await store.destroy();
    delete window.__xss;
  });

  async function payloadCustomer(phone: string) {
    const customer = await store.create('customer', { name: P[2]!, phones: [phone, P[3]!], emails: [P[4]!], chatIds: [P[5]!], address: P[6]!, fields: { [P[7]!]: P[8]! } }, { by: P[9]! });
    await store.create('request', { customerId: customer.id, title: P[10]!, description: P[11]!, status: 'open', openedAt: at(0), closedAt: null }, { by: P[12]! });
    const rows: Activity[] = P.map((p, i) => ({
      customerId: customer.id, requestId: null, channel: (['voice', 'chat', 'email', 'note', 'other'] as const)[i % 5], interactionId: null,
      at: at(i + 1), subject: p, notes: p, tags: [p.slice(0, 50), `t${i}`],
      type: 'activity', id: `activity:${i}-${p.slice(0, 40)}`, rev: '1-x', createdAt: at(i), updatedAt: at(i), updatedBy: p,
    }));
    await store.import(rows);
    return customer;
  }

  it(`care mode: ${P.length} offered tasks with payloads in every field and id, the preview with its journey browsed`, async () => {
    const customer = await payloadCustomer('555 7777');
    el = await fixture<CustomerContext>(html`<customer-context agent-id="xss-care" database=${db} mode="care"></customer-context>`);
    await el.ready;
    P.forEach((p, i) => {
      const result = el.receive(
        offered(`${i}-${p}`.slice(0, 200), i === 0 ? { phone: '5557777', name: p } : { name: p, phone: p, email: p, chatId: p }, {
          channel: (['voice', 'chat', 'email'] as const)[i % 3],
          subject: p,
          at: at(i),
          autoAssigned: false,
        }),
      );
      expect(result.ok, p).to.equal(true);
    });
    await until(el.agentSession!, () => el.agentSession!.state.tasks.length === P.length);
    await settle(el);
    const queue = el.shadowRoot!.querySelector('task-queue')!;
    const tasks = [...queue.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[part=task]')];
    expect(tasks.length).to.equal(P.length);
    // The known customer's task: the preview shows customer, request and the journey before Accept.
    tasks[0]!.click();
    await waitUntil(() => queue.shadowRoot!.querySelector('[part=preview] journey-view'), 'the preview with its journey');
    await settle(el);
    const journey = queue.shadowRoot!.querySelector('[part=preview] journey-view')!;
    await waitUntil(() => journey.shadowRoot!.querySelectorAll('[role=option]').length > 5, 'journey rows');
    const list = journey.shadowRoot!.querySelector<HTMLElement>('[role=listbox]')!;
    list.focus();
    for (let i = 0; i < 12; i++) await sendKeys({ press: 'ArrowDown' });
    for (const row of [...journey.shadowRoot!.querySelectorAll('[role=option]')].slice(0, 6)) {
      row.dispatchEvent(new PointerEvent('pointerenter'));
      await settle(el);
    }
    // Other tasks: their previews (unknown contacts) render the payload names as text.
    for (const task of tasks.slice(1, 8)) {
      task.click();
      await settle(el);
    }
    await settle(el);
    expect(deepText(el.shadowRoot!)).to.contain(P[2]!.slice(0, 20));
    expect(deepText(queue.shadowRoot!)).to.contain(P[20]!.slice(0, 20));
    expect(customer.name).to.equal(P[2]);
    expect(injected()).to.deep.equal([]);
    expect(hits).to.deep.equal([]);
  });

  it('the caution names the other agent as text, and Load shows both sides of each field as text', async () => {
    const customer = await payloadCustomer('555 8888');
    el = await fixture<CustomerContext>(html`<customer-context agent-id="xss-caution" database=${db}></customer-context>`);
    await el.ready;
    el.receive(hostContext('xss-caution', { agentName: P[13]!, locale: P[14]!.slice(0, 35), timeZone: P[15]!.slice(0, 64) }));
    el.receive(chat(P[16]!.slice(0, 200), { phone: '5558888', name: P[17]! }, { subject: P[18]!, at: at(90) }));
    const session = el.agentSession!;
    await until(session, () => (session.workspace(customer.id)?.journey.length ?? 0) > 0);
    const draft = session.workspace(customer.id)!.customerDraft;
    session.editCustomer(customer.id, { ...draft, name: P[19]!, address: P[20]! });
    const other = new IndexedDbStore({ name: db });
    try {
      const current = (await other.get('customer', customer.id))!;
      await other.update('customer', customer.id, current.rev, { ...draft, name: P[21]!, address: P[22]! }, { by: P[23]! });
    } finally {
      other.close();
    }
    await until(session, () => session.workspace(customer.id)!.cautions.length === 1);
    await settle(el);
    const caution = screenOf(el).querySelector('[part=caution]')!;
    expect(caution.textContent).to.contain(P[23]!.slice(0, 30));
    [...caution.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Load')!.click();
    await until(session, () => session.workspace(customer.id)!.choices.length === 1);
    await settle(el);
    const choices = screenOf(el).querySelector('.choices')!;
    expect(choices.textContent).to.contain(P[19]!.slice(0, 20)).and.to.contain(P[21]!.slice(0, 20)).and.to.contain(P[22]!.slice(0, 20));
    screenOf(el).querySelector<HTMLButtonElement>('.customer-name')!.click();
    await settle(el);
    expect(injected()).to.deep.equal([]);
    expect(hits).to.deep.equal([]);
  });

  it('the DOM scan finds what it looks for (control)', async () => {
    el = await fixture<CustomerContext>(html`<customer-context agent-id="xss-control" database=${db}></customer-context>`);
    await el.ready;
    expect(injected()).to.deep.equal([]);
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.__xss(0)');
    el.shadowRoot!.append(img);
    const link = document.createElement('span');
    link.setAttribute('title', 'javascript:void 0');
    el.shadowRoot!.append(link);
    expect(injected()).to.deep.equal(['<img>', 'img[onerror]', 'span[title=javascript:]']);
    img.remove();
    link.remove();
  });

  it(`the Recent and Search lists show ${P.length} payload names as text`, async () => {
    el = await fixture<CustomerContext>(html`<customer-context agent-id="xss-lists" database=${db}></customer-context>`);
    await el.ready;
    const session = el.agentSession!;
    const ids: string[] = [];
    for (const [i, p] of P.entries()) ids.push((await store.create('customer', { name: `${p} zeta${i}`, phones: [], emails: [], chatIds: [], address: '', fields: {} }, { by: 'x' })).id);
    for (const id of ids.slice(0, 20)) {
      await session.reopen(id);
      await session.close(id);
    }
    await settle(el);
    screenOf(el).querySelector<HTMLElement>('#tab-recent')!.click();
    await settle(el);
    expect(screenOf(el).querySelector('#panel-recent')!.textContent).to.contain(P[0]!.slice(0, 20));
    screenOf(el).querySelector<HTMLElement>('#tab-search')!.click();
    await settle(el);
    const search = screenOf(el).querySelector<HTMLInputElement>('#panel-search input')!;
    search.focus();
    await sendKeys({ type: 'zeta' });
    await waitUntil(() => screenOf(el).querySelectorAll('#panel-search li').length >= 20, 'search results');
    await settle(el);
    expect(injected()).to.deep.equal([]);
    expect(hits).to.deep.equal([]);
  });
});
