import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Keeps one row of a list that scrolls on its own (the Open list, capped in
 * height in a narrow column) in view after each update: the list scrolls as
 * little as it takes, and nothing else does (no `scrollIntoView`, which would
 * scroll the page and the desktop around the gadget too).
 */
export class KeepInView implements ReactiveController {
  private readonly list: () => HTMLElement | null;
  private readonly row: () => HTMLElement | null;
  /** The last row kept in view: only a change of row (or of the list's rows) scrolls, never the agent's own scrolling. */
  private last: HTMLElement | null = null;

  constructor(host: ReactiveControllerHost, list: () => HTMLElement | null, row: () => HTMLElement | null) {
    this.list = list;
    this.row = row;
    host.addController(this);
  }

  hostUpdated(): void {
    const list = this.list();
    const row = this.row();
    if (!list || !row || row === this.last) return;
    this.last = row;
    keepRowInView(list, row);
  }
}

/** Scrolls `list` (only) so that `row` is wholly visible in it. */
export function keepRowInView(list: HTMLElement, row: HTMLElement): void {
  if (list.scrollHeight <= list.clientHeight) return;
  const box = list.getBoundingClientRect();
  const at = row.getBoundingClientRect();
  if (at.top < box.top) list.scrollTop -= box.top - at.top;
  else if (at.bottom > box.bottom) list.scrollTop += at.bottom - box.bottom;
}
