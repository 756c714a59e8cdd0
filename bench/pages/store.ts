import { IndexedDbStore, type CustomerContext } from 'customer-context';
import { sampleRecords, samplePhone, sampleEmail } from '../../demo/sample-data.js';
import { median, painted, percentile, run } from './common.js';

const CUSTOMERS = 100_000;
const ACTIVITIES = 500_000;
const DATABASE = 'bench-100k';

async function seed(store: IndexedDbStore): Promise<{ seededMs: number; records: number }> {
  if (await store.get('customer', `customer:b-${CUSTOMERS - 1}`)) return { seededMs: 0, records: 0 };
  const t0 = performance.now();
  let batch: Parameters<IndexedDbStore['import']>[0][number][] = [];
  let records = 0;
  for (const record of sampleRecords({ customers: CUSTOMERS, activities: ACTIVITIES, prefix: 'b', seed: 7 })) {
    batch.push(record);
    records++;
    if (batch.length === 5000) {
      await store.import(batch);
      batch = [];
    }
  }
  await store.import(batch);
  return { seededMs: performance.now() - t0, records };
}

function rng(seed: number): () => number {
  let a = seed;
  return () => ((a = (a * 1103515245 + 12345) % 2147483648) / 2147483648);
}

run(async () => {
  const store = new IndexedDbStore({ name: DATABASE });
  const seeded = await seed(store);
  const customers: Array<{ name: string; email: string; phone: string; i: number }> = [];
  const random = rng(11);
  for (let k = 0; k < 40; k++) {
    const i = Math.floor(random() * CUSTOMERS);
    const c = (await store.get('customer', `customer:b-${i}`))!;
    customers.push({ name: c.name, email: c.emails[0]!, phone: samplePhone(i), i });
  }

  // Search: prefix by name, phone and email, first 20 results.
  const search: Record<string, number[]> = { name: [], phone: [], email: [] };
  for (const c of customers) {
    const queries: Array<[string, string]> = [
      ['name', c.name.split(' ')[1]!.slice(0, 4)],
      ['phone', c.phone.slice(0, 10)],
      ['email', c.email.slice(0, 8)],
    ];
    for (const [kind, q] of queries) {
      const t0 = performance.now();
      const hits = await store.search(q, 20);
      search[kind]!.push(performance.now() - t0);
      if (!hits.length) throw new Error(`no hit for ${kind} ${q}`);
    }
  }

  // Event to screen: receive(interaction.started) → customer and the first journey page painted.
  const gadget = document.createElement('customer-context') as CustomerContext;
  gadget.setAttribute('database', DATABASE);
  gadget.setAttribute('agent-id', 'bench');
  document.body.append(gadget);
  await gadget.ready;
  await gadget.updateComplete;
  const toScreen: number[] = [];
  let n = 0;
  for (const c of customers.slice(0, 30)) {
    const interactionId = `bench-${Date.now()}-${n++}`;
    const t0 = performance.now();
    gadget.receive({ type: 'interaction.started', interactionId, channel: 'voice', from: { phone: c.phone }, at: new Date().toISOString() });
    const session = gadget.agentSession!;
    const key = `customer:b-${c.i}`;
    await new Promise<void>((resolve) => {
      const check = () => {
        const ws = session.workspace(key);
        if (ws?.activity && ws.journey.length) {
          off();
          resolve();
        }
      };
      const off = session.subscribe(check);
      check();
    });
    await gadget.updateComplete;
    const journey = gadget.shadowRoot!.querySelector('journey-view') as HTMLElement & { updateComplete: Promise<unknown> };
    await journey.updateComplete;
    await painted();
    toScreen.push(performance.now() - t0);
    if (!journey.shadowRoot!.querySelector('[role=option]')) throw new Error('journey not rendered');
    await session.close(key, 'discard');
  }
  gadget.remove();
  store.close();
  return {
    seeded,
    eventToScreen: { p95Ms: percentile(toScreen, 95), medianMs: median(toScreen), runs: toScreen.length },
    search: Object.fromEntries(Object.entries(search).map(([k, v]) => [k, { p95Ms: percentile(v, 95), medianMs: median(v), runs: v.length }])),
  };
});

export { sampleEmail };
