import { executeServerCommand } from '@web/test-runner-commands';
import { CouchDbStore, type CouchDbStoreOptions } from '../../src/store/couchdb-store.js';
import type { Outbox, OutboxStatus } from '../../src/store/outbox.js';
import { designDoc } from '../../src/setup/design.js';

/**
 * Where the tests find CouchDB. The runner's `couch-server` plugin
 * (scripts/couch-server.mjs) starts an in-memory CouchDB-protocol server on a
 * free loopback port on first use, or hands over COUCHDB_URL. `plugUrl` goes
 * through a plug the fault tests can pull (`setPlug`).
 */
export interface CouchInfo {
  url: string;
  plugUrl: string | null;
  headers: Record<string, string>;
  external: boolean;
}

let info: Promise<CouchInfo> | undefined;
export function couchInfo(): Promise<CouchInfo> {
  info ??= executeServerCommand<CouchInfo, undefined>('couch-info').then((value) => {
    if (!value) throw new Error('the couch-server plugin is not in web-test-runner.config.mjs');
    return value;
  });
  return info;
}

let counter = 0;
/**
 * A fresh database of its own for one test: `cc-test-<time>-<n>`, set up as
 * the setup command sets one up (the design document with its views and
 * `validate_doc_update`), unless `{ design: false }`.
 * Drop it with `dropDatabase` after the test.
 */
export async function freshDatabase(options: { design?: boolean } = {}): Promise<string> {
  const { url, headers } = await couchInfo();
  const name = `cc-test-${Date.now().toString(36)}-${counter++}`;
  const response = await fetch(`${url}/${name}`, { method: 'PUT', headers });
  if (!response.ok) throw new Error(`could not create test database ${name}: ${response.status}`);
  if (options.design !== false) {
    const ddoc = designDoc();
    const put = await fetch(`${url}/${name}/${ddoc._id}`, {
      method: 'PUT',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(ddoc),
    });
    if (!put.ok) throw new Error(`could not install ${ddoc._id} in ${name}: ${put.status}`);
  }
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  const { url, headers } = await couchInfo();
  await fetch(`${url}/${name}`, { method: 'DELETE', headers });
}

/** A store on the test server, directly (`via: 'direct'`) or through the plug. */
export async function couchStore(
  database: string,
  options: Partial<CouchDbStoreOptions> & { via?: 'direct' | 'plug' } = {},
): Promise<CouchDbStore> {
  const { url, plugUrl, headers } = await couchInfo();
  const { via = 'direct', ...rest } = options;
  if (via === 'plug' && !plugUrl) throw new Error('no plug in front of this CouchDB');
  const store = new CouchDbStore({
    url: via === 'plug' ? plugUrl! : url,
    database,
    headers,
    changes: { backoff: { initialMs: 10, maxMs: 100 } },
    ...rest,
  });
  await store.ready();
  return store;
}

/** Pulls the plug (`false`: connections cut, new ones refused) or puts it back. */
export async function setPlug(connected: boolean): Promise<void> {
  await executeServerCommand('couch-plug', { connected });
}

/** Leaves the plug in but drops every answer: requests reach the server, their answers never come back. */
export async function mutePlug(): Promise<void> {
  await executeServerCommand('couch-plug', { mute: true });
}

/** Raw JSON request on the test server (bypassing the store), for checks and for setting up cluster-like states. */
export async function couchJson(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const { url, headers } = await couchInfo();
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...headers, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Resolves with the outbox's status once `done` holds for it (checked now and on every change). */
export function statusUntil(outbox: Outbox, done: (status: OutboxStatus) => boolean): Promise<OutboxStatus> {
  return new Promise((resolve) => {
    if (done(outbox.status)) return resolve(outbox.status);
    const off = outbox.onStatus((status) => {
      if (done(status)) {
        off();
        resolve(status);
      }
    });
  });
}
