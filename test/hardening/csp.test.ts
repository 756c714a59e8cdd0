import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import type { Activity } from '../../src/model/index.js';
import { activity, customer, request } from '../helpers/data.js';
import { call, chat, hostContext, offered } from '../helpers/events.js';
import { until } from '../helpers/session.js';
import { find, findAll, screenOf, screenText } from '../helpers/gadget.js';
import type { Violation } from './fixtures/csp-watch.js';

// Strict CSP (docs/security.md): the gadget and the demo page work when
// served with
//   Content-Security-Policy: script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'
// as a real HTTP header (the runner's middleware adds it to any page asked for with
// `?csp=strict`, scripts/hardening.mjs). The runner's own test page has inline scripts, so
// each page runs in an iframe of the test page; fixtures/csp-watch.ts, the first module of
// each page, records every `securitypolicyviolation`. A positive control at the end of each
// test proves the policy was in force: an inline script, a style attribute and eval are refused.

const POLICY = "script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'";

interface FrameWindow extends Window {
  __cspViolations: Violation[];
  __cspErrors: string[];
  __cspProbe: () => Promise<Violation[]>;
}

async function openFrame(src: string): Promise<{ frame: HTMLIFrameElement; win: FrameWindow; doc: Document }> {
  const frame = document.createElement('iframe');
  frame.title = 'page under a strict CSP';
  frame.style.width = '1000px';
  frame.style.height = '800px';
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  frame.src = src;
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as FrameWindow;
  return { frame, win, doc: frame.contentDocument! };
}

function shadow(el: Element | null | undefined, selector: string): HTMLElement {
  // The gadget's screen spans its own shadow root and those of its pane, work area and dialog.
  const found = el?.localName === 'customer-context' ? find<HTMLElement>(el, selector) : el?.shadowRoot?.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`${selector} not found`);
  return found;
}

function buttonNamed(root: ParentNode, name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`button ${name} not found`);
  return found;
}

async function settle(el: CustomerContext): Promise<void> {
  await el.updateComplete;
  for (const child of findAll(el, 'request-editor, tag-input, customer-form, journey-view, task-queue')) {
    await (child as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  }
}

/** Violations, one line per distinct directive and place (a render loop repeats them). */
function summary(violations: readonly Violation[]): string[] {
  const counts = new Map<string, number>();
  for (const v of violations) {
    const key = `${v.directive} refused ${v.blocked || 'inline'} at ${v.source.replace(location.origin, '')}:${v.line}${v.sample ? ` (${v.sample})` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${n} × ${key}`);
}

/** Fills a text input of the iframe the way typing does: value, then an `input` event. */
function typeInto(input: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  input.focus();
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: text, inputType: 'insertText' }));
}

describe('Strict CSP: served as a header, zero violations during a full flow', function () {
  this.timeout(120000);
  const frames: HTMLIFrameElement[] = [];
  const stores: IndexedDbStore[] = [];

  afterEach(async () => {
    for (const frame of frames.splice(0)) frame.remove();
    for (const store of stores.splice(0)) await store.destroy();
  });

  it('the fixture page really gets the header', async () => {
    const response = await fetch('/test/hardening/fixtures/csp-gadget.html?csp=strict');
    expect(response.headers.get('content-security-policy')).to.equal(POLICY);
    const plain = await fetch('/test/hardening/fixtures/csp-gadget.html');
    expect(plain.headers.get('content-security-policy')).to.equal(null);
  });

  it('the gadget: call in, create the customer, type, tag, save, close, reopen, a known customer\'s journey, the close dialog, another locale, care mode', async () => {
    const db = `csp-${Date.now()}`;
    // A known customer with a journey of 80 activities (the virtualised list positions rows with styleMap).
    const seed = new IndexedDbStore({ name: db });
    stores.push(seed);
    const known = await seed.create('customer', customer({ name: 'Known Customer', phones: ['+34 600 700 800'] }), { by: 'seed' });
    await seed.create('request', request(known.id), { by: 'seed' });
    const rows: Activity[] = [];
    for (let i = 0; i < 80; i++) {
      rows.push({
        ...activity(known.id, { at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), notes: `note ${i}`, tags: [`t${i % 5}`] }),
        type: 'activity', id: `activity:csp-${i}`, rev: '1-x', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'seed',
      });
    }
    await seed.import(rows);

    const { frame, win, doc } = await openFrame(`/test/hardening/fixtures/csp-gadget.html?csp=strict&db=${db}&agent=csp-1`);
    frames.push(frame);
    await win.customElements.whenDefined('customer-context');
    const el = doc.querySelector('customer-context') as CustomerContext;
    await el.ready;
    const session = () => el.agentSession!;

    // Call in from an unknown contact: the Create form.
    expect(el.receive(chat('csp-chat-1', { chatId: 'csp-guest', name: 'Guest' }, { subject: 'Billing' }))).to.deep.equal({ ok: true });
    await until(session(), () => session().state.open.length === 1);
    await settle(el);
    const form = shadow(el, 'customer-form');
    const name = shadow(form, '[part=name-input]') as HTMLInputElement;
    typeInto(name, 'Cleo Strict');
    await settle(el);
    shadow(form, '[part=submit-button]').click();
    await until(session(), () => session().state.open[0]?.customer !== null);
    await settle(el);
    const key = session().state.activeKey!;

    // Type the request, add tags (through the keyboard), save.
    const editor = shadow(el, 'request-editor');
    typeInto(shadow(editor, '[part=title-input]') as HTMLInputElement, 'Router keeps rebooting');
    typeInto(shadow(editor, '[part=description-input]') as HTMLTextAreaElement, 'Since Monday, every hour.');
    await settle(el);
    const tagField = shadow(shadow(el, 'tag-input'), 'input') as HTMLInputElement;
    frame.focus();
    tagField.focus();
    await sendKeys({ type: 'router' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ type: 'urgent' });
    await sendKeys({ press: 'Tab' });
    await until(session(), () => session().workspace(key)?.activityDraft?.tags.length === 2);
    await settle(el);
    buttonNamed(screenOf(el), 'Save').click();
    await until(session(), () => !session().isDirty(session().workspace(key)!));
    expect(session().workspace(key)!.request!.title).to.equal('Router keeps rebooting');
    expect(session().workspace(key)!.activity!.tags).to.deep.equal(['router', 'urgent']);

    // Close, then reopen from Recent.
    buttonNamed(shadow(el, 'header'), 'Close').click();
    await until(session(), () => session().state.open.length === 0);
    await settle(el);
    shadow(el, '#tab-recent').click();
    await settle(el);
    [...shadow(el, '#panel-recent').querySelectorAll('button')].find((b) => b.querySelector('.name')?.textContent === 'Cleo Strict')!.click();
    await until(session(), () => session().state.open.length === 1);
    await settle(el);

    // A known customer: the journey renders (virtualised rows), entries selected and hovered.
    el.receive(call('csp-call-2', { phone: '34600700800' }, { at: '2026-11-22T11:00:00Z' }));
    await until(session(), () => (session().workspace(known.id)?.journey.length ?? 0) > 50);
    await settle(el);
    const journey = shadow(el, 'journey-view');
    const options = journey.shadowRoot!.querySelectorAll<HTMLElement>('[role=option]');
    expect(options.length).to.be.greaterThan(0);
    // What a refused inline style would break: the virtualised rows must sit one under the other.
    const rowTops = [...options].slice(0, 4).map((o) => Math.round(o.getBoundingClientRect().top));
    const spacerHeight = Math.round(journey.shadowRoot!.querySelector<HTMLElement>('.spacer')?.getBoundingClientRect().height ?? 0);
    options[1]?.dispatchEvent(new MouseEvent('mouseover', { bubbles: true, composed: true }));
    options[1]?.click();
    await settle(el);

    // Unsaved input, then Close: the modal dialog; Discard.
    session().editRequest(known.id, { description: 'not saved' });
    await settle(el);
    buttonNamed(shadow(el, 'header'), 'Close').click();
    await waitUntil(() => (find(el, 'dialog') as HTMLDialogElement).open, 'the close dialog opens');
    buttonNamed(find(el, 'dialog')!, 'Discard').click();
    await until(session(), () => !session().workspace(known.id));

    // Another locale (its module is loaded on demand), then care mode with a task and its preview.
    el.receive(hostContext('csp-1', { agentName: 'Strict', locale: 'de', timeZone: 'Europe/Berlin' }));
    await waitUntil(() => screenText(el).includes('Kunde') || screenText(el).includes('Kunden'), 'German texts');
    el.mode = 'care';
    await settle(el);
    el.receive(offered('csp-task-1', { phone: '34600700800' }, { at: '2026-11-22T12:00:00Z', autoAssigned: false }));
    await until(session(), () => session().state.tasks.length === 1);
    await settle(el);
    const queue = shadow(el, 'task-queue');
    const task = [...queue.shadowRoot!.querySelectorAll<HTMLElement>('[role=option], li button, [data-task]')][0];
    task?.click();
    await settle(el);

    const flowCount = win.__cspViolations.length;
    const flow = summary(win.__cspViolations);
    // The positive control: the policy was in force all along.
    const refused = await win.__cspProbe();
    expect(refused.map((v) => v.directive).sort()).to.deep.equal(['script-src', 'script-src-elem', 'style-src-attr']);
    console.log(`strict CSP, gadget: ${flowCount} violations over the full flow (create, type, tags, save, close, reopen, journey, dialog, locale, care mode); the control's 3 refused`);
    expect(flow).to.deep.equal([]);
    expect(win.__cspErrors).to.deep.equal([]);
    expect(new Set(rowTops).size, `journey rows at ${rowTops.join(', ')}`).to.equal(rowTops.length);
    expect(spacerHeight).to.be.greaterThan(0);
  });

  it('the demo page: sample data, calls from known and unknown contacts, a malformed event, care mode', async function () {
    // demo/index.html itself: nothing inline that the policy would refuse.
    const page = new DOMParser().parseFromString(await (await fetch('/demo/index.html')).text(), 'text/html');
    const inline = [
      ...[...page.querySelectorAll('script')].filter((s) => !s.src).map(() => 'inline <script>'),
      ...[...page.querySelectorAll('style')].map(() => '<style>'),
      ...[...page.querySelectorAll('*')].flatMap((e) => e.getAttributeNames().filter((a) => a === 'style' || a.startsWith('on')).map((a) => `[${a}]`)),
    ];
    expect(inline).to.deep.equal([]);
    // (the dev server injects its own web-socket module; a static server would not)
    const modules = [...page.querySelectorAll<HTMLScriptElement>('script[type=module][src]')].filter((s) => !s.getAttribute('src')!.startsWith('/__web-dev-server__'));
    expect(modules.map((s) => s.getAttribute('src'))).to.deep.equal(['./demo.ts']);

    const { frame, win, doc } = await openFrame('/test/hardening/fixtures/csp-demo.html?csp=strict&agent=csp-demo');
    frames.push(frame);
    await waitUntil(() => doc.querySelector('.log')?.textContent?.includes('host.context'), 'the demo seeded its sample data', { timeout: 90000, interval: 200 });
    const el = doc.querySelector('customer-context') as CustomerContext;
    await el.ready;
    const host = doc.querySelector('.host')!;
    const fieldsets = host.querySelectorAll('fieldset');
    buttonNamed(fieldsets[0]!, 'Call').click();
    await until(el.agentSession!, () => (el.agentSession!.state.open[0]?.journey.length ?? 0) > 0);
    await settle(el);
    const unknown = [...host.querySelectorAll('fieldset')].find((f) => f.querySelector('legend')?.textContent === 'Unknown contact')!;
    buttonNamed(unknown, 'Chat').click();
    await until(el.agentSession!, () => el.agentSession!.state.open.length === 2);
    await settle(el);
    buttonNamed(host, 'Send a malformed event').click();
    const select = host.querySelector('select')!;
    select.value = 'care';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => el.getAttribute('mode') === 'care', 'care mode');
    await settle(el);
    buttonNamed(host, 'Offer a task').click();
    await until(el.agentSession!, () => el.agentSession!.state.tasks.some((t) => t.status !== 'in-progress'));
    await settle(el);

    const flowCount = win.__cspViolations.length;
    const flow = summary(win.__cspViolations);
    const refused = await win.__cspProbe();
    expect(refused.map((v) => v.directive).sort()).to.deep.equal(['script-src', 'script-src-elem', 'style-src-attr']);
    console.log(`strict CSP, demo page: ${flowCount} violations (seeding 5,000 records, known and unknown calls, malformed event, care mode); the control's 3 refused`);
    expect(flow).to.deep.equal([]);
    expect(win.__cspErrors).to.deep.equal([]);
    await win.indexedDB.databases().then((dbs) => Promise.all(dbs.map((d) => new Promise((resolve) => {
      const request = win.indexedDB.deleteDatabase(d.name!);
      request.onsuccess = request.onerror = request.onblocked = resolve;
    }))));
  });
});
