import { expect } from '@open-wc/testing';
import { customer } from '../helpers/data.js';
import { userData, voiceDialog } from '../fixtures/finesse/finesse-data.js';
import { CONTAINER_ORIGIN, loadGadgetSpec, renderInContainer, type ContainerGadget, type ContainerOptions } from './gadget-harness.js';
import type { GadgetState } from './container-agent.js';

// gadget.xml as the Finesse desktop's gadget container (Apache Shindig) serves it: rendered
// at /gadgets/ifr on another origin, `__UP_*__` filled in, `gadgets.*` and `finesse.*`
// stand-ins in place, and the gadget's `<script src>` tags left as they are, proxied, or
// concatenated into one classic script (scripts/shindig-container.mjs). Issue 17.

const EXT = '1001001';
/** Where the gadget's files are uploaded (the Finesse 3rdpartygadget area); the test page fetches them same-origin. */
const FOLDER = '/3rdpartygadget/files/customer-context/';
const SPEC = `${CONTAINER_ORIGIN}${FOLDER}gadget.xml`;
/** The pre-issue-17 gadget.xml (`<script type="module" src="customer-context.js">`), next to the ES module. */
const MODULE_SPEC = `${CONTAINER_ORIGIN}/3rdpartygadget/files/customer-context-module/gadget.xml`;
const FINESSE_JS = `${CONTAINER_ORIGIN}/desktop/assets/js/finesse.min.js`;
const JQUERY_JS = `${CONTAINER_ORIGIN}/desktop/assets/js/jquery.min.js`;

/** The Finesse server is the container's origin: scheme / host / hostPort as the container fills them. */
function prefs(agentId: string): Record<string, string> {
  const { protocol, hostname, port } = new URL(CONTAINER_ORIGIN);
  return { scheme: protocol.replace(':', ''), host: hostname, hostPort: port, id: agentId, locale: 'es_ES', extension: EXT };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeout = 10000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeout) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 600)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The names the ES module exports (what `window.CustomerContext` must hold). */
async function esModuleExports(): Promise<string[]> {
  const url = '/dist/customer-context.js';
  const module = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
  return Object.keys(module).sort();
}

/** The stamp `npm run build` puts on the bundle's URL: `<version>-<first 10 hex digits of the bundle's SHA-256>`. */
async function expectedStamp(bundle: ArrayBuffer): Promise<string> {
  const { version } = (await (await fetch('/package.json')).json()) as { version: string };
  const digest = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bundle))].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${version}-${digest.slice(0, 10)}`;
}

/** Whether `code` compiles as a classic script body (no import / export statements, no top-level await). */
function compilesAsClassicScript(code: string): boolean {
  try {
    new Function(code);
    return true;
  } catch (error) {
    if (error instanceof SyntaxError) return false;
    throw error;
  }
}

describe('dist/: the classic gadget bundle, its stamped URL, and the content-rewrite exclusions', function () {
  this.timeout(30000);

  it('customer-context.gadget.js is one classic script; the ES module is not one (the check can fail)', async () => {
    // Served as a web server serves it (scripts/shindig-container.mjs: the file as written, no transform).
    const gadgetBundle = await (await fetch(`${FOLDER}customer-context.gadget.js`)).text();
    const esModule = await (await fetch(`${FOLDER}customer-context.js`)).text();
    expect(gadgetBundle.length, 'dist/customer-context.gadget.js is built: run `npm test` (or `npm run build`) first').to.be.greaterThan(10000);
    expect(compilesAsClassicScript(gadgetBundle)).to.equal(true);
    expect(gadgetBundle).not.to.match(/\bimport\.meta\b/);
    expect(gadgetBundle).to.contain('window.CustomerContext=CustomerContext');
    // A production build, like the ES module.
    expect(gadgetBundle.includes('is already defined by another class')).to.equal(false);
    expect(compilesAsClassicScript(esModule)).to.equal(false);
  });

  it('the build stamps the bundle URL in dist/gadget.xml with the version and the bundle\'s content hash; nothing else changes', async () => {
    const source = await (await fetch('/gadget.xml')).text();
    const built = await (await fetch(`${FOLDER}gadget.xml`)).text();
    const stamp = await expectedStamp(await (await fetch(`${FOLDER}customer-context.gadget.js`)).arrayBuffer());
    expect(stamp).to.match(/^\d+\.\d+\.\d+(-[\w.]+)?-[0-9a-f]{10}$/);
    expect(source).to.contain('src="customer-context.gadget.js"');
    expect(built, 'dist/gadget.xml is stale: run `npm run build`').to.contain(`src="customer-context.gadget.js?v=${stamp}"`);
    expect(built).to.equal(source.replace('src="customer-context.gadget.js"', `src="customer-context.gadget.js?v=${stamp}"`));
  });

  it('gadget.xml asks the container not to rewrite our files: its exclude-urls match the bundle wherever it is uploaded, not finesse.js', async () => {
    const xml = new DOMParser().parseFromString(await (await fetch(`${FOLDER}gadget.xml`)).text(), 'application/xml');
    const feature = xml.querySelector('ModulePrefs > Optional[feature="content-rewrite"]');
    expect(feature, '<Optional feature="content-rewrite">').not.to.equal(null);
    const excludes = [...feature!.querySelectorAll(':scope > Param[name="exclude-url"]')].map((p) => p.textContent!.trim().toLowerCase());
    expect(excludes.length).to.be.greaterThan(0);
    // Shindig (ContentRewriterFeature): a script is left alone when an exclude-url is a case-insensitive
    // substring of its URL, resolved against the spec's URL (AbsolutePathReferenceVisitor).
    const excluded = (url: string) => excludes.some((e) => url.toLowerCase().includes(e));
    const src = xml.querySelector('Content')!.textContent!.match(/src="(customer-context\.gadget\.js[^"]*)"/)![1]!;
    for (const spec of [
      'https://finesse-a.example.com:8445/3rdpartygadget/files/customer-context/gadget.xml',
      'https://web.example.com/contact-center/gadgets/cc/gadget.xml',
      'https://cdn.example.com/Customer-Context/gadget.xml',
    ]) {
      expect(excluded(new URL(src, spec).href), spec).to.equal(true);
    }
    expect(excluded('https://finesse-a.example.com:8445/desktop/assets/js/finesse.min.js')).to.equal(false);
    expect(excluded('https://finesse-a.example.com:8445/desktop/assets/js/jquery.min.js')).to.equal(false);
  });
});

describe('gadget.xml in a Shindig-like container on another origin', function () {
  this.timeout(60000);
  let gadget: ContainerGadget | undefined;
  let esExports: string[];
  let stampedSrc: string;
  let variant = 0;

  before(async () => {
    expect(CONTAINER_ORIGIN).not.to.equal(location.origin);
    esExports = await esModuleExports();
    const spec = await loadGadgetSpec(`${FOLDER}gadget.xml`);
    stampedSrc = new URL(spec.content.match(/src="(customer-context\.gadget\.js[^"]*)"/)![1]!, SPEC).href;
  });

  afterEach(() => {
    gadget?.unmount();
    gadget = undefined;
  });

  /**
   * Renders gadget.xml, checks it loaded as the ES module would (elements, bridge, API), seeds a
   * customer, connects the hub, replays a call from her number and waits for her on screen and
   * for the gadget to size itself. Each run has its own agent, customer and call.
   */
  async function takesACall(options: Pick<ContainerOptions, 'rewrite' | 'excludes'>): Promise<GadgetState> {
    variant += 1;
    const agentId = `agent-shindig-${variant}-${Date.now()}`;
    const name = `Cliente Shindig ${variant}`;
    const phone = `+34 600 222 00${variant}`;
    gadget = await renderInContainer({ specUrl: SPEC, prefs: prefs(agentId), setup: { user: userData(agentId, { extension: EXT }), media: [] }, ...options });
    expect(new URL(gadget.url).pathname).to.equal('/gadgets/ifr');

    const loaded = await gadget.state();
    expect(loaded.errors, 'errors in the gadget page').to.deep.equal([]);
    expect(loaded.defined, '<customer-context> defined').to.equal(true);
    expect(loaded.onConnect, 'the Finesse bridge set gadgets.HubSettings.onConnect').to.equal(true);
    expect(loaded.api, 'window.CustomerContext: what the ES module exports').to.deep.equal(esExports);

    expect(await gadget.call('seed', [customer({ name, phones: [phone] })])).to.equal(1);
    await gadget.call('connect');
    const connected = await until(() => gadget!.state(), (s) => s.agentId === agentId && s.dismissCount === 1, 'the agent loaded');
    expect(connected.adjustHeightCalls, 'sized on connect').to.be.greaterThan(0);
    await until(async () => gadget!.heights.length, (n) => n > 0, 'a resize_iframe');

    const heightsBefore = gadget.heights.length;
    const resized = gadget.nextResize();
    const id = `3680${variant}377`;
    const call = { id, from: phone.replace(/\s/g, ''), agentExtension: EXT };
    await gadget.call('pushDialog', voiceDialog({ ...call, state: 'ALERTING' }));
    await gadget.call('updateDialog', voiceDialog({ ...call, state: 'ACTIVE' }));
    const shown = await until(() => gadget!.state(), (s) => s.open.some((w) => w.interactionId === id && w.customer === name) && s.openPanel.includes(name), `${name} on screen`);
    // The content grew: the ResizeObserver (debounced) asks the container for a new height.
    // A page in a background tab does not render, so no observation is delivered: deliver it.
    if (document.visibilityState !== 'visible') await gadget.call('notifyResize');
    const height = await resized;
    expect(gadget.heights.length).to.be.greaterThan(heightsBefore);
    expect(height).to.be.greaterThan(0);
    expect(gadget.iframe.style.height).to.equal(`${gadget.heights.at(-1)}px`);
    expect((await gadget.state()).errors).to.deep.equal([]);
    return shown;
  }

  it('scripts untouched: the gadget loads, takes a call, shows the customer and sizes itself', async () => {
    const state = await takesACall({ rewrite: 'none' });
    expect(state.scripts.filter((s) => !s.src.startsWith('/gadgets/'))).to.deep.equal([
      { src: JQUERY_JS, type: 'text/javascript' },
      { src: FINESSE_JS, type: 'text/javascript' },
      { src: stampedSrc, type: 'text/javascript' },
    ]);
  });

  it('scripts proxied (/gadgets/proxy?url=…): the same', async () => {
    const state = await takesACall({ rewrite: 'proxy', excludes: 'ignore' });
    const content = state.scripts.filter((s) => s.src.startsWith('/gadgets/proxy?'));
    expect(content.map((s) => new URLSearchParams(s.src.split('?')[1]).get('url'))).to.deep.equal([JQUERY_JS, FINESSE_JS, stampedSrc]);
  });

  it('scripts concatenated into one classic script (/gadgets/concat?…): the same', async () => {
    const state = await takesACall({ rewrite: 'concat', excludes: 'ignore' });
    const content = state.scripts.filter((s) => s.src.startsWith('/gadgets/concat?'));
    expect(content.length).to.equal(1);
    expect(content[0]!.type).to.equal('text/javascript');
    const query = new URLSearchParams(content[0]!.src.split('?')[1]);
    expect([query.get('1'), query.get('2'), query.get('3'), query.get('4')]).to.deep.equal([JQUERY_JS, FINESSE_JS, stampedSrc, null]);
  });

  it('a container that honours our exclude-urls concatenates finesse.js and jQuery but leaves the bundle as it is', async () => {
    const state = await takesACall({ rewrite: 'concat' });
    const content = state.scripts.filter((s) => !s.src.startsWith('/gadgets/js/') && s.src !== '/gadgets/test-agent.js');
    expect(content.length).to.equal(2);
    const query = new URLSearchParams(content[0]!.src.split('?')[1]);
    expect(content[0]!.src.startsWith('/gadgets/concat?')).to.equal(true);
    expect([query.get('1'), query.get('2'), query.get('3')]).to.deep.equal([JQUERY_JS, FINESSE_JS, null]);
    expect(content[1]).to.deep.equal({ src: stampedSrc, type: 'text/javascript' });
  });

  it('the old <script type="module"> tag loads untouched, but concatenated it breaks: a syntax error, no element, no bridge, no finesse.js', async () => {
    const setup = { user: userData('agent-module', { extension: EXT }), media: [] };
    gadget = await renderInContainer({ specUrl: MODULE_SPEC, prefs: prefs('agent-module'), setup, rewrite: 'none' });
    const untouched = await until(() => gadget!.state(), (s) => s.defined, 'the module to run');
    expect(untouched.errors).to.deep.equal([]);
    expect(untouched.onConnect).to.equal(true);
    expect(untouched.scripts.at(-1)).to.deep.equal({ src: `${CONTAINER_ORIGIN}/3rdpartygadget/files/customer-context-module/customer-context.js`, type: 'module' });
    gadget.unmount();

    gadget = await renderInContainer({ specUrl: MODULE_SPEC, prefs: prefs('agent-module'), setup, rewrite: 'concat' });
    const concatenated = await gadget.state();
    // Shindig's concat tag is a copy of the run's first tag (jQuery's classic one): the module's
    // `export` is a syntax error, and the whole concatenated script (finesse.js with it) never runs.
    expect(concatenated.scripts.filter((s) => s.src.startsWith('/gadgets/concat?')).map((s) => s.type)).to.deep.equal(['text/javascript']);
    expect(concatenated.errors.join('\n')).to.match(/SyntaxError|Unexpected token 'export'/);
    expect(concatenated.defined).to.equal(false);
    expect(concatenated.onConnect).to.equal(false);
    expect(concatenated.hasFinesse).to.equal(false);
    expect(concatenated.api).to.equal(null);
  });
});
