import { IndexedDbStore } from 'customer-context';
import { median, painted, run } from './common.js';
import { eventToScreen, gadgetOn, IDB_CUSTOMERS, IDB_DATABASE, pickCustomers, round, seedIndexedDb, summary, timeSearch, type SearchKind } from './scale.js';

// The embedded store at 100,000 customers / 500,000 activities (seeded once, see `seedIndexedDb`).
run(async () => {
  const store = new IndexedDbStore({ name: IDB_DATABASE });
  const seeded = await seedIndexedDb(store);
  const customers = await pickCustomers(store, IDB_CUSTOMERS, 64);

  // `?only=screen` (the thin-client part): event to screen only.
  const onlyScreen = new URLSearchParams(location.search).get('only') === 'screen';
  // Search: prefix by name, phone and email, first 20 results (the store call, as the search box makes it).
  const search: Record<string, number[]> = { name: [], phone: [], email: [] };
  for (let pass = 0; pass < (onlyScreen ? 0 : 2); pass++) {
    for (const c of customers.slice(0, 40)) {
      for (const kind of ['name', 'phone', 'email'] as SearchKind[]) {
        const ms = await timeSearch(store, kind, c);
        // The first pass warms the code and the index pages; the second is measured.
        if (pass === 1) search[kind]!.push(ms);
      }
    }
  }

  // Event to screen: receive(interaction.started) → the customer and the first journey page painted.
  const gadget = await gadgetOn({ database: IDB_DATABASE, 'agent-id': 'bench' });
  await painted();
  const toScreen: number[] = [];
  const toState: number[] = [];
  let n = 0;
  for (const c of customers) {
    const { stateMs, screenMs } = await eventToScreen(gadget, c);
    // The first four open the store's code paths and caches: not counted.
    if (++n > 4) {
      toState.push(stateMs);
      toScreen.push(screenMs);
    }
  }
  gadget.remove();
  store.close();
  return {
    seeded,
    eventToScreen: { ...summary(toScreen), storeMedianMs: round(median(toState)) },
    search: onlyScreen ? null : Object.fromEntries(Object.entries(search).map(([k, v]) => [k, summary(v)])),
  };
});
