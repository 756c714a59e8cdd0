// A CouchDB-protocol server for tests and local demos: express@4 + express-pouchdb
// (mode minimumForPouchDB plus routes/find and validation) over in-memory PouchDB
// with pouchdb-mapreduce. Writes no files. It runs CouchDB's server-side rules:
// design-document views and `validate_doc_update` (refusals are 403 `forbidden`).
//
// It is a stand-in, not CouchDB: longpoll `timeout` is ignored, `seq` values are
// integers (opaque strings on CouchDB 3), `$regex` is JS, view keys collate by
// code point (CouchDB: ICU), `_security`/`_session` are absent (they crash on
// PouchDB 9). `POST _changes?filter=_selector` is not in express-pouchdb: the
// middleware below hands the body's `selector` to PouchDB's own `changes()`,
// which matches it the way CouchDB does (pouchdb-selector-core). Code to the
// portable subset and point the same tests at a real CouchDB with COUCHDB_URL.
//
// CORS is added the way an operator configures CouchDB's `[cors]` section:
//   [chttpd] enable_cors = true
//   [cors]  origins = *   credentials = true
//           methods = GET, PUT, POST, HEAD, DELETE
//           headers = accept, authorization, content-type, origin, referer
// (with credentials, the request's Origin is echoed, never `*`).
//
//   startCouchServer({ port?, isolated? }) → { url, stop() }
//     `isolated: true` gives the server storage of its own (see `loadPouchModules`):
//     two servers in one process then hold different data, as two nodes do.
//   startPlug({ target, port? }) → { url, connect(), disconnect(), stop() }
//     a TCP pass-through in front of any server; `disconnect()` closes the
//     listener and cuts every open connection (the "pulled plug"), `connect()`
//     listens again on the same port.
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer } from 'node:net';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const CORS_HEADERS = ['accept', 'authorization', 'content-type', 'origin', 'referer', 'if-match'];
export const CORS_METHODS = ['GET', 'PUT', 'POST', 'HEAD', 'DELETE'];

/**
 * CouchDB's `[cors]` behaviour as middleware. `origins` is `'*'` or a list of
 * allowed origins; with `credentials` the matching origin is echoed.
 */
export function couchCors({ origins = '*', credentials = true, headers = CORS_HEADERS, methods = CORS_METHODS } = {}) {
  const allowed = (origin) => origins === '*' || origins.includes(origin);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && allowed(origin)) {
      res.setHeader('Access-Control-Allow-Origin', credentials || origins !== '*' ? origin : '*');
      if (credentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Expose-Headers', 'cache-control, content-type, etag, server, x-couch-request-id, x-couch-update-newrev');
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
        res.setHeader('Access-Control-Allow-Methods', methods.join(', '));
        res.setHeader('Access-Control-Allow-Headers', headers.join(', '));
        res.setHeader('Access-Control-Max-Age', '600');
        res.statusCode = 204;
        res.end();
        return;
      }
    }
    next();
  };
}

function listen(server, port, host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

function close(server) {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

/**
 * `POST /{db}/_changes?filter=_selector` with `{"selector": …}`: CouchDB's
 * Mango-filtered change feed. express-pouchdb's route passes only `doc_ids`
 * from the body; this puts the selector where PouchDB's `changes()` reads it.
 */
function selectorChanges(req, _res, next) {
  if (req.query.filter === '_selector' && req.body && typeof req.body.selector === 'object') {
    req.query.selector = req.body.selector;
  }
  next();
}

/**
 * `_bulk_docs` with `new_edits: false` (replication, a conflict written as a
 * cluster would): pouchdb-validation overwrites each document's `_revisions`
 * with the stored document's before writing, so a replicated revision would be
 * lost. CouchDB validates such writes and keeps their history: so does this.
 */
function keepRevisions(req, _res, next) {
  const body = req.body;
  if (body && body.new_edits === false && Array.isArray(body.docs)) {
    for (const doc of body.docs) {
      if (!doc || typeof doc !== 'object' || !doc._revisions) continue;
      const revisions = doc._revisions;
      Object.defineProperty(doc, '_revisions', { get: () => revisions, set: () => {}, enumerable: true, configurable: true });
    }
  }
  next();
}

/**
 * A database deleted while a `_changes?feed=longpoll` on it is still reading
 * (a replicator or a change feed polling as the test drops the database):
 * PouchDB ends the read as `{ status: 'cancelled' }`, without `results`, and
 * express-pouchdb's longpoll route reads `results.length` from it: a TypeError
 * in a promise nobody catches, which ends the whole process (the test runner).
 * CouchDB answers such a feed with what it has; so does this: an empty page.
 */
function cancelledChangesAreEmpty(PouchDB) {
  const changes = PouchDB.prototype.changes;
  if (changes.cancelledAreEmpty) return;
  PouchDB.prototype.changes = function (...args) {
    const feed = changes.apply(this, args);
    const then = feed.then;
    feed.then = (onDone, onError) =>
      then((result) => {
        const page = result && typeof result === 'object' && !Array.isArray(result.results) ? { ...result, results: [], last_seq: result.last_seq ?? 0 } : result;
        return onDone ? onDone(page) : page;
      }, onError);
    return feed;
  };
  PouchDB.prototype.changes.cancelledAreEmpty = true;
}

/** Modules whose state is per process: PouchDB's class (its `created`/`destroyed` events feed the `_all_dbs` registry), memdown's global store, the adapters' open databases. */
const POUCH_STATE = /[\\/]node_modules[\\/](pouchdb-[^\\/]+|express-pouchdb|memdown|sublevel-pouchdb)[\\/]/;

/**
 * PouchDB and express-pouchdb, loaded once per process (`isolated: false`) or
 * as fresh copies of their own. Two servers on the cached copies share
 * everything in memory: memdown keeps every database in one global store keyed
 * by name, and the `_all_dbs` registry listens to the one PouchDB class's
 * events (a PouchDB `prefix` separates the data but not that registry, so a
 * database created or deleted on one server would be "created" or "deleted" on
 * the other). A fresh copy is a node of its own; the cache is put back as it was.
 */
function loadPouchModules(isolated) {
  const load = () => ({
    expressPouchDB: require('express-pouchdb'),
    PouchDB: require('pouchdb-core')
      .plugin(require('pouchdb-adapter-memory'))
      .plugin(require('pouchdb-find'))
      .plugin(require('pouchdb-mapreduce'))
      .defaults({ adapter: 'memory' }),
  });
  if (!isolated) return load();
  const cached = Object.keys(require.cache).filter((key) => POUCH_STATE.test(key));
  const saved = new Map(cached.map((key) => [key, require.cache[key]]));
  for (const key of cached) delete require.cache[key];
  try {
    return load();
  } finally {
    for (const key of Object.keys(require.cache)) if (POUCH_STATE.test(key)) delete require.cache[key];
    for (const [key, module] of saved) require.cache[key] = module;
  }
}

/**
 * Starts the in-memory CouchDB-protocol server on a free loopback port (or
 * `port`). `isolated`: storage of its own, shared with no other server in this
 * process (see `loadPouchModules`); by default servers share the process's.
 */
export async function startCouchServer({ port = 0, cors = {}, isolated = false } = {}) {
  const express = require('express');
  const { expressPouchDB, PouchDB } = loadPouchModules(isolated);
  cancelledChangesAreEmpty(PouchDB);

  const app = express();
  app.disable('x-powered-by');
  app.use(couchCors(cors));
  app.post('/:db/_changes', express.json({ limit: '1mb' }), selectorChanges);
  app.post('/:db/_bulk_docs', express.json({ limit: '64mb' }), keepRevisions);
  app.use(
    '/',
    expressPouchDB(PouchDB, {
      mode: 'minimumForPouchDB',
      overrideMode: { include: ['routes/find', 'validation'] },
      inMemoryConfig: true,
      logPath: undefined,
    }),
  );
  const server = createHttpServer(app);
  const url = `http://127.0.0.1:${await listen(server, port)}`;
  return {
    url,
    async stop() {
      await close(server);
    },
  };
}

/** A TCP pass-through to `target` (http://host:port) whose plug can be pulled and put back. */
export async function startPlug({ target, port = 0 }) {
  const upstream = new URL(target);
  const upstreamPort = Number(upstream.port || (upstream.protocol === 'https:' ? 443 : 80));
  const sockets = new Set();
  const server = createServer((client) => {
    const remote = connect(upstreamPort, upstream.hostname);
    sockets.add(client);
    sockets.add(remote);
    const drop = () => {
      client.destroy();
      remote.destroy();
      sockets.delete(client);
      sockets.delete(remote);
    };
    client.on('error', drop).on('close', drop);
    remote.on('error', drop).on('close', drop);
    client.pipe(remote);
    remote.on('data', (chunk) => {
      if (!muted) client.write(chunk);
    });
  });
  const boundPort = await listen(server, port);
  let connected = true;
  let muted = false;
  const cut = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  return {
    url: `http://127.0.0.1:${boundPort}`,
    get connected() {
      return connected;
    },
    async disconnect() {
      if (!connected) return;
      connected = false;
      const closed = new Promise((resolve) => server.close(() => resolve()));
      cut();
      await closed;
    },
    /** Requests still reach the server, answers are dropped: a write applied whose answer never comes back. */
    mute() {
      muted = true;
    },
    async connect() {
      if (muted) {
        muted = false;
        cut();
      }
      if (connected) return;
      await listen(server, boundPort);
      connected = true;
    },
    async stop() {
      connected = false;
      cut();
      if (server.listening) await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A web-test-runner plugin: starts the test server (or uses COUCHDB_URL) and a
 * plug in front of it on first use, stops both when the runner stops. Browser
 * tests reach it with `executeServerCommand` from `@web/test-runner-commands`:
 *   'couch-info'            → { url, plugUrl, headers, external }
 *   'couch-plug' {connected: boolean} → pulls or puts back the plug
 *   'couch-plug' {mute: true} → the plug keeps forwarding requests but drops every answer
 * COUCHDB_URL may carry `user:password@` for the tests: it is turned into an
 * Authorization header handed to the tests (the gadget itself refuses such URLs).
 */
export function couchServerPlugin({ env = process.env } = {}) {
  let state;
  const setup = async () => {
    let server;
    let target;
    const headers = {};
    if (env.COUCHDB_URL) {
      const url = new URL(env.COUCHDB_URL);
      if (url.username || url.password) {
        const user = decodeURIComponent(url.username);
        const password = decodeURIComponent(url.password);
        headers.Authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
        url.username = '';
        url.password = '';
      }
      target = url.href.replace(/\/+$/, '');
    } else {
      server = await startCouchServer();
      target = server.url;
    }
    // A TCP plug cannot sit in front of TLS (the certificate names the real host): no fault tests then.
    const plug = target.startsWith('http:') ? await startPlug({ target }) : undefined;
    return { server, plug, info: { url: target, plugUrl: plug?.url ?? null, headers, external: !!env.COUCHDB_URL } };
  };
  return {
    name: 'couch-server',
    async executeCommand({ command, payload }) {
      if (command !== 'couch-info' && command !== 'couch-plug') return undefined;
      state ??= setup();
      const { plug, info } = await state;
      if (command === 'couch-info') return info;
      if (!plug) throw new Error('no plug in front of this CouchDB (https COUCHDB_URL)');
      if (payload?.mute) plug.mute();
      else if (payload?.connected) await plug.connect();
      else await plug.disconnect();
      return true;
    },
    async serverStop() {
      if (!state) return;
      const { server, plug } = await state;
      await plug?.stop();
      await server?.stop();
    },
  };
}

// `node scripts/couch-server.mjs [port]`: run it by hand (demo, manual checks).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startCouchServer({ port: Number(process.argv[2] ?? 5984) });
  process.stdout.write(`CouchDB-protocol test server on ${url}\n`);
}
