import { html, render } from 'lit';
import '../src/index.js';
import type { CustomerContext } from '../src/index.js';
import { IndexedDbStore } from '../src/store/indexeddb-store.js';
import { SAMPLE_END, sampleCustomers, sampleRecords, samplePhone } from './sample-data.js';

/**
 * The demo desktop: plays a host around <customer-context>. It seeds the
 * embedded store with deterministic sample data once, then sends calls, chats
 * and emails from known or unknown contacts. Every tab is its own agent on the
 * same store, so two tabs show R4's caution and Load.
 */
const DATABASE = 'customer-context-demo';
const params = new URLSearchParams(location.search);
const agentId = params.get('agent') ?? (sessionStorage.getItem('cc-demo-agent') || `agent-${Math.floor(Math.random() * 900 + 100)}`);
sessionStorage.setItem('cc-demo-agent', agentId);

const customers = sampleCustomers();
const log: string[] = [];
let live: string[] = [];
let counter = Number(sessionStorage.getItem('cc-demo-counter') ?? '0');
let seeding = '';

async function seed(force = false): Promise<void> {
  const store = new IndexedDbStore({ name: DATABASE });
  try {
    if (!force && (await store.get('customer', 'customer:demo-0'))) return;
    seeding = 'Loading sample data…';
    draw();
    const batch: Parameters<IndexedDbStore['import']>[0][number][] = [];
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

function nextId(channel: string): string {
  counter += 1;
  sessionStorage.setItem('cc-demo-counter', String(counter));
  return `${agentId}-${channel}-${counter}`;
}

function send(event: Record<string, unknown>): void {
  const result = gadget().receive(event);
  log.unshift(`→ ${String(event.type)} ${result.ok ? 'ok' : `refused: ${result.error.code}`}`);
  draw();
}

function start(channel: 'voice' | 'chat' | 'email', known: boolean): void {
  const i = Math.floor(Math.random() * customers.length);
  const c = customers[i]!;
  const from = known
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
  const interactionId = nextId(channel);
  live = [interactionId, ...live];
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
  const interactionId = live.shift();
  if (interactionId) send({ type: 'interaction.ended', interactionId, at: new Date().toISOString() });
}

function setLocale(event: Event): void {
  const locale = (event.target as HTMLSelectElement).value;
  send({ type: 'host.context', agentId, agentName: agentId, locale, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
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
              ${['en', 'es', 'fr', 'de', 'pt-BR'].map((l) => html`<option value=${l}>${l}</option>`)}
            </select>
          </label>
          <button @click=${() => seed(true)}>Reload sample data</button>
          <p class="hint">${seeding || `Sample data: 200 customers, 5,000 activities up to ${new Date(SAMPLE_END).toLocaleDateString()}.`}</p>
          <h3>Events</h3>
          <ol class="log" aria-live="off">${log.slice(0, 30).map((line) => html`<li>${line}</li>`)}</ol>
        </aside>
        <customer-context
          agent-id=${agentId}
          database=${DATABASE}
          @cc-saved=${(e: CustomEvent) => (log.unshift(`← cc-saved ${e.detail.record.type} ${e.detail.record.id}`), draw())}
          @cc-closed=${(e: CustomEvent) => (log.unshift(`← cc-closed ${e.detail.customerId ?? '(no customer)'}`), draw())}
          @cc-error=${(e: CustomEvent) => (log.unshift(`← cc-error ${e.detail.code}: ${e.detail.message}`), draw())}
        ></customer-context>
      </div>
    `,
    document.querySelector('#desktop')!,
  );
}

draw();
void seed().then(() => send({ type: 'host.context', agentId, agentName: agentId, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }));
