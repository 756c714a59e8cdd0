import { LitElement, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import 'customer-context';
import { activities, afterThisFrame, frame, inFrame, median, painted, percentile, run } from './common.js';

/** The baseline: a timeline without windowing, every row rendered with a plain Lit `repeat`. */
class PlainList extends LitElement {
  static override properties = { entries: { attribute: false } };
  entries: Array<Record<string, unknown>> = [];
  override render() {
    return html`<div style="block-size: 320px; overflow: auto" role="list">
      ${repeat(
        this.entries,
        (e) => e.id as string,
        (e) => html`<div role="listitem" style="block-size: 44px">
          <strong>${e.subject}</strong> <span>${e.channel}</span> <time>${e.at}</time>
        </div>`,
      )}
    </div>`;
  }
}
customElements.define('plain-list', PlainList);

type Rendered = HTMLElement & { entries: unknown; updateComplete: Promise<unknown> };

interface FirstPaint {
  /** Setting `entries` and connecting, to the rendered DOM (script only). */
  own: number[];
  /** Started at the start of a frame: to the end of that frame, rows painted (script, style, layout, paint). */
  frame: number[];
  /** Started at an arbitrary moment: to the end of the next frame (includes waiting up to one frame for it). */
  unaligned: number[];
}

async function firstPaint(tag: string, data: unknown[], reps: number, unaligned = true): Promise<FirstPaint> {
  const out: FirstPaint = { own: [], frame: [], unaligned: [] };
  for (let i = 0; i < reps; i++) {
    const el = document.createElement(tag) as Rendered;
    await painted();
    const timing = await inFrame(async () => {
      el.entries = data;
      document.body.append(el);
      await el.updateComplete;
    });
    out.own.push(timing.ownMs);
    out.frame.push(timing.frameMs);
    el.remove();
    await painted();
    if (!unaligned) continue;

    // The same, started between frames (as a host would): the wait for the next frame is included.
    const again = document.createElement(tag) as Rendered;
    await new Promise((resolve) => setTimeout(resolve, 3 + ((i * 7) % 11)));
    const t0 = performance.now();
    again.entries = data;
    document.body.append(again);
    await again.updateComplete;
    await frame();
    out.unaligned.push((await afterThisFrame()) - t0);
    again.remove();
    await painted();
  }
  return out;
}

/**
 * A full scroll from top to bottom in `steps` jumps (each jump replaces what
 * every rendered row shows: the worst case for windowing). The scroll offset
 * is set in one frame; the browser dispatches `scroll` in the next, where the
 * element renders. Frame work runs from that dispatch (a capturing listener on
 * the shadow root, so before the list's own listener; not `event.timeStamp`,
 * which is taken when the scroll happened, a frame earlier) to the end of the
 * frame: script, style, layout, paint and commit on the main thread.
 */
async function scrollFrames(list: HTMLElement, steps: number): Promise<number[]> {
  const work: number[] = [];
  const root = list.getRootNode();
  for (let s = 1; s <= steps; s++) {
    const measured = new Promise<number>((resolve) => {
      root.addEventListener(
        'scroll',
        () => {
          const start = performance.now();
          void afterThisFrame().then((end) => resolve(end - start));
        },
        { once: true, capture: true },
      );
    });
    await frame();
    // The journey grows as it is laid out (day separators are found as far as it is shown): the last jump goes to its end.
    const total = list.scrollHeight - list.clientHeight;
    list.scrollTop = s === steps ? list.scrollHeight : Math.round((total * s) / steps);
    work.push(await measured);
  }
  return work;
}

async function scrollOf(tag: string, data: unknown[], list: (el: HTMLElement) => HTMLElement, steps: number) {
  const el = document.createElement(tag) as Rendered;
  el.entries = data;
  document.body.append(el);
  await el.updateComplete;
  await painted();
  const scroller = list(el);
  const work = await scrollFrames(scroller, steps);
  const rows = el.shadowRoot!.querySelectorAll('[role=option]').length;
  const isAtEnd = () => scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
  // The last separators found may still have grown the list after the last jump.
  for (let tries = 0; tries < 3 && !isAtEnd(); tries++) {
    scroller.scrollTop = scroller.scrollHeight;
    await painted();
  }
  const atEnd = isAtEnd();
  el.remove();
  await painted();
  return { work, rows, atEnd };
}

const round = (n: number) => Math.round(n * 100) / 100;

run(async () => {
  const report: Record<string, unknown> = {};
  const params = new URLSearchParams(location.search);
  const reps = Number(params.get('reps') ?? 15);
  // `?only=first` (the thin-client part): the journey's own first frames, without the plain list and the scroll.
  const onlyFirst = params.get('only') === 'first';
  for (const size of [10_000, 100_000]) {
    const data = activities(size);
    // Warm-up (code compiled, styles parsed), not counted.
    await firstPaint('journey-view', data, 2);
    const windowed = await firstPaint('journey-view', data, reps);
    const plain = onlyFirst ? { own: [NaN], frame: [NaN], unaligned: [NaN] } : await firstPaint('plain-list', data, size > 10_000 ? 3 : 5, false);
    const el = document.createElement('journey-view') as Rendered;
    el.entries = data;
    document.body.append(el);
    await el.updateComplete;
    const rows = el.shadowRoot!.querySelectorAll('[role=option]').length;
    el.remove();
    report[`journey${size}`] = {
      firstFrameMs: round(median(windowed.frame)),
      firstFrameP95Ms: round(percentile(windowed.frame, 95)),
      ownMs: round(median(windowed.own)),
      unalignedMs: round(median(windowed.unaligned)),
      plainFirstFrameMs: round(median(plain.frame)),
      ratio: round(median(plain.frame) / median(windowed.frame)),
      renderedRows: rows,
      runs: windowed.frame.length,
      plainRuns: plain.frame.length,
    };
  }

  if (onlyFirst) return report;
  const data = activities(10_000);
  const steps = 300;
  const journey = await scrollOf('journey-view', data, (el) => el.shadowRoot!.querySelector<HTMLElement>('[role=listbox]')!, steps);
  const plain = await scrollOf('plain-list', data, (el) => el.shadowRoot!.querySelector<HTMLElement>('[role=list]')!, steps);
  if (!journey.atEnd || !plain.atEnd) throw new Error('the scroll did not reach the end of the list');
  const p95 = percentile(journey.work, 95);
  const plainP95 = percentile(plain.work, 95);
  report.scroll = {
    entries: data.length,
    frames: journey.work.length,
    frameWorkP95Ms: round(p95),
    frameWorkMedianMs: round(median(journey.work)),
    frameWorkMaxMs: round(Math.max(...journey.work)),
    maxRows: journey.rows,
    plainFrameWorkP95Ms: round(plainP95),
    ratioToPlain: round(p95 / plainP95),
  };
  return report;
});
