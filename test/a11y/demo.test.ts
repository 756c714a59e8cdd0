import { expect, waitUntil } from '@open-wc/testing';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import { until } from '../helpers/session.js';

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
      gadget.receive({ type: 'host.context', agentId: 'demo-axe', locale });
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
});
