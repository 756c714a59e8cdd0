import type { Customer, Kind } from '../../model/index.js';
import type { SearchField, SearchHit } from '../context-store.js';
import { planQuery, searchPaths } from '../keys.js';
import { toRecord, type Doc } from './docs.js';
import type { CouchViews, ViewRow } from './views.js';

/**
 * `CouchDbStore.search`: the paths of the query (`searchPaths`) read at once
 * from the `keys` view, hits taken in path order, one per customer, never a
 * merged duplicate. `fetchDocs` reads the customers a request or an activity
 * stood for.
 */
export async function searchCustomers(
  views: CouchViews,
  fetchDocs: (ids: readonly string[]) => Promise<Doc[]>,
  query: string,
  limit: number,
): Promise<SearchHit[]> {
  const plan = planQuery(query);
  if (!plan.text) return [];
  const hits = new Map<string, SearchField>();
  const customers = new Map<string, Customer>();

  // The paths (`searchPaths`) are read at once (one round trip of latency), each a prefix
  // range of the `keys` view in key then id order (the order the embedded store walks its
  // index in), until it holds `limit` customers; then taken in their order, each adding
  // customers not found yet, up to `limit`.
  const paths = searchPaths(plan);
  const customerOf = (kind: Kind, row: ViewRow) => (kind === 'customer' ? row.id : String(row.value));
  const answers = await Promise.all(
    paths.map(({ kind, keys, key, exact }) =>
      views.prefix(keys, key, Math.min(limit * 2, 200), (rows) => new Set(rows.map((row) => customerOf(kind, row))).size >= limit, kind === 'customer', exact),
    ),
  );
  // Every customer the paths found, in the order hits are taken; a customer's own rows bring its document.
  const candidates = new Map<string, SearchField>();
  paths.forEach(({ field, kind }, i) => {
    for (const row of answers[i]!) {
      const customerId = customerOf(kind, row);
      if (!candidates.has(customerId)) candidates.set(customerId, field);
      if (row.doc && row.doc.type === 'customer') customers.set(row.id, toRecord<Customer>(row.doc));
    }
  });
  // A request or an activity may still name a merged duplicate (issue #19: its customer is read to
  // know, in one request per round): the next candidates fill its place.
  const order = [...candidates.keys()];
  let taken = 0;
  while (hits.size < limit && taken < order.length) {
    const next = order.slice(taken, taken + limit - hits.size);
    taken += next.length;
    const missing = next.filter((id) => !customers.has(id));
    for (const doc of await fetchDocs(missing)) {
      if (doc.type === 'customer') customers.set(doc._id, toRecord<Customer>(doc));
    }
    for (const id of next) {
      const customer = customers.get(id);
      if (customer && !customer.mergedInto) hits.set(id, candidates.get(id)!);
    }
  }
  const result: SearchHit[] = [];
  for (const [id, matched] of hits) result.push({ customer: customers.get(id)!, matched });
  return result;
}
