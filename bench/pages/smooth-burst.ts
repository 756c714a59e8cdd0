// The burst (issue #20 item 3): a desktop reconnecting replays what it missed, 2,000 host events handed
// to `<customer-context>.receive()` synchronously in one task. Measured through the public API only:
// - the longest main-thread task from the first `receive` until the gadget is idle and painted
//   (PerformanceObserver 'longtask'; the longest animation frame too, where 'long-animation-frame' exists);
// - the time the `receive` loop itself took (the host's task), and until idle and painted;
// - every event's outcome: the synchronous result of `receive` (the duplicates refused as out of order,
//   every other one taken) and the state once idle (one work area per interaction, on the right
//   customer, with the right interaction, ended exactly when the host ended it). Wrong results are counted.
import { IndexedDbStore, type CustomerContext, type Workspace } from 'customer-context';
import { sampleRecords, samplePhone } from '../../demo/sample-data.js';
import { painted, run } from './common.js';
import { gadgetOn, round } from './scale.js';

const params = new URLSearchParams(location.search);
/** Known customers in the database: each gets one interaction. */
const KNOWN = Number(params.get('known') ?? 1000);
/** Interactions from unknown contacts (Create is offered). */
const UNKNOWN = Number(params.get('unknown') ?? 100);
/** Interactions the host ends (the first ones started). */
const ENDED = Number(params.get('ended') ?? 850);
/** `interaction.started` sent again for an interaction already started: refused, out of order. */
const DUPLICATES = Number(params.get('duplicates') ?? 50);

interface Expected {
  interactionId: string;
  /** The customer's id, or null for an unknown contact. */
  customerId: string | null;
  ended: boolean;
}

type HostEvent = Record<string, unknown>;

/**
 * The replay: interactions start in order, each ended one ends 25 events after
 * it started (so the ends arrive while its lookup is under way), and a
 * duplicate `started` follows every 22nd start. 2,000 events by default.
 */
function replay(stamp: string): { events: Array<{ event: HostEvent; ok: boolean }>; expected: Expected[] } {
  const expected: Expected[] = [];
  const starts: HostEvent[] = [];
  const channels = ['voice', 'chat', 'email'] as const;
  for (let n = 0; n < KNOWN + UNKNOWN; n++) {
    const known = n < KNOWN;
    // Known and unknown mixed through the replay.
    const i = known ? n : n - KNOWN;
    const interactionId = `replay-${stamp}-${n}`;
    const channel = channels[n % 3]!;
    const from = known ? { phone: samplePhone(i) } : { phone: `+44 7700 ${String(900000 + i).padStart(6, '0')}`, name: `Caller ${i}` };
    starts.push({ type: 'interaction.started', interactionId, channel, from, subject: `Replayed ${n}`, at: new Date(Date.UTC(2026, 11, 1, 9) + n * 1000).toISOString() });
    expected.push({ interactionId, customerId: known ? `customer:r${stamp}-${i}` : null, ended: false });
  }
  // Interleave known and unknown: every 11th start is an unknown contact.
  const order: number[] = [];
  let u = KNOWN;
  for (let k = 0; k < KNOWN; k++) {
    order.push(k);
    if (k % 10 === 9 && u < KNOWN + UNKNOWN) order.push(u++);
  }
  while (u < KNOWN + UNKNOWN) order.push(u++);
  const events: Array<{ event: HostEvent; ok: boolean }> = [];
  const ends: Array<{ at: number; event: HostEvent }> = [];
  let endedCount = 0;
  let duplicates = 0;
  order.forEach((n, position) => {
    events.push({ event: starts[n]!, ok: true });
    if (endedCount < ENDED) {
      endedCount++;
      expected[n]!.ended = true;
      ends.push({ at: position + 25, event: { type: 'interaction.ended', interactionId: expected[n]!.interactionId, at: new Date().toISOString() } });
    }
    if (position % 22 === 21 && duplicates < DUPLICATES) {
      duplicates++;
      events.push({ event: starts[n]!, ok: false });
    }
    while (ends.length && ends[0]!.at <= position) events.push({ event: ends.shift()!.event, ok: true });
  });
  for (const end of ends) events.push({ event: end.event, ok: true });
  return { events, expected };
}

async function seed(database: string, stamp: string): Promise<void> {
  const store = new IndexedDbStore({ name: database });
  await store.import([...sampleRecords({ customers: KNOWN, activities: KNOWN * 2, prefix: `r${stamp}`, seed: 3 })]);
  store.close();
}

/** Wrong results in the state once idle: one per interaction whose work area is missing or not as expected, plus extra work areas. */
function check(open: readonly Workspace[], expected: Expected[]): { wrong: number; examples: string[] } {
  const byInteraction = new Map<string, Workspace>();
  for (const w of open) if (w.interaction) byInteraction.set(w.interaction.interactionId, w);
  const examples: string[] = [];
  let wrong = 0;
  const fail = (why: string) => {
    wrong++;
    if (examples.length < 5) examples.push(why);
  };
  for (const e of expected) {
    const w = byInteraction.get(e.interactionId);
    if (!w) fail(`${e.interactionId}: no work area`);
    else if ((w.customer?.id ?? null) !== e.customerId) fail(`${e.interactionId}: customer ${w.customer?.id} instead of ${e.customerId}`);
    else if (e.customerId && w.key !== e.customerId) fail(`${e.interactionId}: key ${w.key}`);
    else if (w.interaction!.ended !== e.ended) fail(`${e.interactionId}: ended ${w.interaction!.ended} instead of ${e.ended}`);
  }
  const extra = open.length - expected.length;
  if (extra > 0) fail(`${extra} work areas more than interactions`);
  return { wrong: wrong + Math.max(0, extra - 1), examples };
}

interface LongFrame extends PerformanceEntry {
  renderStart: number;
  styleAndLayoutStart: number;
  scripts: Array<PerformanceEntry & { invoker: string; sourceFunctionName: string; forcedStyleAndLayoutDuration: number }>;
}

function describeFrame(f: LongFrame) {
  const end = f.startTime + f.duration;
  return {
    durationMs: round(f.duration),
    renderingMs: f.renderStart ? round(end - f.renderStart) : 0,
    scripts: [...f.scripts]
      .sort((a, b) => b.duration - a.duration)
      .slice(0, 4)
      .map((s) => `${s.invoker} ${s.sourceFunctionName || ''} ${round(s.duration)} ms (forced layout ${round(s.forcedStyleAndLayoutDuration)} ms)`.replace(/\s+/g, ' ')),
  };
}

const longTasks: PerformanceEntry[] = [];
new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true });
const hasLoaf = PerformanceObserver.supportedEntryTypes.includes('long-animation-frame');
const longFrames: PerformanceEntry[] = [];
if (hasLoaf) new PerformanceObserver((list) => longFrames.push(...list.getEntries())).observe({ type: 'long-animation-frame', buffered: true });

/**
 * The call the agent had before the desktop lost its connection: a burst is a
 * desktop reconnecting, so the gadget has drawn a work area before. The first
 * drawing of a work area in a page prepares its templates (about 60 ms here,
 * once per page, whatever the number of events): a start-up cost, measured by
 * the event-to-screen figures; its longest task is reported here, apart.
 */
async function earlierCall(gadget: CustomerContext, stamp: string): Promise<{ longestTaskMs: number }> {
  const session = gadget.agentSession!;
  const start = performance.now();
  const interactionId = `earlier-${stamp}`;
  gadget.receive({ type: 'interaction.started', interactionId, channel: 'voice', from: { phone: '+44 7700 000001' }, at: new Date().toISOString() });
  await session.idle();
  await gadget.updateComplete;
  await painted();
  gadget.receive({ type: 'interaction.ended', interactionId, at: new Date().toISOString() });
  await session.idle();
  const closed = await session.close(session.state.activeKey!, 'discard');
  if (!closed.ok || session.state.open.length) throw new Error('the earlier call did not close');
  await gadget.updateComplete;
  await painted();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const tasks = longTasks.filter((t) => t.startTime + t.duration >= start);
  return { longestTaskMs: tasks.length ? round(Math.max(...tasks.map((t) => t.duration))) : 0 };
}

run(async () => {
  const stamp = Date.now().toString(36);
  const database = `bench-burst-${stamp}`;
  const before = new Set(Object.keys(localStorage));
  await seed(database, stamp);
  const gadget: CustomerContext = await gadgetOn({ database, 'agent-id': `bench-burst-${stamp}` });
  const session = gadget.agentSession!;
  const { events, expected } = replay(stamp);
  await painted();
  const earlier = await earlierCall(gadget, stamp);

  // Marks for a trace of the page (DevTools, or CDP tracing with blink.user_timing).
  performance.mark('burst-start');
  const t0 = performance.now();
  let wrongResults = 0;
  for (const { event, ok } of events) {
    const answer = gadget.receive(event);
    const refusedRight = !answer.ok && (answer as { error?: { code?: string } }).error?.code === 'out-of-order';
    if (ok ? !answer.ok : !refusedRight) wrongResults++;
  }
  const receiveMs = performance.now() - t0;
  await session.idle();
  const idleAt = performance.now();
  await gadget.updateComplete;
  await painted();
  const end = performance.now();
  performance.mark('burst-painted');
  // The observers report after the tasks: give them a task.
  await new Promise((resolve) => setTimeout(resolve, 50));

  const state = check(session.state.open, expected);
  const tasks = longTasks.filter((t) => t.startTime + t.duration >= t0 && t.startTime <= end);
  const frames = longFrames.filter((t) => t.startTime + t.duration >= t0 && t.startTime <= end);
  const result = {
    events: events.length,
    interactions: expected.length,
    ended: expected.filter((e) => e.ended).length,
    duplicates: events.filter((e) => !e.ok).length,
    receiveMs: round(receiveMs),
    idleMs: round(idleAt - t0),
    paintedMs: round(end - t0),
    firstDrawLongestTaskMs: earlier.longestTaskMs,
    longTasks: tasks.length,
    longestTaskMs: tasks.length ? round(Math.max(...tasks.map((t) => t.duration))) : 0,
    longTaskTotalMs: round(tasks.reduce((n, t) => n + t.duration, 0)),
    // Each long task: when it began after the first `receive` and how long it took (ms).
    longTaskList: tasks.map((t) => [round(t.startTime - t0), round(t.duration)]),
    longAnimationFrames: hasLoaf ? frames.length : null,
    longestAnimationFrameMs: hasLoaf ? (frames.length ? round(Math.max(...frames.map((t) => t.duration))) : 0) : null,
    // Where the longest frames went (Long Animation Frames' attribution): the script entry points and the rendering.
    longestFrames: [...frames]
      .sort((a, b) => b.duration - a.duration)
      .slice(0, 3)
      .map((f) => describeFrame(f as LongFrame)),
    open: session.state.open.length,
    wrongReceiveResults: wrongResults,
    wrongStates: state.wrong,
    wrong: wrongResults + state.wrong,
    examples: state.examples,
  };

  gadget.remove();
  for (const key of Object.keys(localStorage)) if (!before.has(key)) localStorage.removeItem(key);
  await Promise.race([
    new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(database);
      request.onsuccess = request.onerror = request.onblocked = resolve;
    }),
    new Promise((resolve) => setTimeout(resolve, 5000)),
  ]);
  return result;
});
