/**
 * A small stand-in for the Finesse desktop's gadget container: it reads
 * gadget.xml the way Shindig does (ModulePrefs, UserPrefs, Content), expands
 * the `__UP_name__` ("hangman") variables with the pref values, and renders
 * the Content into an iframe with the fake `gadgets` API injected first.
 * URLs on the Finesse server (`<scheme>://<host>:<hostPort>/desktop/assets/js/…`)
 * are served by the fakes in test/fixtures/finesse/, and the bundle next to
 * gadget.xml (`customer-context.gadget.js`) by the source entry `/src/index.ts`
 * (as a module) or a built file. `mountGadget` renders into a same-origin
 * iframe, so a test reaches into the gadget directly.
 *
 * `renderInContainer` goes further, the way the Finesse desktop does it: the
 * gadget is rendered by a Shindig stand-in (scripts/shindig-container.mjs) at a
 * gadget-rendering path on another origin, with its scripts left as they are,
 * proxied or concatenated; the test drives it by postMessage through
 * test/host/container-agent.ts.
 */
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import type { FakeContainer } from '../fixtures/finesse/fake-gadgets.js';
import type { FakeFinesseControl, FakeFinesseSetup } from '../fixtures/finesse/fake-finesse.js';
import type { ResizeObserverSpy } from '../fixtures/finesse/resize-observer-spy.js';
import type { Commands, GadgetState } from './container-agent.js';

export interface UserPrefSpec {
  name: string;
  defaultValue: string;
  datatype: string;
}

export interface GadgetSpec {
  title: string;
  features: string[];
  featureParams: Record<string, Record<string, string>>;
  userPrefs: UserPrefSpec[];
  contentType: string;
  content: string;
}

/** Fetches and parses gadget.xml (throws on an XML parse error). */
export async function loadGadgetSpec(url = '/gadget.xml'): Promise<GadgetSpec> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const xml = new DOMParser().parseFromString(await response.text(), 'application/xml');
  const error = xml.querySelector('parsererror');
  if (error) throw new Error(`gadget.xml is not well-formed: ${error.textContent}`);
  const module = xml.documentElement;
  if (module.nodeName !== 'Module') throw new Error(`root element is ${module.nodeName}, not Module`);
  const modulePrefs = module.querySelector(':scope > ModulePrefs');
  const features: string[] = [];
  const featureParams: Record<string, Record<string, string>> = {};
  for (const require of modulePrefs?.querySelectorAll(':scope > Require') ?? []) {
    const feature = require.getAttribute('feature') ?? '';
    features.push(feature);
    featureParams[feature] = {};
    for (const param of require.querySelectorAll(':scope > Param')) featureParams[feature][param.getAttribute('name') ?? ''] = param.textContent?.trim() ?? '';
  }
  const userPrefs = [...module.querySelectorAll(':scope > UserPref')].map((pref) => ({
    name: pref.getAttribute('name') ?? '',
    defaultValue: pref.getAttribute('default_value') ?? '',
    datatype: pref.getAttribute('datatype') ?? 'string',
  }));
  const contentEl = module.querySelector(':scope > Content');
  return {
    title: modulePrefs?.getAttribute('title') ?? '',
    features,
    featureParams,
    userPrefs,
    contentType: contentEl?.getAttribute('type') ?? '',
    content: contentEl?.textContent ?? '',
  };
}

/** Shindig's hangman expansion: each `__UP_<name>__` becomes that pref's value. */
export function expandUserPrefs(content: string, prefs: Record<string, string>): string {
  return content.replace(/__UP_([A-Za-z0-9_.-]+?)__/g, (_match, name: string) => prefs[name] ?? '');
}

export interface MountedGadget {
  iframe: HTMLIFrameElement;
  window: Window & typeof globalThis;
  element: CustomerContext;
  container: FakeContainer;
  finesse: FakeFinesseControl;
  resizeObserver: ResizeObserverSpy;
  /** The Finesse-server script URLs found in the expanded Content. */
  desktopScripts: string[];
  /** The other script URLs found (the bundle). */
  bundleScripts: string[];
  /** alert / confirm / prompt calls made inside the gadget. */
  blockingDialogs: string[];
  unmount(): void;
}

export interface MountOptions {
  /** Container-provided prefs (id, locale, extension …); UserPref defaults come from gadget.xml. */
  prefs: Record<string, string>;
  setup: FakeFinesseSetup;
  /** IndexedDB database of the gadget's element (test isolation). */
  database: string;
  /**
   * What serves the bundle gadget.xml loads (`customer-context.gadget.js`): the source entry
   * `/src/index.ts` as a module (default), or a built file: `/dist/customer-context.gadget.js`
   * as the classic script gadget.xml says, or the ES module `/dist/customer-context.js` as a module.
   */
  bundle?: string;
}

const FAKES: Record<string, string | null> = {
  // finesse.js itself.
  'finesse.min.js': '/test/fixtures/finesse/fake-finesse.ts',
  'finesse.js': '/test/fixtures/finesse/fake-finesse.ts',
  // jQuery, which finesse.js needs; neither the fake nor our bundle does.
  'jquery.min.js': null,
};

function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** Renders the gadget's Content into an iframe, as the container would, and waits for it to load. */
export async function mountGadget(spec: GadgetSpec, options: MountOptions): Promise<MountedGadget> {
  const prefs: Record<string, string> = {};
  for (const pref of spec.userPrefs) prefs[pref.name] = pref.defaultValue;
  Object.assign(prefs, options.prefs);
  const finesseOrigin = `${prefs.scheme}://${prefs.host}:${prefs.hostPort}`;

  const doc = new DOMParser().parseFromString(expandUserPrefs(spec.content, prefs), 'text/html');
  const desktopScripts: string[] = [];
  const bundleScripts: string[] = [];
  for (const script of [...doc.querySelectorAll('script[src]')]) {
    const src = script.getAttribute('src') ?? '';
    if (src.startsWith(`${finesseOrigin}/desktop/assets/js/`)) {
      desktopScripts.push(src);
      const fake = FAKES[src.slice(src.lastIndexOf('/') + 1)];
      if (fake === undefined) throw new Error(`no fake for ${src}`);
      if (fake === null) script.remove();
      else {
        // A module, like the rest of the fakes, so it runs in document order after fake-gadgets.
        script.setAttribute('type', 'module');
        script.setAttribute('src', fake);
      }
    } else {
      bundleScripts.push(src);
      if (src.split('?')[0] === 'customer-context.gadget.js') {
        const bundle = options.bundle ?? '/src/index.ts';
        script.setAttribute('src', bundle);
        if (!bundle.endsWith('.gadget.js')) script.setAttribute('type', 'module');
      }
    }
  }
  doc.querySelector('customer-context')?.setAttribute('database', options.database);

  const injected = doc.createElement('script');
  injected.textContent = `window.__gadgetPrefs = ${inlineJson(prefs)}; window.__finesseSetup = ${inlineJson(options.setup)};`;
  const gadgetsFake = doc.createElement('script');
  gadgetsFake.setAttribute('type', 'module');
  gadgetsFake.setAttribute('src', '/test/fixtures/finesse/fake-gadgets.ts');
  const observerSpy = doc.createElement('script');
  observerSpy.setAttribute('type', 'module');
  observerSpy.setAttribute('src', '/test/fixtures/finesse/resize-observer-spy.ts');
  doc.head.prepend(injected, gadgetsFake, observerSpy);

  const iframe = document.createElement('iframe');
  iframe.title = spec.title;
  iframe.style.width = '900px';
  const loaded = new Promise<void>((resolve) => iframe.addEventListener('load', () => resolve(), { once: true }));
  iframe.srcdoc = `<!DOCTYPE html>${doc.documentElement.outerHTML}`;
  document.body.append(iframe);
  await loaded;

  const win = iframe.contentWindow as Window & typeof globalThis;
  const blockingDialogs: string[] = [];
  for (const name of ['alert', 'confirm', 'prompt'] as const) {
    (win as unknown as Record<string, unknown>)[name] = () => {
      blockingDialogs.push(name);
      return null;
    };
  }
  const element = win.document.querySelector('customer-context') as CustomerContext | null;
  if (!element || !win.__fakeContainer || !win.__fakeFinesse || !win.__resizeObserverSpy) throw new Error('the gadget did not load');
  await win.customElements.whenDefined('customer-context');
  return {
    iframe,
    window: win,
    element,
    container: win.__fakeContainer,
    finesse: win.__fakeFinesse,
    resizeObserver: win.__resizeObserverSpy,
    desktopScripts,
    bundleScripts,
    blockingDialogs,
    unmount() {
      element.remove();
      iframe.remove();
    },
  };
}

// ---- a Shindig-like container on another origin ------------------------------------------

/** The container's origin: the test runner's port on the other loopback name (another origin). */
export const CONTAINER_ORIGIN = `${location.protocol}//${location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1'}:${location.port}`;

export interface ContainerOptions {
  /** The gadget spec's URL, fetched by the container (e.g. `${CONTAINER_ORIGIN}/3rdpartygadget/files/customer-context/gadget.xml`). */
  specUrl: string;
  /** `up_<name>` values: the container's prefs (id, locale, extension …) and any UserPref overridden. */
  prefs: Record<string, string>;
  /** The finesse.js stand-in's agent, media and dialogs. */
  setup: FakeFinesseSetup;
  /** What the container does to the gadget's `<script src>` tags (default: nothing). */
  rewrite?: 'none' | 'proxy' | 'concat';
  /** Whether the spec's content-rewrite `exclude-url`s are honoured (default, as Shindig does) or ignored. */
  excludes?: 'honor' | 'ignore';
}

export interface ContainerGadget {
  iframe: HTMLIFrameElement;
  /** The rendering URL (`/gadgets/ifr?…` on the container's origin). */
  url: string;
  /** The heights the gadget asked the container for (`resize_iframe`), in order; the last one is the iframe's. */
  heights: number[];
  /** Resolves at the gadget's next `resize_iframe`, with the height. */
  nextResize(): Promise<number>;
  /** Runs a command of test/host/container-agent.ts inside the gadget. */
  call<K extends keyof Commands>(command: K, ...args: Parameters<Commands[K]>): Promise<Awaited<ReturnType<Commands[K]>>>;
  state(): Promise<GadgetState>;
  unmount(): void;
}

let requestIds = 0;

/** Renders gadget.xml the way the Finesse desktop's container does, in an iframe on CONTAINER_ORIGIN. */
export async function renderInContainer(options: ContainerOptions): Promise<ContainerGadget> {
  const query = new URLSearchParams({ url: options.specUrl, container: 'default', mid: '0', parent: location.origin });
  for (const [name, value] of Object.entries(options.prefs)) query.set(`up_${name}`, value);
  query.set('rewrite', options.rewrite ?? 'none');
  query.set('excludes', options.excludes ?? 'honor');
  query.set('setup', JSON.stringify(options.setup));
  const url = `${CONTAINER_ORIGIN}/gadgets/ifr?${query}`;

  const iframe = document.createElement('iframe');
  iframe.title = 'gadget';
  iframe.style.width = '900px';
  iframe.style.border = '0';
  const heights: number[] = [];
  let resizeWaiters: ((height: number) => void)[] = [];
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const onMessage = (event: MessageEvent) => {
    if (event.origin !== CONTAINER_ORIGIN || event.source !== iframe.contentWindow) return;
    const data = event.data as { shindigRpc?: string; args?: unknown[]; ccTest?: number; ok?: boolean; value?: unknown; error?: string };
    if (data?.shindigRpc === 'resize_iframe' && typeof data.args?.[0] === 'number') {
      const height = data.args[0];
      heights.push(height);
      iframe.style.height = `${height}px`;
      const waiters = resizeWaiters;
      resizeWaiters = [];
      for (const resolve of waiters) resolve(height);
    } else if (typeof data?.ccTest === 'number') {
      const request = pending.get(data.ccTest);
      pending.delete(data.ccTest);
      if (data.ok) request?.resolve(data.value);
      else request?.reject(new Error(`in the gadget: ${data.error}`));
    }
  };
  window.addEventListener('message', onMessage);
  const loaded = new Promise<void>((resolve) => iframe.addEventListener('load', () => resolve(), { once: true }));
  iframe.src = url;
  document.body.append(iframe);
  await loaded;

  function call<K extends keyof Commands>(command: K, ...args: Parameters<Commands[K]>): Promise<Awaited<ReturnType<Commands[K]>>> {
    const id = ++requestIds;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`no answer to ${command} from ${url.slice(0, 80)}…: is scripts/shindig-container.mjs in the test runner's middleware?`));
      }, 8000);
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as Awaited<ReturnType<Commands[K]>>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      iframe.contentWindow!.postMessage({ ccTest: id, command, args }, CONTAINER_ORIGIN);
    });
  }

  return {
    iframe,
    url,
    heights,
    nextResize: () => new Promise<number>((resolve) => resizeWaiters.push(resolve)),
    call,
    state: () => call('state'),
    unmount() {
      window.removeEventListener('message', onMessage);
      iframe.remove();
    },
  };
}
