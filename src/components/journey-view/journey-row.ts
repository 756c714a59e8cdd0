// The items of <journey-view>'s list: an entry's row (role="option") and a day's separator. Templates only.
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { entryTime, type JourneyEntry } from '../../model/journey.js';
import { channelLabel, requestStatusLabel } from '../shared/labels.js';
import { cssomStyle } from '../shared/cssom-style.js';
import { firstLine, isCurrent, kindOf, rowId, titleOf, type TitleContext } from './journey-entries.js';
import { icon } from './journey-icons.js';

/** What a row needs to know besides its entry. */
export interface RowContext {
  /** The number of entries (options) in the list: `aria-setsize`. */
  count: number;
  activeIndex: number;
  selectedId: string | null;
  currentInteractionId: string | null;
  titles: TitleContext;
  /** The entry's date for the row ('' when none). */
  date: (iso: string) => string;
  onClick: (event: MouseEvent) => void;
  onPointerEnter: (event: PointerEvent) => void;
}

/** The row of entry `index` of the list, at `top` pixels in the spacer. */
export function renderRow(entry: JourneyEntry, index: number, top: number, c: RowContext): TemplateResult {
  const kind = kindOf(entry);
  const selected = c.selectedId !== null && entry.id === c.selectedId;
  const current = isCurrent(entry, c.currentInteractionId);
  const active = index === c.activeIndex;
  const parts = ['row', active ? 'row-active' : '', selected ? 'row-selected' : '', current ? 'row-current' : ''].filter(Boolean).join(' ');
  const iso = entryTime(entry);
  const title = titleOf(entry, c.titles);
  let details: TemplateResult;
  if (entry.type === 'request') {
    details = html`<span class="status">${requestStatusLabel(entry.status)}</span>`;
  } else {
    const shown = entry.tags.slice(0, 3);
    const rest = entry.tags.length - shown.length;
    const line = firstLine(entry.notes);
    // Not twice: a row named after its note shows it once.
    const note = line && line !== title ? line : '';
    details = html`${shown.map((tag) => html`<span class="tag" part="tag">${tag}</span>`)}${rest > 0
      ? html`<span>${msg(str`+${rest}`)}</span>`
      : nothing}${note ? html`<span class="note" part="note">${msg(str`Note: ${note}`)}</span>` : nothing}`;
  }
  return html`
    <div
      role="option"
      id=${rowId(entry)}
      class=${active ? 'row active' : 'row'}
      part=${parts}
      aria-selected=${selected ? 'true' : 'false'}
      aria-current=${current ? 'true' : nothing}
      aria-posinset=${index + 1}
      aria-setsize=${c.count}
      style=${cssomStyle({ 'inset-block-start': `${top}px` })}
      @click=${c.onClick}
      @pointerenter=${c.onPointerEnter}
    >
      <span class="icon" part="icon">${icon(kind)}</span>
      <span class="title">${title}</span>
      <time class="date" datetime=${iso}>${c.date(iso)}</time>
      <span class="meta">
        <span class="channel">${channelLabel(kind)}</span>
        ${current ? html`<span class="badge">${msg('Current interaction')}</span>` : nothing} ${details}
      </span>
    </div>
  `;
}

/**
 * The separator heading a day's rows, at `top` pixels: not an option (the
 * keyboard never lands on it, `aria-setsize` and `aria-posinset` count
 * entries only) and hidden from assistive technology, since each row says
 * its date.
 */
export function renderDaySeparator(label: string, top: number): TemplateResult {
  return html`<div class="day" part="day-separator" aria-hidden="true" style=${cssomStyle({ 'inset-block-start': `${top}px` })}><span>${label}</span></div>`;
}
