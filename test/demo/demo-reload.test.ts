import { expect, waitUntil } from '@open-wc/testing';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { sampleRecords } from '../../demo/sample-data.js';
import { until } from '../helpers/session.js';

/**
 * The demo page in an iframe of this page (same origin: same storage), really
 * reloaded. Its sample data is put in the store first (a smaller set: the demo
 * only seeds when `customer:demo-0` is missing), so the page starts in seconds.
 */
describe('the demo page after a reload', function () {
  this.timeout(60000);
  let frame: HTMLIFrameElement;

  const doc = () => frame.contentDocument!;
  const gadget = () => doc().querySelector<CustomerContext>('customer-context')!;
  const button = (text: string) => [...doc().querySelectorAll<HTMLButtonElement>('.host button')].find((b) => b.textContent!.trim().startsWith(text))!;
  const localeSelect = () => [...doc().querySelectorAll('.host label')].find((l) => l.textContent!.trim().startsWith('Locale'))!.querySelector('select')!;
  const logLines = () => [...doc().querySelectorAll<HTMLElement>('.log li')];

  /** Resolves when the demo in the frame has loaded, restored and sent host.context. */
  async function demoReady(): Promise<void> {
    await waitUntil(() => frame.contentDocument?.readyState === 'complete' && frame.contentDocument.querySelector('customer-context'), 'the demo renders the gadget', { timeout: 30000 });
    await gadget().ready;
    await waitUntil(() => logLines().some((li) => li.textContent!.includes('host.context')), 'host.context sent', { timeout: 30000 });
  }

  async function reload(): Promise<void> {
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    frame.contentWindow!.location.reload();
    await loaded;
    await demoReady();
  }

  before(async () => {
    localStorage.clear();
    sessionStorage.clear();
    const store = new IndexedDbStore({ name: 'customer-context-demo' });
    await store.import([...sampleRecords({ customers: 20, activities: 40 })]);
    store.close();
    frame = document.createElement('iframe');
    frame.style.inlineSize = '1200px';
    frame.style.blockSize = '900px';
    frame.src = '/demo/index.html?agent=ann-reload';
    document.body.append(frame);
    await demoReady();
  });

  after(() => frame.remove());

  it('the Locale chosen stays chosen after a reload, in the select and in the gadget', async () => {
    const select = localeSelect();
    select.value = 'fr';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => gadget().agentSession!.state.agent.locale === 'fr', 'the gadget is in French');

    await reload();
    expect(localeSelect().value, 'the Locale select after the reload').to.equal('fr');
    expect(gadget().agentSession!.state.agent.locale, 'the gadget after the reload').to.equal('fr');
  });

  it('End interaction stays enabled for the calls the gadget restored, and ends them', async () => {
    button('Call').click();
    const session = gadget().agentSession!;
    await until(session, () => session.state.open.some((w) => w.interaction && !w.interaction.ended));
    const callId = session.state.open.find((w) => w.interaction)!.interaction!.interactionId;
    expect(button('End interaction').disabled).to.equal(false);

    await reload();
    const restored = gadget().agentSession!;
    await until(restored, () => restored.state.open.some((w) => w.interaction?.interactionId === callId));
    await waitUntil(() => !button('End interaction').disabled, 'End interaction is enabled after the reload', { timeout: 5000 });
    expect(button('End interaction').dataset['interaction']).to.equal(callId);

    button('End interaction').click();
    await until(restored, () => restored.state.open.some((w) => w.interaction?.interactionId === callId && w.interaction.ended));
    expect(logLines()[0]!.textContent).to.equal('→ interaction.ended ok');
    expect(button('End interaction').disabled, 'no call left to end').to.equal(true);
  });

  it('a new tab for the same agent (nothing in its session storage) can still end the restored call', async () => {
    button('Call').click();
    const session = gadget().agentSession!;
    const before = new Set(session.state.open.map((w) => w.interaction?.interactionId));
    await until(session, () => session.state.open.some((w) => w.interaction && !w.interaction.ended && !before.has(w.interaction.interactionId)));
    const callId = session.state.open.find((w) => w.interaction && !w.interaction.ended)!.interaction!.interactionId;
    sessionStorage.removeItem('cc-demo-live');
    await reload();
    await waitUntil(() => !button('End interaction').disabled, 'End interaction is enabled', { timeout: 5000 });
    expect(button('End interaction').dataset['interaction']).to.equal(callId);
  });

  it('event log lines show no stray list marker (no "." before the arrow)', () => {
    const lines = logLines();
    expect(lines.length).to.be.greaterThan(0);
    for (const li of lines) {
      expect(li.textContent).to.match(/^[→←] /);
      // A marker drawn outside the scrolling log is cut off to its last character: there must be none.
      const style = getComputedStyle(li);
      expect(style.listStyleType === 'none' || style.listStylePosition === 'inside', `the marker of "${li.textContent}"`).to.equal(true);
    }
  });
});
