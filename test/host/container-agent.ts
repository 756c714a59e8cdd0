/**
 * The test page's remote control inside a gadget rendered by the Shindig
 * stand-in (scripts/shindig-container.mjs serves it as a classic script at
 * /gadgets/test-agent.js, first in the page's head). The gadget runs on
 * another origin than the test page, so the test cannot reach into it: it
 * posts `{ ccTest: id, command, args }` to the iframe and this script answers
 * `{ ccTest: id, ok: true, value }` or `{ ccTest: id, ok: false, error }` to
 * the test page's origin. It also records every error the page's scripts raise
 * (a script that does not parse is one), which the test reads with `state`.
 *
 * It drives the same stand-ins as test/host/gadget-harness.ts: the `gadgets`
 * container (window.__fakeContainer), finesse.js (window.__fakeFinesse) and the
 * ResizeObserver spy; it seeds the gadget's store through the API the classic
 * bundle exposes (`window.CustomerContext.IndexedDbStore`).
 */
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import type * as Api from '../../src/index.js';
import type { CustomerData } from '../../src/model/index.js';
import type { DialogData } from '../fixtures/finesse/finesse-data.js';
import { find } from '../helpers/gadget.js';

/** What `state` answers: enough for the test to see whether and how the gadget runs. */
export interface GadgetState {
  /** Errors raised in the page (uncaught exceptions, scripts that failed to parse, rejected promises). */
  errors: string[];
  /** The page's scripts with a src, as the container rendered them. */
  scripts: { src: string; type: string | null }[];
  /** `<customer-context>` is defined (the bundle ran). */
  defined: boolean;
  hasGadgets: boolean;
  hasFinesse: boolean;
  /** The bundle assigned `gadgets.HubSettings.onConnect` (the Finesse bridge started). */
  onConnect: boolean;
  /** `Object.keys(window.CustomerContext)`, sorted; null when there is none. */
  api: string[] | null;
  adjustHeightCalls: number;
  dismissCount: number;
  agentId: string | null;
  /** The open work areas: interaction and customer name. */
  open: { interactionId: string | null; customer: string | null }[];
  /** The text of the Open panel. */
  openPanel: string;
}

export type Commands = {
  state(): GadgetState;
  seed(customers: CustomerData[]): Promise<number>;
  connect(): Promise<void>;
  pushDialog(data: DialogData): void;
  updateDialog(data: DialogData): void;
  deleteDialog(id: string): void;
  notifyResize(): void;
};

interface Request {
  ccTest: number;
  command: keyof Commands;
  args?: unknown[];
}

const errors: string[] = [];
window.addEventListener('error', (event) => errors.push(`${event.message}${event.filename ? ` (${event.filename.slice(0, 160)})` : ''}`));
window.addEventListener('unhandledrejection', (event) => errors.push(`unhandled rejection: ${String(event.reason)}`));

const element = (): CustomerContext | null => document.querySelector('customer-context') as CustomerContext | null;
const api = (): typeof Api | undefined => (window as unknown as { CustomerContext?: typeof Api }).CustomerContext;

function fakes() {
  const container = window.__fakeContainer;
  const finesse = window.__fakeFinesse;
  if (!container || !finesse) throw new Error('the container stand-ins are not loaded');
  return { container, finesse };
}

const commands: Commands = {
  state() {
    const el = element();
    const session = el && customElements.get('customer-context') ? el.agentSession : undefined;
    const gadgets = (window as unknown as { gadgets?: { HubSettings?: { onConnect?: unknown } } }).gadgets;
    const exported = api();
    return {
      errors: [...errors],
      scripts: [...document.scripts].filter((s) => s.hasAttribute('src')).map((s) => ({ src: s.getAttribute('src')!, type: s.getAttribute('type') })),
      defined: Boolean(customElements.get('customer-context')),
      hasGadgets: Boolean(gadgets),
      hasFinesse: 'finesse' in window,
      onConnect: typeof gadgets?.HubSettings?.onConnect === 'function',
      api: exported ? Object.keys(exported).sort() : null,
      adjustHeightCalls: window.__fakeContainer?.adjustHeightCalls.length ?? 0,
      dismissCount: window.__fakeContainer?.dismissCount ?? 0,
      agentId: session?.state.agent.agentId ?? null,
      open: (session?.state.open ?? []).map((w) => ({ interactionId: w.interaction?.interactionId ?? null, customer: w.customer?.name ?? null })),
      openPanel: el?.shadowRoot ? (find(el, '[role=tabpanel]#panel-open')?.textContent ?? '') : '',
    };
  },
  async seed(customers) {
    const el = element();
    const Store = api()?.IndexedDbStore;
    if (!el || !Store) throw new Error('no <customer-context> or no window.CustomerContext.IndexedDbStore');
    const store = new Store({ name: el.database });
    try {
      for (const data of customers) await store.create('customer', data, { by: 'seed' });
    } finally {
      store.close();
    }
    return customers.length;
  },
  async connect() {
    const el = element();
    if (!el) throw new Error('no <customer-context>');
    await el.ready;
    const { container, finesse } = fakes();
    container.connect();
    await finesse.ready;
  },
  pushDialog: (data) => fakes().finesse.pushDialog(data),
  updateDialog: (data) => fakes().finesse.updateDialog(data),
  deleteDialog: (id) => fakes().finesse.deleteDialog(id),
  notifyResize: () => window.__resizeObserverSpy?.notifyAll(),
};

window.addEventListener('message', (event: MessageEvent<Request>) => {
  if (event.source !== window.parent || typeof event.data?.ccTest !== 'number') return;
  const { ccTest, command, args = [] } = event.data;
  const reply = (message: Record<string, unknown>) => window.parent.postMessage({ ccTest, ...message }, event.origin);
  const run = commands[command] as ((...a: unknown[]) => unknown) | undefined;
  if (!run) {
    reply({ ok: false, error: `unknown command ${String(command)}` });
    return;
  }
  Promise.resolve()
    .then(() => run(...args))
    .then(
      (value) => reply({ ok: true, value }),
      (error: unknown) => reply({ ok: false, error: String((error as Error)?.stack ?? error) }),
    );
});

export {};
