import { designDoc, type DesignDoc } from './design.js';
import { DESIGN_ID, DESIGN_VERSION } from '../store/couchdb/views.js';
import { SetupError, seconds, type CouchClient } from './client.js';
import { describeSecurity, mergedSecurity, sameSecurity, type SecurityObject } from './security.js';

/**
 * The steps of `customer-context-couchdb setup`, each able to run for real or
 * as a check (`--check`: reads only). Every step compares what is there with
 * what should be and writes only the difference, so running the setup again
 * changes nothing.
 */

/** Where the setup builds a changed design document's indexes before it replaces the one agents read. */
export const STAGING_ID = `${DESIGN_ID}-next`;

/** One request for one index build may wait this long (Node's fetch gives up on headers after 300 s); then it asks again. */
const BUILD_ATTEMPT_MS = 240_000;

/** Whether two JSON values are equal (object keys in any order). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const left = Object.entries(a as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const right = b as Record<string, unknown>;
  const rightKeys = Object.keys(right).filter((key) => right[key] !== undefined);
  return left.length === rightKeys.length && left.every(([key, value]) => Object.hasOwn(right, key) && sameJson(value, right[key]));
}

/** The design document as stored, without what CouchDB adds (`_rev`), to compare with `designDoc()`. */
function content(stored: unknown): unknown {
  if (!stored || typeof stored !== 'object') return stored;
  const { _rev: _ignored, ...rest } = stored as Record<string, unknown>;
  return rest;
}

/** A design document of the gadget other than the current one: `old` (an earlier version), `newer`, or the `staging` copy. */
export function classifyDesign(id: string): 'current' | 'old' | 'newer' | 'staging' | 'other' {
  if (id === DESIGN_ID) return 'current';
  if (id === STAGING_ID) return 'staging';
  const match = /^_design\/cc-v(\d+)(?:-[^/]*)?$/.exec(id);
  if (!match) return 'other';
  const version = Number(match[1]);
  if (version < DESIGN_VERSION) return 'old';
  return version > DESIGN_VERSION ? 'newer' : 'other';
}

export type Mode = 'setup' | 'check';

export interface StepsOptions {
  client: CouchClient;
  database: string;
  mode: Mode;
  /** Progress and results, one line each. */
  say: (line: string) => void;
  now: () => number;
}

export interface Session {
  name: string | null;
  roles: string[];
}

export class Steps {
  private readonly client: CouchClient;
  private readonly database: string;
  private readonly mode: Mode;
  private readonly say: (line: string) => void;
  private readonly now: () => number;
  /** What `--check` found missing or outdated (also counted in setup mode, where it is then fixed). */
  readonly todo: string[] = [];

  constructor(options: StepsOptions) {
    this.client = options.client;
    this.database = options.database;
    this.mode = options.mode;
    this.say = options.say;
    this.now = options.now;
  }

  private get db(): string {
    return `/${encodeURIComponent(this.database)}`;
  }

  private get writing(): boolean {
    return this.mode === 'setup';
  }

  /** Who the credentials sign in as (`GET /_session`); undefined when the server does not say (a proxy without `/_session`). */
  async session(): Promise<Session | undefined> {
    const reply = await this.client.request('GET', '/_session', { accept: [404, 405] });
    const ctx = (reply.body as { userCtx?: { name?: unknown; roles?: unknown } } | undefined)?.userCtx;
    if (reply.status !== 200 || !ctx) {
      this.say(`sign-in: CouchDB did not say who this is (GET /_session answered ${reply.status}); going on`);
      return undefined;
    }
    const session: Session = { name: typeof ctx.name === 'string' ? ctx.name : null, roles: Array.isArray(ctx.roles) ? ctx.roles.map(String) : [] };
    const roles = session.roles.length ? session.roles.join(', ') : 'none';
    if (session.name === null) {
      this.say(`sign-in: anonymous (roles: ${roles})${this.client.signedIn ? '' : '; no credentials were given (COUCHDB_USER and COUCHDB_PASSWORD, or COUCHDB_AUTHORIZATION)'}`);
    } else {
      this.say(`sign-in: ${session.name} (roles: ${roles})`);
    }
    if (!session.roles.includes('_admin')) {
      this.say('  not a server admin: creating the database needs one; design documents and _security need an admin of the database');
    }
    return session;
  }

  /** The database: created when missing (`q`/`n` then apply). Returns whether it exists now. */
  async ensureDatabase(shards: { q?: number | undefined; n?: number | undefined }): Promise<boolean> {
    const name = `database ${this.database}`;
    const info = await this.client.request('GET', this.db, { accept: [404] });
    const given = [shards.q !== undefined ? `q=${shards.q}` : '', shards.n !== undefined ? `n=${shards.n}` : ''].filter(Boolean).join(', ');
    if (info.status === 200) {
      const cluster = (info.body as { cluster?: { q?: unknown; n?: unknown } } | undefined)?.cluster;
      const has = cluster ? `q=${String(cluster.q)}, n=${String(cluster.n)}` : '';
      this.say(`${name}: ${this.writing ? 'unchanged' : 'in place'} (exists${has ? `, ${has}` : ''})`);
      const differs = cluster && ((shards.q !== undefined && shards.q !== cluster.q) || (shards.n !== undefined && shards.n !== cluster.n));
      if (given && (differs || !cluster)) this.say(`  ${given} apply only when the database is created: an existing database keeps its shards`);
      return true;
    }
    this.todo.push(name);
    if (!this.writing) {
      this.say(`${name}: missing`);
      return false;
    }
    const created = await this.client.request('PUT', this.db, { query: { q: shards.q, n: shards.n }, accept: [412] });
    if (created.status === 412) {
      this.todo.pop();
      this.say(`${name}: unchanged (exists)`);
    } else {
      this.say(`${name}: created${given ? ` (${given})` : ''}`);
    }
    return true;
  }

  /** The design document: installed, upgraded (a changed one's indexes built first under `STAGING_ID`), or left as it is. */
  async ensureDesign(buildBudgetMs: number): Promise<void> {
    const wanted = designDoc();
    const stored = await this.client.request('GET', `${this.db}/${DESIGN_ID}`, { accept: [404] });
    if (stored.status === 200 && sameJson(content(stored.body), wanted)) {
      this.say(`${DESIGN_ID}: ${this.writing ? 'unchanged' : 'in place'}`);
      return;
    }
    const exists = stored.status === 200;
    this.todo.push(DESIGN_ID);
    if (!this.writing) {
      this.say(`${DESIGN_ID}: ${exists ? `outdated (${differences(stored.body, wanted)})` : 'missing'}`);
      return;
    }
    if (!exists) {
      await this.put(DESIGN_ID, wanted, undefined);
      this.say(`${DESIGN_ID}: installed`);
      return;
    }
    const old = stored.body as Partial<DesignDoc> & { _rev: string };
    const sameIndexes = sameJson(old.views, wanted.views) && sameJson(old.language ?? 'javascript', wanted.language);
    if (!sameIndexes) {
      // CouchDB names an index by its views' content, not by the design document: build it under
      // another id first, and the design document agents read switches to an index that is ready.
      const staging = await this.client.request('GET', `${this.db}/${STAGING_ID}`, { accept: [404] });
      const stagingRev = staging.status === 200 ? (staging.body as { _rev: string })._rev : undefined;
      await this.put(STAGING_ID, { _id: STAGING_ID, language: wanted.language, views: wanted.views }, stagingRev);
      this.say(`${DESIGN_ID}: its views changed: building their indexes under ${STAGING_ID} first`);
      await this.build(STAGING_ID, wanted.views, buildBudgetMs);
    }
    await this.put(DESIGN_ID, wanted, old._rev);
    this.say(`${DESIGN_ID}: upgraded (${differences(stored.body, wanted)})`);
  }

  /** Queries each view once (`limit=0`): CouchDB brings the index up to date before it answers. */
  async build(ddocId: string, views: DesignDoc['views'], budgetMs: number): Promise<void> {
    if (!this.writing) return;
    const started = this.now();
    const deadline = started + budgetMs;
    for (const [name, view] of Object.entries(views)) {
      for (;;) {
        const left = deadline - this.now();
        if (left <= 0) {
          throw new SetupError(
            'timeout',
            `the indexes of ${ddocId} are still building after ${seconds(this.now() - started)}. CouchDB goes on building them: ` +
              'run the setup again (it waits for them) before deploying the gadget, or give it longer with --timeout <seconds>',
          );
        }
        try {
          await this.client.request('GET', `${this.db}/${ddocId}/_view/${encodeURIComponent(name)}`, {
            query: { limit: 0, reduce: view.reduce ? false : undefined },
            timeoutMs: Math.min(left, BUILD_ATTEMPT_MS),
          });
          break;
        } catch (error) {
          if (!stillBuilding(error)) throw error;
          this.say(`  ${ddocId}: still building (${seconds(this.now() - started)} so far)`);
        }
      }
    }
    this.say(`indexes of ${ddocId}: built in ${seconds(this.now() - started)} (views ${Object.keys(views).join(', ')})`);
  }

  /** `_security`: the operators' role as admins, the agents' as members. */
  async ensureSecurity(wanted: SecurityObject): Promise<void> {
    const stored = await this.client.request('GET', `${this.db}/_security`);
    if (sameSecurity(stored.body, wanted)) {
      this.say(`_security: ${this.writing ? 'unchanged' : 'in place'} (${describeSecurity(wanted)})`);
      return;
    }
    this.todo.push('_security');
    const before = describeSecurity(stored.body);
    if (!this.writing) {
      this.say(`_security: ${onlyServerAdmins(stored.body) ? 'missing' : 'outdated'} (now ${before}; wanted ${describeSecurity(wanted)})`);
      return;
    }
    await this.client.request('PUT', `${this.db}/_security`, { body: mergedSecurity(stored.body, wanted) });
    this.say(`_security: set (${describeSecurity(wanted)}; was ${before})`);
  }

  /** Earlier versions' design documents: kept and listed, or deleted with `prune`; a staging copy left by an interrupted upgrade is deleted. */
  async olderDesigns(prune: boolean): Promise<void> {
    const listing = await this.client.request('GET', `${this.db}/_all_docs`, {
      query: { startkey: JSON.stringify('_design/'), endkey: JSON.stringify('_design0') },
    });
    const rows = ((listing.body as { rows?: Array<{ id: string; value?: { rev?: string } }> } | undefined)?.rows ?? []).map((row) => ({
      id: row.id,
      rev: String(row.value?.rev ?? ''),
    }));
    const old = rows.filter((row) => classifyDesign(row.id) === 'old');
    const staging = rows.filter((row) => classifyDesign(row.id) === 'staging');
    const newer = rows.filter((row) => classifyDesign(row.id) === 'newer');
    const remove = [...staging, ...(prune ? old : [])];
    if (!this.writing) {
      for (const row of staging) this.todo.push(row.id);
      if (staging.length) this.say(`${ids(staging)}: left by an interrupted upgrade (the setup deletes it)`);
      if (prune) this.todo.push(...old.map((row) => row.id));
    } else {
      for (const row of remove) await this.client.request('DELETE', `${this.db}/${row.id}`, { query: { rev: row.rev } });
      if (staging.length) this.say(`${ids(staging)}: deleted (the upgrade it was for is done)`);
    }
    if (!old.length) this.say('older design documents: none');
    else if (prune) this.say(`older design documents: ${this.writing ? 'deleted' : 'to delete'}: ${ids(old)}`);
    else this.say(`older design documents: kept: ${ids(old)} (gadgets of an earlier version may still read them; --prune deletes them once none is deployed)`);
    if (newer.length) this.say(`newer design documents (a later gadget version's): kept: ${ids(newer)}`);
  }

  private async put(id: string, doc: object, rev: string | undefined): Promise<void> {
    await this.client.request('PUT', `${this.db}/${id}`, { body: rev ? { ...doc, _rev: rev } : doc });
  }
}

const ids = (rows: ReadonlyArray<{ id: string }>) => rows.map((row) => row.id).join(', ');

/** A failure that means "the index is not built yet": our own timer, Node's headers time-out, CouchDB's `timeout` error. */
function stillBuilding(error: unknown): boolean {
  if (!(error instanceof SetupError)) return false;
  if (error.kind === 'timeout') return true;
  if (error.kind === 'server' && error.error === 'timeout') return true;
  return error.kind === 'unreachable' && /timeout/i.test(error.message);
}

/** A security object that names no one but server admins (never set, or CouchDB 3's default `admin_only`). */
function onlyServerAdmins(stored: unknown): boolean {
  const listed = (['admins', 'members'] as const).flatMap((key) => {
    const value = stored && typeof stored === 'object' ? (stored as Record<string, unknown>)[key] : undefined;
    if (!value || typeof value !== 'object') return [];
    const { names, roles } = value as { names?: unknown; roles?: unknown };
    return [...(Array.isArray(names) ? names : []), ...(Array.isArray(roles) ? roles : [])];
  });
  return listed.every((item) => item === '_admin');
}

/** Which parts of a stored design document differ from the wanted one: `views keys, validate_doc_update`. */
function differences(stored: unknown, wanted: DesignDoc): string {
  const have = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const changed: string[] = [];
  const haveViews = (have.views && typeof have.views === 'object' ? have.views : {}) as Record<string, unknown>;
  const viewNames = new Set([...Object.keys(haveViews), ...Object.keys(wanted.views)]);
  const views = [...viewNames].filter((name) => !sameJson(haveViews[name], wanted.views[name]));
  if (views.length) changed.push(`views ${views.join(', ')}`);
  for (const key of new Set([...Object.keys(have), ...Object.keys(wanted)])) {
    if (key === 'views' || key === '_rev' || key === '_id') continue;
    if (!sameJson(have[key], (wanted as unknown as Record<string, unknown>)[key])) changed.push(key);
  }
  return changed.length ? `changed: ${changed.join(', ')}` : 'changed';
}
