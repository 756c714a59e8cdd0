/**
 * Reading `<customer-context>`'s screen in tests. Its pane, work area and
 * close dialog are elements of their own (`cc-customer-pane`, `cc-work-area`,
 * `cc-close-dialog`), each with its shadow root: these helpers look in the
 * gadget's shadow root and theirs, as one screen.
 */

// Every `expect(el).to.be.accessible()` in a file that reads the gadget checks WCAG 2.2 AA (target-size included).
import './a11y.js';

const REGIONS = 'cc-customer-pane, cc-work-area, cc-close-dialog';

/** The gadget's shadow root, then those of its pane, work area and close dialog (in that order). */
export function gadgetRoots(el: Element): ShadowRoot[] {
  const root = el.shadowRoot!;
  return [root, ...[...root.querySelectorAll(REGIONS)].map((region) => region.shadowRoot!).filter(Boolean)];
}

/** The first element matching `selector` on the gadget's screen, or null. */
export function find<K extends keyof HTMLElementTagNameMap>(el: Element, selector: K): HTMLElementTagNameMap[K] | null;
export function find<T extends Element = HTMLElement>(el: Element, selector: string): T | null;
export function find<T extends Element = HTMLElement>(el: Element, selector: string): T | null {
  for (const root of gadgetRoots(el)) {
    const found = root.querySelector<T>(selector);
    if (found) return found;
  }
  return null;
}

/** Every element matching `selector` on the gadget's screen. */
export function findAll<K extends keyof HTMLElementTagNameMap>(el: Element, selector: K): Array<HTMLElementTagNameMap[K]>;
export function findAll<T extends Element = HTMLElement>(el: Element, selector: string): T[];
export function findAll<T extends Element = HTMLElement>(el: Element, selector: string): T[] {
  return gadgetRoots(el).flatMap((root) => [...root.querySelectorAll<T>(selector)]);
}

/**
 * What has focus on the gadget's screen: the focused element of its shadow
 * root or, inside the pane, the work area or the dialog, of theirs (an inner
 * element such as `<request-editor>` counts as itself, as before).
 */
export function activeIn(el: Element): Element | null {
  const top = el.shadowRoot!.activeElement;
  return top?.matches(REGIONS) ? (top.shadowRoot!.activeElement ?? top) : top;
}

/** The gadget's text, its pane's, work area's and dialog's included. */
export function screenText(el: Element): string {
  return gadgetRoots(el)
    .map((root) => root.textContent ?? '')
    .join('');
}

/** Once the pane, the work area and the close dialog have rendered what the gadget gave them. */
export async function regionsUpdated(el: Element): Promise<void> {
  for (const region of el.shadowRoot!.querySelectorAll<Element & { updateComplete: Promise<unknown> }>(REGIONS)) await region.updateComplete;
}

/** The gadget's work area (one element, whatever the mode): its shadow root holds the customer being worked on. */
export function workArea(el: Element): Element & { shadowRoot: ShadowRoot } {
  return el.shadowRoot!.querySelector('cc-work-area') as Element & { shadowRoot: ShadowRoot };
}

/**
 * The gadget's screen as one scope for `querySelector` / `querySelectorAll`
 * (its shadow root and its pane's, work area's and dialog's), where a test
 * read `el.shadowRoot` before they were elements of their own.
 */
export function screenOf(el: Element): ParentNode {
  return { querySelector: (selector: string) => find(el, selector), querySelectorAll: (selector: string) => findAll(el, selector) } as unknown as ParentNode;
}

/** The focused element, through every shadow root (`document.activeElement` stops at the first host). */
export function deepActive(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

const INNER = 'task-queue, request-editor, tag-input, customer-form, journey-view';

/** Once the gadget, its pane, work area and dialog, and the elements inside them have rendered. */
export async function settle(el: Element & { updateComplete: Promise<unknown> }): Promise<void> {
  await el.updateComplete;
  await regionsUpdated(el);
  for (const child of findAll<Element & { updateComplete: Promise<unknown> }>(el, INNER)) await child.updateComplete;
}

/** The button whose text is `name`, on the gadget's screen or within `scope`. */
export function buttonNamed(el: Element, name: string, scope?: ParentNode): HTMLButtonElement {
  const buttons = scope ? [...scope.querySelectorAll('button')] : findAll<HTMLButtonElement>(el, 'button');
  const found = buttons.find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`button ${name} not found`);
  return found;
}
