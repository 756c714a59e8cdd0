// Keeping what the agent reads in place when rows are inserted (or removed) above it (issue #19).
import type { WindowController } from '../shared/controllers/window.js';
import { keyOf } from './journey-entries.js';
import type { DayLayout } from './journey-days.js';

/** The first entry in view, by key, and how many pixels the list is scrolled past its top. */
export interface ScrollAnchor {
  key: string;
  past: number;
}

/** The anchor of the list before its entries change; null at the top (new rows then simply show at the top). */
export function anchorOf(list: HTMLElement | null, window: WindowController, layout: DayLayout): ScrollAnchor | null {
  if (!list || list.scrollTop < 1 || layout.view.length === 0) return null;
  const [first] = window.visibleRange();
  const index = layout.entryAt(first);
  const entry = layout.view[index];
  if (!entry) return null;
  return { key: keyOf(entry), past: list.scrollTop - window.offsetOf(layout.itemIndex(index)) };
}

/**
 * After the entries changed (the new `layout`), scrolls the list by as much as
 * was inserted or removed above the anchor, in the same update, so the rows in
 * view stay where they were. The spacer takes its new size first, or the
 * scroll would be cut short at the old end.
 */
export function keepInPlace(anchor: ScrollAnchor, list: HTMLElement | null, window: WindowController, layout: DayLayout): void {
  const index = layout.view.findIndex((entry) => keyOf(entry) === anchor.key);
  if (!list || index < 0) return;
  const top = window.offsetOf(layout.itemIndex(index)) + anchor.past;
  if (Math.abs(top - list.scrollTop) < 1) return;
  fitSpacer(list, window);
  list.scrollTop = top;
  window.scrolled();
}

/**
 * Gives the spacer the list's size now, before scrolling to an item the last
 * render did not reach (separators found on the way make the list longer).
 */
export function fitSpacer(list: HTMLElement | null, window: WindowController): void {
  const spacer = list?.querySelector<HTMLElement>('.spacer');
  if (spacer) spacer.style.blockSize = `${window.totalSize}px`;
}
