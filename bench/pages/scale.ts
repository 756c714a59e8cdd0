/**
 * What the store part and the CouchDB-at-scale part share: the 100,000-customer
 * IndexedDB database, the customers a run picks, the queries asked of a store,
 * and event to screen through `<customer-context>`.
 */
// The bundle defines `<customer-context>`: loaded even by a page that imports only types from it.
import 'customer-context';
import type { AnyRecord, ContextStore, CustomerContext, IndexedDbStore } from 'customer-context';
import { sampleRecords, samplePhone } from '../../demo/sample-data.js';
import { median, painted, percentile } from './common.js';

export const IDB_CUSTOMERS = 100_000;
export const IDB_ACTIVITIES = 500_000;
export const IDB_DATABASE = 'bench-100k';
/** Records per `import` (one transaction each). */
const BATCH = 10_000;
/** Imports in flight: the next batch is validated and sent while IndexedDB writes the previous one. */
const IN_FLIGHT = 2;

declare global {
  interface Window {
    /** Exposed by the runner: prints progress. */
    benchProgress?(line: string): Promise<void>;
  }
}

/**
 * 100,000 customers, their requests (0–3 each) and 500,000 activities,
 * generated in the page (demo/sample-data.ts, seed 7: the same data on every
 * machine) and written through the store's own `import`. Done once: the
 * database lives in the benchmark's browser profile (bench/.profile) and is
 * reused while its last customer is there.
 */
export async function seedIndexedDb(store: IndexedDbStore): Promise<{ seededMs: number; records: number }> {
  if (await store.get('customer', `customer:b-${IDB_CUSTOMERS - 1}`)) return { seededMs: 0, records: 0 };
  const t0 = performance.now();
  const inFlight: Array<Promise<void>> = [];
  let batch: AnyRecord[] = [];
  let records = 0;
  const send = async () => {
    inFlight.push(store.import(batch));
    batch = [];
    if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
    if (records % 100_000 < BATCH) {
      await window.benchProgress?.(`seeding: ${records.toLocaleString('en')} records, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
  };
  for (const record of sampleRecords({ customers: IDB_CUSTOMERS, activities: IDB_ACTIVITIES, prefix: 'b', seed: 7 })) {
    batch.push(record);
    records++;
    if (batch.length === BATCH) await send();
  }
  if (batch.length) await send();
  await Promise.all(inFlight);
  return { seededMs: Math.round(performance.now() - t0), records };
}

export function rng(seed: number): () => number {
  let a = seed;
  return () => (a = (a * 1103515245 + 12345) % 2147483648) / 2147483648;
}

export const round = (n: number) => Math.round(n * 100) / 100;
export const summary = (v: number[]) => ({ p95Ms: round(percentile(v, 95)), medianMs: round(median(v)), runs: v.length });

export interface Picked {
  id: string;
  name: string;
  email: string;
  /** As stored: `+34 600 1xx xxx`. */
  phone: string;
  i: number;
}

/** `count` customers of a database made by `sampleRecords` (`prefix: 'b'`) with `total` customers, picked by a seeded PRNG. */
export async function pickCustomers(store: ContextStore, total: number, count: number, seed = 11): Promise<Picked[]> {
  const random = rng(seed);
  const out: Picked[] = [];
  for (let k = 0; k < count; k++) {
    const i = Math.floor(random() * total);
    const id = `customer:b-${i}`;
    const c = await store.get('customer', id);
    if (!c) throw new Error(`${id} is not in the database`);
    out.push({ id, name: c.name, email: c.emails[0]!, phone: samplePhone(i), i });
  }
  return out;
}

/** The number as a caller gives it without its country code (`600 1xx xxx` for `+34 600 1xx xxx`). */
export const national = (phone: string) => phone.replace(/^\+34 /, '');

export type SearchKind = 'name' | 'phone' | 'phoneTail' | 'email';
export type LookupKind = 'phone' | 'phoneTail' | 'email';
export const SEARCH_KINDS: readonly SearchKind[] = ['name', 'phone', 'phoneTail', 'email'];
export const LOOKUP_KINDS: readonly LookupKind[] = ['phone', 'phoneTail', 'email'];

/**
 * The search box's query for a customer: the first 4 letters of the last name,
 * the first 10 characters of the phone, the whole number without its country
 * code, the first 8 characters of the email.
 */
export function searchQuery(kind: SearchKind, c: Picked): string {
  if (kind === 'name') return c.name.split(' ')[1]!.slice(0, 4);
  if (kind === 'phone') return c.phone.slice(0, 10);
  if (kind === 'phoneTail') return national(c.phone);
  return c.email.slice(0, 8);
}

/** Times `store.search(query, 20)` (the call the search box makes); throws when nothing is found. */
export async function timeSearch(store: ContextStore, kind: SearchKind, c: Picked): Promise<number> {
  const q = searchQuery(kind, c);
  const t0 = performance.now();
  const hits = await store.search(q, 20);
  const ms = performance.now() - t0;
  if (!hits.length) throw new Error(`no hit for ${kind} ${q}`);
  return ms;
}

/**
 * Times `store.findByContact` (R1.2, what `interaction.started` asks): the
 * whole phone, the phone without its country code, the email; throws unless
 * the customer is found.
 */
export async function timeLookup(store: ContextStore, kind: LookupKind, c: Picked): Promise<number> {
  const point = kind === 'email' ? { email: c.email } : { phone: kind === 'phone' ? c.phone : national(c.phone) };
  const t0 = performance.now();
  const found = await store.findByContact(point);
  const ms = performance.now() - t0;
  if (!found.some((customer) => customer.id === c.id)) throw new Error(`lookup by ${kind} ${JSON.stringify(point)} did not find ${c.id}`);
  return ms;
}

/** A `<customer-context>` in the page, ready and painted. */
export async function gadgetOn(attributes: Record<string, string>): Promise<CustomerContext> {
  const gadget = document.createElement('customer-context') as CustomerContext;
  for (const [name, value] of Object.entries(attributes)) gadget.setAttribute(name, value);
  document.body.append(gadget);
  await gadget.ready;
  await gadget.updateComplete;
  await painted();
  return gadget;
}

let interactions = 0;

/**
 * Event to screen: `receive(interaction.started)` from a known caller's phone →
 * the session has the customer and the first journey page (`stateMs`), the
 * elements have rendered and the next frame is painted (`screenMs`). Then the
 * work area is closed (discarding), painted, ready for the next one.
 */
export async function eventToScreen(gadget: CustomerContext, c: Picked): Promise<{ stateMs: number; screenMs: number }> {
  const interactionId = `bench-${Date.now()}-${interactions++}`;
  const session = gadget.agentSession!;
  const opened = new Promise<void>((resolve) => {
    const check = () => {
      const ws = session.workspace(c.id);
      // The customer and the first page of their journey (the interaction's activity may come with them or after).
      if (ws?.customer && ws.journey.length) {
        off();
        resolve();
      }
    };
    const off = session.subscribe(check);
  });
  const t0 = performance.now();
  gadget.receive({ type: 'interaction.started', interactionId, channel: 'voice', from: { phone: c.phone }, at: new Date().toISOString() });
  await opened;
  const t1 = performance.now();
  await gadget.updateComplete;
  // The journey is in the work area, an element of its own in the gadget's shadow root.
  const journey = gadget.shadowRoot!.querySelector('cc-work-area')!.shadowRoot!.querySelector('journey-view') as HTMLElement & { updateComplete: Promise<unknown> };
  await journey.updateComplete;
  await painted();
  const t2 = performance.now();
  if (!journey.shadowRoot!.querySelector('[role=option]')) throw new Error('journey not rendered');
  await session.close(c.id, 'discard');
  await gadget.updateComplete;
  await painted();
  return { stateMs: t1 - t0, screenMs: t2 - t0 };
}
