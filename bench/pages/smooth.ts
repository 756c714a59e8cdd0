// A smoother journey (issue #20 item 3): `<journey-view>` (the built bundle, windowed by hand) and the
// same rows rendered by `@lit-labs/virtualizer` (its `virtualize` directive, the library alternative),
// measured the same way in the same page: the first frame with the rows painted, and a full scroll top
// to bottom of 10,000 entries (frame work p95). The rows of the virtualizer's list are journey-view's
// own: its row and day-separator templates, its styles and its day layout (imported from src/), so
// only the windowing differs.
import { LitElement, html, type PropertyValues } from 'lit';
import { virtualize } from '@lit-labs/virtualizer/virtualize.js';
import 'customer-context';
import type { JourneyEntry } from '../../src/model/journey.js';
import { entryTime } from '../../src/model/journey.js';
import { renderDaySeparator, renderRow, type RowContext } from '../../src/components/journey-view/journey-row.js';
import { DayLayout, dayLabel, recentDays } from '../../src/components/journey-view/journey-days.js';
import { requestTitles } from '../../src/components/journey-view/journey-entries.js';
import { styles } from '../../src/components/journey-view/journey-view.styles.js';
import { tokens } from '../../src/components/shared/tokens.styles.js';
import { defaultAgent, formatDateTime } from '../../src/components/shared/agent-context.js';
import { css } from 'lit';
import { activities, afterThisFrame, frame, median, painted, percentile, run } from './common.js';

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * journey-view's list (rows, day separators, styles) with `virtualize` doing
 * the windowing: the list is the scroller (`scroller: true`), of the same
 * block size as journey-view's (the virtualizer sets `contain: size` on it,
 * so its height is given, not a maximum). Items are laid out whole (the
 * virtualizer needs their count), in `willUpdate`, so in the measured frame.
 */
class VirtualizedJourney extends LitElement {
  static override styles = [tokens, styles, css`.list { block-size: 320px; }`];
  static override properties = { entries: { attribute: false } };
  entries: JourneyEntry[] = [];
  private items: number[] = [];
  private context!: RowContext;
  private labelOf!: (v: number) => string;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('entries')) return;
    const agent = defaultAgent();
    const layout = new DayLayout(this.entries, agent.timeZone);
    layout.reach(Number.MAX_SAFE_INTEGER);
    this.items = Array.from({ length: layout.size }, (_, i) => layout.item(i) ?? 0);
    const days = recentDays(Date.now(), agent.timeZone);
    const view = this.entries;
    this.labelOf = (v) => dayLabel(entryTime(view[v]!), days, agent.locale, agent.timeZone);
    this.context = {
      count: view.length,
      activeIndex: -1,
      selectedId: null,
      currentInteractionId: null,
      titles: { requestTitles: requestTitles(view), phone: '' },
      date: (iso) => (iso ? formatDateTime(iso, agent, 'short') : ''),
      onClick: () => undefined,
      onPointerEnter: () => undefined,
    };
  }

  override render() {
    const view = this.entries;
    return html`<div class="list" part="list" role="listbox" tabindex="0" aria-label="Customer journey">
      ${virtualize({
        scroller: true,
        items: this.items,
        renderItem: (item: number) => (item >= 0 ? renderRow(view[item]!, item, 0, this.context) : renderDaySeparator(this.labelOf(-item - 1), 0)),
      })}
    </div>`;
  }
}
customElements.define('virtualized-journey', VirtualizedJourney);

type Rendered = HTMLElement & { entries: unknown; updateComplete: Promise<unknown> };
const listOf = (el: HTMLElement) => el.shadowRoot!.querySelector<HTMLElement>('.list')!;

/** Whether rows cover the list's viewport at its top and bottom edges (no gap shown). */
function covered(el: HTMLElement): boolean {
  const list = listOf(el);
  const box = list.getBoundingClientRect();
  const x = box.left + box.width / 2;
  return [box.top + 3, box.bottom - 3].every((y) => {
    const hit = el.shadowRoot!.elementFromPoint(x, y);
    return Boolean(hit?.closest('.row, .day'));
  });
}

/**
 * Main-thread work of the frames from `start` (a time inside the first frame)
 * until the frame after which the rows cover the viewport: the first frame
 * from `start` to its end, each further one from the start of its animation
 * frame callbacks (ours is registered first) to its end. At most 4 frames.
 */
async function framesUntilCovered(el: HTMLElement, start: number, firstEnd: Promise<number>) {
  let work = (await firstEnd) - start;
  let end = await firstEnd;
  let frames = 1;
  while (!covered(el) && frames < 4) {
    const t = await frame();
    const e = await afterThisFrame();
    work += e - Math.max(t, end);
    end = e;
    frames++;
  }
  return { work, end, frames, covered: covered(el) };
}

interface FirstFrames {
  /** From the start of the frame to the end of the frame that shows the rows (waiting for further frames included). */
  toRows: number[];
  /** Main-thread work of those frames. */
  work: number[];
  /** Frames until the rows were shown. */
  frames: number[];
  uncovered: number;
}

async function firstFrames(tag: string, data: unknown[], reps: number): Promise<FirstFrames> {
  const out: FirstFrames = { toRows: [], work: [], frames: [], uncovered: 0 };
  for (let i = 0; i < reps; i++) {
    const el = document.createElement(tag) as Rendered;
    await painted();
    const measured = await new Promise<Awaited<ReturnType<typeof framesUntilCovered>> & { t0: number }>((resolve, reject) => {
      requestAnimationFrame(() => {
        const t0 = performance.now();
        const end = afterThisFrame();
        el.entries = data;
        document.body.append(el);
        void el.updateComplete.then(() => framesUntilCovered(el, t0, end)).then((r) => resolve({ ...r, t0 }), reject);
      });
    });
    out.toRows.push(measured.end - measured.t0);
    out.work.push(measured.work);
    out.frames.push(measured.frames);
    if (!measured.covered) out.uncovered++;
    el.remove();
    await painted();
  }
  return out;
}

/**
 * A full scroll from top to bottom in `steps` jumps, as in journey.ts (every
 * rendered row shows another item each time): the offset is set in one
 * frame, the browser dispatches `scroll` in the next. Frame work runs from
 * that dispatch (a capturing listener on the shadow root, before the list's
 * own listeners) to the end of the frame, plus any further frame the list
 * needs before rows cover its viewport again (counted as frames with a gap).
 */
async function scrollOf(tag: string, data: unknown[], steps: number) {
  const el = document.createElement(tag) as Rendered;
  el.entries = data;
  document.body.append(el);
  await el.updateComplete;
  await painted();
  await painted();
  const list = listOf(el);
  const root = el.shadowRoot!;
  const work: number[] = [];
  /** From the dispatch to this frame's animation frame callbacks: the scroll listeners and the updates they cause (script). */
  const script: number[] = [];
  let gapFrames = 0;
  let uncovered = 0;
  let maxRows = 0;
  for (let s = 1; s <= steps; s++) {
    const dispatched = new Promise<{ start: number; end: Promise<number>; script: Promise<number> }>((resolve) => {
      root.addEventListener(
        'scroll',
        () => {
          const start = performance.now();
          // The list's scroll listener and the element's update run next; this frame's animation frame callbacks after them.
          const script = new Promise<number>((done) => requestAnimationFrame(() => done(performance.now() - start)));
          resolve({ start, end: afterThisFrame(), script });
        },
        { once: true, capture: true },
      );
    });
    await frame();
    // The list may grow as it is laid out (day separators are found as far as it is shown): the last jump goes to its end.
    const total = list.scrollHeight - list.clientHeight;
    list.scrollTop = s === steps ? list.scrollHeight : Math.round((total * s) / steps);
    const { start, end, script: scriptMs } = await dispatched;
    script.push(await scriptMs);
    const r = await framesUntilCovered(el, start, end);
    work.push(r.work);
    gapFrames += r.frames - 1;
    if (!r.covered) uncovered++;
    maxRows = Math.max(maxRows, root.querySelectorAll('[role=option], .day').length);
  }
  // The end reached: the last entry's row rendered (after the list's final size is known).
  for (let tries = 0; tries < 3 && !root.querySelector(`[aria-posinset="${data.length}"]`); tries++) {
    list.scrollTop = list.scrollHeight;
    await painted();
  }
  const atEnd = Boolean(root.querySelector(`[aria-posinset="${data.length}"]`));
  el.remove();
  await painted();
  return { work, script, gapFrames, uncovered, maxRows, atEnd };
}

run(async () => {
  const params = new URLSearchParams(location.search);
  const reps = Number(params.get('reps') ?? 15);
  const steps = Number(params.get('steps') ?? 300);
  const data = activities(10_000);
  const report: Record<string, unknown> = { entries: data.length, reps, steps };
  // `?only=journey` or `?only=virtualizer`: one of the two (to profile it).
  const only = params.get('only');
  const tags = Object.fromEntries(
    Object.entries({ journey: 'journey-view', virtualizer: 'virtualized-journey' }).filter(([name]) => !only || name === only),
  );
  // Warm-up (code compiled, styles parsed, date formats made), not counted; then the two in turn.
  for (const tag of Object.values(tags)) await firstFrames(tag, data, 2);
  const first: Record<string, FirstFrames> = Object.fromEntries(Object.keys(tags).map((name) => [name, { toRows: [], work: [], frames: [], uncovered: 0 }]));
  for (let i = 0; i < reps; i++) {
    for (const [name, tag] of Object.entries(tags)) {
      const r = await firstFrames(tag, data, 1);
      const into = first[name]!;
      into.toRows.push(...r.toRows);
      into.work.push(...r.work);
      into.frames.push(...r.frames);
      into.uncovered += r.uncovered;
    }
  }
  for (const [name, tag] of Object.entries(tags)) {
    // A short warm-up scroll, then the measured one.
    await scrollOf(tag, data, 20);
    const scroll = await scrollOf(tag, data, steps);
    if (!scroll.atEnd) throw new Error(`${tag}: the scroll did not reach the end of the list`);
    const f = first[name]!;
    report[name] = {
      firstFrameMs: round(median(f.toRows)),
      firstFrameP95Ms: round(percentile(f.toRows, 95)),
      firstFrameWorkMs: round(median(f.work)),
      firstFrames: median(f.frames),
      firstUncovered: f.uncovered,
      scrollP95Ms: round(percentile(scroll.work, 95)),
      scrollMedianMs: round(median(scroll.work)),
      scrollMaxMs: round(Math.max(...scroll.work)),
      scrollScriptMedianMs: round(median(scroll.script)),
      scrollScriptP95Ms: round(percentile(scroll.script, 95)),
      scrollFrames: scroll.work.length,
      gapFrames: scroll.gapFrames,
      uncovered: scroll.uncovered,
      maxRows: scroll.maxRows,
    };
  }
  return report;
});
