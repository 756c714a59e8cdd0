import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { activity, customer, request } from '../helpers/data.js';
import { call, hostContext, offered } from '../helpers/events.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { find, findAll, settle, workArea } from '../helpers/gadget.js';
import { until } from '../helpers/session.js';
import { axeViolations, darkTheme, describeViolations, wcag22Rules } from '../helpers/a11y.js';

/**
 * Issue 18 item 10: axe with the WCAG 2.2 AA rules (tags wcag2a, wcag2aa,
 * wcag21a, wcag21aa, wcag22aa; target-size among them) finds nothing on every
 * element, as the gadget shows them: the pane's three tabs, the work area with
 * its request editor, tag input and journey, the customer form (view, edit and
 * create), the close dialog, the task queue with a counting offer and a preview,
 * in the light and the dark theme, in English and German.
 */

let counter = 0;

async function noViolations(el: Element): Promise<void> {
  await new Promise((resolve) => requestAnimationFrame(resolve));
  const violations = await axeViolations(el);
  expect(violations.length, describeViolations(violations)).to.equal(0);
}

describe('WCAG 2.2 AA (axe) on every element', function () {
  this.timeout(60000);
  let db: string;
  let store: IndexedDbStore;
  let el: CustomerContext;

  async function make(mode: 'context' | 'care', clock?: FakeClock): Promise<CustomerContext> {
    const made = await fixture<CustomerContext>(
      html`<customer-context agent-id="agent-a11y" database=${db} mode=${mode} .clock=${clock}></customer-context>`,
    );
    await made.ready;
    await settle(made);
    return made;
  }

  /** Ana, with an open request, a tagged call and a note, on a call now. */
  async function anaOnACall(): Promise<void> {
    const ana = await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 000 001'], emails: ['ana@example.com'], fields: { Contract: 'C-1' } }), { by: 'x' });
    const req = await store.create('request', request(ana.id, { title: 'Router keeps rebooting', description: 'Since Monday.' }), { by: 'x' });
    await store.create('activity', activity(ana.id, { subject: 'Follow-up call', requestId: req.id, tags: ['Billing', 'VIP'], notes: 'Called back.' }), { by: 'x' });
    await store.create('activity', activity(ana.id, { channel: 'note', subject: 'Documents received', at: '2026-02-01T09:00:00.000Z' }), { by: 'x' });
    const session = el.agentSession!;
    el.receive(call('a11y-1', { phone: '+34 600 000 001' }));
    await until(session, () => (session.state.open[0]?.journey.length ?? 0) > 2);
    await settle(el);
  }

  beforeEach(async () => {
    db = `cc-a11y-${Date.now()}-${counter++}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
  });
  afterEach(async () => {
    el?.remove();
    document.documentElement.removeAttribute('data-theme');
    await store.destroy();
  });

  it('the check runs the WCAG 2.2 rules: target-size (24 px) is one of them', async () => {
    const rules = await wcag22Rules();
    expect(rules).to.include('target-size');
    expect(rules).to.include('color-contrast');
  });

  it('the check fails on a 16 px button (it would not have before: target-size is off in a default axe run)', async () => {
    const small = await fixture(html`<div><button style="inline-size:16px;block-size:16px;padding:0">x</button><button style="inline-size:16px;block-size:16px;padding:0">y</button></div>`);
    const violations = await axeViolations(small);
    expect(violations.map((v) => v.id)).to.include('target-size');
  });

  for (const theme of ['light', 'dark'] as const) {
    for (const locale of ['en', 'de']) {
      it(`${theme}, ${locale}: a customer on a call, their form in view and in edit, Recent, Search, the close dialog`, async () => {
        const style = theme === 'dark' ? await darkTheme() : undefined;
        try {
          el = await make('context');
          el.receive(hostContext('agent-a11y', { locale }));
          await anaOnACall();
          await noViolations(el);

          // The customer form, read-only then in edit.
          workArea(el).shadowRoot.querySelector<HTMLButtonElement>('button.customer-name')!.click();
          await settle(el);
          const form = workArea(el).shadowRoot.querySelector('customer-form');
          expect(form, 'the customer form').to.not.equal(null);
          const edit = [...form!.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => /Edit|Bearbeiten/.test(b.textContent ?? ''));
          edit?.click();
          await settle(el);
          await noViolations(el);

          // Recent and Search, with results.
          for (const tab of ['#tab-recent', '#tab-search']) {
            find(el, tab)!.click();
            await settle(el);
            await noViolations(el);
          }
          const search = find<HTMLInputElement>(el, '#panel-search input');
          if (search) {
            search.value = 'Ana';
            search.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
            await waitUntil(() => (find(el, '#panel-search')?.textContent ?? '').includes('Ana García'), 'search results');
            await settle(el);
            await noViolations(el);
          }
          find(el, '#tab-open')!.click();
          await settle(el);

          // Close with the form in edit: the dialog asks Save / Discard.
          const close = findAll<HTMLButtonElement>(el, 'button').find((b) => /^(Close|Schließen)$/.test((b.textContent ?? '').trim()));
          close!.click();
          await settle(el);
          await noViolations(el);
        } finally {
          style?.remove();
        }
      });
    }
  }

  it('an unknown contact: the form to create a customer', async () => {
    el = await make('context');
    const session = el.agentSession!;
    el.receive(call('a11y-u', { phone: '+1 555 0100' }));
    await until(session, () => session.state.open.some((w) => !w.customer));
    await settle(el);
    await noViolations(el);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`${theme}: Customer Care, Ready with an automatic offer counting down, a task previewed`, async () => {
      const style = theme === 'dark' ? await darkTheme() : undefined;
      try {
        const clock = new FakeClock();
        el = await make('care', clock);
        const ana = await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 000 001'] }), { by: 'x' });
        await store.create('activity', activity(ana.id, { subject: 'Earlier call', tags: ['Billing'] }), { by: 'x' });
        const session = el.agentSession!;
        el.receive({ type: 'agent.state', state: 'ready' });
        el.receive(offered('a11y-q1', { phone: '+34 600 000 001' }, { subject: 'Billing question' }));
        el.receive(offered('a11y-q2', { email: 'someone@mail.test' }, { channel: 'email', autoAssigned: true }));
        await until(session, () => session.state.tasks.length === 2 && session.state.tasks.every((t) => t.customer !== undefined));
        await settle(el);
        await noViolations(el);
        const queue = el.shadowRoot!.querySelector('task-queue')!;
        const first = queue.shadowRoot!.querySelector<HTMLButtonElement>('button[data-task="a11y-q1"]')!;
        first.click();
        await waitUntil(() => queue.shadowRoot!.querySelector('[part=journey]') !== null, 'preview');
        await settle(el);
        await noViolations(el);
      } finally {
        style?.remove();
      }
    });
  }
});
