// 1,000 contacts at once (issue #16 item 4): `<customer-context>` on the embedded
// store (a new, empty database: every contact is unknown) gets 1,000
// `interaction.started` events in one go, as fast as `receive` takes them. Measured
// through the element's and the session's public API only (`receive`, `ready`,
// `agentSession.state` / `subscribe` / `idle()`), whatever the gadget does with them:
// - until every contact is in the Open list and the session is idle, painted;
// - the main thread meanwhile: the longest task (PerformanceObserver 'longtask'),
//   the longest gap between two frames;
// - real key presses (puppeteer, from the runner) typed into the search box during
//   the burst: from the key's timestamp to the frame that shows it (Event Timing);
// - what the drafts take in localStorage afterwards.
// The runner drives it: `__contactsReady`, then it types a few keys (the idle
// baseline), calls `__startBurst()`, and types until `__burstIdle`.
import type { CustomerContext } from 'customer-context';
import { afterThisFrame, frame, median, painted, percentile, run } from './common.js';
import { gadgetOn, round } from './scale.js';

const params = new URLSearchParams(location.search);
const COUNT = Number(params.get('count') ?? 1000);
/** `search`: the agent types in the search box during the burst; `open`: the Open list is in view, nobody types. */
const view = params.get('view') ?? 'search';

declare global {
  interface Window {
    __contactsReady?: boolean;
    __burstIdle?: boolean;
    __startBurst?: () => void;
  }
}

type Phase = 'idle' | 'burst' | 'after';

interface Key {
  /** The key's timestamp (when the browser took it). */
  at: number;
  /** From the key's timestamp until the page got to handle it (the main thread was busy). */
  waitMs: number;
  /** From the key's timestamp to the start of the first frame after its keydown handler (the frame that draws it). */
  frameMs: number;
  /** From the key's timestamp to a task posted from that frame: an upper bound (it waits behind every task already queued). */
  afterFrameMs: number;
  inSearchBox: boolean;
}
const keys: Key[] = [];
window.addEventListener(
  'keydown',
  (event) => {
    if (!event.isTrusted) return;
    const handled = performance.now();
    const at = event.timeStamp;
    const target = event.composedPath()[0];
    const inSearchBox = target instanceof HTMLInputElement && target.type === 'search';
    requestAnimationFrame(() => {
      const frameAt = performance.now();
      void afterThisFrame().then((end) => keys.push({ at, waitMs: handled - at, frameMs: frameAt - at, afterFrameMs: end - at, inSearchBox }));
    });
  },
  true,
);

/**
 * Event Timing (what INP is made of): for each key, from its timestamp to the
 * presentation of the next frame after its handlers, in steps of 8 ms, reported
 * from 16 ms on. A key with no entry took less than 16 ms.
 */
const eventTimings: PerformanceEntry[] = [];
new PerformanceObserver((list) => eventTimings.push(...list.getEntries())).observe({ type: 'event', durationThreshold: 16, buffered: true } as PerformanceObserverInit);

const longTasks: PerformanceEntry[] = [];
new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true });

/** Frames seen while `watching`: the longest time between two of them is how long the page could not show anything. */
function frameGaps(): { stop: () => number } {
  let last = performance.now();
  let longest = 0;
  let on = true;
  const tick = (t: number) => {
    longest = Math.max(longest, t - last);
    last = t;
    if (on) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return {
    stop: () => {
      on = false;
      return longest;
    },
  };
}

function storageSnapshot(): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i)!;
    out.set(key, localStorage.getItem(key) ?? '');
  }
  return out;
}

/** Characters (keys and values) of the localStorage entries that are new or changed since `before`. */
function storageWritten(before: Map<string, string>): { chars: number; keys: number } {
  let chars = 0;
  let count = 0;
  for (const [key, value] of storageSnapshot()) {
    if (before.get(key) === value) continue;
    chars += key.length + value.length;
    count++;
  }
  return { chars, keys: count };
}

function contact(n: number, stamp: string) {
  const at = new Date().toISOString();
  const interactionId = `burst-${stamp}-${n}`;
  // Nobody in the (new) database: every one is unknown. Voice, chat and email, as a queue would bring them.
  const from =
    n % 3 === 0
      ? { phone: `+44 7700 ${String(900000 + n).padStart(6, '0')}` }
      : n % 3 === 1
        ? { chatId: `visitor-${stamp}-${n}`, name: `Visitor ${n}` }
        : { email: `sender${n}.${stamp}@example.net`, name: `Sender ${n}` };
  const channel = n % 3 === 0 ? 'voice' : n % 3 === 1 ? 'chat' : 'email';
  return { type: 'interaction.started', interactionId, channel, from, subject: `Contact ${n}`, at };
}

run(async () => {
  const stamp = Date.now().toString(36);
  const database = `bench-contacts-${stamp}`;
  const agent = `bench-contacts-${stamp}`;
  const before = storageSnapshot();
  const gadget: CustomerContext = await gadgetOn({ database, 'agent-id': agent });
  const session = gadget.agentSession!;
  await painted();

  let openMax = 0;
  let allOpenAt: number | undefined;
  let t0 = 0;
  const offOpen = session.subscribe(() => {
    const open = session.state.open.length;
    if (open > openMax) openMax = open;
    if (allOpenAt === undefined && open >= COUNT) allOpenAt = performance.now();
  });

  const burst = new Promise<Record<string, unknown>>((resolve, reject) => {
    window.__startBurst = () => {
      const gaps = frameGaps();
      t0 = performance.now();
      const refused: Record<string, number> = {};
      for (let n = 0; n < COUNT; n++) {
        const answer = gadget.receive(contact(n, stamp));
        if (!answer.ok) {
          const code = (answer as { error?: { code?: string } }).error?.code ?? 'refused';
          refused[code] = (refused[code] ?? 0) + 1;
        }
      }
      const receiveMs = performance.now() - t0;
      void (async () => {
        await session.idle();
        const idleAt = performance.now();
        await gadget.updateComplete;
        await painted();
        const paintedAt = performance.now();
        const longestGapMs = gaps.stop();
        window.__burstIdle = true;
        resolve({ receiveMs, refused, idleMs: idleAt - t0, paintedMs: paintedAt - t0, longestGapMs, end: paintedAt });
      })().catch(reject);
    };
  });
  window.__contactsReady = true;
  const figures = await burst;
  offOpen();
  const end = figures.end as number;
  delete figures.end;

  // Drafts: written when the gadget writes them; wait until localStorage has not changed for 1 s (at most 15 s).
  let written = storageWritten(before);
  let stableSince = performance.now();
  const settleStart = performance.now();
  while (performance.now() - stableSince < 1000 && performance.now() - settleStart < 15_000) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = storageWritten(before);
    if (now.chars !== written.chars || now.keys !== written.keys) {
      written = now;
      stableSince = performance.now();
    }
  }
  await frame();
  // Keys still being measured (their frame) are in by now.
  const burstTasks = longTasks.filter((t) => t.startTime + t.duration >= t0 && t.startTime <= end);
  // A key belongs to the burst if the browser took it between the first receive and the painted idle state.
  const phaseOf = (k: Key): Phase => (k.at < t0 ? 'idle' : k.at <= end ? 'burst' : 'after');
  const keyFigures = (p: Phase) => {
    const list = keys.filter((k) => phaseOf(k) === p);
    if (!list.length) return { count: 0 };
    // Until shown: the key's Event Timing duration; without one (under 16 ms), until its frame began.
    const timing = (k: Key) => eventTimings.find((e) => e.name === 'keydown' && Math.abs(e.startTime - k.at) < 1)?.duration;
    const shown = list.map((k) => timing(k) ?? k.frameMs);
    const after = list.map((k) => k.afterFrameMs);
    return {
      count: list.length,
      inSearchBox: list.filter((k) => k.inSearchBox).length,
      withEventTiming: list.filter((k) => timing(k) !== undefined).length,
      toScreenMedianMs: round(median(shown)),
      toScreenP95Ms: round(percentile(shown, 95)),
      toScreenMaxMs: round(Math.max(...shown)),
      waitMaxMs: round(Math.max(...list.map((k) => k.waitMs))),
      afterFrameMedianMs: round(median(after)),
      afterFrameP95Ms: round(percentile(after, 95)),
    };
  };

  const result = {
    view,
    contacts: COUNT,
    openAtIdle: session.state.open.length,
    openMax,
    allOpenMs: allOpenAt === undefined ? null : round(allOpenAt - t0),
    ...Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v])),
    longTasks: burstTasks.length,
    longestTaskMs: burstTasks.length ? round(Math.max(...burstTasks.map((t) => t.duration))) : 0,
    longTaskTotalMs: round(burstTasks.reduce((n, t) => n + t.duration, 0)),
    keys: { idle: keyFigures('idle'), burst: keyFigures('burst') },
    drafts: { chars: written.chars, keys: written.keys, settledMs: round(stableSince - end) },
  };

  // Leave nothing behind: this agent's localStorage entries and the database.
  gadget.remove();
  for (const key of storageSnapshot().keys()) if (!before.has(key)) localStorage.removeItem(key);
  await Promise.race([
    new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(database);
      request.onsuccess = request.onerror = request.onblocked = resolve;
    }),
    new Promise((resolve) => setTimeout(resolve, 5000)),
  ]);
  return result;
});
