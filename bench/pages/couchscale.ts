// CouchDB at scale (issue #15 item 8): lookups, search and event to screen through
// `CouchDbStore` (views of `_design/cc-v2`) on the CouchDB-protocol stand-in, on a
// 100,000-customer and a 10,000-customer database the runner seeded, side by side
// with the same calls on the embedded IndexedDB store's 100,000-customer database,
// interleaved so that every figure of a row meets the same load. Report only.
import { CouchDbStore, IndexedDbStore, type ContextStore } from 'customer-context';
import { median, run } from './common.js';
import {
  eventToScreen,
  gadgetOn,
  IDB_CUSTOMERS,
  IDB_DATABASE,
  LOOKUP_KINDS,
  pickCustomers,
  round,
  SEARCH_KINDS,
  seedIndexedDb,
  summary,
  timeLookup,
  timeSearch,
  type Picked,
} from './scale.js';

const params = new URLSearchParams(location.search);
const url = params.get('couch')!;
/** `name:customers,name:customers`: the large database first. */
const databases = params
  .get('dbs')!
  .split(',')
  .map((entry) => {
    const [name, customers] = entry.split(':');
    return { name: name!, customers: Number(customers) };
  });
/** Customers asked for by each kind of query (the p95 of 100 is the 5th slowest). */
const QUERY_CUSTOMERS = 100;
const EVENT_CUSTOMERS = 100;
/** Over the same customers: one pass to warm up, one measured (100 of each kind per store). */
const PASSES = 2;
/** Event to screen: the first ones open the code paths and caches, not counted. */
const WARM = 4;

interface Target {
  label: string;
  store: ContextStore;
  customers: Picked[];
}

run(async () => {
  const idb = new IndexedDbStore({ name: IDB_DATABASE });
  const seeded = await seedIndexedDb(idb);
  const targets: Target[] = [];
  for (const db of databases) {
    const store = new CouchDbStore({ url, database: db.name, changes: { live: false } });
    targets.push({ label: `couch${db.customers}`, store, customers: await pickCustomers(store, db.customers, EVENT_CUSTOMERS) });
  }
  targets.push({ label: 'idb', store: idb, customers: await pickCustomers(idb, IDB_CUSTOMERS, EVENT_CUSTOMERS) });

  // Lookups and search: for each customer and kind, each store in turn; the first pass warms up, the next is measured.
  const search: Record<string, Record<string, number[]>> = {};
  const lookup: Record<string, Record<string, number[]>> = {};
  for (const t of targets) {
    search[t.label] = Object.fromEntries(SEARCH_KINDS.map((k) => [k, []]));
    lookup[t.label] = Object.fromEntries(LOOKUP_KINDS.map((k) => [k, []]));
  }
  for (let pass = 0; pass < PASSES; pass++) {
    for (let k = 0; k < QUERY_CUSTOMERS; k++) {
      for (const kind of SEARCH_KINDS) {
        for (const t of targets) {
          const ms = await timeSearch(t.store, kind, t.customers[k]!);
          if (pass > 0) search[t.label]![kind]!.push(ms);
        }
      }
      for (const kind of LOOKUP_KINDS) {
        for (const t of targets) {
          const ms = await timeLookup(t.store, kind, t.customers[k]!);
          if (pass > 0) lookup[t.label]![kind]!.push(ms);
        }
      }
    }
    await window.benchProgress?.(`couchscale: queries, pass ${pass + 1} of ${PASSES} done`);
  }
  for (const t of targets) if (t.store !== idb) t.store.close();

  // Event to screen on the large CouchDB database, then on IndexedDB, each gadget alone in the page.
  const eventFigures: Record<string, { toScreen: number[]; toState: number[] }> = {};
  const couchLarge = targets[0]!;
  const gadgets: Array<[string, Record<string, string>, Picked[]]> = [
    [couchLarge.label, { 'couchdb-url': url, 'couchdb-database': databases[0]!.name, 'agent-id': 'bench-couch' }, couchLarge.customers],
    ['idb', { database: IDB_DATABASE, 'agent-id': 'bench' }, targets.at(-1)!.customers],
  ];
  for (const [label, attributes, customers] of gadgets) {
    const gadget = await gadgetOn(attributes);
    const figures = { toScreen: [] as number[], toState: [] as number[] };
    let n = 0;
    for (const c of customers) {
      const { stateMs, screenMs } = await eventToScreen(gadget, c);
      if (++n > WARM) {
        figures.toState.push(stateMs);
        figures.toScreen.push(screenMs);
      }
    }
    eventFigures[label] = figures;
    gadget.remove();
    await window.benchProgress?.(`couchscale: event to screen on ${label} done`);
  }
  idb.close();

  const table = (figures: Record<string, Record<string, number[]>>) =>
    Object.fromEntries(Object.entries(figures).map(([label, kinds]) => [label, Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, summary(v)]))]));
  return {
    databases,
    idbSeeded: seeded,
    queryCustomers: QUERY_CUSTOMERS,
    search: table(search),
    lookup: table(lookup),
    eventToScreen: Object.fromEntries(
      Object.entries(eventFigures).map(([label, f]) => [label, { ...summary(f.toScreen), storeMedianMs: round(median(f.toState)) }]),
    ),
  };
});
