import { expect, waitUntil } from '@open-wc/testing';
import { designDoc } from '../../src/setup/design.js';
import { createStore, type CreatedStore } from '../../src/store/create-store.js';
import { presenceDocId } from '../../src/store/presence/couchdb.js';
import type { Presence, PresenceState } from '../../src/store/presence/presence.js';
import { couchInfo, dropDatabase, freshDatabase } from '../helpers/couch.js';
import { FakeClock } from '../helpers/fake-clock.js';

/**
 * Issue #18 item 2 on CouchDB: two agents, each its own store (its outbox, its
 * change feed) on the test server, and the presence part `createStore` makes
 * for it. Presence documents are written directly (never queued) and heard
 * through the agent's own change feed (the selector's presence branch) or,
 * for a customer just opened, one `_find`.
 */
describe('CouchPresence: presence documents with a heartbeat and an expiry (issue #18 item 2)', function () {
  this.timeout(30000);
  let db: string;
  const stores: CreatedStore[] = [];
  const presences: Presence[] = [];

  /** One agent's backend parts: the store subscribed (its feed runs), following `watch`, and its presence. */
  async function agent(watch: readonly string[], clock?: FakeClock): Promise<{ created: CreatedStore; presence: Presence }> {
    const { url, headers } = await couchInfo();
    const created = createStore({
      couchdb: { url, database: db, headers, changes: { pollTimeoutMs: 1000, backoff: { initialMs: 20, maxMs: 200 }, checkpoint: { read: () => undefined, write: () => undefined } } },
      outbox: { name: `presence-outbox-${db}-${stores.length}` },
      presence: clock ? { clock } : undefined,
    });
    stores.push(created);
    created.store.subscribe(() => undefined);
    // The records of nothing open: the feed polls for presence only.
    created.store.watch?.([]);
    const presence = created.presence();
    presences.push(presence);
    presence.watch(watch);
    await created.couch!.ready();
    return { created, presence };
  }

  const state = (agentId: string, name: string, customerId: string, doing: PresenceState['entries'][number]['doing'] = 'viewing'): PresenceState => ({
    agentId,
    name,
    entries: [{ customerId, doing, since: new Date().toISOString() }],
  });

  /** A presence document as another client writes it (its own clock, its own shape). */
  async function putDoc(doc: Record<string, unknown>): Promise<void> {
    const { url, headers } = await couchInfo();
    const current = await fetch(`${url}/${db}/${encodeURIComponent(String(doc._id))}`, { headers });
    const rev = current.ok ? ((await current.json()) as { _rev: string })._rev : undefined;
    const response = await fetch(`${url}/${db}/${encodeURIComponent(String(doc._id))}`, {
      method: 'PUT',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(rev ? { ...doc, _rev: rev } : doc),
    });
    if (!response.ok) throw new Error(`PUT ${String(doc._id)}: ${response.status} ${await response.text()}`);
  }

  beforeEach(async () => {
    db = await freshDatabase();
  });
  afterEach(async () => {
    for (const presence of presences.splice(0)) presence.close();
    for (const created of stores.splice(0)) {
      created.store.close();
      await created.outbox?.destroy?.();
    }
    await dropDatabase(db);
  });

  it('another agent sees who has the customer open, and what they do, within 2 s; and sees them leave', async () => {
    const ana = await agent(['customer:1']);
    const ben = await agent(['customer:1']);
    const started = performance.now();
    ana.presence.publish(state('ana', 'Ana', 'customer:1'));
    await waitUntil(() => ben.presence.peers().length === 1, 'Ben hears Ana', { timeout: 10000 });
    const took = performance.now() - started;
    expect(took, `heard after ${Math.round(took)} ms`).to.be.below(2000);
    expect(ben.presence.peers()[0]).to.include({ agentId: 'ana', name: 'Ana' });
    expect(ana.presence.peers(), 'an agent never hears itself').to.deep.equal([]);

    ana.presence.publish(state('ana', 'Ana', 'customer:1', 'editing-request'));
    await waitUntil(() => ben.presence.peers()[0]?.entries[0]?.doing === 'editing-request', 'Ben hears Ana editing', { timeout: 5000 });

    // Ana closes the customer: her document no longer lists it, yet reaches Ben (its `left` entry matches his selector).
    ana.presence.publish(state('ana', 'Ana', 'customer:9'));
    const onOne = () => ben.presence.peers().filter((p) => p.entries.some((e) => e.customerId === 'customer:1'));
    await waitUntil(() => onOne().length === 0, 'Ben sees Ana leave customer 1', { timeout: 5000 });
    // And gone altogether once she withdraws (her `left` entry for customer 9 does not name customer 1: the next one does).
    ana.presence.publish(state('ana', 'Ana', 'customer:1'));
    await waitUntil(() => onOne().length === 1, 'back on customer 1', { timeout: 5000 });
    ana.presence.publish(undefined);
    await waitUntil(() => ben.presence.peers().length === 0, 'Ben sees Ana gone', { timeout: 5000 });
  });

  it('reads who is already there when a customer is first watched, and only the customers watched', async () => {
    const ana = await agent([]);
    ana.presence.publish({ agentId: 'ana', name: 'Ana', entries: [{ customerId: 'customer:1', doing: 'viewing', since: new Date().toISOString() }] });
    const cleo = await agent([]);
    cleo.presence.publish(state('cleo', 'Cleo', 'customer:2'));
    const { url, headers } = await couchInfo();
    await waitUntil(async () => (await fetch(`${url}/${db}/${encodeURIComponent(presenceDocId('cleo'))}`, { headers })).ok, 'written', { timeout: 5000 });
    await waitUntil(async () => (await fetch(`${url}/${db}/${encodeURIComponent(presenceDocId('ana'))}`, { headers })).ok, 'written', { timeout: 5000 });
    // Ben opens customer 1 after both wrote: one read finds Ana, not Cleo (customer 2).
    const ben = await agent(['customer:1']);
    await waitUntil(() => ben.presence.peers().length === 1, 'Ben reads Ana', { timeout: 5000 });
    expect(ben.presence.peers().map((p) => p.agentId)).to.deep.equal(['ana']);
    // Cleo moves to customer 1: heard live.
    cleo.presence.publish(state('cleo', 'Cleo', 'customer:1'));
    await waitUntil(() => ben.presence.peers().length === 2, 'Ben hears Cleo', { timeout: 5000 });
  });

  it('a ghost (a document whose heartbeat stopped) is gone within its lifetime; an old one is never shown', async () => {
    const clock = new FakeClock(Date.now());
    const ben = await agent(['customer:1'], clock);
    // A laptop closed five minutes ago: never shown, even on the first read.
    const old = clock.now() - 5 * 60_000;
    await putDoc({
      _id: presenceDocId('zoe'),
      type: 'presence',
      agent: 'zoe',
      name: 'Zoe',
      at: new Date(old).toISOString(),
      expiresAt: new Date(old + 30_000).toISOString(),
      entries: [{ customerId: 'customer:1', doing: 'viewing', since: new Date(old).toISOString() }],
    });
    // A live one, then silence.
    const now = clock.now();
    await putDoc({
      _id: presenceDocId('yan'),
      type: 'presence',
      agent: 'yan',
      name: 'Yan',
      at: new Date(now).toISOString(),
      expiresAt: new Date(now + 30_000).toISOString(),
      entries: [{ customerId: 'customer:1', doing: 'viewing', since: new Date(now).toISOString() }],
    });
    await waitUntil(() => ben.presence.peers().some((p) => p.agentId === 'yan'), 'Ben hears Yan', { timeout: 5000 });
    expect(ben.presence.peers().map((p) => p.agentId)).to.deep.equal(['yan']);
    clock.tick(25_000);
    expect(ben.presence.peers().length).to.equal(1);
    clock.tick(6_000);
    expect(ben.presence.peers(), 'no ghost after its lifetime').to.deep.equal([]);
  });

  it('writes a heartbeat while the agent is there, never through the outbox, and empties the document when withdrawn', async () => {
    const clock = new FakeClock(Date.now());
    const ana = await agent(['customer:1'], clock);
    const { url, headers } = await couchInfo();
    const read = async () => (await (await fetch(`${url}/${db}/${encodeURIComponent(presenceDocId('ana'))}`, { headers })).json()) as { _rev?: string; at?: string; expiresAt: string; entries: Array<{ doing: string }> };
    ana.presence.publish(state('ana', 'Ana', 'customer:1'));
    await waitUntil(async () => (await read())._rev?.startsWith('1-') === true, 'first write', { timeout: 5000 });
    expect(await ana.created.outbox!.unsent(), 'nothing queued').to.equal(0);
    clock.tick(10_000);
    await waitUntil(async () => (await read())._rev?.startsWith('2-') === true, 'the heartbeat rewrote it', { timeout: 5000 });
    const beat = await read();
    expect(Date.parse(beat.expiresAt) - Date.parse(beat.at!)).to.equal(30_000);
    ana.presence.publish(undefined);
    await waitUntil(async () => (await read())._rev?.startsWith('3-') === true, 'withdrawn', { timeout: 5000 });
    const gone = await read();
    expect(gone.entries.map((e) => e.doing)).to.deep.equal(['left']);
    expect(Date.parse(gone.expiresAt)).to.be.at.most(Date.parse(gone.at!));
  });

  it('a malformed presence document from another client breaks nothing: skipped, the good ones still heard', async () => {
    const ben = await agent(['customer:1']);
    const bad: Array<Record<string, unknown>> = [
      { _id: 'presence:mallory', type: 'presence', agent: 'mallory', name: 'M', at: 'not a date', expiresAt: 'x', entries: [{ customerId: 'customer:1', doing: 'viewing', since: 'x' }] },
      { _id: 'presence:trudy', type: 'presence', agent: 'someone-else', name: 'T', at: new Date().toISOString(), expiresAt: new Date(Date.now() + 30_000).toISOString(), entries: [{ customerId: 'customer:1', doing: 'viewing', since: new Date().toISOString() }] },
      { _id: 'presence:oscar', type: 'presence', agent: 'oscar', name: 'O', at: new Date().toISOString(), expiresAt: new Date(Date.now() + 30_000).toISOString(), entries: [{ customerId: 'customer:1', doing: 'dancing', since: 'x' }, null, 5] },
    ];
    const { url, headers } = await couchInfo();
    const response = await fetch(`${url}/${db}/_bulk_docs`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ docs: bad, new_edits: true }),
    });
    expect(response.ok).to.equal(true);
    const ana = await agent([]);
    ana.presence.publish(state('ana', 'Ana', 'customer:1'));
    await waitUntil(() => ben.presence.peers().some((p) => p.agentId === 'ana'), 'the good one is heard', { timeout: 5000 });
    // Refused by the server's rules or skipped by the reader: none of the malformed shows.
    expect(ben.presence.peers().map((p) => p.agentId)).to.deep.equal(['ana']);
  });
});

describe('validate_doc_update: presence documents (issue #18 item 2)', () => {
  type UserCtx = { db?: string; name: string | null; roles: string[] };
  const vdu = new Function(`return (${designDoc().validate_doc_update});`)() as (doc: unknown, old: unknown, user: UserCtx, sec: unknown) => void;
  const SECURITY = { admins: { names: [], roles: ['cc-operators'] }, members: { names: [], roles: ['cc-agents'] } };
  const ALICE: UserCtx = { db: 'cc', name: 'alice', roles: ['cc-agents'] };
  const OPERATOR: UserCtx = { db: 'cc', name: 'olga', roles: ['cc-operators'] };
  const verdict = (doc: unknown, user: UserCtx = ALICE, old: unknown = null): string | null => {
    try {
      vdu(JSON.parse(JSON.stringify(doc)), old, user, SECURITY);
      return null;
    } catch (error) {
      const forbidden = (error as { forbidden?: unknown }).forbidden;
      if (typeof forbidden !== 'string') throw error;
      return forbidden;
    }
  };
  const valid = () => ({
    _id: 'presence:alice',
    type: 'presence',
    agent: 'alice',
    name: 'Alice',
    at: '2026-11-22T10:00:00.000Z',
    expiresAt: '2026-11-22T10:00:30.000Z',
    entries: [
      { customerId: 'customer:1', doing: 'editing-request', since: '2026-11-22T09:59:00.000Z', recordId: 'request:1' },
      { customerId: 'customer:2', doing: 'left', since: '2026-11-22T09:59:30.000Z' },
    ],
  });

  it('accepts an agent writing its own presence, with every kind of entry, and an empty one', () => {
    expect(verdict(valid())).to.equal(null);
    expect(verdict({ ...valid(), entries: [] })).to.equal(null);
    for (const doing of ['viewing', 'editing-customer', 'editing-request', 'editing-activity']) {
      expect(verdict({ ...valid(), entries: [{ customerId: 'customer:1', doing, since: '2026-11-22T10:00:00Z' }] }), doing).to.equal(null);
    }
  });

  it("refuses another agent's presence, unless an admin writes it", () => {
    expect(verdict({ ...valid(), _id: 'presence:bob', agent: 'bob' })).to.contain('agent: an agent writes only its own presence');
    expect(verdict({ ...valid(), _id: 'presence:bob', agent: 'bob' }, OPERATOR)).to.equal(null);
  });

  it('refuses malformed ones, naming the field', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ _id: 'presence:someone' }, '_id'],
      [{ agent: '' }, 'agent'],
      [{ agent: 5 }, 'agent'],
      [{ name: 5 }, 'name'],
      [{ at: 'yesterday' }, 'at'],
      [{ expiresAt: undefined }, 'expiresAt'],
      [{ entries: 'customer:1' }, 'entries'],
      [{ entries: [null] }, 'entries.0'],
      [{ entries: [{ customerId: '', doing: 'viewing', since: '2026-11-22T10:00:00Z' }] }, 'entries.0.customerId'],
      [{ entries: [{ customerId: 'customer:1', doing: 'typing', since: '2026-11-22T10:00:00Z' }] }, 'entries.0.doing'],
      [{ entries: [{ customerId: 'customer:1', doing: 'viewing', since: 'soon' }] }, 'entries.0.since'],
      [{ entries: [{ customerId: 'customer:1', doing: 'viewing', since: '2026-11-22T10:00:00Z', recordId: 7 }] }, 'entries.0.recordId'],
      [{ entries: Array.from({ length: 101 }, () => ({ customerId: 'customer:1', doing: 'viewing', since: '2026-11-22T10:00:00Z' })) }, 'entries'],
    ];
    for (const [change, field] of cases) {
      const doc = { ...valid(), ...change };
      if (change.agent !== undefined) doc._id = `presence:${String(change.agent)}`;
      const reason = verdict(doc, OPERATOR);
      expect(reason, JSON.stringify(change).slice(0, 80)).to.match(new RegExp(`^customer-context: ${field.replace(/\./g, '\\.')}: `));
    }
    // A record's document cannot become a presence document.
    expect(verdict(valid(), ALICE, { _id: 'presence:alice', type: 'customer' })).to.contain('type');
  });
});
