import { AgentSession, IndexedDbStore, type AnyRecord, type JourneyView } from 'customer-context';
import { activities, afterThisFrame, frame, median, painted, percentile, run } from './common.js';

/**
 * Issue #19 item 4: the journey by time frame on a 100,000-activity customer
 * (the embedded store). From the agent's choice of a time frame to the frame
 * that paints its rows: the session reads the first page of that range from
 * the store's `[customerId, at, id]` index (`activitiesOf`'s `since`) and the
 * element renders it. The same for "All time" (the first page, no range), so
 * the results show that filtering keeps the journey's first-frame figure.
 */

const DATABASE = 'bench-journeytime';
const CUSTOMER = 'customer:bench';
const SIZE = 100_000;
/** The data of `activities()` ends here (an activity every hour before it): the session's clock stands an hour later. */
const END = Date.UTC(2026, 10, 15);
const PERIODS = ['all', '30d', '12m'] as const;

const round = (n: number) => Math.round(n * 100) / 100;

async function seed(store: IndexedDbStore): Promise<{ records: number; seededMs: number }> {
  if ((await store.countActivities(CUSTOMER)) === SIZE) return { records: 0, seededMs: 0 };
  const t0 = performance.now();
  const at = new Date(END).toISOString();
  const customer: AnyRecord = { type: 'customer', id: CUSTOMER, rev: '1-bench', createdAt: at, updatedAt: at, updatedBy: 'bench', name: 'Bench Journey', phones: [], emails: [], chatIds: [], address: '', fields: {} };
  const rows = activities(SIZE, CUSTOMER);
  await store.import([customer]);
  for (let i = 0; i < rows.length; i += 5_000) await store.import(rows.slice(i, i + 5_000) as unknown as AnyRecord[]);
  return { records: SIZE + 1, seededMs: Math.round(performance.now() - t0) };
}

run(async () => {
  const reps = Number(new URLSearchParams(location.search).get('reps') ?? 15);
  const store = new IndexedDbStore({ name: DATABASE });
  const seeded = await seed(store);
  const clock = { now: () => END + 3_600_000, setTimeout: (f: () => void, ms: number) => window.setTimeout(f, ms), clearTimeout: (h: unknown) => window.clearTimeout(h as number) };
  const session = new AgentSession(store, { agentId: 'bench', clock });
  session.receive({ type: 'host.context', agentId: 'bench', agentName: 'Bench', locale: 'en', timeZone: 'UTC' });
  const workspace = await session.reopen(CUSTOMER);
  if (!workspace) throw new Error('the bench customer is not in the store');

  const el = document.createElement('journey-view') as JourneyView;
  el.style.setProperty('--cc-journey-height', '320px');
  el.entries = workspace.journey;
  document.body.append(el);
  await el.updateComplete;
  await painted();

  /** The agent's choice → the session reads the range → the element renders it → the frame is painted. */
  async function choose(period: (typeof PERIODS)[number]): Promise<{ ms: number; storeMs: number }> {
    await painted();
    const t0 = performance.now();
    await session.setJourneyPeriod(CUSTOMER, period);
    const storeMs = performance.now() - t0;
    const now = session.workspace(CUSTOMER)!;
    el.period = period;
    el.entries = now.journey;
    el.hasMore = now.journeyHasMore;
    await el.updateComplete;
    await frame();
    return { ms: (await afterThisFrame()) - t0, storeMs };
  }

  const times = Object.fromEntries(PERIODS.map((p) => [p, [] as number[]]));
  const store_ = Object.fromEntries(PERIODS.map((p) => [p, [] as number[]]));
  // Warm-up (code, index pages), then each time frame in turn so every choice reads anew.
  for (const p of PERIODS) await choose(p);
  for (let i = 0; i < reps; i++) {
    for (const p of PERIODS) {
      const { ms, storeMs } = await choose(p);
      times[p]!.push(ms);
      store_[p]!.push(storeMs);
    }
  }
  const firstPage: Record<string, { entries: number; oldest: string; hasMore: boolean; rows: number }> = {};
  for (const p of PERIODS) {
    await choose(p);
    const journey = session.workspace(CUSTOMER)!.journey;
    firstPage[p] = {
      entries: journey.length,
      oldest: journey.at(-1) ? String((journey.at(-1) as { at?: string }).at) : '',
      hasMore: session.workspace(CUSTOMER)!.journeyHasMore,
      rows: el.shadowRoot!.querySelectorAll('[role=option]').length,
    };
  }
  el.remove();
  session.dispose();
  store.close();
  const summary = (p: (typeof PERIODS)[number]) => ({
    medianMs: round(median(times[p]!)),
    p95Ms: round(percentile(times[p]!, 95)),
    storeMedianMs: round(median(store_[p]!)),
    ...firstPage[p],
  });
  const all = summary('all');
  const days30 = summary('30d');
  const months12 = summary('12m');
  return {
    activities: SIZE,
    runs: reps,
    seeded,
    all,
    days30: { ...days30, ratioToAll: round(days30.medianMs / all.medianMs) },
    months12: { ...months12, ratioToAll: round(months12.medianMs / all.medianMs) },
  };
});
