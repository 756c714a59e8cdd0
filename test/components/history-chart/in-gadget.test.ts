import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import type { HistoryChart } from '../../../src/components/history-chart/history-chart.js';
import { IndexedDbStore } from '../../../src/store/indexeddb-store.js';
import { activity, customer } from '../../helpers/data.js';
import { AT, call } from '../../helpers/events.js';
import { darkTheme } from '../../helpers/a11y.js';
import { settle, workArea } from '../../helpers/gadget.js';
import { until } from '../../helpers/session.js';

type Rgb = [number, number, number];

function rgb(color: string): Rgb {
  const m = /rgba?\(([^)]+)\)/.exec(color);
  if (!m) throw new Error(`not a computed colour: ${color}`);
  const [r = 0, g = 0, b = 0] = m[1]!.split(/[ ,/]+/).filter(Boolean).map(Number);
  return [r, g, b];
}

function contrast(a: Rgb, b: Rgb): number {
  const lum = ([r, g, bl]: Rgb) => {
    const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(bl);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The first opaque background at or above `el`, across shadow roots. */
function surfaceBehind(el: Element): Rgb {
  for (let node: Element | null = el; node; node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host ?? null)) {
    const bg = getComputedStyle(node).backgroundColor;
    if (!/rgba\([^)]*,\s*0\)$/.test(bg) && bg !== 'transparent') return rgb(bg);
  }
  return [255, 255, 255];
}

/** This UTC month and the one before, as the session's clock sees them (the gadget runs on the real clock). */
function thisMonthAt(day: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), Math.min(day, now.getUTCDate()), 1)).toISOString();
}

describe('the history chart in the work area (issue #19 item 5)', function () {
  this.timeout(30000);
  let counter = 0;
  let db: string;
  let store: IndexedDbStore;
  let el: CustomerContext;

  beforeEach(() => {
    db = `cc-history-${Date.now()}-${counter++}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
  });
  afterEach(async () => {
    el?.remove();
    document.documentElement.removeAttribute('data-theme');
    await store.destroy();
  });

  async function openAna(): Promise<{ chart: () => HistoryChart | null; anaId: string }> {
    el = await fixture<CustomerContext>(html`<customer-context agent-id="agent-history" database=${db}></customer-context>`);
    await el.ready;
    const ana = await store.create('customer', customer({ name: 'Ana', lastName: 'García', phones: ['+34 600 000 001'] }), { by: 'x' });
    for (const channel of ['voice', 'voice', 'chat'] as const) await store.create('activity', activity(ana.id, { at: thisMonthAt(1), channel }), { by: 'x' });
    el.receive(call('c-1', { phone: '+34 600 000 001' }));
    const session = el.agentSession!;
    await until(session, () => session.workspace(ana.id)?.history !== undefined);
    await settle(el);
    const chart = () => workArea(el).shadowRoot.querySelector('cc-history-chart');
    await waitUntil(() => chart()?.shadowRoot?.querySelector('table'), 'the chart is drawn');
    return { chart, anaId: ana.id };
  }

  it('sits above the journey with the customer\'s counts, and follows an activity another agent writes', async () => {
    const { chart, anaId } = await openAna();
    const area = workArea(el).shadowRoot;
    const journey = area.querySelector('journey-view')!;
    expect(chart()!.compareDocumentPosition(journey) & Node.DOCUMENT_POSITION_FOLLOWING, 'the chart comes before the journey').to.not.equal(0);
    const summary = () => chart()!.shadowRoot!.querySelector('[part=summary]')!.textContent!.trim();
    // The call being taken is an activity too, at the helper's time (22 November 2026): counted in its own month.
    const callThisMonth = AT.slice(0, 7) === new Date().toISOString().slice(0, 7);
    const calls = callThisMonth ? 3 : 2;
    const year = 3 + (Date.now() - Date.parse(AT) < 300 * 86_400_000 ? 1 : 0);
    await waitUntil(() => summary() === `${calls} calls and 1 chat this month · ${year} activities in 12 months`, `summary: ${summary()}`);
    // Another agent logs an email for Ana: the chart counts it without a reload.
    const bob = new IndexedDbStore({ name: db });
    try {
      await bob.create('activity', activity(anaId, { at: thisMonthAt(2), channel: 'email' }), { by: 'bob' });
    } finally {
      bob.close();
    }
    await waitUntil(() => summary() === `${calls} calls, 1 chat, and 1 email this month · ${year + 1} activities in 12 months`, `summary after the email: ${summary()}`);
    await expect(chart()!).to.be.accessible();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`${theme}: every bar colour is at least 3:1 against the surface behind it (WCAG 1.4.11)`, async () => {
      const style = theme === 'dark' ? await darkTheme() : undefined;
      try {
        const { chart } = await openAna();
        // One bar of each channel, so every colour is measured as drawn.
        const months = chart()!.counts.map((m) => ({ ...m, counts: { voice: 1, chat: 1, email: 1, note: 1, other: 1 }, total: 5 }));
        chart()!.counts = months;
        await chart()!.updateComplete;
        const svg = chart()!.shadowRoot!.querySelector('svg')!;
        const behind = surfaceBehind(svg);
        if (theme === 'dark') expect(behind, 'the dark surface is behind the chart').to.deep.equal([0x16, 0x1b, 0x22]);
        const measured = ['voice', 'chat', 'email', 'note', 'other'].map((channel) => {
          const fill = rgb(getComputedStyle(svg.querySelector(`rect[data-channel=${channel}]`)!).fill);
          return { channel, ratio: contrast(fill, behind) };
        });
        const low = measured.filter((m) => m.ratio < 3).map((m) => `${m.channel}: ${m.ratio.toFixed(2)}:1`);
        expect(low, `bars under 3:1 in the ${theme} theme`).to.deep.equal([]);
        // The legend's swatches are the same colours.
        const swatch = chart()!.shadowRoot!.querySelector('.legend .swatch.voice')!;
        expect(getComputedStyle(swatch).backgroundColor).to.equal(getComputedStyle(svg.querySelector('rect[data-channel=voice]')!).fill);
      } finally {
        style?.remove();
      }
    });
  }
});
