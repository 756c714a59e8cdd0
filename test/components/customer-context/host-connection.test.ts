import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import { find, settle } from '../../helpers/gadget.js';

let counter = 0;

/** What the Finesse bridge dispatches on its element when the desktop's connection changes (src/host/finesse-connection.ts). */
function connection(el: Element, state: 'connected' | 'reconnecting' | 'disconnected'): void {
  el.dispatchEvent(new CustomEvent('cc-host-connection', { bubbles: true, composed: true, detail: { state, status: state, at: '2026-12-02T10:00:00.000Z' } }));
}

describe('<customer-context>: the desktop’s connection (issue 17, item 5)', () => {
  it('while the desktop reconnects or is disconnected, the pane says calls may arrive late (role=status); connected again, the line goes', async () => {
    localStorage.clear();
    const el = await fixture<CustomerContext>(html`<customer-context agent-id="ann" database=${`cc-conn-${Date.now()}-${counter++}`}></customer-context>`);
    await el.ready;
    await settle(el);
    expect(find(el, '[part=host-connection]')).to.equal(null);

    connection(el, 'reconnecting');
    await settle(el);
    const line = find(el, '[part=host-connection]')!;
    expect(line.getAttribute('role')).to.equal('status');
    expect(line.textContent).to.contain('may appear late');

    connection(el, 'disconnected');
    await settle(el);
    expect(find(el, '[part=host-connection]')!.textContent).to.contain('lost its connection');
    await expect(el).to.be.accessible();

    connection(el, 'connected');
    await settle(el);
    expect(find(el, '[part=host-connection]')).to.equal(null);
    el.remove();
  });

  it('in Spanish', async () => {
    localStorage.clear();
    const el = await fixture<CustomerContext>(html`<customer-context agent-id="ann" lang="es" database=${`cc-conn-${Date.now()}-${counter++}`}></customer-context>`);
    await el.ready;
    connection(el, 'reconnecting');
    await settle(el);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await settle(el);
    expect(find(el, '[part=host-connection]')!.textContent).to.contain('pueden aparecer con retraso');
    el.remove();
  });
});
