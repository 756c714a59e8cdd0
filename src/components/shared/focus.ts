/**
 * Where keyboard focus is, through shadow roots: what the focus rules of the
 * gadget need to give focus back after an action without ever taking it from
 * where the agent (or another gadget on the desktop) put it meanwhile.
 */

/** The focused element, through shadow roots (the innermost one). */
export function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/**
 * Whether focus has nowhere useful to be after an action of `host` finished:
 * on the page's body, or on something inside `host` that is gone or hidden
 * (a hidden tab panel, a closed dialog). Focus elsewhere on the page is never
 * taken back.
 */
export function focusLost(host: Element): boolean {
  const chain: Element[] = [];
  for (let active = document.activeElement; active; active = active.shadowRoot?.activeElement ?? null) chain.push(active);
  const last = chain.at(-1);
  if (!last || last === document.body) return true;
  const at = chain.indexOf(host);
  if (at === -1) return false;
  const inside = chain.slice(at + 1);
  return !inside.length || inside.some((element) => element.closest('[hidden], dialog:not([open])') !== null);
}

/** A text field's caret (or selection), to put back after the field was moved. `null` on inputs without one. */
export function caretOf(element: Element): [number, number] | null {
  if (!(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement)) return null;
  // `selectionStart` is null on inputs without a caret (checkbox, button).
  return element.selectionStart !== null ? [element.selectionStart, element.selectionEnd ?? element.selectionStart] : null;
}

/** Whether the focused element takes typed text (an input, a text area, an editable region). */
export function isTyping(element: Element | null): boolean {
  return element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || (element instanceof HTMLElement && element.isContentEditable);
}
