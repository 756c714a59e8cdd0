// A shift in minutes (issue #20 item 2): one page session of `<customer-context>` on the
// embedded store (a new IndexedDB database each run) takes 500 interactions — calls, chats
// and emails, from known customers (seeded first) and unknown ones — and for each, as an
// agent would: the interaction arrives (`receive`), the request's title and description
// and a tag are typed into the real fields (value + `input` events, Enter in the tag
// field: the components' own listeners run), it is saved (Save, or Create for an unknown
// contact), the host ends the interaction and the agent presses Close. On the way the
// locale switches twice (en → es → en, the element's `lang`) and Care mode goes on and
// off once (there the interaction is offered, selected in the Queue and accepted).
//
// The runner (bench/parts/shift.mjs) measures what only DevTools can (heap after GC, DOM
// counters) at four checkpoints: after the first interaction, once warm (after 25: Recent,
// which keeps 20 customers, is full), once every screen has been shown (Care mode just turned
// off) and after the last.
// The page stops at each (`__shiftAt`) and goes on when the runner calls `__shiftResume()`.
// Live timers are counted by the wrapper the runner installs before the bundle loads
// (`__liveTimers()`).
import { IndexedDbStore, emptyCustomer, type CustomerContext } from 'customer-context';
import { frame, median, painted, run } from './common.js';
import { gadgetOn, round } from './scale.js';

const params = new URLSearchParams(location.search);
const COUNT = Number(params.get('count') ?? 500);
const KNOWN = Number(params.get('known') ?? 60);
/**
 * The warm checkpoint: after this many interactions the lists that fill up by design are full
 * (Recent keeps the last 20 customers), so what grows after it grows per interaction.
 */
const WARM = Math.min(25, COUNT - 1);
/** How many interactions at each end of the run are compared (time per interaction). */
const EDGE = 50;
/** When the shift changes: locale es / en, Care mode on / off (as fractions of the run). */
const AT = {
  es: Math.round(COUNT * 0.3),
  careOn: Math.round(COUNT * 0.4),
  careOff: Math.round(COUNT * 0.6),
  en: Math.round(COUNT * 0.7),
};

declare global {
  interface Window {
    __shiftAt?: string;
    __shiftResume?: () => void;
    __liveTimers?: () => { timeouts: number; intervals: number };
    __attachedNodes?: () => number;
    __shiftFootprint?: () => Record<string, number> | undefined;
  }
}

const channels = ['voice', 'chat', 'email'] as const;
type Channel = (typeof channels)[number];

function contactOf(channel: Channel, who: string): Record<string, string> {
  if (channel === 'voice') return { phone: `+34 600 ${who.padStart(6, '0')}` };
  if (channel === 'chat') return { chatId: `visitor-${who}`, name: `Visitor ${who}` };
  return { email: `sender-${who}@example.net`, name: `Sender ${who}` };
}

async function seed(database: string): Promise<void> {
  const store = new IndexedDbStore({ name: database });
  for (let k = 0; k < KNOWN; k++) {
    const who = `1${String(k).padStart(4, '0')}`;
    await store.create(
      'customer',
      {
        ...emptyCustomer(),
        name: `Known ${k}`,
        lastName: 'Customer',
        phones: [contactOf('voice', who).phone!],
        emails: [contactOf('email', who).email!],
        chatIds: [contactOf('chat', who).chatId!],
      },
      { by: 'bench-seed' },
    );
  }
  store.close();
}

const until = async (check: () => boolean, what: string, limitMs = 20_000): Promise<void> => {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > limitMs) throw new Error(`shift: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
};

/** The value typed into a field the way the browser reports typing: the value, then `input` (bubbling, composed). */
function type(field: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  field.focus();
  field.value = text;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: text }));
}

function shadow(host: Element | null | undefined, selector: string): HTMLElement | null {
  return host?.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;
}

/** Nodes in the document, every shadow tree included (what Memory.getDOMCounters counts beyond them is detached and kept alive). */
function attachedNodes(root: Node = document): number {
  let count = 1;
  for (let child = root.firstChild; child; child = child.nextSibling) count += attachedNodes(child);
  if (root instanceof Element && root.shadowRoot) count += attachedNodes(root.shadowRoot);
  return count;
}

/** A checkpoint: the page is settled (no store work, no debounce pending), then waits for the runner. */
async function checkpoint(gadget: CustomerContext, name: string): Promise<void> {
  await gadget.agentSession!.idle();
  await gadget.updateComplete;
  // Debounced work (tag suggestions, draft writes, presence) runs out first, the same wait at both checkpoints.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await painted();
  await new Promise<void>((resolve) => {
    window.__shiftResume = resolve;
    window.__shiftAt = name;
  });
}

window.__attachedNodes = () => attachedNodes();

run(async () => {
  const stamp = Date.now().toString(36);
  const database = `bench-shift-${stamp}`;
  const agent = `bench-shift-${stamp}`;
  await seed(database);
  const gadget: CustomerContext = await gadgetOn({ database, 'agent-id': agent, lang: 'en' });
  const session = gadget.agentSession!;
  // What the session keeps besides its open work (`footprint()`, where the bundle has it).
  window.__shiftFootprint = () => (typeof session.footprint === 'function' ? { ...session.footprint() } : undefined);
  const root = gadget.shadowRoot!;
  const work = () => root.querySelector('cc-work-area');
  const times: number[] = [];
  const counts = { known: 0, unknown: 0, care: 0, voice: 0, chat: 0, email: 0, refused: 0, questions: 0, tagged: 0, titled: 0 };
  /** The Close button's text, as shown (the locale switches are seen on screen). */
  const closeTexts = new Set<string>();
  let unknownSeq = 0;

  async function interaction(n: number): Promise<void> {
    const channel = channels[n % 3]!;
    const known = n % 2 === 0;
    const who = known ? `1${String(Math.floor(n / 2) % KNOWN).padStart(4, '0')}` : `9${stamp.slice(-4)}${unknownSeq++}`;
    const interactionId = `shift-${stamp}-${n}`;
    const care = gadget.mode === 'care';
    const event = { interactionId, channel, from: contactOf(channel, who), subject: `Contact ${n}`, at: new Date().toISOString() };
    const answer = gadget.receive(care ? { type: 'interaction.offered', autoAssigned: false, ...event } : { type: 'interaction.started', ...event });
    if (!answer.ok) {
      counts.refused++;
      return;
    }
    counts[channel]++;
    counts[known ? 'known' : 'unknown']++;
    if (care) {
      counts.care++;
      // In the Queue: select the task, then Accept in its preview.
      const queue = () => root.querySelector('task-queue');
      await until(() => shadow(queue(), `button[data-task="${interactionId}"]`) !== null, 'the task in the Queue');
      shadow(queue(), `button[data-task="${interactionId}"]`)!.click();
      await until(() => shadow(queue(), '[part~="accept-button"]') !== null, 'the preview');
      shadow(queue(), '[part~="accept-button"]')!.click();
    }
    const workspace = () => session.state.open.find((w) => w.interaction?.interactionId === interactionId);
    await until(() => workspace() !== undefined && session.state.activeKey === workspace()!.key, 'the work area');
    await session.idle();
    await gadget.updateComplete;
    await until(() => shadow(work(), 'request-editor') !== null, 'the request editor');
    const editor = shadow(work(), 'request-editor')!;
    type(shadow(editor, '[part~="title-input"]') as HTMLInputElement, `Request ${n}: router keeps rebooting`);
    type(shadow(editor, '[part~="description-input"]') as HTMLTextAreaElement, `Interaction ${n} by ${channel}. The customer says it happens every evening.`);
    const tags = shadow(work(), 'tag-input')!;
    const tagField = shadow(tags, 'input') as HTMLInputElement;
    type(tagField, `Tag ${n % 7}`);
    tagField.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
    await gadget.updateComplete;
    const before = workspace()!;
    if (before.activityDraft?.tags.includes(`Tag ${n % 7}`)) counts.tagged++;
    if (before.requestDraft?.title === `Request ${n}: router keeps rebooting`) counts.titled++;
    if (before.customer === null) {
      // Unknown: the agent names the customer and creates them (the request and the activity are saved with them).
      const form = shadow(work(), 'customer-form')!;
      type(shadow(form, '[part~="name-input"]') as HTMLInputElement, `New ${n}`);
      type(shadow(form, '[part~="last-name-input"]') as HTMLInputElement, 'Caller');
      await gadget.updateComplete;
      (shadow(form, '[part~="submit-button"]') as HTMLButtonElement).click();
      await until(() => workspace()?.customer !== null && !workspace()?.busy, 'the customer created');
    }
    await session.idle();
    await gadget.updateComplete;
    if (session.isDirty(workspace()!)) {
      const save = shadow(work(), 'header button.primary') as HTMLButtonElement;
      save.click();
      await until(() => !workspace()?.busy && !session.isDirty(workspace()!), 'the save');
    }
    gadget.receive({ type: 'interaction.ended', interactionId, at: new Date().toISOString() });
    await session.idle();
    await gadget.updateComplete;
    const close = shadow(work(), 'header button.close') as HTMLButtonElement;
    closeTexts.add(close.textContent?.trim() ?? '');
    close.click();
    await gadget.updateComplete;
    const dialog = root.querySelector('cc-close-dialog');
    if (shadow(dialog, 'dialog[open]')) {
      counts.questions++;
      (shadow(dialog, 'dialog button') as HTMLButtonElement).click();
    }
    await until(() => workspace() === undefined, 'the close');
    await session.idle();
    await gadget.updateComplete;
  }

  for (let n = 0; n < COUNT; n++) {
    if (n === AT.es) gadget.lang = 'es';
    if (n === AT.en) gadget.lang = 'en';
    if (n === AT.careOn) gadget.mode = 'care';
    if (n === AT.careOff) gadget.mode = 'context';
    if (n === AT.es || n === AT.en || n === AT.careOn || n === AT.careOff) {
      await gadget.updateComplete;
      await frame();
    }
    // Every screen has been shown once (Care mode included: its templates are made once, then kept by lit).
    if (n === AT.careOff) await checkpoint(gadget, 'seen');
    const t0 = performance.now();
    await interaction(n);
    times.push(performance.now() - t0);
    await painted();
    if (n === 0) await checkpoint(gadget, 'first');
    if (n === WARM - 1) await checkpoint(gadget, 'start');
  }
  await checkpoint(gadget, 'end');
  const left = { open: session.state.open.length, tasks: session.state.tasks.length, lang: gadget.lang, mode: gadget.mode };
  // The run's database and drafts do not stay in the bench profile.
  gadget.remove();
  await Promise.race([
    new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(database);
      request.onsuccess = request.onerror = request.onblocked = resolve;
    }),
    new Promise((resolve) => setTimeout(resolve, 3000)),
  ]);
  for (const key of Object.keys(localStorage)) if (key.includes(agent)) localStorage.removeItem(key);
  const first = times.slice(0, EDGE);
  const last = times.slice(-EDGE);
  return {
    interactions: COUNT,
    warm: WARM,
    seenAt: AT.careOff,
    counts,
    ...left,
    closeTexts: [...closeTexts],
    firstMedianMs: round(median(first)),
    lastMedianMs: round(median(last)),
    allMedianMs: round(median(times)),
    // The shift's profile: the median of each 50 interactions.
    windowMedians: Array.from({ length: Math.ceil(times.length / EDGE) }, (_, i) => round(median(times.slice(i * EDGE, (i + 1) * EDGE)))),
    firstMs: round(times[0]!),
    times: times.map(round),
    locale: { es: AT.es, en: AT.en },
    careMode: { on: AT.careOn, off: AT.careOff },
  };
});
