import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { eventOptions, property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { localized, msg } from '@lit/localize';
import { entryTime, type JourneyEntry } from '../../model/journey.js';
import type { Clock } from '../../session/agent-state.js';
import { AgentController } from '../shared/controllers/agent.js';
import { WindowController } from '../shared/controllers/window.js';
import { emit } from '../shared/emit.js';
import { tokens } from '../shared/tokens.styles.js';
import { styles } from './journey-view.styles.js';
import { cssomStyle } from '../shared/cssom-style.js';
import {
  dateText,
  filterEntries,
  isFilter,
  matches,
  keyOf,
  keyTarget,
  previewContent,
  requestTitles,
  rowId,
  type JourneyChannelFilter,
  type TitleContext,
} from './journey-entries.js';
import { renderPreview } from './journey-preview.js';
import { anchorOf, fitSpacer, keepInPlace } from './scroll-anchor.js';
import { DayClockController } from './day-clock.js';
import { DayLayout, dayLabel } from './journey-days.js';
import { renderDaySeparator, renderRow, type RowContext } from './journey-row.js';
import { isPeriod, renderChannelFilter, renderPeriodFilter, type JourneyPeriod } from './journey-filters.js';
import { UnseenEntries, arrivedEntries, newEventsText } from './new-events.js';

/** One row of the journey: an activity (its time is `at`) or a request (its time is `createdAt`). */
export type { JourneyEntry };

/** What the journey shows: everything, one channel of activities, or only requests. */
export type { JourneyChannelFilter };

/** The journey's time frame: the last 10 or 30 days, 6 or 12 months, or everything. */
export type { JourneyPeriod };

/** Detail of `cc-journey-select`: the entry the agent chose (the record as given, not a copy). */
export interface JourneySelectDetail {
  entry: JourneyEntry;
}

/** Detail of `cc-journey-filter`: the filter the agent chose. */
export interface JourneyFilterDetail {
  channel: JourneyChannelFilter;
}

/** Detail of `cc-journey-period`: the time frame the agent chose. */
export interface JourneyPeriodDetail {
  period: JourneyPeriod;
}

export type JourneySelectEvent = CustomEvent<JourneySelectDetail>;
export type JourneyPeriodEvent = CustomEvent<JourneyPeriodDetail>;
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
 * channel, a menu by time frame (`time-frame`, `period`: the host reads that
 * range). A separator of the row height heads each day ("Today", "Yesterday",
 * a date), hidden from assistive technology and skipped by the keys. Entries
 * arriving above while scrolled down, or hidden by the filter, never move what
 * the agent reads: a chip "N new events" (polite) brings them into view.
 * Scrolling near the end asks for more (`cc-journey-more`) when
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
 * @fires {JourneyFilterEvent} cc-journey-filter - The agent chose a channel filter (also "N new events" turning a hiding filter off). `detail: { channel }`.
 * @fires {JourneyPeriodEvent} cc-journey-period - The agent chose a time frame. `detail: { period }`.
 *
 * @csspart filter - The group of channel filter buttons.
 * @csspart filter-button - One channel filter button (`aria-pressed` tells which is on).
 * @csspart period - The time frame's label and menu.
 * @csspart period-select - The time frame's `<select>`.
 * @csspart day-separator - The separator that heads a day's rows ("Today", "Yesterday", a date).
 * @csspart new-events - The "N new events" chip.
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

  /** Today and yesterday for the day separators; a re-render when the day changes. */
  private readonly days = new DayClockController(
    this,
    () => this.clock,
    () => this.agent.value.timeZone,
  );

  /** Which rows of `view` are in the DOM: those in view, a few more, and the active one. */
  private readonly window = new WindowController(this, {
    rowHeight: ROW_HEIGHT,
    overscan: OVERSCAN,
    initialViewport: DEFAULT_VIEWPORT,
    count: () => this.layout.size,
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
  /** The items of the list: `view` with a separator heading each day (laid out as far as shown). */
  private layout = new DayLayout([], '');
  /** Entries that arrived out of the agent's sight ("N new events"). */
  private readonly unseen = new UnseenEntries();
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

  /** Time frame shown as chosen (`10d`, `30d`, `6m`, `12m`, `all`); the entries given are expected to be in it. */
  @property({ reflect: true }) period: JourneyPeriod = 'all';

  /** Shows the time frame menu: set it where the host reads the journey again for the frame chosen (`cc-journey-period`). */
  @property({ type: Boolean, attribute: 'time-frame' }) timeFrame = false;

  /** Where "today" is read from, for the day separators (a fake one in tests); default the browser's clock. */
  @property({ attribute: false }) clock: Clock | undefined;

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
    const timeZone = this.agent.value.timeZone;
    if (changed.has('entries') || changed.has('channel') || timeZone !== this.layout.timeZone) {
      const hovered = this.hovered ? this.view.indexOf(this.hovered) : -1;
      const hoveredItem = hovered >= 0 ? this.layout.itemIndex(hovered) : -1;
      const hoveredKey = this.hovered ? keyOf(this.hovered) : null;
      const anchor = changed.has('entries') && !changed.has('channel') ? anchorOf(this.list, this.window, this.layout) : null;
      this.view = filterEntries(this.entries, this.channel);
      this.layout = new DayLayout(this.view, timeZone);
      if (changed.has('entries')) this.noteArrivals(changed.get('entries'));
      if (anchor) keepInPlace(anchor, this.list, this.window, this.layout);
      if (this.unseen.count > 0 && this.atTop()) this.unseen.seeTop(this.shows);
      this.activeIndex = this.findActive();
      // The preview follows the row under the pointer. Scrolled down, the rows stay in place (above): the same entry
      // (a newer version of it, just saved) stays previewed, up to date. At the top, rows inserted above move down:
      // the entry that moved in under the pointer is previewed in its place, as the pointer now shows it.
      const item = hoveredItem >= 0 && !anchor ? this.layout.item(hoveredItem) : undefined;
      this.hovered = anchor && hoveredKey ? (this.view.find((entry) => keyOf(entry) === hoveredKey) ?? null) : item !== undefined && item >= 0 ? (this.view[item] ?? null) : null;
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
    if (this.unseen.count > 0 && this.atTop() && this.unseen.seeTop(this.shows)) this.requestUpdate();
    this.maybeRequestMore();
  }

  private onFocus(): void {
    if (this.activeIndex >= 0 || this.view.length === 0) return;
    // Start where the agent is looking: never scroll on focus (a click may follow).
    const [first, last] = this.window.visibleRange();
    const selected = this.view.findIndex((entry) => entry.id === this.selectedId);
    const item = this.layout.itemIndex(selected);
    this.setActive(item >= first && item <= last ? selected : Math.max(0, this.layout.entryAt(first)), false);
  }

  private onKeyDown(event: KeyboardEvent): void {
    const count = this.view.length;
    if (count === 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const entry = this.view[this.activeIndex];
      if (entry) this.select(entry);
      return;
    }
    const next = keyTarget(event.key, this.activeIndex, count, this.window.pageRows);
    if (next === null) return;
    event.preventDefault();
    this.setActive(next, true);
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

  private onPeriodChange(event: Event): void {
    const value = (event.currentTarget as HTMLSelectElement).value;
    if (!isPeriod(value) || value === this.period) return;
    this.period = value;
    this.window.scrollToTop();
    emit(this, 'cc-journey-period', { period: value });
  }

  /** "N new events": a filter that hides them is turned off, and the list goes to its top, focused on the newest. */
  private onNewEventsClick(): void {
    if (this.unseen.hidden(this.shows)) {
      this.channel = 'all';
      emit(this, 'cc-journey-filter', { channel: 'all' });
    }
    this.unseen.clear();
    this.window.scrollToTop();
    this.activeKey = null;
    this.activeIndex = -1;
    this.requestUpdate();
    void this.updateComplete.then(() => {
      this.setActive(0, true);
      this.list?.focus();
    });
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
    if (!scroll) return;
    const item = this.layout.itemIndex(index);
    fitSpacer(this.list, this.window);
    // The day's separator too, when it heads this row (it comes into view first, the row wins).
    if (item > 0 && this.layout.isSeparator(item - 1)) this.window.scrollIntoView(item - 1);
    this.window.scrollIntoView(item);
  }

  /** Whether the filter shows `entry` (for "N new events"). */
  private readonly shows = (entry: JourneyEntry): boolean => this.channel === 'all' || !isFilter(this.channel) || matches(entry, this.channel);

  private atTop(): boolean {
    return (this.list?.scrollTop ?? 0) < 1;
  }

  /** Entries newer than the newest shown before: unseen when the list is scrolled down or the filter hides them. */
  private noteArrivals(previous: JourneyEntry[] | undefined): void {
    this.unseen.keepIn(Array.isArray(this.entries) ? this.entries : []);
    const arrived = arrivedEntries(previous, this.entries);
    if (arrived.length > 0) this.unseen.add(arrived, this.shows, this.atTop());
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

  /**
   * The window of rows, in list order. Not keyed: when the window moves, the
   * same row elements show other entries (only text and attributes change),
   * which costs far less than creating rows. Row ids follow the entries.
   */
  private renderRows(): TemplateResult {
    const view = this.view;
    const layout = this.layout;
    const agent = this.agent.value;
    const days = this.days.days();
    const context: RowContext = {
      count: view.length,
      activeIndex: this.activeIndex,
      selectedId: this.selectedId,
      currentInteractionId: this.currentInteractionId,
      titles: this.titles,
      date: (iso) => this.date(iso, 'short'),
      onClick: this.onRowClick,
      onPointerEnter: this.onRowPointerEnter,
    };
    // The window of items, and the active row wherever it is (aria-activedescendant never dangles). Laid out as far as
    // the window reaches first (separators found there make the list longer), then the window for that length.
    const active = layout.itemIndex(this.activeIndex);
    let indexes = this.window.indexes(active);
    for (let size = -1; size !== layout.size; indexes = this.window.indexes(active)) {
      size = layout.size;
      layout.reach(Math.max(...indexes, 0) + 1);
    }
    const rows = indexes.map((i) => {
      const item = layout.item(i) ?? 0;
      const top = this.window.offsetOf(i);
      if (item >= 0) return renderRow(view[item]!, item, top, context);
      return renderDaySeparator(dayLabel(entryTime(view[-item - 1]!), days, agent.locale, agent.timeZone), top);
    });
    return html`<div class="spacer" style=${cssomStyle({ 'block-size': `${this.window.totalSize}px` })}>${rows}</div>`;
  }

  /** One scroll container for both states, so the resize observer keeps watching the same element. */
  private renderList(): TemplateResult {
    const empty = this.view.length === 0;
    const active = this.view[this.activeIndex];
    const previewing = Boolean(this.hovered ?? active);
    const emptyText =
      this.entries.length > 0 ? msg('Nothing on this channel') : this.period !== 'all' ? msg('Nothing in this time frame') : msg('No activity yet');
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
    const unseen = this.unseen.count;
    return html`
      <div class="filters">
        ${renderChannelFilter(this.channel, this.onFilterClick)} ${this.timeFrame ? renderPeriodFilter(this.period, this.onPeriodChange) : nothing}
      </div>
      <div class="body">
        <div class="main">
          <div class="news" role="status">
            ${unseen > 0
              ? html`<button type="button" class="new-events" part="new-events" @click=${this.onNewEventsClick}>${newEventsText(unseen)}</button>`
              : nothing}
          </div>
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
    'cc-journey-period': CustomEvent<JourneyPeriodDetail>;
  }
}
