// The CouchDB path against the in-process CouchDB-protocol test server on loopback
// (scripts/couch-server.mjs), reached through a TCP plug the runner can pull.
// CouchDbStore and Outbox come from the built bundle, like every other page. Report only: no target.
import { CouchDbStore, Outbox, type ActivityData } from 'customer-context';
import { median, percentile, run } from './common.js';

declare global {
  interface Window {
    /** Exposed by the runner: pulls (false) or puts back (true) the plug in front of the server. */
    benchPlug(connected: boolean): Promise<void>;
  }
}

const params = new URLSearchParams(location.search);
const url = params.get('couch')!;
const plugUrl = params.get('plug')!;
const by = 'bench';

function activity(i: number): ActivityData {
  return {
    customerId: 'customer:couch-bench',
    requestId: null,
    channel: 'note',
    interactionId: null,
    at: new Date(Date.UTC(2026, 10, 15) - i * 60_000).toISOString(),
    subject: `Couch bench ${i}`,
    notes: '',
    tags: [],
  };
}

function waitFor(outbox: Outbox, done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (done()) return resolve();
    const off = outbox.onStatus(() => {
      if (done()) {
        off();
        resolve();
      }
    });
  });
}

run(async () => {
  const database = `bench-${Date.now()}`;
  // The database is made by the operator, not by the store.
  const made = await fetch(`${url}/${database}`, { method: 'PUT' });
  if (!made.ok) throw new Error(`could not create the database: ${made.status}`);
  const store = new CouchDbStore({ url, database, changes: { live: false } });

  // Save round trip: an update (PUT with the base rev) awaited until CouchDB answers.
  let record = await store.create('activity', activity(0), { by });
  for (let i = 0; i < 5; i++) record = await store.update('activity', record.id, record.rev, { ...record, notes: `warm ${i}` }, { by });
  const saves: number[] = [];
  const creates: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    record = await store.update('activity', record.id, record.rev, { ...record, notes: `edit ${i}` }, { by });
    saves.push(performance.now() - t0);
    const t1 = performance.now();
    await store.create('activity', activity(i + 1), { by });
    creates.push(performance.now() - t1);
  }
  store.close();

  // Outbox drain: writes made while the plug is pulled wait in IndexedDB; then it is put back.
  const drains: Array<{ writes: number; ms: number; perSecond: number }> = [];
  const writes = 200;
  for (let round = 0; round < 3; round++) {
    const couch = new CouchDbStore({ url: plugUrl, database, changes: { live: false }, requestTimeoutMs: 2000 });
    const outbox = new Outbox(couch, { name: `bench-outbox-${database}-${round}`, backoff: { initialMs: 60_000, maxMs: 60_000 } });
    await outbox.ready;
    await window.benchPlug(false);
    for (let i = 0; i < writes; i++) await outbox.create('activity', activity(1000 * (round + 1) + i), { by });
    if (outbox.status.pending !== writes) throw new Error(`expected ${writes} waiting writes, found ${outbox.status.pending}`);
    await window.benchPlug(true);
    const t0 = performance.now();
    outbox.flush();
    await waitFor(outbox, () => outbox.status.pending === 0 && outbox.status.state === 'online');
    const ms = performance.now() - t0;
    drains.push({ writes, ms, perSecond: (writes / ms) * 1000 });
    outbox.close();
    await outbox.destroy();
  }

  const round2 = (n: number) => Math.round(n * 100) / 100;
  return {
    save: { medianMs: round2(median(saves)), p95Ms: round2(percentile(saves, 95)), runs: saves.length },
    create: { medianMs: round2(median(creates)), p95Ms: round2(percentile(creates, 95)), runs: creates.length },
    drain: {
      writes,
      perSecond: round2(median(drains.map((d) => d.perSecond))),
      medianMs: round2(median(drains.map((d) => d.ms))),
      runs: drains.length,
    },
  };
});
