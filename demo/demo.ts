import { html, nothing, render } from 'lit';
import '../src/index.js';
import type { CustomerContext } from '../src/index.js';
import { IndexedDbStore } from '../src/store/indexeddb-store.js';
import { CouchDbStore } from '../src/store/couchdb-store.js';
import type { ContextStore } from '../src/store/context-store.js';
import type { AnyRecord } from '../src/model/index.js';
import { SAMPLE_END, sampleCustomers, sampleRecords, samplePhone } from './sample-data.js';

/**
 * The demo desktop: plays a host around <customer-context>. It seeds the
 * embedded store with deterministic sample data once, then sends calls, chats
 * and emails from known or unknown contacts. Every tab is its own agent on the
 * same store, so two tabs show R4's caution and Load. In Customer Care mode a
 * simulated router offers tasks while the agent is Ready (R9).
 */
const DATABASE = 'customer-context-demo';
const params = new URLSearchParams(location.search);
const agentId = params.get('agent') ?? (sessionStorage.getItem('cc-demo-agent') || `agent-${Math.floor(Math.random() * 900 + 100)}`);
sessionStorage.setItem('cc-demo-agent', agentId);
type Mode = 'context' | 'care';
let mode: Mode = (params.get('mode') ?? sessionStorage.getItem('cc-demo-mode')) === 'care' ? 'care' : 'context';
const offerTimeoutMs = Number(params.get('timeout') ?? '15000') || 15000;
const SUBJECTS = ['Billing question', 'Router keeps rebooting', 'Change of address', 'Cannot log in', 'Upgrade to fibre', 'Roaming abroad'];
let routerOn = sessionStorage.getItem('cc-demo-router') !== 'off';
let routerTimer: number | undefined;
let routerNext = 0;

const customers = sampleCustomers();
const log: string[] = [];
let counter = Number(sessionStorage.getItem('cc-demo-counter') ?? '0');
let seeding = '';

/** The interactions still going on in this tab's host, newest first: *End interaction* ends the first. Kept across a reload. */
let live: string[] = readList('cc-demo-live');

function readList(key: string): string[] {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(key) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

function setLive(next: string[]): void {
  live = next;
  sessionStorage.setItem('cc-demo-live', JSON.stringify(live));
}

const LOCALES = ['en', 'es', 'fr', 'de', 'pt-BR'];
/** The browser's language, as one of the demo's locales. */
const browserLocale = LOCALES.find((l) => l.split('-')[0] === navigator.language.split('-')[0]) ?? 'en';
/** The locale chosen in the Locale select (`?locale=` to start with another): kept across a reload, sent with host.context. */
let locale = params.get('locale') ?? sessionStorage.getItem('cc-demo-locale') ?? browserLocale;
if (!LOCALES.includes(locale)) locale = browserLocale;

/**
 * `?couchdb=http://couch.example:5984&db=contact-center` shares one CouchDB
 * between browsers on several machines (see docs/couchdb.md).
 */
const COUCHDB_URL = params.get('couchdb') ?? '';
const COUCHDB_DATABASE = params.get('db') ?? 'customer-context-demo';

async function seed(force = false): Promise<void> {
  const store: ContextStore = COUCHDB_URL
    ? new CouchDbStore({ url: COUCHDB_URL, database: COUCHDB_DATABASE, credentials: 'include', changes: { live: false } })
    : new IndexedDbStore({ name: DATABASE });
  try {
    if (!force && (await store.get('customer', 'customer:demo-0'))) return;
    seeding = 'Loading sample data…';
    draw();
    const batch: AnyRecord[] = [];
    for (const record of sampleRecords()) {
      batch.push(record);
      if (batch.length === 1000) await store.import(batch.splice(0));
    }
    await store.import(batch);
  } finally {
    store.close();
    seeding = '';
    draw();
  }
}

function gadget(): CustomerContext {
  return document.querySelector('customer-context')!;
}

/**
 * A new interaction id. The counter is per tab, but the gadget keeps its Open list
 * (with the interactions in it) across reopening the demo, so the time is part of
 * the id: a reused id would be refused as out of order.
 */
function nextId(channel: string): string {
  counter += 1;
  sessionStorage.setItem('cc-demo-counter', String(counter));
  return `${agentId}-${channel}-${Date.now().toString(36)}-${counter}`;
}

function send(event: Record<string, unknown>): void {
  const result = gadget().receive(event);
  log.unshift(`→ ${String(event.type)} ${result.ok ? 'ok' : `refused: ${result.error.code}`}`);
  draw();
}

type Channel = 'voice' | 'chat' | 'email';

/** Who an interaction comes from: a sample customer (by phone, email or chat id) or an unknown contact. */
function contact(channel: Channel, known: boolean): Record<string, string> {
  const i = Math.floor(Math.random() * customers.length);
  const c = customers[i]!;
  return known
    ? channel === 'voice'
      ? { phone: samplePhone(i) }
      : channel === 'email'
        ? { email: c.emails[0]!, name: c.name }
        : c.chatIds[0]
          ? { chatId: c.chatIds[0] }
          : { email: c.emails[0]! }
    : channel === 'voice'
      ? { phone: `+1 555 ${String(1000 + Math.floor(Math.random() * 9000))}` }
      : channel === 'email'
        ? { email: `someone${Math.floor(Math.random() * 1000)}@mail.test` }
        : { chatId: `guest-${Math.floor(Math.random() * 10000)}`, name: 'Web visitor' };
}

function start(channel: Channel, known: boolean): void {
  const from = contact(channel, known);
  const interactionId = nextId(channel);
  setLive([interactionId, ...live]);
  send({
    type: 'interaction.started',
    interactionId,
    channel,
    from,
    subject: channel === 'email' ? 'Question about my last invoice' : undefined,
    at: new Date().toISOString(),
  });
}

function end(): void {
  const [interactionId, ...rest] = live;
  setLive(rest);
  if (interactionId) send({ type: 'interaction.ended', interactionId, at: new Date().toISOString() });
}

/**
 * After a reload the gadget brings back the calls that were open (from its
 * drafts): the ones not ended are still going on here too, so End can end them
 * (this tab's list may not know them: another tab, or the same agent in a new one).
 */
async function adoptRestoredCalls(): Promise<void> {
  const el = gadget();
  await el.ready;
  const restored = (el.agentSession?.state.open ?? [])
    .flatMap((w) => (w.interaction && !w.interaction.ended ? [w.interaction] : []))
    .sort((a, b) => b.at.localeCompare(a.at))
    .map((i) => i.interactionId)
    .filter((id) => !live.includes(id));
  if (restored.length) {
    setLive([...live, ...restored]);
    draw();
  }
}

// ---- Customer Care: a simulated router (R9) ------------------------------------

function randomChannel(): Channel {
  const x = Math.random();
  return x < 0.45 ? 'voice' : x < 0.75 ? 'chat' : 'email';
}

/** Offers one task to the agent; `auto`: assigned by the router, to accept within the offer time. */
function offer(auto: boolean, channel: Channel = randomChannel()): void {
  send({
    type: 'interaction.offered',
    interactionId: nextId(`task-${channel}`),
    channel,
    from: contact(channel, Math.random() < 0.85),
    subject: SUBJECTS[Math.floor(Math.random() * SUBJECTS.length)],
    at: new Date().toISOString(),
    autoAssigned: auto,
  });
}

function withdrawOldest(): void {
  const waiting = gadget().agentSession?.state.offers[0];
  if (waiting) send({ type: 'interaction.withdrawn', interactionId: waiting.interactionId });
}

/** Every 5 to 12 seconds, while the agent is Ready in care mode, the router offers a task (about half of them automatic). */
function scheduleRouter(): void {
  window.clearTimeout(routerTimer);
  const delay = 5000 + Math.floor(Math.random() * 7000);
  routerNext = Date.now() + delay;
  routerTimer = window.setTimeout(route, delay);
}

function route(): void {
  const state = gadget()?.agentSession?.state;
  if (mode === 'care' && routerOn && state?.agentState === 'ready') {
    const waiting = state.tasks.filter((t) => t.status !== 'in-progress');
    const counting = waiting.some((t) => t.status === 'offered');
    if (waiting.length < 4) offer(!counting && Math.random() < 0.6);
  }
  scheduleRouter();
}

function setMode(next: Mode): void {
  mode = next;
  sessionStorage.setItem('cc-demo-mode', mode);
  draw();
}

function setRouter(on: boolean): void {
  routerOn = on;
  sessionStorage.setItem('cc-demo-router', on ? 'on' : 'off');
  draw();
}

function routerStatus(): string {
  const state = gadget()?.agentSession?.state;
  if (!routerOn) return 'Router off.';
  if (state?.agentState !== 'ready') return 'Router waits: the agent is Not Ready.';
  return `Router: next offer in about ${Math.max(0, Math.round((routerNext - Date.now()) / 1000))} s (if fewer than 4 tasks wait).`;
}

let theme = params.get('theme') === 'dark' ? 'dark' : 'light';
let direction = params.get('dir') === 'rtl' ? 'rtl' : 'ltr';

function setTheme(dark: boolean): void {
  theme = dark ? 'dark' : 'light';
  document.documentElement.dataset['theme'] = theme;
  draw();
}

function setDirection(rtl: boolean): void {
  direction = rtl ? 'rtl' : 'ltr';
  draw();
}

function hostContext(): Record<string, unknown> {
  return { type: 'host.context', agentId, agentName: agentId, locale, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone };
}

function setLocale(event: Event): void {
  locale = (event.target as HTMLSelectElement).value;
  sessionStorage.setItem('cc-demo-locale', locale);
  send(hostContext());
}

function draw(): void {
  render(
    html`
      <header class="desktop-bar">
        <strong>Demo agent desktop</strong>
        <span>Agent <code>${agentId}</code></span>
        <span class="hint">Open this page in a second tab to play a second agent on the same data.</span>
      </header>
      <div class="desktop">
        <aside class="host" aria-label="Simulated host">
          <h2>Host</h2>
          <fieldset>
            <legend>Known customer</legend>
            <button @click=${() => start('voice', true)}>Call</button>
            <button @click=${() => start('chat', true)}>Chat</button>
            <button @click=${() => start('email', true)}>Email</button>
          </fieldset>
          <label>Desktop
            <select @change=${(e: Event) => setMode((e.target as HTMLSelectElement).value as Mode)}>
              <option value="context" ?selected=${mode === 'context'}>Customer Context (calls come in)</option>
              <option value="care" ?selected=${mode === 'care'}>Customer Care (task queue)</option>
            </select>
          </label>
          ${mode === 'care'
            ? html`<fieldset>
                <legend>Router (queue)</legend>
                <label class="check"><input type="checkbox" .checked=${routerOn} @change=${(e: Event) => setRouter((e.target as HTMLInputElement).checked)} /> Offer tasks while Ready</label>
                <button @click=${() => offer(false)}>Offer a task</button>
                <button @click=${() => offer(true)}>Offer an automatic task</button>
                <button @click=${() => offer(false, 'voice')}>Offer a call</button>
                <button @click=${withdrawOldest}>Withdraw the oldest offer</button>
                <button @click=${() => send({ type: 'agent.state', state: 'ready', reason: 'Set by the desktop' })}>Host: Ready</button>
                <button @click=${() => send({ type: 'agent.state', state: 'not-ready', reason: 'Break' })}>Host: Not Ready</button>
                <p class="hint">${routerStatus()} Automatic offers must be accepted within ${Math.round(offerTimeoutMs / 1000)} s (<code>?timeout=</code> in ms changes it).</p>
              </fieldset>`
            : nothing}
          <fieldset>
            <legend>Unknown contact</legend>
            <button @click=${() => start('voice', false)}>Call</button>
            <button @click=${() => start('chat', false)}>Chat</button>
            <button @click=${() => start('email', false)}>Email</button>
          </fieldset>
          <button ?disabled=${live.length === 0} @click=${end}>End interaction${live[0] ? ` ${live[0]}` : ''}</button>
          <button @click=${() => send({ type: 'interaction.started', channel: 'fax' })}>Send a malformed event</button>
          <label>Locale
            <select @change=${setLocale}>
              ${LOCALES.map((l) => html`<option value=${l} ?selected=${l === locale}>${l}</option>`)}
            </select>
          </label>
          <fieldset>
            <legend>Look</legend>
            <label class="check"><input type="checkbox" .checked=${theme === 'dark'} @change=${(e: Event) => setTheme((e.target as HTMLInputElement).checked)} /> Dark theme</label>
            <label class="check"><input type="checkbox" .checked=${direction === 'rtl'} @change=${(e: Event) => setDirection((e.target as HTMLInputElement).checked)} /> Right to left</label>
          </fieldset>
          <button @click=${() => seed(true)}>Reload sample data</button>
          <p class="hint">${seeding || `Sample data: 200 customers, 5,000 activities up to ${new Date(SAMPLE_END).toLocaleDateString()}.`}</p>
          <h3>Events</h3>
          <ul class="log" role="list" aria-live="off">${log.slice(0, 30).map((line) => html`<li>${line}</li>`)}</ul>
        </aside>
        <customer-context
          couchdb-url=${COUCHDB_URL}
          couchdb-database=${COUCHDB_DATABASE}
          dir=${direction}
          agent-id=${agentId}
          database=${DATABASE}
          mode=${mode}
          offer-timeout-ms=${offerTimeoutMs}
          @cc-accept=${(e: CustomEvent<{ interactionId: string }>) => (setLive([e.detail.interactionId, ...live]), log.unshift(`← cc-accept ${e.detail.interactionId}`), draw())}
          @cc-agent-state=${(e: CustomEvent<{ state: string; reason: string }>) => (log.unshift(`← cc-agent-state ${e.detail.state} (${e.detail.reason})`), draw())}
          @cc-saved=${(e: CustomEvent) => (log.unshift(`← cc-saved ${e.detail.record.type} ${e.detail.record.id}`), draw())}
          @cc-closed=${(e: CustomEvent) => (log.unshift(`← cc-closed ${e.detail.customerId ?? '(no customer)'}`), draw())}
          @cc-error=${(e: CustomEvent) => (log.unshift(`← cc-error ${e.detail.code}: ${e.detail.message}`), draw())}
        ></customer-context>
      </div>
    `,
    document.querySelector('#desktop')!,
  );
}

document.documentElement.dataset['theme'] = theme;
draw();
scheduleRouter();
window.setInterval(() => {
  if (mode === 'care') draw();
}, 1000);
void seed()
  .then(() => send(hostContext()))
  .then(adoptRestoredCalls);
