import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How a {@link WindowController} reads its list. */
export interface WindowOptions {
  /** Block size of every row, in CSS pixels: the rows must have exactly this height (fixed rows, no measuring). */
  rowHeight: number;
  /** The number of rows now (read on every host update, after `willUpdate`). */
  count: () => number;
  /** The scrolling element, once rendered (`null` before). Keep the same element in every state. */
  scroller: () => HTMLElement | null;
  /**
   * Rows rendered above and below the visible ones, so fast scrolling shows no
   * gaps (default 3). The window follows the scroll event in the same frame,
   * so a few rows (132 px of 44 px rows, a fling of 8,000 px/s) cover what the
   * compositor may scroll ahead between two frames.
   */
  overscan?: number;
  /** Block size of the scroller assumed until it has been measured (default 320). */
  initialViewport?: number;
}

/**
 * Windowing for a long list of fixed-height rows (R8.3): which rows to render
 * for the scroll offset, whatever the number of rows, plus the one row that
 * must always be rendered, the active one (a listbox's `aria-activedescendant`
 * must never point at a row that is not in the DOM).
 *
 * The window moves in the scroll event itself (no extra animation frame, so
 * no frame shows a gap) and the host re-renders only when the first row of
 * the window changes. The scroller's size is followed with a ResizeObserver.
 * Rows are positioned by `offsetOf(index)` inside a spacer of `totalSize`
 * pixels; render them unkeyed, so the same row elements show other entries
 * when the window moves.
 *
 * Why not `@lit-labs/virtualizer`: it measures variable-height rows, is a
 * prerelease, and does not keep the active row rendered.
 *
 * @example
 * ```ts
 * class LongList extends LitElement {
 *   @query('.list') private list!: HTMLElement | null;
 *   @state() private active = -1;
 *   private readonly window = new WindowController(this, {
 *     rowHeight: 44,
 *     count: () => this.items.length,
 *     scroller: () => this.list,
 *   });
 *
 *   override render() {
 *     const rows = this.window.indexes(this.active).map(
 *       (i) => html`<div role="option" style=${cssomStyle({ 'inset-block-start': `${this.window.offsetOf(i)}px` })}>…</div>`,
 *     );
 *     return html`<div class="list" role="listbox" @scroll=${() => this.window.scrolled()}>
 *       <div class="spacer" style=${cssomStyle({ 'block-size': `${this.window.totalSize}px` })}>${rows}</div>
 *     </div>`;
 *   }
 * }
 * ```
 */
export class WindowController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly count: () => number;
  private readonly scroller: () => HTMLElement | null;
  private readonly rowHeight: number;
  private readonly overscan: number;
  private readonly resizeObserver = new ResizeObserver((records) => this.onResize(records));
  private observed = false;

  /** Scroll offset of the scroller, as last read. */
  private scrollPos = 0;
  /** Measured client block size of the scroller. */
  private viewport: number;
  /** Rows that fit in the viewport (plus one partly shown); changes only when the scroller is resized. */
  private visibleRows: number;
  /** Index of the first rendered row (overscan included). */
  private start = 0;

  constructor(host: ReactiveControllerHost, options: WindowOptions) {
    this.host = host;
    this.count = options.count;
    this.scroller = options.scroller;
    this.rowHeight = options.rowHeight;
    this.overscan = options.overscan ?? 3;
    this.viewport = options.initialViewport ?? 320;
    this.visibleRows = Math.ceil(this.viewport / this.rowHeight) + 1;
    host.addController(this);
  }

  // Lifecycle

  hostConnected(): void {
    this.observe();
  }

  hostDisconnected(): void {
    this.resizeObserver.disconnect();
    this.observed = false;
  }

  hostUpdate(): void {
    this.start = this.firstRow();
  }

  hostUpdated(): void {
    if (!this.observed) this.observe();
  }

  // Reading

  /** Measured block size of the scroller (the initial guess until measured). */
  get viewportHeight(): number {
    return this.viewport;
  }

  /** Block size of the whole list: give it to the spacer that holds the rows. */
  get totalSize(): number {
    return this.count() * this.rowHeight;
  }

  /** Where row `index` starts (its `inset-block-start` in the spacer). */
  offsetOf(index: number): number {
    return index * this.rowHeight;
  }

  /** Rows that Page Up and Page Down move by: one screen, less one row of context. */
  get pageRows(): number {
    return Math.max(1, Math.floor(this.viewport / this.rowHeight) - 1);
  }

  /** Pixels of the list below the bottom of the viewport. */
  get distanceToEnd(): number {
    return this.totalSize - this.scrollPos - this.viewport;
  }

  /** First and last index of the rows at least partly in view. */
  visibleRange(): [number, number] {
    const count = this.count();
    const first = Math.min(Math.max(0, count - 1), Math.floor(this.scrollPos / this.rowHeight));
    const last = Math.min(count - 1, Math.ceil((this.scrollPos + this.viewport) / this.rowHeight) - 1);
    return [first, Math.max(first, last)];
  }

  /**
   * The indexes of the rows to render, in list order: the window, and the
   * `active` row (`-1`: none) wherever it is, so `aria-activedescendant`
   * never dangles.
   */
  indexes(active: number): number[] {
    const count = this.count();
    const start = Math.min(this.start, Math.max(0, count - 1));
    const end = Math.min(count, start + this.visibleRows + 2 * this.overscan);
    const rows: number[] = [];
    if (active >= 0 && active < start) rows.push(active);
    for (let i = start; i < end; i++) rows.push(i);
    if (active >= end && active < count) rows.push(active);
    return rows;
  }

  // Acting

  /**
   * Call from the scroller's scroll listener (passive): reads the offset and
   * moves the window. Returns whether the window moved, i.e. whether the row
   * elements now show other rows (a host update is requested then).
   */
  scrolled(): boolean {
    const scroller = this.scroller();
    if (!scroller) return false;
    this.scrollPos = scroller.scrollTop;
    return this.moveTo(this.firstRow());
  }

  /** Scrolls as little as needed to show row `index` whole. */
  scrollIntoView(index: number): void {
    const scroller = this.scroller();
    if (!scroller) return;
    const height = scroller.clientHeight || this.viewport;
    const top = this.offsetOf(index);
    let target = scroller.scrollTop;
    if (top < target) target = top;
    else if (top + this.rowHeight > target + height) target = top + this.rowHeight - height;
    if (target !== scroller.scrollTop) {
      scroller.scrollTop = target;
      this.scrollPos = scroller.scrollTop;
      this.moveTo(this.firstRow());
    }
  }

  /** Back to the first row (a new filter). The window follows on the next host update. */
  scrollToTop(): void {
    const scroller = this.scroller();
    if (scroller) scroller.scrollTop = 0;
    this.scrollPos = 0;
  }

  // Private

  /** Follows the scroller's size (one element for the host's whole life, once rendered). */
  private observe(): void {
    const scroller = this.scroller();
    if (!scroller) return;
    this.observed = true;
    this.resizeObserver.observe(scroller);
  }

  private onResize(records: ResizeObserverEntry[]): void {
    const target = records[records.length - 1]?.target as HTMLElement | undefined;
    const height = target?.clientHeight ?? 0;
    if (height <= 0) return;
    this.viewport = height;
    const visibleRows = Math.ceil(height / this.rowHeight) + 1;
    if (visibleRows === this.visibleRows) return;
    this.visibleRows = visibleRows;
    this.host.requestUpdate();
  }

  private moveTo(start: number): boolean {
    if (start === this.start) return false;
    this.start = start;
    this.host.requestUpdate();
    return true;
  }

  /** The first row of the window for the current scroll offset (overscan included). */
  private firstRow(): number {
    const maxStart = Math.max(0, this.count() - this.visibleRows);
    return Math.max(0, Math.min(maxStart, Math.floor(this.scrollPos / this.rowHeight)) - this.overscan);
  }
}
