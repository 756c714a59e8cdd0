import { LitElement, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import 'customer-context';
import { activities, frame, median, painted, percentile, run } from './common.js';

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

async function firstPaint(tag: string, data: unknown[], reps: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const el = document.createElement(tag) as Rendered;
    await frame();
    const t0 = performance.now();
    el.entries = data;
    document.body.append(el);
    await el.updateComplete;
    await painted();
    times.push(performance.now() - t0);
    el.remove();
    await frame();
  }
  return times;
}

async function scroll(data: unknown[]): Promise<{ work: number[]; intervals: number[]; maxRows: number }> {
  const el = document.createElement('journey-view') as Rendered;
  el.entries = data;
  document.body.append(el);
  await el.updateComplete;
  await painted();
  const list = el.shadowRoot!.querySelector<HTMLElement>('[role=listbox]')!;
  const work: number[] = [];
  const intervals: number[] = [];
  let maxRows = 0;
  const step = Math.ceil(list.scrollHeight / 300);
  let last = await frame();
  for (let y = step; y <= list.scrollHeight; y += step) {
    const t0 = performance.now();
    list.scrollTop = y;
    list.dispatchEvent(new Event('scroll'));
    await frame();
    await el.updateComplete;
    void list.offsetHeight;
    work.push(performance.now() - t0);
    const now = await frame();
    intervals.push(now - last);
    last = now;
    maxRows = Math.max(maxRows, el.shadowRoot!.querySelectorAll('[role=option]').length);
  }
  el.remove();
  return { work, intervals, maxRows };
}

run(async () => {
  const report: Record<string, unknown> = {};
  for (const size of [10_000, 100_000]) {
    const data = activities(size);
    const windowed = await firstPaint('journey-view', data, 15);
    const plain = await firstPaint('plain-list', data, size > 10_000 ? 3 : 5);
    const el = document.createElement('journey-view') as Rendered;
    el.entries = data;
    document.body.append(el);
    await el.updateComplete;
    const rows = el.shadowRoot!.querySelectorAll('[role=option]').length;
    el.remove();
    report[`journey${size}`] = {
      firstPaintMs: median(windowed),
      plainFirstPaintMs: median(plain),
      ratio: median(plain) / median(windowed),
      renderedRows: rows,
    };
  }
  const scrolled = await scroll(activities(10_000));
  report.scroll = {
    frameWorkP95Ms: percentile(scrolled.work, 95),
    frameIntervalP95Ms: percentile(scrolled.intervals, 95),
    frames: scrolled.work.length,
    maxRows: scrolled.maxRows,
  };
  return report;
});
