// Two CouchDB-protocol nodes replicating both ways: a two-node stand-in for a
// cluster (or two sites), for test/store/couchdb-replicas.test.ts.
//
// Each node is `startCouchServer({ isolated: true })` (scripts/couch-server.mjs):
// storage of its own. A `Replicator` per direction follows CouchDB's replication
// protocol (https://docs.couchdb.org/en/stable/replication/protocol.html) over
// HTTP, continuously:
//   1. `GET {source}/{db}/_changes?feed=longpoll&style=all_docs&since=…`: every
//      leaf rev of each changed document (the longpoll is aborted by the client:
//      the stand-in ignores `timeout`);
//   2. `POST {target}/{db}/_revs_diff`: which of those revs the target lacks;
//   3. `GET {source}/{db}/{id}?revs=true&latest=true&open_revs=[…]`
//      (`Accept: application/json`): the missing revisions with their history;
//   4. `POST {target}/{db}/_bulk_docs` with `new_edits: false`: written as they
//      are, so two writes made apart become two leaves (`_conflicts`) on both
//      nodes, the same winner on each (CouchDB's deterministic choice).
// The checkpoint (`since`) is kept in memory: the nodes live as long as the run.
// A revision the target refuses (its `validate_doc_update`) is recorded, and
// `replicas-sync` fails naming it: nothing is dropped silently.
//
// Commands (`executeServerCommand` from @web/test-runner-commands):
//   'replicas-info'                        → { urls: [node1, node2] }
//   'replicas-setup' { database, design? } → the database on both nodes, the
//       design document (its body, built in the browser) written on node 1,
//       replication started both ways, and both nodes in sync on return
//   'replicas-pause' { database }          → both directions stop (a partition):
//       on return no replicated write is on its way; each node takes writes alone
//   'replicas-resume' { database }         → both directions go on from where they were
//   'replicas-sync' { database, timeoutMs? } → resolves once every document has
//       the same leaf revisions on both nodes ({ docs, leaves }); fails while paused,
//       after a replication error, or after `timeoutMs` (default 10 s) with the difference
//   'replicas-drop' { database }           → replication stopped, the database deleted on both
import { startCouchServer } from './couch-server.mjs';

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

/** The path of a document: `_design/x` keeps its slash (CouchDB's own form), any other id is one segment. */
function docPath(id) {
  return id.startsWith('_design/') ? `_design/${encodeURIComponent(id.slice(8))}` : encodeURIComponent(id);
}

/**
 * Rejects when `signal` aborts, whatever `work` does: Node's fetch does not
 * always end a body being read when its request is aborted (seen with an
 * express-pouchdb longpoll), and a pause must not wait for the next change.
 */
function abortable(work, signal) {
  if (!signal) return work;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('aborted'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function couch(url, method = 'GET', body, signal) {
  const text = await abortable(
    (async () => {
      const response = await fetch(url, { method, headers: JSON_HEADERS, body: body === undefined ? undefined : JSON.stringify(body), signal });
      return { response, text: await response.text() };
    })(),
    signal,
  ).then(({ response, text }) => {
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 300)}`);
    return text;
  });
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return parsed;
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One direction of continuous replication of one database, source → target. */
export class Replicator {
  /** `source`, `target`: database URLs (`http://host:port/db`). */
  constructor(source, target, { batch = 100, retryMs = 50, pollAbortMs = 30_000 } = {}) {
    this.source = source;
    this.target = target;
    this.batch = batch;
    this.retryMs = retryMs;
    this.pollAbortMs = pollAbortMs;
    this.since = '0';
    this.paused = false;
    this.stopped = false;
    /** Revisions the target refused, and failures of the protocol itself (last first). */
    this.errors = [];
    this.poll = undefined;
    this.wakePaused = undefined;
    this.loop = undefined;
  }

  start() {
    this.loop ??= this.run();
    return this;
  }

  /** Stops taking changes; resolves once no write of this replicator is on its way. */
  async pause() {
    this.paused = true;
    this.poll?.abort();
    await this.turn;
  }

  resume() {
    this.paused = false;
    this.wakePaused?.();
  }

  async stop() {
    this.stopped = true;
    this.poll?.abort();
    this.wakePaused?.();
    await this.loop;
  }

  async run() {
    while (!this.stopped) {
      if (this.paused) {
        await new Promise((resolve) => (this.wakePaused = resolve));
        this.wakePaused = undefined;
        continue;
      }
      this.turn = this.step();
      const outcome = await this.turn;
      if (outcome === 'error') await delay(this.retryMs);
    }
  }

  /** One longpoll and what it brought: 'changes' | 'aborted' | 'error'. */
  async step() {
    const controller = new AbortController();
    this.poll = controller;
    const timer = setTimeout(() => controller.abort(), this.pollAbortMs);
    let feed;
    try {
      const query = new URLSearchParams({ feed: 'longpoll', style: 'all_docs', since: this.since, limit: String(this.batch) });
      feed = await couch(`${this.source}/_changes?${query}`, 'GET', undefined, controller.signal);
    } catch (error) {
      if (controller.signal.aborted) return 'aborted';
      this.fail(error);
      return 'error';
    } finally {
      clearTimeout(timer);
      this.poll = undefined;
    }
    // A pause that came while the answer was on its way still lets this batch through:
    // `pause()` awaits it, so on its return nothing more is written.
    try {
      await this.replicate(feed.results);
      this.since = String(feed.last_seq);
      return 'changes';
    } catch (error) {
      this.fail(error);
      return 'error';
    }
  }

  async replicate(results) {
    if (!results.length) return;
    const revs = {};
    for (const row of results) revs[row.id] = row.changes.map((change) => change.rev);
    const diff = await couch(`${this.target}/_revs_diff`, 'POST', revs);
    const docs = [];
    for (const [id, { missing = [] }] of Object.entries(diff)) {
      if (!missing.length) continue;
      const query = new URLSearchParams({ revs: 'true', latest: 'true', open_revs: JSON.stringify(missing) });
      const found = await couch(`${this.source}/${docPath(id)}?${query}`);
      for (const entry of found) {
        if (entry.ok) docs.push(entry.ok);
        else this.fail(new Error(`${id} ${entry.missing}: missing on the source it was listed by`));
      }
    }
    if (!docs.length) return;
    const written = await couch(`${this.target}/_bulk_docs`, 'POST', { new_edits: false, docs });
    for (const row of Array.isArray(written) ? written : []) {
      if (row.error) this.fail(new Error(`${row.id} ${row.rev ?? ''}: ${row.error} ${row.reason ?? ''}`.trim()));
    }
  }

  fail(error) {
    this.errors.unshift(error instanceof Error ? error.message : String(error));
    this.errors.length = Math.min(this.errors.length, 20);
  }
}

/** Every document's leaf revisions on one node (`_changes?style=all_docs` from the start: one row per document). */
export async function leavesOf(dbUrl) {
  const feed = await couch(`${dbUrl}/_changes?style=all_docs&since=0`);
  const leaves = new Map();
  for (const row of feed.results) leaves.set(row.id, row.changes.map((change) => change.rev).sort().join(' '));
  return leaves;
}

function differences(a, b) {
  const out = [];
  for (const id of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(id) !== b.get(id)) out.push(`${id}: [${a.get(id) ?? ''}] vs [${b.get(id) ?? ''}]`);
  }
  return out;
}

/** Two nodes, and the replication of each database between them, both ways. */
export async function startReplicas() {
  const nodes = [await startCouchServer({ isolated: true }), await startCouchServer({ isolated: true })];
  const urls = nodes.map((node) => node.url);
  /** database → [node1 → node2, node2 → node1] */
  const replications = new Map();
  const dbUrls = (database) => urls.map((url) => `${url}/${encodeURIComponent(database)}`);
  const replicationOf = (database) => {
    const pair = replications.get(database);
    if (!pair) throw new Error(`no replication of ${database}: run replicas-setup first`);
    return pair;
  };

  async function sync(database, timeoutMs = 10_000) {
    const pair = replicationOf(database);
    if (pair.some((r) => r.paused)) throw new Error(`replication of ${database} is paused: resume it before waiting for sync`);
    const [one, two] = dbUrls(database);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const errors = pair.flatMap((r) => r.errors.map((e) => `${r.source} → ${r.target}: ${e}`));
      if (errors.length) throw new Error(`replication of ${database} failed: ${errors.join('; ')}`);
      const [a, b] = await Promise.all([leavesOf(one), leavesOf(two)]);
      const diff = differences(a, b);
      if (!diff.length) return { docs: a.size, leaves: [...a.values()].reduce((n, revs) => n + revs.split(' ').length, 0) };
      if (Date.now() > deadline) throw new Error(`nodes not in sync after ${timeoutMs} ms: ${diff.slice(0, 10).join('; ')}`);
      await delay(20);
    }
  }

  return {
    urls,
    async setup(database, design) {
      if (replications.has(database)) throw new Error(`${database} is replicated already`);
      const [one, two] = dbUrls(database);
      await couch(one, 'PUT');
      await couch(two, 'PUT');
      if (design) await couch(`${one}/${docPath(design._id)}`, 'PUT', design);
      replications.set(database, [new Replicator(one, two).start(), new Replicator(two, one).start()]);
      return sync(database);
    },
    async pause(database) {
      await Promise.all(replicationOf(database).map((r) => r.pause()));
    },
    resume(database) {
      for (const r of replicationOf(database)) r.resume();
    },
    sync,
    async drop(database) {
      const pair = replications.get(database);
      replications.delete(database);
      if (pair) await Promise.all(pair.map((r) => r.stop()));
      await Promise.all(dbUrls(database).map((url) => fetch(url, { method: 'DELETE' })));
    },
    async stop() {
      await Promise.all([...replications.values()].flat().map((r) => r.stop()));
      replications.clear();
      await Promise.all(nodes.map((node) => node.stop()));
    },
  };
}

/** The web-test-runner plugin: the nodes start on first use and stop with the runner (see the commands above). */
export function couchReplicasPlugin() {
  let replicas;
  return {
    name: 'couch-replicas',
    async executeCommand({ command, payload }) {
      if (!command.startsWith('replicas-')) return undefined;
      replicas ??= startReplicas();
      const nodes = await replicas;
      const database = payload?.database;
      if (command === 'replicas-info') return { urls: nodes.urls };
      if (typeof database !== 'string' || !database) throw new Error(`${command}: payload.database is required`);
      switch (command) {
        case 'replicas-setup':
          return nodes.setup(database, payload.design);
        case 'replicas-pause':
          await nodes.pause(database);
          return true;
        case 'replicas-resume':
          nodes.resume(database);
          return true;
        case 'replicas-sync':
          return nodes.sync(database, payload.timeoutMs);
        case 'replicas-drop':
          await nodes.drop(database);
          return true;
        default:
          throw new Error(`unknown command ${command}`);
      }
    },
    async serverStop() {
      if (replicas) await (await replicas).stop();
    },
  };
}
