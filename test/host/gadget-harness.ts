/**
 * A small stand-in for the Finesse desktop's gadget container: it reads
 * gadget.xml the way Shindig does (ModulePrefs, UserPrefs, Content), expands
 * the `__UP_name__` ("hangman") variables with the pref values, and renders
 * the Content into an iframe with the fake `gadgets` API injected first.
 * URLs on the Finesse server (`<scheme>://<host>:<hostPort>/desktop/assets/js/…`)
 * are served by the fakes in test/fixtures/finesse/, and the bundle next to
 * gadget.xml (`customer-context.js`) by the source entry `/src/index.ts`.
 */
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import type { FakeContainer } from '../fixtures/finesse/fake-gadgets.js';
import type { FakeFinesseControl, FakeFinesseSetup } from '../fixtures/finesse/fake-finesse.js';
import type { ResizeObserverSpy } from '../fixtures/finesse/resize-observer-spy.js';

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
  /** What serves `customer-context.js`: the source entry (default) or the built bundle. */
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
      if (src === 'customer-context.js') script.setAttribute('src', options.bundle ?? '/src/index.ts');
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
