// Issue #20 item 1, the thin client: start-up, event to screen and the journey's first frame with
// Chromium's CPU throttled 4× (DevTools `Emulation.setCPUThrottlingRate`, through puppeteer's
// `page.emulateCPUThrottling`), as on the thin clients and virtual desktops agents work on.
// The pages are the unthrottled parts' own (startup, store `?only=screen`, journey `?only=first`).

const RATE = 4;
const STARTUP_RUNS = 11;
const throttled = (page) => page.emulateCPUThrottling(RATE);

export const part = {
  name: 'thin',
  pages: [],
  async run({ browser, base, openPage, result, median, round }) {
    // Start-up: the script tag to an interactive, painted gadget on an empty store (first load not counted).
    const startup = [];
    for (let i = 0; i < STARTUP_RUNS; i++) {
      // The startup part's origin (localhost): its fixed empty database, not the 100k-customer one.
      const page = await openPage(browser, `${base.replace('127.0.0.1', 'localhost')}/bench/startup.html`, throttled);
      await page.waitForFunction('window.__benchDone === true', { timeout: 120_000 });
      if (i > 0) startup.push(await page.evaluate('window.__startup'));
      await page.close();
    }
    // Event to screen at 100k customers / 500k activities (the store part seeded them, in bench/.profile).
    const store = await openPage(browser, `${base}/bench/store.html?only=screen`, throttled);
    const screen = (await result(store, 1_800_000)).eventToScreen;
    await store.close();
    // The journey's first painted frame, 10,000 and 100,000 entries.
    const journey = await openPage(browser, `${base}/bench/journey.html?only=first&reps=15`, throttled);
    const first = await result(journey);
    await journey.close();
    return {
      rate: RATE,
      startup: { medianMs: round(median(startup)), maxMs: round(Math.max(...startup)), runs: startup.length },
      eventToScreen: screen,
      journey10000: { firstFrameMs: first.journey10000.firstFrameMs, firstFrameP95Ms: first.journey10000.firstFrameP95Ms },
      journey100000: { firstFrameMs: first.journey100000.firstFrameMs, firstFrameP95Ms: first.journey100000.firstFrameP95Ms },
    };
  },
  rows(r, row) {
    const ms = (n) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`;
    row(`Thin client (CPU ${r.rate}× slower): start-up to an interactive gadget, empty store, median`, `${ms(r.startup.medianMs)} (worst of ${r.startup.runs}: ${ms(r.startup.maxMs)})`, '≤ 250 ms', r.startup.medianMs <= 250);
    row(`Thin client: event to screen, 100k customers / 500k activities, p95`, `${ms(r.eventToScreen.p95Ms)} (median ${ms(r.eventToScreen.medianMs)}; store part ${ms(r.eventToScreen.storeMedianMs)})`, '≤ 150 ms', r.eventToScreen.p95Ms <= 150);
    for (const [size, j] of [['10,000', r.journey10000], ['100,000', r.journey100000]]) {
      row(`Thin client: journey of ${size} entries, first frame with the rows painted, median`, `${ms(j.firstFrameMs)} (p95 ${ms(j.firstFrameP95Ms)})`, '≤ 50 ms', j.firstFrameMs <= 50);
    }
  },
};
