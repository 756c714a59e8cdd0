import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { eventOptions, property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { localized, msg, str } from '@lit/localize';
import { entryTime, type JourneyEntry } from '../../model/journey.js';
import { AgentController } from '../shared/controllers/agent.js';
import { WindowController } from '../shared/controllers/window.js';
import { emit } from '../shared/emit.js';
import { channelLabel, fieldLabel, requestStatusLabel } from '../shared/labels.js';
import { tokens } from '../shared/tokens.styles.js';
import { styles } from './journey-view.styles.js';
import { cssomStyle } from '../shared/cssom-style.js';
import {
  FILTERS,
  dateText,
  filterEntries,
  filterText,
  isCurrent,
  isFilter,
  firstLine,
  keyOf,
  kindOf,
  previewContent,
  requestTitles,
  rowId,
  titleOf,
  type JourneyChannelFilter,
  type TitleContext,
} from './journey-entries.js';
import { icon } from './journey-icons.js';
import { renderPreview } from './journey-preview.js';

/** One row of the journey: an activity (its time is `at`) or a request (its time is `createdAt`). */
export type { JourneyEntry };

/** What the journey shows: everything, one channel of activities, or only requests. */
export type { JourneyChannelFilter };

/** Detail of `cc-journey-select`: the entry the agent chose (the record as given, not a copy). */
export interface JourneySelectDetail {
  entry: JourneyEntry;
}

/** Detail of `cc-journey-filter`: the filter the agent chose. */
export interface JourneyFilterDetail {
  channel: JourneyChannelFilter;
}

export type JourneySelectEvent = CustomEvent<JourneySelectDetail>;
export type JourneyMoreEvent = CustomEvent<Record<string, never>>;
export type JourneyFilterEvent = CustomEvent<JourneyFilterDetail>;

/** Block size of one row in CSS pixels; windowing depends on it (see the styles). */
export const ROW_HEIGHT = 44;
/** Rows rendered above and below the visible ones (see `WindowController`). */
const OVERSCAN = 3;
/** Height assumed until the list has been measured (the default `--cc-journey-height`). */
const DEFAULT_VIEWPORT = 320;
/** `cc-journey-more` fires when fewer than this many screens are left below. */
const MORE_THRESHOLD_SCREENS = 2;

/**
 * The customer's journey (R8): the current interaction and every other
 * activity and request, newest first, with the channel of each as an icon and
 * as text. Long histories stay smooth (R8.3): rows have a fixed height and only
 * those in view (plus a few) are in the DOM, whatever the number of entries.
 * Scrolling re-uses the row elements in place (their text and attributes
 * change, none is created), and the rows follow the scroll event in the same
 * frame.
 *
 * The list is one tab stop (`role="listbox"`): **Arrow** keys, **Home**,
 * **End**, **Page Up** and **Page Down** move the active row, **Enter** or
 * **Space** selects it, and so does a click. Hovering a row, or moving the
 * active row with the keyboard, shows its details in the preview below the
 * list without selecting it (R8.2). Buttons above the list filter it by
 * channel. Scrolling near the end asks for more (`cc-journey-more`) when
 * `hasMore` is set. An activity without a subject is named after its
 * request's title, its note, or for a call the customer's `phone`; a row
 * shows the first line of its note, the preview all of it with its author
 * (by name where known: `agentNames`, the agent's own) and time.
 *
 * `entries` is trusted to be sorted newest first and is never re-sorted;
 * pass a new array (not a mutated one) to change it. Events fire only on the
 * agent's actions, never when code sets a property. Customer text is always
 * rendered as text.
 *
 * @summary The customer's activities and requests, newest first, windowed, with a preview.
 * @tagname journey-view
 *
 * @fires {JourneySelectEvent} cc-journey-select - The agent selected an entry (Enter, Space or click). `detail: { entry }`.
 * @fires {JourneyMoreEvent} cc-journey-more - The agent scrolled to within two screens of the end (or pressed "Load more") while `hasMore` is set: append older entries. Fires once per length of `entries` when scrolling. `detail: {}`.
 * @fires {JourneyFilterEvent} cc-journey-filter - The agent chose a channel filter. `detail: { channel }`.
 *
 * @csspart filter - The group of channel filter buttons.
 * @csspart filter-button - One channel filter button (`aria-pressed` tells which is on).
 * @csspart list - The scrolling list (`role="listbox"`); also holds the empty message.
 * @csspart row - One entry of the list (`role="option"`).
 * @csspart row-active - Added to the row the keyboard is on.
 * @csspart row-selected - Added to the selected row.
 * @csspart row-current - Added to the row of the current interaction.
 * @csspart icon - The channel icon of a row.
 * @csspart tag - One tag, in a row or in the preview.
 * @csspart note - The first line of an activity's note, in its row (the preview shows it whole, with who saved it and when).
 * @csspart empty - The message shown when there is nothing to list.
 * @csspart more-button - The "Load more" button, shown while `hasMore` is set.
 * @csspart preview - The details of the hovered or active entry.
 *
 * @cssprop [--cc-journey-height=320px] - Maximum block size of the scrolling list.
 * @cssprop --cc-journey-selected-background - Background of the selected row (default: the accent at 12%).
 * @cssprop --cc-color-accent - Channel icons, selected row marker, pressed filter and "Current interaction" badge.
 * @cssprop --cc-color-border - Borders of the list, rows and tags.
 * @cssprop --cc-color-surface-alt - Hovered row, tags and preview background.
 * @cssprop --cc-color-muted - Dates and secondary text.
 */
@localized()
export class JourneyView extends LitElement {
  static override styles = [tokens, styles];

  // Controllers

  /** The agent's locale and time zone, when a `<customer-context>` provides them; else the browser's. */
  private readonly agent = new AgentController(this);
  /** Formats dates with the agent's locale and time zone (for the pure helpers of `journey-entries.ts`). */
  private readonly formatDate = (iso: string, style: 'short' | 'medium'): string => this.agent.formatDateTime(iso, style);

  /** Which rows of `view` are in the DOM: those in view, a few more, and the active one. */
  private readonly window = new WindowController(this, {
    rowHeight: ROW_HEIGHT,
    overscan: OVERSCAN,
    initialViewport: DEFAULT_VIEWPORT,
    count: () => this.view.length,
    scroller: () => this.list,
  });

  // Queries

  @query('.list') private list!: HTMLElement | null;

  // Private state

  /** Index in the filtered view of the row the keyboard is on, or -1. */
  @state() private activeIndex = -1;
  /** The entry under the pointer; it wins over the active row in the preview. */
  @state() private hovered: JourneyEntry | null = null;

  /** `entries` filtered by `channel`: computed once per change of either. */
  private view: readonly JourneyEntry[] = [];
  /** Key of the active entry, so it survives new pages and filters. */
  private activeKey: string | null = null;
  /** `entries.length` when `cc-journey-more` last fired from scrolling. */
  private moreFiredAt = -1;
  /** What rows without a subject are named after (request titles, the phone number): made when either changes. */
  private titles: TitleContext = { requestTitles: new Map(), phone: '' };
  /** The name shown for the agent who saved a note: a known display name, the agent's own, else the id. */
  private readonly nameOf = (agentId: string): string => {
    const agent = this.agent.value;
    return this.agentNames.get(agentId) || (agentId === agent.agentId && agent.agentName) || agentId;
  };

  // Public properties

  /** Activities and requests, newest first (trusted, never re-sorted). Set a new array to change it. */
  @property({ attribute: false }) entries: JourneyEntry[] = [];

  /** The live interaction: the activity with this `interactionId` is marked "Current interaction". */
  @property({ attribute: 'current-interaction-id' }) currentInteractionId: string | null = null;

  /** Id of the selected entry (`aria-selected`). The element updates it when the agent selects. */
  @property({ attribute: 'selected-id' }) selectedId: string | null = null;

  /** Channel filter: `all`, one of the activity channels, or `request`. */
  @property({ reflect: true }) channel: JourneyChannelFilter = 'all';

  /** Whether older entries can be loaded (`cc-journey-more`). */
  @property({ type: Boolean, attribute: 'has-more' }) hasMore = false;

  /** The customer's phone number: a call without a subject or request title is named after it ("Call with …"). */
  @property() phone = '';

  /** Display names of agents by id: a note's author (`updatedBy`) is shown by name where known. */
  @property({ attribute: false }) agentNames: ReadonlyMap<string, string> = new Map();

  /** Accessible name of the list; empty means the localized "Customer journey". */
  @property() label = '';

  // Lifecycle

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('entries') || changed.has('channel')) {
      const hovered = this.hovered ? this.view.indexOf(this.hovered) : -1;
      this.view = filterEntries(this.entries, this.channel);
      this.activeIndex = this.findActive();
      // The preview follows the row under the pointer (rows are placed by index): the same entry (a
      // newer version of it, just saved) stays previewed, up to date; an entry that moved in under the
      // pointer (one inserted above) is previewed in its place, as the pointer now shows it.
      this.hovered = this.hovered && hovered >= 0 ? (this.view[hovered] ?? null) : null;
    }
    if (changed.has('entries') || changed.has('phone')) {
      this.titles = { requestTitles: requestTitles(Array.isArray(this.entries) ? this.entries : []), phone: this.phone.trim() };
    }
  }

  // Handlers

  /**
   * Scroll events come once per frame, just before it is drawn: the rows are
   * moved right here (no extra animation frame, so no frame shows a gap), and
   * only when the window of rows changes.
   */
  @eventOptions({ passive: true })
  private onScroll(): void {
    // The row elements are re-used for other entries: the one under the pointer no longer shows the hovered entry.
    if (this.window.scrolled()) this.hovered = null;
    this.maybeRequestMore();
  }

  private onFocus(): void {
    if (this.activeIndex >= 0 || this.view.length === 0) return;
    // Start where the agent is looking: never scroll on focus (a click may follow).
    const [first, last] = this.window.visibleRange();
    const selected = this.view.findIndex((entry) => entry.id === this.selectedId);
    this.setActive(selected >= first && selected <= last ? selected : first, false);
  }

  private onKeyDown(event: KeyboardEvent): void {
    const count = this.view.length;
    if (count === 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    const current = this.activeIndex;
    const page = this.window.pageRows;
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = current < 0 ? 0 : current + 1;
        break;
      case 'ArrowUp':
        next = current < 0 ? 0 : current - 1;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = count - 1;
        break;
      case 'PageDown':
        next = Math.max(current, 0) + page;
        break;
      case 'PageUp':
        next = Math.max(current, 0) - page;
        break;
      case 'Enter':
      case ' ': {
        event.preventDefault();
        const entry = this.view[current];
        if (entry) this.select(entry);
        return;
      }
      default:
        return;
    }
    event.preventDefault();
    this.setActive(Math.min(count - 1, Math.max(0, next)), true);
  }

  private onRowClick(event: MouseEvent): void {
    const index = this.indexOf(event.currentTarget);
    const entry = this.view[index];
    if (!entry) return;
    this.setActive(index, true);
    this.select(entry);
  }

  private onRowPointerEnter(event: PointerEvent): void {
    this.hovered = this.view[this.indexOf(event.currentTarget)] ?? null;
  }

  private onListPointerLeave(): void {
    this.hovered = null;
  }

  private onFilterClick(event: MouseEvent): void {
    const value = (event.currentTarget as HTMLButtonElement).value;
    if (!isFilter(value) || value === this.channel) return;
    this.channel = value;
    this.window.scrollToTop();
    emit(this, 'cc-journey-filter', { channel: value });
  }

  private onMoreClick(): void {
    this.moreFiredAt = this.entries.length;
    emit(this, 'cc-journey-more', {});
  }

  // Private helpers

  /** Re-finds the active entry in a new view: O(1) when it did not move (a page appended), else O(n). */
  private findActive(): number {
    if (this.activeKey === null) return -1;
    const same = this.view[this.activeIndex];
    if (same && keyOf(same) === this.activeKey) return this.activeIndex;
    const index = this.view.findIndex((entry) => keyOf(entry) === this.activeKey);
    if (index < 0) this.activeKey = null;
    return index;
  }

  private indexOf(target: EventTarget | null): number {
    const value = (target as HTMLElement | null)?.getAttribute('aria-posinset');
    return value ? Number(value) - 1 : -1;
  }

  private setActive(index: number, scroll: boolean): void {
    const entry = this.view[index];
    if (!entry) return;
    this.activeIndex = index;
    this.activeKey = keyOf(entry);
    this.hovered = null;
    if (scroll) this.window.scrollIntoView(index);
  }

  private select(entry: JourneyEntry): void {
    this.selectedId = entry.id;
    emit(this, 'cc-journey-select', { entry });
  }

  private maybeRequestMore(): void {
    if (!this.hasMore || this.moreFiredAt === this.entries.length) return;
    if (this.window.distanceToEnd > MORE_THRESHOLD_SCREENS * this.window.viewportHeight) return;
    this.moreFiredAt = this.entries.length;
    emit(this, 'cc-journey-more', {});
  }

  /** A date for the agent (their locale and time zone), or '' when there is none. */
  private date(iso: string | null | undefined, style: 'short' | 'medium'): string {
    return dateText(iso, style, this.formatDate);
  }

  // Rendering

  private renderFilter(): TemplateResult {
    const active = isFilter(this.channel) ? this.channel : 'all';
    return html`
      <div class="filter" part="filter" role="group" aria-label=${fieldLabel('channel')}>
        ${FILTERS.map(
          (filter) => html`
            <button
              type="button"
              part="filter-button"
              value=${filter}
              aria-pressed=${filter === active ? 'true' : 'false'}
              @click=${this.onFilterClick}
            >
              ${icon(filter)}<span>${filterText(filter)}</span>
            </button>
          `,
        )}
      </div>
    `;
  }

  private renderRow(entry: JourneyEntry, index: number, count: number): TemplateResult {
    const kind = kindOf(entry);
    const selected = this.selectedId !== null && entry.id === this.selectedId;
    const current = isCurrent(entry, this.currentInteractionId);
    const active = index === this.activeIndex;
    const parts = ['row', active ? 'row-active' : '', selected ? 'row-selected' : '', current ? 'row-current' : '']
      .filter(Boolean)
      .join(' ');
    const iso = entryTime(entry);
    const title = titleOf(entry, this.titles);
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
        aria-setsize=${count}
        style=${cssomStyle({ 'inset-block-start': `${this.window.offsetOf(index)}px` })}
        @click=${this.onRowClick}
        @pointerenter=${this.onRowPointerEnter}
      >
        <span class="icon" part="icon">${icon(kind)}</span>
        <span class="title">${title}</span>
        <time class="date" datetime=${iso}>${this.date(iso, 'short')}</time>
        <span class="meta">
          <span class="channel">${channelLabel(kind)}</span>
          ${current ? html`<span class="badge">${msg('Current interaction')}</span>` : nothing} ${details}
        </span>
      </div>
    `;
  }

  /**
   * The window of rows, in list order. Not keyed: when the window moves, the
   * same row elements show other entries (only text and attributes change),
   * which costs far less than creating rows. Row ids follow the entries.
   */
  private renderRows(): TemplateResult {
    const view = this.view;
    const count = view.length;
    // The window of rows, and the active row wherever it is (aria-activedescendant never dangles).
    const rows = this.window.indexes(this.activeIndex).map((i) => this.renderRow(view[i]!, i, count));
    return html`<div class="spacer" style=${cssomStyle({ 'block-size': `${this.window.totalSize}px` })}>${rows}</div>`;
  }

  /** One scroll container for both states, so the resize observer keeps watching the same element. */
  private renderList(): TemplateResult {
    const empty = this.view.length === 0;
    const active = this.view[this.activeIndex];
    const previewing = Boolean(this.hovered ?? active);
    const emptyText = this.entries.length === 0 ? msg('No activity yet') : msg('Nothing on this channel');
    return html`
      <div
        class="list"
        part="list"
        role=${ifDefined(empty ? undefined : 'listbox')}
        tabindex=${ifDefined(empty ? undefined : '0')}
        aria-label=${ifDefined(empty ? undefined : this.label || msg('Customer journey'))}
        aria-activedescendant=${ifDefined(active ? rowId(active) : undefined)}
        aria-describedby=${ifDefined(previewing ? 'preview' : undefined)}
        @scroll=${this.onScroll}
        @keydown=${this.onKeyDown}
        @focus=${this.onFocus}
        @pointerleave=${this.onListPointerLeave}
      >
        ${empty ? html`<p class="empty" part="empty">${emptyText}</p>` : this.renderRows()}
      </div>
    `;
  }

  protected override render(): TemplateResult {
    // The preview shows the entry under the pointer, else the active one.
    const entry = this.hovered ?? this.view[this.activeIndex] ?? null;
    return html`
      ${this.renderFilter()}
      <div class="body">
        <div class="main">
          ${this.renderList()}
          ${this.hasMore
            ? html`<button type="button" class="more" part="more-button" @click=${this.onMoreClick}>
                ${msg('Load more')}
              </button>`
            : nothing}
        </div>
        ${renderPreview(entry ? previewContent(entry, this.currentInteractionId, this.formatDate, this.titles, this.nameOf) : null)}
      </div>
    `;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-journey-select': CustomEvent<JourneySelectDetail>;
    'cc-journey-more': CustomEvent<Record<string, never>>;
    'cc-journey-filter': CustomEvent<JourneyFilterDetail>;
  }
}
