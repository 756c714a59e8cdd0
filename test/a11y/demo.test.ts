import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import { hostContext } from '../helpers/events.js';
import { until } from '../helpers/session.js';
import { find } from '../helpers/gadget.js';
import { axeViolations, describeViolations } from '../helpers/a11y.js';

describe('the demo page passes axe (WCAG 2.2 AA, target-size included) in every locale, both modes and both themes', function () {
  this.timeout(60000);
  let gadget: CustomerContext;

  before(async () => {
    localStorage.clear();
    // The demo page's own stylesheet, as demo/index.html links it.
    const sheet = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: '/demo/demo.css' });
    const loaded = new Promise((resolve) => sheet.addEventListener('load', resolve, { once: true }));
    document.head.append(sheet);
    await loaded;
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
      if (mode === 'context') {
        const open = find(gadget, '#panel-open')!.textContent!;
        expect(open).to.contain('Zoe');
        expect(open).to.contain('Sin crear');
      } else {
        // Care mode lists the call once, In progress, with the Open list's marks (#18 item 1).
        const queue = find(gadget, 'task-queue')!;
        expect(queue.shadowRoot!.querySelector('[part=in-progress]')!.textContent).to.contain('Sin crear');
        expect(find(gadget, '#panel-open')!.textContent).not.to.contain('Sin crear');
      }
      expect(find(gadget, 'customer-form')!.shadowRoot!.querySelector<HTMLInputElement>('[part=name-input]')!.value).to.equal('Zoe');
    }
  });

  it('the host panel: care mode controls and the dark theme pass too, every control at least 24 px', async () => {
    const desktop = [...document.querySelectorAll<HTMLSelectElement>('.host select')].find((s) => [...s.options].some((o) => o.value === 'care'))!;
    desktop.value = 'care';
    desktop.dispatchEvent(new Event('change'));
    await gadget.updateComplete;
    const dark = [...document.querySelectorAll<HTMLLabelElement>('.host label.check')].find((l) => l.textContent?.includes('Dark theme'))!.querySelector('input')!;
    dark.click();
    await gadget.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(document.documentElement.dataset['theme']).to.equal('dark');
    const violations = await axeViolations(document.body);
    expect(violations.length, describeViolations(violations)).to.equal(0);
    for (const control of document.querySelectorAll<HTMLElement>('.host button, .host select')) {
      const box = control.getBoundingClientRect();
      expect(Math.min(box.width, box.height), control.textContent ?? '').to.be.at.least(24);
    }
    dark.click();
    desktop.value = 'context';
    desktop.dispatchEvent(new Event('change'));
    await gadget.updateComplete;
  });

  it('shows no raw ids: the End button and the event log name the interaction, not its id', async () => {
    const known = document.querySelector<HTMLButtonElement>('.host fieldset button')!;
    known.click();
    await until(gadget.agentSession!, () => gadget.agentSession!.state.open.some((w) => w.interaction && !w.interaction.ended));
    const host = document.querySelector('.host')!;
    await waitUntil(() => host.querySelector<HTMLButtonElement>('button.end')?.disabled === false, 'End enabled');
    const id = host.querySelector<HTMLButtonElement>('button.end')!.dataset['interaction']!;
    expect(id, 'the button knows the interaction').to.match(/-voice-/);
    expect(host.textContent, 'the host panel text').to.not.contain(id);
    expect(host.querySelector('button.end')!.textContent).to.match(/End interaction\s*Call · \S/);
    expect(document.querySelector('.appbar')!.textContent).to.not.match(/<code>|agent-\d{3}/);
  });
});
