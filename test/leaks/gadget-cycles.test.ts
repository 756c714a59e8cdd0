import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { customer } from '../helpers/data.js';
import { find, settle } from '../helpers/gadget.js';
import { until } from '../helpers/session.js';

// Issue #20 item 2 (a shift in minutes), through the whole gadget: interactions opened, typed
// into, saved and closed, in both modes and two locales, leave nothing behind on `window` or
// `document` (listeners), no timer running and no session bookkeeping per interaction. Counted
// after a first round (warm) and again after more rounds: the counts are the same.

let counter = 0;
const AT = '2026-11-22T10:00:00.000Z';

/** Listeners added to `window` and `document` and not removed, and timers made and not yet run or cleared, from `install()` on. */
class Census {
  private readonly listeners = new Set<string>();
  private readonly timers = new Set<number>();
  private readonly undo: Array<() => void> = [];

  install(): void {
    const listeners = this.listeners;
    const proto = EventTarget.prototype;
    const add = proto.addEventListener;
    const remove = proto.removeEventListener;
    const ids = new WeakMap<object, number>();
    let next = 0;
    const keyOf = (target: EventTarget, type: string, listener: unknown, options: unknown) => {
      const fn = listener as object;
      if (!ids.has(fn)) ids.set(fn, next++);
      const capture = typeof options === 'boolean' ? options : Boolean((options as { capture?: boolean } | undefined)?.capture);
      return `${target === window ? 'window' : 'document'} ${type} ${ids.get(fn)} ${capture}`;
    };
    proto.addEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
      if (listener && (this === window || this === document)) listeners.add(keyOf(this, type, listener, options));
      return add.call(this, type, listener, options);
    };
    proto.removeEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) {
      if (listener && (this === window || this === document)) listeners.delete(keyOf(this, type, listener, options));
      return remove.call(this, type, listener, options);
    };
    const timers = this.timers;
    const setT = window.setTimeout;
    const clearT = window.clearTimeout;
    const setI = window.setInterval;
    const clearI = window.clearInterval;
    window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
      let id = 0;
      const run = typeof handler === 'function' ? (...a: unknown[]) => (timers.delete(id), (handler as (...b: unknown[]) => unknown)(...a)) : handler;
      id = setT(run, ms, ...args);
      timers.add(id);
      return id;
    }) as typeof window.setTimeout;
    window.setInterval = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
      const id = setI(handler, ms, ...args);
      timers.add(id);
      return id;
    }) as typeof window.setInterval;
    window.clearTimeout = ((id?: number) => {
      if (id !== undefined) timers.delete(id);
      clearT(id);
    }) as typeof window.clearTimeout;
    window.clearInterval = ((id?: number) => {
      if (id !== undefined) timers.delete(id);
      clearI(id);
    }) as typeof window.clearInterval;
    this.undo.push(() => {
      proto.addEventListener = add;
      proto.removeEventListener = remove;
      Object.assign(window, { setTimeout: setT, clearTimeout: clearT, setInterval: setI, clearInterval: clearI });
    });
  }

  uninstall(): void {
    for (const undo of this.undo.splice(0)) undo();
  }

  count(): { listeners: number; timers: number } {
    return { listeners: this.listeners.size, timers: this.timers.size };
  }
}

function type(field: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  field.value = text;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: text }));
}

describe('leaks: the gadget after many interactions (issue #20)', () => {
  let db: string;
  let store: IndexedDbStore;
  let el: CustomerContext;
  const census = new Census();

  beforeEach(async () => {
    db = `cc-leaks-${Date.now()}-${counter++}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
    for (let k = 0; k < 3; k++) await store.create('customer', customer({ name: `Known ${k}`, phones: [`+34 600 000 00${k}`] }), { by: 'x' });
    census.install();
    el = await fixture<CustomerContext>(html`<customer-context agent-id=${`agent-leaks-${counter}`} database=${db} lang="en"></customer-context>`);
    await el.ready;
  });
  afterEach(async () => {
    el.remove();
    census.uninstall();
    await store.destroy();
  });

  /** One interaction from a known caller: it arrives, the agent types a title and saves, the host ends it, the agent closes it. */
  async function round(n: number): Promise<void> {
    const session = el.agentSession!;
    const interactionId = `leak-${counter}-${n}`;
    const event = { interactionId, channel: 'voice', from: { phone: `+34 600 000 00${n % 3}` }, at: AT };
    if (el.mode === 'care') {
      expect(el.receive({ type: 'interaction.offered', autoAssigned: false, ...event }).ok).to.equal(true);
      expect((await session.accept(interactionId)).ok).to.equal(true);
    } else expect(el.receive({ type: 'interaction.started', ...event }).ok).to.equal(true);
    await session.idle();
    const workspace = () => session.state.open.find((w) => w.interaction?.interactionId === interactionId);
    await until(session, () => workspace()?.customer !== undefined && workspace()?.customer !== null);
    await settle(el);
    const editor = find(el, 'request-editor')!;
    type(editor.shadowRoot!.querySelector<HTMLInputElement>('[part~="title-input"]')!, `Request ${n}`);
    await settle(el);
    expect((await session.save(workspace()!.key)).ok).to.equal(true);
    expect(el.receive({ type: 'interaction.ended', interactionId, at: AT }).ok).to.equal(true);
    await session.idle();
    expect((await session.close(workspace()!.key, null)).ok).to.equal(true);
    await session.idle();
    await session.historySettled();
    await settle(el);
  }

  it('window and document listeners, timers and the session footprint are the same after 4 rounds and after 16 (modes and locales switched)', async function () {
    this.timeout(60_000);
    for (let n = 0; n < 4; n++) await round(n);
    const warm = { ...census.count(), ...el.agentSession!.footprint() };
    // The census sees the gadget's own (the page being hidden or left: the drafts go out).
    expect(warm.listeners).to.be.greaterThan(0);
    for (let n = 4; n < 16; n++) {
      if (n === 6) el.lang = 'es';
      if (n === 8) el.mode = 'care';
      if (n === 11) el.mode = 'context';
      if (n === 13) el.lang = 'en';
      await round(n);
    }
    // A timer still to run from the last round (a debounce, a draft written a moment later) is not a leak: it runs out.
    await waitUntil(() => census.count().timers <= warm.timers, `timers back to ${warm.timers}`, { timeout: 5000 });
    const after = { ...census.count(), ...el.agentSession!.footprint() };
    // The closed interactions remembered grow up to their bound (CLOSED_KEPT), not compared here.
    expect({ ...after, interactions: 0 }).to.deep.equal({ ...warm, interactions: 0 });
    expect(after.interactions).to.equal(16);
  });
});
