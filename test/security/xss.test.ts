import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { call, chat, started } from '../helpers/events.js';
import { until } from '../helpers/session.js';
import { screenOf, screenText } from '../helpers/gadget.js';
import { XSS_PAYLOADS } from './payloads.js';

declare global {
  interface Window {
    __xss?: (n: number) => void;
  }
}

/** Every element in the page, through every shadow root. */
function allElements(rootNode: Document | ShadowRoot = document): Element[] {
  const out: Element[] = [];
  for (const el of rootNode.querySelectorAll('*')) {
    out.push(el);
    if (el.shadowRoot) out.push(...allElements(el.shadowRoot));
  }
  return out;
}

/** What a payload could have added: script-capable elements or any on* attribute or javascript: URL. */
function injected(): string[] {
  const found: string[] = [];
  for (const el of allElements()) {
    const tag = el.localName;
    const outsideHead = !el.closest('head') && !(tag === 'script' && el.parentElement === document.body);
    if (outsideHead && ['script', 'iframe', 'img', 'object', 'embed', 'video', 'audio', 'base', 'meta', 'link', 'xss', 'marquee', 'math', 'a', 'foreignobject', 'animate', 'style'].includes(tag)) {
      found.push(`<${tag}>`);
    }
    for (const attr of el.getAttributeNames()) {
      if (attr.startsWith('on')) found.push(`${tag}[${attr}]`);
      if (/^\s*javascript:/i.test(el.getAttribute(attr) ?? '')) found.push(`${tag}[${attr}=javascript:]`);
    }
  }
  return found;
}

describe('XSS: customer text stays text', () => {
  let hits: number[];
  let db: string;
  let el: CustomerContext;
  let store: IndexedDbStore;

  beforeEach(async () => {
    hits = [];
    window.__xss = (n) => hits.push(n);
    localStorage.clear();
    db = `xss-${Date.now()}-${Math.random()}`;
    store = new IndexedDbStore({ name: db });
    el = await fixture<CustomerContext>(html`<customer-context agent-id="xss" database=${db}></customer-context>`);
    await el.ready;
  });
  afterEach(async () => {
    el.remove();
    await store.destroy();
    delete window.__xss;
  });

  it(`renders ${XSS_PAYLOADS.length} payloads in every host-event field as text`, async () => {
    expect(XSS_PAYLOADS.length).to.be.at.least(50);
    let n = 0;
    for (const payload of XSS_PAYLOADS) {
      const id = `xss-${n++}`;
      const channel = (['voice', 'chat', 'email'] as const)[n % 3]!;
      const result = el.receive(started(id, channel, { name: payload, phone: payload, email: payload, chatId: payload }, { subject: payload }));
      expect(result.ok, payload).to.equal(true);
    }
    await until(el.agentSession!, () => el.agentSession!.state.open.length === XSS_PAYLOADS.length);
    for (const ws of el.agentSession!.state.open.slice(0, 10)) {
      el.agentSession!.activate(ws.key);
      await el.updateComplete;
    }
    await el.updateComplete;
    const text = screenText(el);
    expect(text).to.contain(XSS_PAYLOADS[1]!.slice(0, 20));
    expect(injected()).to.deep.equal([]);
    expect(hits).to.deep.equal([]);
  });

  it('renders payloads saved in every record field (title, description, tags, name, address, journey) as text', async () => {
    const payloads = XSS_PAYLOADS;
    const customer = await store.create(
      'customer',
      { name: payloads[2]!, phones: ['555 9999', payloads[3]!], emails: [payloads[4]!], chatIds: [payloads[5]!], address: payloads[6]!, fields: { [payloads[7]!]: payloads[8]! } },
      { by: payloads[9]! },
    );
    await store.create('request', { customerId: customer.id, title: payloads[10]!, description: payloads[11]!, status: 'open', openedAt: '2026-01-01T00:00:00Z', closedAt: null }, { by: 'x' });
    for (let i = 12; i < payloads.length; i++) {
      await store.create('activity', {
        customerId: customer.id, requestId: null, channel: 'chat', interactionId: null,
        at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), subject: payloads[i]!, notes: payloads[i]!,
        tags: [payloads[i]!.slice(0, 50)],
      }, { by: 'x' });
    }
    el.receive(call('x-1', { phone: '5559999' }));
    await until(el.agentSession!, () => (el.agentSession!.workspace(customer.id)?.journey.length ?? 0) > 10);
    await el.updateComplete;
    screenOf(el).querySelector<HTMLButtonElement>('.customer-name')!.click();
    await el.updateComplete;
    for (const child of screenOf(el).querySelectorAll('customer-form, request-editor, tag-input, journey-view')) {
      await (child as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    }
    const journey = screenOf(el).querySelector('journey-view')!;
    const list = journey.shadowRoot!.querySelector<HTMLElement>('[role=listbox]')!;
    list.focus();
    for (let i = 0; i < 8; i++) await sendKeys({ press: 'ArrowDown' });
    expect(injected()).to.deep.equal([]);
    expect(hits).to.deep.equal([]);
  });

  it('keeps payloads typed through the UI as text', async () => {
    el.receive(chat('ui-1', { chatId: 'ui-guest' }));
    await until(el.agentSession!, () => el.agentSession!.state.open.length === 1);
    await el.updateComplete;
    const editor = screenOf(el).querySelector('request-editor')!;
    await (editor as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    const title = editor.shadowRoot!.querySelector<HTMLInputElement>('[part=title-input]')!;
    title.focus();
    await sendKeys({ type: XSS_PAYLOADS[1]! });
    const tags = screenOf(el).querySelector('tag-input')!;
    tags.shadowRoot!.querySelector<HTMLInputElement>('input')!.focus();
    for (const payload of XSS_PAYLOADS.slice(0, 6)) {
      await sendKeys({ type: payload.slice(0, 50) });
      await sendKeys({ press: 'Enter' });
    }
    const form = screenOf(el).querySelector('customer-form')!;
    form.shadowRoot!.querySelector<HTMLInputElement>('[part=name-input]')!.focus();
    await sendKeys({ type: XSS_PAYLOADS[2]! });
    await sendKeys({ press: 'Enter' });
    await until(el.agentSession!, () => el.agentSession!.state.open[0]?.customer !== null);
    await el.updateComplete;
    expect(el.agentSession!.state.open[0]!.customer!.name).to.equal(XSS_PAYLOADS[2]);
    expect(injected()).to.deep.equal([]);
    expect(hits).to.deep.equal([]);
  });
});
