import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import { hostContext } from '../helpers/events.js';
import { until } from '../helpers/session.js';
import { find } from '../helpers/gadget.js';

describe('the demo page passes axe in every locale and both modes', function () {
  this.timeout(60000);
  let gadget: CustomerContext;

  before(async () => {
    localStorage.clear();
    const main = document.createElement('main');
    main.id = 'desktop';
    document.body.append(main);
    await import('../../demo/demo.js');
    await waitUntil(() => document.querySelector('customer-context'), 'the demo renders the gadget');
    gadget = document.querySelector('customer-context')!;
    await gadget.ready;
    // The demo sends host.context once its sample data is in the store.
    await waitUntil(() => document.querySelector('.log')?.textContent?.includes('host.context'), 'sample data loaded', { timeout: 50000 });
    document.querySelector<HTMLButtonElement>('.host fieldset button')!.click();
    await until(gadget.agentSession!, () => (gadget.agentSession!.state.open[0]?.journey.length ?? 0) > 0);
    await gadget.updateComplete;
  });

  for (const locale of ['en', 'es', 'fr', 'de', 'pt-BR']) {
    it(`${locale}: context and care mode`, async () => {
      gadget.receive(hostContext('demo-axe', { locale }));
      gadget.mode = 'context';
      await gadget.updateComplete;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      await expect(document.body).to.be.accessible();
      gadget.mode = 'care';
      await gadget.updateComplete;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      await expect(document.body).to.be.accessible();
    });
  }

  it('the Desktop selector changes the layout only: the same gadget, its calls, the typed text and the language stay (issue 22)', async () => {
    gadget.receive(hostContext('demo-axe', { locale: 'es' }));
    const unknown = [...document.querySelectorAll('.host fieldset')].find((f) => f.querySelector('legend')?.textContent === 'Unknown contact')!;
    unknown.querySelector('button')!.click();
    const session = gadget.agentSession!;
    await until(session, () => session.state.open.some((w) => !w.customer));
    await gadget.updateComplete;
    const form = find(gadget, 'customer-form')!;
    await (form as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    form.shadowRoot!.querySelector<HTMLInputElement>('[part=name-input]')!.focus();
    await sendKeys({ type: 'Zoe' });
    const desktop = [...document.querySelectorAll<HTMLSelectElement>('.host select')].find((s) => [...s.options].some((o) => o.value === 'care'))!;
    for (const mode of ['care', 'context']) {
      desktop.value = mode;
      desktop.dispatchEvent(new Event('change'));
      await gadget.updateComplete;
      expect(document.querySelector('customer-context') === gadget, 'the same element').to.equal(true);
      expect(gadget.mode).to.equal(mode);
      expect(gadget.agentSession === session, 'the same session').to.equal(true);
      expect(session.state.agent.locale).to.equal('es');
      const open = find(gadget, '#panel-open')!.textContent!;
      expect(open).to.contain('Zoe');
      expect(open).to.contain('Sin crear');
      expect(find(gadget, 'customer-form')!.shadowRoot!.querySelector<HTMLInputElement>('[part=name-input]')!.value).to.equal('Zoe');
    }
  });
});
