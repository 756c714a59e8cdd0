import { html, nothing, render } from 'lit';
import '../src/index.js';
import type { CustomerContext } from '../src/index.js';
import { IndexedDbStore } from '../src/store/indexeddb-store.js';
import { CouchDbStore } from '../src/store/couchdb-store.js';
import type { ContextStore } from '../src/store/context-store.js';
import type { AnyRecord } from '../src/model/index.js';
import { HOST_WORDS, SAMPLE_END, sampleCustomers, sampleLocale, sampleRecords, samplePhone, type SampleLocale } from './sample-data.js';

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

/** What the desktop shows for each live interaction ("Call · Ana García"): never its raw id. Kept across a reload. */
const labels: Record<string, string> = readLabels();

function readLabels(): Record<string, string> {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem('cc-demo-labels') ?? '{}');
    return value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
  } catch {
    return {};
  }
}

function setLive(next: string[], label?: [string, string]): void {
  live = next;
  if (label) labels[label[0]] = label[1];
  for (const id of Object.keys(labels)) if (!live.includes(id)) delete labels[id];
  sessionStorage.setItem('cc-demo-live', JSON.stringify(live));
  sessionStorage.setItem('cc-demo-labels', JSON.stringify(labels));
}

const CHANNEL_NAMES: Record<string, string> = { voice: 'Call', chat: 'Chat', email: 'Email', note: 'Note', other: 'Other' };

/** "Call · Ana García", "Chat · Web visitor", "Email · someone@mail.test": how the host names an interaction. */
function labelOf(channel: string, from: Record<string, string>, name?: string): string {
  return `${CHANNEL_NAMES[channel] ?? channel} · ${name || from.name || from.phone || from.email || from.chatId || 'unknown'}`;
}

const LOCALES = ['en', 'es', 'fr', 'de', 'pt-BR'];
const LOCALE_NAMES: Record<string, string> = { en: 'English', es: 'Español', fr: 'Français', de: 'Deutsch', 'pt-BR': 'Português (Brasil)' };
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

/** The language the sample data was written in (titles, subjects, tags, notes). */
const DATA_LOCALE_KEY = 'cc-demo-data-locale';

function openStore(): ContextStore {
  return COUCHDB_URL
    ? new CouchDbStore({ url: COUCHDB_URL, database: COUCHDB_DATABASE, credentials: 'include', changes: { live: false } })
    : new IndexedDbStore({ name: DATABASE });
}

/** Writes the sample data in the current language (once; `force`: again, over any change made to it). */
async function seed(force = false): Promise<void> {
  const store = openStore();
  try {
    if (!force && (await store.get('customer', 'customer:demo-0'))) return;
    seeding = 'Loading sample data…';
    draw();
    const language = sampleLocale(locale);
    const batch: AnyRecord[] = [];
    for (const record of sampleRecords({ locale: language })) {
      batch.push(record);
      if (batch.length === 1000) await store.import(batch.splice(0));
    }
    await store.import(batch);
    localStorage.setItem(DATA_LOCALE_KEY, language);
  } finally {
    store.close();
    seeding = '';
    draw();
  }
}

/**
 * A new language: the sample records nobody changed are written again in it, so a
 * localised screen is not half English (the embedded store only; a shared CouchDB
 * keeps the language it was seeded in). Records an agent saved stay as they are.
 */
async function translateSample(language: SampleLocale): Promise<void> {
  if (COUCHDB_URL || (localStorage.getItem(DATA_LOCALE_KEY) ?? 'en') === language) return;
  const store = openStore();
  try {
    seeding = 'Translating sample data…';
    draw();
    const all = [...sampleRecords({ locale: language })];
    for (let i = 0; i < all.length; i += 500) {
      const chunk = all.slice(i, i + 500);
      const stored = await Promise.all(chunk.map((r) => store.get(r.type, r.id)));
      await store.import(chunk.filter((_, j) => stored[j]?.updatedBy === 'sample-data'));
    }
    localStorage.setItem(DATA_LOCALE_KEY, language);
  } finally {
    store.close();
    seeding = '';
    draw();
  }
}

/** The host's own words (offer subjects, a web visitor's name, state reasons) in the agent's language. */
function hostWords() {
  return HOST_WORDS[sampleLocale(locale)];
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
        : { chatId: `guest-${Math.floor(Math.random() * 10000)}`, name: hostWords().visitor };
}

/** The sample customer a contact point belongs to, for the host's label. */
function nameOf(from: Record<string, string>): string | undefined {
  const i = from.phone ? customers.findIndex((_, n) => samplePhone(n) === from.phone) : customers.findIndex((c) => (from.email && c.emails.includes(from.email)) || (from.chatId && c.chatIds.includes(from.chatId)));
  return i >= 0 ? customers[i]!.name : undefined;
}

function start(channel: Channel, known: boolean): void {
  const from = contact(channel, known);
  const interactionId = nextId(channel);
  setLive([interactionId, ...live], [interactionId, labelOf(channel, from, nameOf(from))]);
  send({
    type: 'interaction.started',
    interactionId,
    channel,
    from,
    subject: channel === 'email' ? hostWords().invoice : undefined,
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
    .flatMap((w) => (w.interaction && !w.interaction.ended ? [{ ...w.interaction, name: w.customerDraft.name || w.customer?.name }] : []))
    .sort((a, b) => b.at.localeCompare(a.at))
    .filter((i) => !live.includes(i.interactionId));
  if (restored.length) {
    for (const i of restored) labels[i.interactionId] ??= labelOf(i.channel, i.from as Record<string, string>, i.name);
    setLive([...live, ...restored.map((i) => i.interactionId)]);
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
    subject: hostWords().subjects[Math.floor(Math.random() * hostWords().subjects.length)],
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
  void translateSample(sampleLocale(locale));
}

/** The agent's name as the desktop shows it: "alice" → "Alice", "agent-123" → "Agent 123". */
function displayName(id: string): string {
  const words = id.replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function initials(name: string): string {
  return name
    .split(' ')
    .map((w) => w.charAt(0))
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

const ICONS = {
  voice: html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1 1 .4 1.9.7 2.8a2 2 0 0 1-.5 2.1L8 9.9a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.8.7a2 2 0 0 1 1.7 2z"/></svg>`,
  chat: html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z"/></svg>`,
  email: html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><rect x="2" y="4" width="20" height="16" rx="2"/><path d="m22 6-10 7L2 6"/></svg>`,
  end: html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M18 6 6 18M6 6l12 12"/></svg>`,
};

function contactButtons(known: boolean) {
  return (['voice', 'chat', 'email'] as const).map(
    (channel) => html`<button class="contact" @click=${() => start(channel, known)}>${ICONS[channel]}${CHANNEL_NAMES[channel]}</button>`,
  );
}

/** The label of a task just accepted: its customer's name, or its contact point. */
function acceptedLabel(interactionId: string, channel: string): string {
  const task = gadget().agentSession?.state.tasks.find((t) => t.interactionId === interactionId);
  return labelOf(channel, (task?.from ?? {}) as Record<string, string>, task?.customer?.name);
}

function draw(): void {
  const name = displayName(agentId);
  render(
    html`
      <header class="appbar">
        <span class="brand"><span class="logo" aria-hidden="true">CC</span>Agent Desktop</span>
        <span class="app-mode">${mode === 'care' ? 'Customer Care' : 'Customer Context'}</span>
        <span class="spacer"></span>
        <span class="agent" title="Each tab is its own agent: open a second tab to play a second agent on the same data.">
          <span class="avatar" aria-hidden="true">${initials(name)}</span><span class="agent-name">${name}</span>
        </span>
      </header>
      <div class="desktop">
        <aside class="host" aria-label="Simulated host">
          <section class="card" aria-labelledby="host-incoming">
            <h2 id="host-incoming">Incoming</h2>
            <fieldset>
              <legend>Known customer</legend>
              ${contactButtons(true)}
            </fieldset>
            <fieldset>
              <legend>Unknown contact</legend>
              ${contactButtons(false)}
            </fieldset>
          </section>
          <section class="card" aria-labelledby="host-live">
            <h2 id="host-live">Live interactions <span class="count">${live.length}</span></h2>
            ${live.length
              ? html`<ul class="live" role="list">${live.slice(0, 5).map((id) => html`<li>${labels[id] ?? 'Interaction'}</li>`)}</ul>`
              : html`<p class="hint">None. Calls, chats and emails you send appear here.</p>`}
            <button class="end" ?disabled=${live.length === 0} data-interaction=${live[0] ?? ''} @click=${end}>
              ${ICONS.end}End interaction${live[0] ? html`<span class="end-what">${labels[live[0]] ?? ''}</span>` : nothing}
            </button>
          </section>
          <section class="card" aria-labelledby="host-desktop">
            <h2 id="host-desktop">Desktop</h2>
            <label class="field">Desktop
              <select @change=${(e: Event) => setMode((e.target as HTMLSelectElement).value as Mode)}>
                <option value="context" ?selected=${mode === 'context'}>Customer Context (calls come in)</option>
                <option value="care" ?selected=${mode === 'care'}>Customer Care (task queue)</option>
              </select>
            </label>
            ${mode === 'care'
              ? html`<fieldset class="router">
                  <legend>Router (queue)</legend>
                  <label class="check"><input type="checkbox" .checked=${routerOn} @change=${(e: Event) => setRouter((e.target as HTMLInputElement).checked)} /> Offer tasks while Ready</label>
                  <div class="buttons">
                    <button @click=${() => offer(false)}>Offer a task</button>
                    <button @click=${() => offer(true)}>Offer an automatic task</button>
                    <button @click=${() => offer(false, 'voice')}>Offer a call</button>
                    <button @click=${withdrawOldest}>Withdraw the oldest offer</button>
                    <button @click=${() => send({ type: 'agent.state', state: 'ready', reason: hostWords().setByDesktop })}>Host: Ready</button>
                    <button @click=${() => send({ type: 'agent.state', state: 'not-ready', reason: hostWords().onBreak })}>Host: Not Ready</button>
                  </div>
                  <p class="hint">${routerStatus()} Automatic offers must be accepted within ${Math.round(offerTimeoutMs / 1000)} s (<code>?timeout=</code> in ms changes it).</p>
                </fieldset>`
              : nothing}
            <label class="field">Locale
              <select @change=${setLocale}>
                ${LOCALES.map((l) => html`<option value=${l} ?selected=${l === locale}>${LOCALE_NAMES[l]}</option>`)}
              </select>
            </label>
            <fieldset class="look">
              <legend>Look</legend>
              <label class="check"><input type="checkbox" .checked=${theme === 'dark'} @change=${(e: Event) => setTheme((e.target as HTMLInputElement).checked)} /> Dark theme</label>
              <label class="check"><input type="checkbox" .checked=${direction === 'rtl'} @change=${(e: Event) => setDirection((e.target as HTMLInputElement).checked)} /> Right to left</label>
            </fieldset>
          </section>
          <section class="card" aria-labelledby="host-dev">
            <h2 id="host-dev">Developer</h2>
            <div class="buttons">
              <button @click=${() => send({ type: 'interaction.started', channel: 'fax' })}>Send a malformed event</button>
              <button @click=${() => seed(true)}>Reload sample data</button>
            </div>
            <p class="hint">${seeding || `Sample data: 200 customers, 5,000 activities up to ${new Date(SAMPLE_END).toLocaleDateString()}. Open this page in a second tab to play a second agent on the same data.`}</p>
            <h3>Events</h3>
            <ul class="log" role="list" aria-live="off">${log.slice(0, 30).map((line) => html`<li>${line}</li>`)}</ul>
          </section>
        </aside>
        <section class="gadget-frame" aria-label="Customer Context gadget">
          <h2 class="gadget-title">Customer Context</h2>
        <customer-context
          couchdb-url=${COUCHDB_URL}
          couchdb-database=${COUCHDB_DATABASE}
          dir=${direction}
          agent-id=${agentId}
          database=${DATABASE}
          mode=${mode}
          offer-timeout-ms=${offerTimeoutMs}
          @cc-accept=${(e: CustomEvent<{ interactionId: string; channel: string }>) => (setLive([e.detail.interactionId, ...live], [e.detail.interactionId, acceptedLabel(e.detail.interactionId, e.detail.channel)]), log.unshift(`← cc-accept ${CHANNEL_NAMES[e.detail.channel] ?? e.detail.channel}`), draw())}
          @cc-agent-state=${(e: CustomEvent<{ state: string; reason: string }>) => (log.unshift(`← cc-agent-state ${e.detail.state} (${e.detail.reason})`), draw())}
          @cc-saved=${(e: CustomEvent) => (log.unshift(`← cc-saved ${e.detail.record.type}`), draw())}
          @cc-closed=${(e: CustomEvent) => (log.unshift(`← cc-closed${e.detail.customerId ? '' : ' (no customer)'}`), draw())}
          @cc-error=${(e: CustomEvent) => (log.unshift(`← cc-error ${e.detail.code}: ${e.detail.message}`), draw())}
        ></customer-context>
        </section>
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
  .then(adoptRestoredCalls)
  .then(() => translateSample(sampleLocale(locale)));
