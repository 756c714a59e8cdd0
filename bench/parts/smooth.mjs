// A smoother journey and the burst (issue #20 item 3): `node bench/run.mjs smooth`.
//
// - bench/pages/smooth.ts: `<journey-view>` and the same rows windowed by `@lit-labs/virtualizer`
//   (its `virtualize` directive), 10,000 entries, in turn in one page: first frame with the rows
//   painted, full scroll top to bottom (frame work p95). Here: the bytes the virtualizer adds to the
//   bundle (esbuild, minified, gzip -9: the lit the bundle has, with and without the virtualizer).
//   BENCH_SMOOTH_RUNS (1) page loads of it, BENCH_BURST_RUNS (3) of the burst page.
// - bench/pages/smooth-burst.ts: 2,000 host events handed to `receive()` in one task; the longest
//   main-thread task until idle, the time to idle, and the wrong results (target 0).
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

/** Repeats: page loads of each page (figures are medians over them, the worst also kept for the longest task). */
const SMOOTH_RUNS = Number(process.env.BENCH_SMOOTH_RUNS ?? 1);
const BURST_RUNS = Number(process.env.BENCH_BURST_RUNS ?? 3);

/**
 * What `@lit-labs/virtualizer` adds to the bundle: esbuild bundles (minified, gzip -9) of what
 * dist/customer-context.js already has from lit (lit's core, `lit/directive.js`, `repeat`, the
 * decorators), with and without the virtualizer; the difference is its cost (the lit modules it
 * brings that the bundle lacks, such as `lit/async-directive.js`, included).
 */
export async function virtualizerBytes(root) {
  const litInBundle = [
    "export * from 'lit';",
    "export * from 'lit/directive.js';",
    "export { repeat } from 'lit/directives/repeat.js';",
    "export * from 'lit/decorators.js';",
  ].join('\n');
  const size = async (contents) => {
    const built = await build({ stdin: { contents, resolveDir: root, loader: 'js' }, bundle: true, minify: true, format: 'esm', target: 'es2022', write: false, logLevel: 'warning' });
    const code = built.outputFiles[0].contents;
    return { minifiedBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
  };
  const base = await size(litInBundle);
  const sizes = { base };
  for (const [name, entry] of [
    ['directive', "export { virtualize } from '@lit-labs/virtualizer/virtualize.js';"],
    ['element', "export * from '@lit-labs/virtualizer';"],
  ]) {
    const withIt = await size(`${litInBundle}\n${entry}`);
    sizes[name] = { minifiedBytes: withIt.minifiedBytes - base.minifiedBytes, gzipBytes: withIt.gzipBytes - base.gzipBytes };
  }
  return sizes;
}

function medianOf(ctx, list, pick) {
  return ctx.round(ctx.median(list.map(pick)));
}

export const part = {
  name: 'smooth',
  pages: ['smooth', 'smooth-burst'],
  async run(ctx) {
    const bytes = await virtualizerBytes(ctx.root);
    const runs = [];
    for (let i = 0; i < SMOOTH_RUNS; i++) {
      const page = await ctx.openPage(ctx.browser, `${ctx.base}/bench/smooth.html`);
      runs.push(await ctx.result(page));
      await page.close();
    }
    const side = (name) => {
      const list = runs.map((r) => r[name]);
      return {
        firstFrameMs: medianOf(ctx, list, (r) => r.firstFrameMs),
        firstFrameWorkMs: medianOf(ctx, list, (r) => r.firstFrameWorkMs),
        firstFrames: medianOf(ctx, list, (r) => r.firstFrames),
        scrollP95Ms: medianOf(ctx, list, (r) => r.scrollP95Ms),
        scrollMedianMs: medianOf(ctx, list, (r) => r.scrollMedianMs),
        scrollMaxMs: ctx.round(Math.max(...list.map((r) => r.scrollMaxMs))),
        // journey-view only: from the scroll event to its update done (the rest of the frame is style, layout, paint).
        scrollScriptMedianMs: medianOf(ctx, list, (r) => r.scrollScriptMedianMs),
        scrollScriptP95Ms: medianOf(ctx, list, (r) => r.scrollScriptP95Ms),
        gapFrames: list.reduce((n, r) => n + r.gapFrames, 0),
        uncovered: list.reduce((n, r) => n + r.uncovered + r.firstUncovered, 0),
        maxRows: Math.max(...list.map((r) => r.maxRows)),
      };
    };
    const journey = side('journey');
    const virtualizer = side('virtualizer');

    const bursts = [];
    for (let i = 0; i < BURST_RUNS; i++) {
      const page = await ctx.openPage(ctx.browser, `${ctx.base.replace('127.0.0.1', 'localhost')}/bench/smooth-burst.html`);
      const r = await ctx.result(page);
      await page.close();
      bursts.push(r);
      console.log(`  burst run ${i + 1}: ${r.events} events, receive ${ctx.fmt(r.receiveMs)}, idle ${ctx.fmt(r.paintedMs)}, longest task ${ctx.fmt(r.longestTaskMs)}, wrong ${r.wrong}`);
    }
    const burst = {
      runs: bursts.length,
      events: bursts[0].events,
      interactions: bursts[0].interactions,
      receiveMs: medianOf(ctx, bursts, (r) => r.receiveMs),
      idleMs: medianOf(ctx, bursts, (r) => r.paintedMs),
      longestTaskMs: medianOf(ctx, bursts, (r) => r.longestTaskMs),
      longestTaskMaxMs: ctx.round(Math.max(...bursts.map((r) => r.longestTaskMs))),
      longTasks: medianOf(ctx, bursts, (r) => r.longTasks),
      longestAnimationFrameMs: bursts[0].longestAnimationFrameMs === null ? null : medianOf(ctx, bursts, (r) => r.longestAnimationFrameMs),
      firstDrawLongestTaskMs: medianOf(ctx, bursts, (r) => r.firstDrawLongestTaskMs ?? 0),
      wrong: bursts.reduce((n, r) => n + r.wrong, 0),
      examples: bursts.flatMap((r) => r.examples).slice(0, 5),
      longestFrames: bursts.reduce((a, r) => (r.longestTaskMs > a.longestTaskMs ? r : a)).longestFrames ?? [],
    };
    return {
      entries: runs[0].entries,
      steps: runs[0].steps,
      reps: runs[0].reps,
      journey,
      virtualizer,
      virtualizerBytes: bytes,
      ratios: {
        firstFrame: ctx.round(virtualizer.firstFrameMs / journey.firstFrameMs),
        scrollP95: ctx.round(virtualizer.scrollP95Ms / journey.scrollP95Ms),
      },
      burst,
    };
  },
  rows(r, row) {
    const ms = (n) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`;
    const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
    const j = r.journey;
    const v = r.virtualizer;
    const n = r.entries.toLocaleString('en');
    row(`Smooth journey, ${n} entries: full-scroll frame work p95 (\`<journey-view>\`)`, `${ms(j.scrollP95Ms)} (median ${ms(j.scrollMedianMs)}; its script ${ms(j.scrollScriptP95Ms)} p95; ${j.gapFrames} frames with a gap)`, '≤ 8 ms', j.scrollP95Ms <= 8);
    row('Same scroll, the same rows in `@lit-labs/virtualizer`: frame work p95', `${ms(v.scrollP95Ms)} (${r.ratios.scrollP95.toFixed(2)}× the journey; ${v.gapFrames} frames with a gap)`, 'report', true);
    row(`Journey first frame with the rows painted, \`<journey-view>\` / virtualizer`, `${ms(j.firstFrameMs)} / ${ms(v.firstFrameMs)} (${r.ratios.firstFrame.toFixed(2)}×)`, 'report', true);
    row('Bytes the virtualizer adds to the bundle (min + gzip -9; directive / element)', `${kb(r.virtualizerBytes.directive.gzipBytes)} / ${kb(r.virtualizerBytes.element.gzipBytes)}`, 'report', true);
    const b = r.burst;
    row(`Burst: ${b.events.toLocaleString('en')} host events in one task: longest main-thread task (median of ${b.runs}; worst)`, `${ms(b.longestTaskMs)}; ${ms(b.longestTaskMaxMs)}`, '≤ 50 ms', b.longestTaskMaxMs <= 50);
    row('  the receive() loop (the host\'s task); until idle and painted', `${ms(b.receiveMs)}; ${ms(b.idleMs)}`, 'report', true);
    if (b.longestAnimationFrameMs !== null) {
      row('  longest animation frame (median; frames without script are the browser\'s own work, garbage collection)', ms(b.longestAnimationFrameMs), 'report', true);
    }
    row('  before the burst, the first work area drawn in the page (the call before the connection dropped): longest task', ms(b.firstDrawLongestTaskMs), 'report', true);
    row('  wrong results (receive answers and work areas, all runs)', String(b.wrong), '0', b.wrong === 0);
  },
};
