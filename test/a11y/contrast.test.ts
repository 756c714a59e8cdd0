import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { activity, customer, request } from '../helpers/data.js';
import { call } from '../helpers/events.js';
import { darkTheme } from '../helpers/a11y.js';
import { deepActive, find, settle, workArea } from '../helpers/gadget.js';
import { until } from '../helpers/session.js';

/**
 * Issue 18 item 10: the edge of every field is at least 3:1 against what is
 * behind it (WCAG 1.4.11 non-text contrast), measured from the computed colours
 * in the light theme (the defaults) and the dark one (the demo's `--cc-*`
 * values); and one focus ring, `--cc-focus-ring`, on every control that takes
 * the keyboard.
 */

type Rgba = [number, number, number, number];

function parse(color: string): Rgba {
  const m = /rgba?\(([^)]+)\)/.exec(color);
  if (!m) throw new Error(`not a computed colour: ${color}`);
  const [r = 0, g = 0, b = 0, a = 1] = m[1]!.split(/[ ,/]+/).filter(Boolean).map(Number);
  return [r, g, b, a];
}

function luminance([r, g, b]: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** The WCAG contrast ratio of two opaque colours. */
export function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `top` drawn over the opaque `bottom`. */
function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
}

/** The element's parent, across a shadow root to its host. */
function up(el: Element): Element | null {
  return el.parentElement ?? ((el.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;
}

/** The colour behind `el` (not its own background): its ancestors' backgrounds composited, the page's last. */
function backdrop(el: Element): Rgba {
  const layers: Rgba[] = [];
  for (let node = up(el); node; node = up(node)) {
    const bg = parse(getComputedStyle(node).backgroundColor);
    if (bg[3] > 0) layers.push(bg);
    if (bg[3] === 1) break;
  }
  let color: Rgba = [255, 255, 255, 1];
  for (const layer of layers.reverse()) color = over(layer, color);
  return color;
}

/** Whether `node` is `root` or in it, through shadow roots. */
function inside(node: Element, root: Element): boolean {
  for (let at: Element | null = node; at; at = up(at)) if (at === root) return true;
  return false;
}

/** Every element under `root`, shadow roots included. */
function deepAll(root: ParentNode): Element[] {
  const out: Element[] = [];
  for (const el of root.querySelectorAll('*')) {
    out.push(el);
    if (el.shadowRoot) out.push(...deepAll(el.shadowRoot));
  }
  return out;
}

const FIELDS = 'input:not([type=checkbox]):not([type=radio]):not([type=hidden]), textarea, select';

/** The box whose border shows where the agent types: the field itself, or the framed box it sits borderless in (tag-input). */
function framed(field: Element): Element {
  for (let node: Element | null = field; node; node = up(node)) {
    const style = getComputedStyle(node);
    if (parseFloat(style.borderBlockEndWidth) > 0 && parse(style.borderBlockEndColor)[3] > 0) return node;
  }
  return field;
}

interface Measured {
  where: string;
  ratio: number;
}

function measureFields(root: Element): Measured[] {
  return deepAll(root.shadowRoot ?? root)
    .filter((el) => el.matches(FIELDS) && el.getClientRects().length > 0)
    .map((field) => {
      const box = framed(field);
      const style = getComputedStyle(box);
      const behind = backdrop(box);
      const ratio = contrast(over(parse(style.borderBlockEndColor), behind), behind);
      const host = (field.getRootNode() as ShadowRoot).host?.localName ?? 'document';
      return { where: `${host} ${field.localName}${field.getAttribute('part') ? `[part=${field.getAttribute('part')}]` : ''}`, ratio };
    });
}

describe('field edges (WCAG 1.4.11) and one focus ring', function () {
  this.timeout(30000);
  let counter = 0;
  let db: string;
  let store: IndexedDbStore;
  let el: CustomerContext;

  beforeEach(async () => {
    db = `cc-contrast-${Date.now()}-${counter++}`;
    localStorage.clear();
    store = new IndexedDbStore({ name: db });
  });
  afterEach(async () => {
    el?.remove();
    document.documentElement.removeAttribute('data-theme');
    await store.destroy();
  });

  it('the contrast function gives the known ratios (black on white 21, #777 on white about 4.48)', () => {
    expect(contrast([0, 0, 0, 1], [255, 255, 255, 1])).to.be.closeTo(21, 0.01);
    expect(contrast([0x77, 0x77, 0x77, 1], [255, 255, 255, 1])).to.be.closeTo(4.48, 0.01);
  });

  /** Every element with fields, as the gadget shows them: the request editor, tag input, customer form in edit, a new contact's form, the search box. */
  async function allFields(): Promise<Measured[]> {
    el = await fixture<CustomerContext>(html`<customer-context agent-id="agent-contrast" database=${db}></customer-context>`);
    await el.ready;
    const ana = await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 000 001'], fields: { Contract: 'C-1' } }), { by: 'x' });
    const req = await store.create('request', request(ana.id), { by: 'x' });
    await store.create('activity', activity(ana.id, { requestId: req.id, tags: ['Billing'] }), { by: 'x' });
    const session = el.agentSession!;
    el.receive(call('c-1', { phone: '+34 600 000 001' }));
    el.receive(call('c-2', { phone: '+1 555 0100' }));
    await until(session, () => session.state.open.length === 2 && session.state.open.some((w) => w.customer && w.journey.length > 1));
    await settle(el);
    const measured: Measured[] = [];
    // The unknown contact (newest, shown): the form to create a customer, the request editor, the tags.
    measured.push(...measureFields(el));
    // Ana: her form opened in edit.
    const item = [...find(el, '#panel-open')!.querySelectorAll<HTMLElement>('button, [role=option], li')].find((b) => b.textContent?.includes('Ana García'));
    item!.click();
    await settle(el);
    await waitUntil(() => workArea(el).shadowRoot.querySelector('button.customer-name')?.textContent?.includes('Ana'), 'Ana shown');
    workArea(el).shadowRoot.querySelector<HTMLButtonElement>('button.customer-name')!.click();
    await settle(el);
    const form = workArea(el).shadowRoot.querySelector('customer-form')!;
    [...form.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === 'Edit')?.click();
    await settle(el);
    measured.push(...measureFields(el));
    // The search box.
    find(el, '#tab-search')!.click();
    await settle(el);
    measured.push(...measureFields(el));
    return measured;
  }

  for (const theme of ['light', 'dark'] as const) {
    it(`${theme}: every field's edge is at least 3:1 against its background`, async () => {
      const style = theme === 'dark' ? await darkTheme() : undefined;
      try {
        const measured = await allFields();
        const kinds = new Set(measured.map((m) => m.where.split(' ')[0]));
        for (const host of ['request-editor', 'tag-input', 'customer-form', 'cc-customer-pane']) expect([...kinds], `fields of ${host} measured`).to.include(host);
        const low = measured.filter((m) => m.ratio < 3).map((m) => `${m.where}: ${m.ratio.toFixed(2)}:1`);
        expect(low, 'fields under 3:1').to.deep.equal([]);
      } finally {
        style?.remove();
      }
    });
  }

  it('one focus ring: --cc-focus-ring set on the gadget draws every keyboard focus, fields, buttons, tabs and the journey alike', async () => {
    el = await fixture<CustomerContext>(
      html`<customer-context style="--cc-focus-ring: 3px dashed rgb(200, 0, 0)" agent-id="agent-ring" database=${db}></customer-context>`,
    );
    await el.ready;
    const ana = await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 000 001'] }), { by: 'x' });
    await store.create('activity', activity(ana.id, { tags: ['Billing'] }), { by: 'x' });
    const session = el.agentSession!;
    el.receive(call('r-1', { phone: '+34 600 000 001' }));
    await until(session, () => (session.state.open[0]?.journey.length ?? 0) > 1);
    await settle(el);
    find<HTMLElement>(el, '[role=tab][aria-selected=true]')!.focus();
    const seen = new Map<string, string>();
    for (let i = 0; i < 40; i++) {
      const active = deepActive();
      if (!active || !inside(active, el)) break;
      // The ring is on the control, or on the framed box it sits in (a tag input's field, the journey's active row).
      let ringed: Element | null = active;
      for (let node: Element | null = active; node && node !== el; node = up(node)) {
        if (getComputedStyle(node).outlineStyle !== 'none') {
          ringed = node;
          break;
        }
      }
      const row = active.getAttribute('role') === 'listbox' ? active.querySelector('.row.active') : null;
      const style = getComputedStyle(row ?? ringed ?? active);
      const name = `${(active.getRootNode() as ShadowRoot).host?.localName ?? ''} ${active.localName}${active.getAttribute('role') ? `[role=${active.getAttribute('role')}]` : ''}`;
      seen.set(name, `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`);
      await sendKeys({ press: 'Tab' });
      await settle(el);
    }
    const kinds = [...seen.keys()].join(', ');
    for (const expected of ['button', 'input', 'textarea', '[role=tab]', '[role=listbox]']) expect(kinds, `a ${expected} reached`).to.contain(expected);
    const other = [...seen.entries()].filter(([, ring]) => ring !== '3px dashed rgb(200, 0, 0)').map(([name, ring]) => `${name}: ${ring}`);
    expect(other, 'controls drawn with another ring').to.deep.equal([]);
  });
});
