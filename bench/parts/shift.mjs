// Issue #20 item 2, a shift in minutes: bench/pages/shift.ts runs 500 interactions in one page
// session of `<customer-context>` on the embedded store (typing, tagging, saving and closing each;
// the locale switched twice; Care mode on and off once). This part measures, through the DevTools
// protocol (`page.createCDPSession()`), at four checkpoints the page stops at — after the first
// interaction; once warm (after 25: Recent, which keeps the last 20 customers, is full); once every
// screen has been shown (Care mode just turned off: lit keeps the templates it made for it); after
// the last — with growth judged from the warm one:
// - the JS heap after `HeapProfiler.collectGarbage` (`Runtime.getHeapUsage`): growth ≤ 10 MB;
// - `Memory.getDOMCounters` nodes, from "every screen shown" to the end: within 5 % (and from the
//   warm checkpoint, reported, with the nodes in the document, shadow trees included);
// - `Memory.getDOMCounters` JS event listeners left per closed interaction: 0;
// - live timers: setTimeout / setInterval wrapped before the bundle loads (`evaluateOnNewDocument`),
//   a timeout alive until it runs or is cleared, an interval until cleared: none left per interaction;
// - `AgentSession.footprint()`: what the session keeps besides its open work, bounded;
// and, from the page, the time per interaction (receive → closed and rendered), the median of the
// first 50 against the last 50: ratio ≤ 1.2.
//   BENCH_SHIFT_COUNT=500       interactions per shift
//   BENCH_SHIFT_RUNS=3          shifts (the time ratio is their median; the leak figures must hold in each;
//                               the figures shown are those of the shift whose heap grew most)
//   BENCH_SHIFT_STACKS=1        also where each live timer was made, and the nodes per shadow tree
//   BENCH_SHIFT_SNAPSHOTS=<dir> a heap snapshot at each checkpoint, to compare in DevTools

/* global window, document -- in page.evaluate / waitForFunction callbacks, run in the page */

const COUNT = Number(process.env.BENCH_SHIFT_COUNT ?? 500);
const RUNS = Number(process.env.BENCH_SHIFT_RUNS ?? 3);

/** Installed in the page before any script: counts the timers alive (BENCH_SHIFT_STACKS=1: where each was made). */
const TIMERS = `(() => {
  const live = new Map();
  let made = 0;
  const stacks = ${process.env.BENCH_SHIFT_STACKS ? 'true' : 'false'};
  const setT = window.setTimeout, clearT = window.clearTimeout, setI = window.setInterval, clearI = window.clearInterval;
  const where = () => (stacks ? new Error().stack.split('\\n').slice(2, 7).join(' | ') : '');
  window.setTimeout = function (fn, ms, ...args) {
    let id = 0;
    const wrapped = typeof fn === 'function' ? function (...a) { live.delete(id); return fn.apply(this, a); } : fn;
    id = setT.call(window, wrapped, ms, ...args);
    made++;
    live.set(id, { kind: 'timeout', where: where() });
    return id;
  };
  window.setInterval = function (fn, ms, ...args) {
    const id = setI.call(window, fn, ms, ...args);
    made++;
    live.set(id, { kind: 'interval', where: where() });
    return id;
  };
  window.clearTimeout = function (id) { live.delete(id); return clearT.call(window, id); };
  window.clearInterval = function (id) { live.delete(id); return clearI.call(window, id); };
  window.__liveTimers = () => {
    let timeouts = 0, intervals = 0;
    for (const t of live.values()) t.kind === 'timeout' ? timeouts++ : intervals++;
    return { timeouts, intervals, made, where: stacks ? [...live.values()].map((t) => t.kind + ' ' + t.where) : [] };
  };
})();`;

/** BENCH_SHIFT_SNAPSHOTS=<dir>: a heap snapshot at each checkpoint (`<dir>/shift-<checkpoint>.heapsnapshot`), to diff in DevTools. */
async function snapshot(cdp, file) {
  const { createWriteStream } = await import('node:fs');
  const stream = createWriteStream(file);
  const write = ({ chunk }) => stream.write(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', write);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', write);
  await new Promise((resolve) => stream.end(resolve));
}

async function measure(page, cdp) {
  // Twice: what one collection frees can let the next free more (weak maps, finalizers).
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const timers = await page.evaluate(() => window.__liveTimers());
  const attached = await page.evaluate(() => window.__attachedNodes());
  const footprint = await page.evaluate(() => window.__shiftFootprint?.() ?? null);
  // BENCH_SHIFT_STACKS=1: where the nodes are (per shadow host, its own tree) and where the timers were made.
  const breakdown = process.env.BENCH_SHIFT_STACKS
    ? await page.evaluate(() => {
        const out = {};
        const walk = (node, owner) => {
          out[owner] = (out[owner] ?? 0) + 1;
          for (let c = node.firstChild; c; c = c.nextSibling) walk(c, owner);
          if (node.shadowRoot) walk(node.shadowRoot, `${owner} > ${node.localName}`);
        };
        walk(document, 'document');
        return out;
      })
    : undefined;
  return { heapUsedBytes: heap.usedSize, heapTotalBytes: heap.totalSize, documents: dom.documents, nodes: dom.nodes, attachedNodes: attached, footprint, breakdown, listeners: dom.jsEventListeners, timers };
}

/** What of a session's footprint grew from the warm checkpoint `a` to the end `b` (closed interactions aside: bounded by `closedKept`). */
function grewIn(a, b) {
  return Object.keys(b).filter((k) => k !== 'closedKept' && k !== 'interactions' && b[k] > a[k]);
}

/** One whole shift on a new page (and database): its figures. */
async function once({ browser, base, openPage, result, round }) {
  const page = await openPage(browser, `${base}/bench/shift.html?count=${COUNT}`, (p) => p.evaluateOnNewDocument(TIMERS));
  const cdp = await page.createCDPSession();
  await cdp.send('HeapProfiler.enable');
  const at = {};
  // Each checkpoint as the page reaches it (their order depends on the count), until the page is done.
  for (;;) {
    await page.waitForFunction(() => window.__shiftAt !== undefined || window.__benchDone === true, { timeout: 1_800_000, polling: 200 });
    const name = await page.evaluate(() => window.__shiftAt ?? null);
    if (name === null) break;
    at[name] = await measure(page, cdp);
    if (process.env.BENCH_SHIFT_SNAPSHOTS) await snapshot(cdp, `${process.env.BENCH_SHIFT_SNAPSHOTS}/shift-${name}.heapsnapshot`);
    await page.evaluate(() => {
      window.__shiftAt = undefined;
      window.__shiftResume();
    });
  }
  const r = await result(page, 1_800_000);
  await cdp.detach();
  await page.close();
  const { first, start, seen, end } = at;
  // The warm checkpoint is after interaction `warm`, the end after the last: the interactions between them.
  const between = r.interactions - r.warm;
  const live = (t) => t.timeouts + t.intervals;
  return {
    ...r,
    times: undefined,
    first: { ...first, timers: { timeouts: first.timers.timeouts, intervals: first.timers.intervals, made: first.timers.made } },
    seen: { ...seen, timers: { timeouts: seen.timers.timeouts, intervals: seen.timers.intervals, made: seen.timers.made } },
    start: { ...start, timers: { timeouts: start.timers.timeouts, intervals: start.timers.intervals, made: start.timers.made } },
    end: { ...end, timers: { timeouts: end.timers.timeouts, intervals: end.timers.intervals, made: end.timers.made } },
    timersLeft: end.timers.where.length ? end.timers.where : undefined,
    heapGrowthFromFirstMB: round((end.heapUsedBytes - first.heapUsedBytes) / 1024 / 1024),
    heapGrowthFromSeenKBPerInteraction: round((end.heapUsedBytes - seen.heapUsedBytes) / 1024 / (r.interactions - r.seenAt)),
    heapGrowthMB: round((end.heapUsedBytes - start.heapUsedBytes) / 1024 / 1024),
    nodesChangePct: round(((end.nodes - seen.nodes) / seen.nodes) * 100),
    nodesChangeFromWarmPct: round(((end.nodes - start.nodes) / start.nodes) * 100),
    attachedChangePct: round(((end.attachedNodes - start.attachedNodes) / start.attachedNodes) * 100),
    listenersPerInteraction: round((end.listeners - start.listeners) / between),
    timersPerInteraction: round((live(end.timers) - live(start.timers)) / between),
    ratio: round(r.lastMedianMs / r.firstMedianMs),
  };
}

export const part = {
  name: 'shift',
  pages: ['shift'],
  async run(ctx) {
    // Whole shifts, each on a new page and database: the time ratio is the median of theirs; a leak figure holds only if it holds in every one.
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await once(ctx));
    const worst = runs.reduce((a, b) => (b.heapGrowthMB > a.heapGrowthMB ? b : a));
    const med = (pick) => ctx.round(ctx.median(runs.map(pick)));
    return {
      ...worst,
      runs: RUNS,
      firstMedianMs: med((r) => r.firstMedianMs),
      lastMedianMs: med((r) => r.lastMedianMs),
      ratio: med((r) => r.ratio),
      ratios: runs.map((r) => r.ratio),
      windowMedians: runs.map((r) => r.windowMedians),
      heapGrowthMBs: runs.map((r) => r.heapGrowthMB),
      nodesChangePcts: runs.map((r) => r.nodesChangePct),
      listenersHold: runs.every((r) => r.end.listeners <= r.start.listeners),
      timersHold: runs.every((r) => r.end.timers.timeouts + r.end.timers.intervals <= r.start.timers.timeouts + r.start.timers.intervals),
      footprintHolds: runs.every((r) => !r.start.footprint || (r.end.footprint.interactions <= r.end.footprint.closedKept && grewIn(r.start.footprint, r.end.footprint).length === 0)),
      typedHolds: runs.every((r) => r.counts.titled === r.interactions && r.counts.tagged === r.interactions),
    };
  },
  rows(r, row) {
    const ms = (n) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`;
    const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;
    const c = r.counts;
    row(
      `Shift: ${r.interactions} interactions (${c.voice} calls, ${c.chat} chats, ${c.email} emails; ${c.known} known, ${c.unknown} new; ${c.care} in Care mode), locale ×2, Care mode on/off: JS heap growth after GC`,
      `${r.heapGrowthMB.toFixed(2)} MB (${mb(r.start.heapUsedBytes)} → ${mb(r.end.heapUsedBytes)}; from the 1st: ${r.heapGrowthFromFirstMB.toFixed(2)} MB)`,
      '≤ 10 MB',
      r.heapGrowthMBs.every((g) => g <= 10),
    );
    row(`  JS heap from every screen shown (interaction ${r.seenAt}) → after the last, per interaction`, `${r.heapGrowthFromSeenKBPerInteraction} KB (${mb(r.seen.heapUsedBytes)} → ${mb(r.end.heapUsedBytes)})`, 'report', true);
    row(
      `  DOM nodes (Memory.getDOMCounters), every screen shown (interaction ${r.seenAt}) → after the last`,
      `${r.seen.nodes} → ${r.end.nodes} (${r.nodesChangePct >= 0 ? '+' : ''}${r.nodesChangePct} %; runs: ${r.nodesChangePcts.join(' / ')} %)`,
      'within 5 %',
      r.nodesChangePcts.every((p) => Math.abs(p) <= 5),
    );
    row(
      `  same from interaction ${r.warm} (Care mode's templates, made once, in it) / in the document`,
      `${r.start.nodes} → ${r.end.nodes} (${r.nodesChangeFromWarmPct >= 0 ? '+' : ''}${r.nodesChangeFromWarmPct} %) / ${r.start.attachedNodes} → ${r.end.attachedNodes} (${r.attachedChangePct >= 0 ? '+' : ''}${r.attachedChangePct} %)`,
      'report',
      true,
    );
    row('  JS event listeners left per closed interaction', `${r.listenersPerInteraction} (${r.start.listeners} → ${r.end.listeners})`, '0', r.listenersHold);
    row(
      '  live timers left per closed interaction',
      `${r.timersPerInteraction} (alive: timeouts ${r.start.timers.timeouts} → ${r.end.timers.timeouts}, intervals ${r.start.timers.intervals} → ${r.end.timers.intervals}; ${r.end.timers.made - r.start.timers.made} made meanwhile)`,
      '0',
      r.timersHold,
    );
    row(`  time per interaction, median of the first 50 → the last 50 (median of ${r.runs} shifts)`, `${ms(r.firstMedianMs)} → ${ms(r.lastMedianMs)} (×${r.ratio}; runs ×${r.ratios.join(' / ×')})`, 'ratio ≤ 1.2', r.ratio <= 1.2);
    if (r.start.footprint && r.end.footprint) {
      // Every figure no higher than when warm, except the closed interactions remembered: at most `closedKept`.
      const [a, b] = [r.start.footprint, r.end.footprint];
      const grew = grewIn(a, b);
      const shown = ['interactions', 'listeners', 'historyReads', 'duplicateForms', 'offerTimers'].map((k) => `${k} ${a[k]} → ${b[k]}`).join(', ');
      row('  session bookkeeping (AgentSession.footprint()), warm → end', `${shown}${grew.length ? `; grew: ${grew.join(', ')}` : ''}`, `bounded (≤ ${b.closedKept} closed)`, r.footprintHolds);
    }
    row('  typed and saved: titles / tags; Close read as', `${c.titled} / ${c.tagged} of ${r.interactions}; ${r.closeTexts.join(', ')}`, `${r.interactions} / ${r.interactions}`, r.typedHolds);
    if (r.counts.refused || r.open || r.tasks) row('  refused events / work areas or tasks left open', `${r.counts.refused} / ${r.open} / ${r.tasks}`, '0', false);
  },
};
