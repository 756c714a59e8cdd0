import { executeServerCommand } from '@web/test-runner-commands';
import { designDoc } from '../../src/setup/design.js';
import { CouchDbStore, type CouchDbStoreOptions } from '../../src/store/couchdb-store.js';

/**
 * Two CouchDB-protocol nodes replicating both ways (scripts/couch-replicas.mjs):
 * a two-node stand-in for a cluster. Always the runner's in-process nodes
 * (COUCHDB_URL names one server, not two).
 */
export interface Replicas {
  database: string;
  /** The two nodes' base URLs. */
  nodes: [string, string];
}

let counter = 0;

/**
 * A fresh database on both nodes, the design document installed (on node 1,
 * replicated to node 2), replication running both ways and the nodes in sync.
 * Drop it with `dropReplicas` after the test.
 */
export async function replicatedDatabase(): Promise<Replicas> {
  const info = await executeServerCommand<{ urls: [string, string] }, undefined>('replicas-info');
  if (!info) throw new Error('the couch-replicas plugin is not in web-test-runner.config.mjs');
  const database = `cc-rep-${Date.now().toString(36)}-${counter++}`;
  await executeServerCommand('replicas-setup', { database, design: designDoc() });
  return { database, nodes: info.urls };
}

/** Both directions stop (a partition): on return no replicated write is on its way; each node takes writes alone. */
export async function pauseReplication({ database }: Replicas): Promise<void> {
  await executeServerCommand('replicas-pause', { database });
}

/** Both directions go on from where they stopped. */
export async function resumeReplication({ database }: Replicas): Promise<void> {
  await executeServerCommand('replicas-resume', { database });
}

/** Resolves once every document has the same leaf revisions on both nodes (rejects after a replication error). */
export async function inSync({ database }: Replicas): Promise<{ docs: number; leaves: number }> {
  const result = await executeServerCommand<{ docs: number; leaves: number }, { database: string }>('replicas-sync', { database });
  if (!result) throw new Error('replicas-sync answered nothing');
  return result;
}

export async function dropReplicas({ database }: Replicas): Promise<void> {
  await executeServerCommand('replicas-drop', { database });
}

/** A store on node `node` (0 or 1), its change feed quick to retry. */
export async function nodeStore(replicas: Replicas, node: 0 | 1, options: Partial<CouchDbStoreOptions> = {}): Promise<CouchDbStore> {
  const store = new CouchDbStore({
    url: replicas.nodes[node],
    database: replicas.database,
    changes: { backoff: { initialMs: 10, maxMs: 100 } },
    ...options,
  });
  await store.ready();
  return store;
}

/** Raw JSON on one node's database (bypassing the store): `path` after `/{db}`. */
export async function nodeJson<T = Record<string, unknown>>(replicas: Replicas, node: 0 | 1, path = '', init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${replicas.nodes[node]}/${replicas.database}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: init.body === undefined ? null : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} node ${node + 1} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export interface CouchDoc {
  _id: string;
  _rev: string;
  _conflicts?: string[];
  _deleted?: boolean;
  [field: string]: unknown;
}

/** A document as a node has it, with `_conflicts`. */
export function docOn(replicas: Replicas, node: 0 | 1, id: string): Promise<CouchDoc> {
  return nodeJson<CouchDoc>(replicas, node, `/${encodeURIComponent(id)}?conflicts=true`);
}

/** Every leaf of a document on a node (`open_revs=all`): the live ones and the deleted ones. */
export async function leavesOn(replicas: Replicas, node: 0 | 1, id: string): Promise<{ live: CouchDoc[]; deleted: string[] }> {
  const rows = await nodeJson<Array<{ ok?: CouchDoc }>>(replicas, node, `/${encodeURIComponent(id)}?open_revs=all`);
  const docs = rows.flatMap((row) => (row.ok ? [row.ok] : []));
  return { live: docs.filter((doc) => !doc._deleted), deleted: docs.filter((doc) => doc._deleted).map((doc) => doc._rev) };
}

/** Every live document of a node (design document included), by id, and the node's `doc_count`. */
export async function everything(replicas: Replicas, node: 0 | 1): Promise<{ docs: Map<string, CouchDoc>; count: number }> {
  const all = await nodeJson<{ rows: Array<{ id: string; doc: CouchDoc }> }>(replicas, node, '/_all_docs?include_docs=true');
  const info = await nodeJson<{ doc_count: number }>(replicas, node);
  return { docs: new Map(all.rows.map((row) => [row.id, row.doc])), count: info.doc_count };
}
