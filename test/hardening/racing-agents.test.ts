import { expect } from '@open-wc/testing';
import type { AnyRecord, DataOf, Kind } from '../../src/model/index.js';
import { dataOf } from '../../src/session/merge.js';
import { ConflictError, type ContextStore } from '../../src/store/context-store.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { couchInfo, couchStore, dropDatabase, freshDatabase } from '../helpers/couch.js';
import { activity, customer, request } from '../helpers/data.js';
import { fuzzSeed, prng } from '../helpers/hardening.js';

// Racing agents (R4, R11.2; docs/security.md). Several clients on the same
// data — IndexedDbStore instances on one database (tabs), CouchDbStore instances on one
// database (agents on different machines) — edit the same customers, requests and activities
// at once, in random interleavings (seeded: which record, which change, and whether the agent
// re-reads first are drawn from the run's seed; the interleaving itself is whatever the
// store's transactions and the network make of it). Each client acts like an agent: it
// writes on the revision it last saw; a refused write is a caution, and the agent then Loads
// (takes the record the ConflictError carries) and goes on from it.
//
// The invariant, "zero lost updates", per record:
//   A = the acknowledged writes (create included), each with the rev it was based on and
//       the rev it produced.
//   1. every acknowledged write except the create was based on the rev of an acknowledged
//      write (nobody wrote on a state that never existed);
//   2. no two acknowledged writes were based on the same rev (two "wins" from one state
//      would mean one silently overwrote the other: a lost update);
//   so the acknowledged writes form one chain from the create, and
//   3. the final record (read by every client) is the tip of that chain: its rev and its data.
//   Hence every acknowledged write is in the final state or was superseded by a later
//   acknowledged write that was based on it.
//   4. every refused write was a ConflictError (the caution the agent sees), based on a rev
//      that was no longer current, carrying a current record that is an acknowledged state
//      (same rev, same data) — and no write failed any other way.
// Plus racing creates of one id: exactly one acknowledged, every other refused with a
// ConflictError carrying the winner.

const { seed } = await fuzzSeed();

interface Ack {
  client: number;
  kind: Kind;
  id: string;
  baseRev: string | null;
  rev: string;
  data: string;
}
interface Refusal {
  client: number;
  kind: Kind;
  id: string;
  baseRev: string | null;
  current: AnyRecord | undefined;
  error: string;
}
interface Log {
  acks: Ack[];
  refusals: Refusal[];
}

const json = (kind: Kind, record: AnyRecord | DataOf[Kind]) => JSON.stringify(dataOf(kind, record));

/** One agent's next change to a record, from the version it has. */
function change(kind: Kind, base: AnyRecord, client: number, op: number, random: () => number): DataOf[Kind] {
  const data = dataOf(kind, base) as unknown as Record<string, unknown>;
  const mark = `c${client}-op${op}`;
  const pick = random();
  if (kind === 'customer') {
    if (pick < 0.4) data.name = `Customer ${mark}`;
    else if (pick < 0.7) data.fields = { ...(data.fields as Record<string, string>), [`c${client}`]: mark };
    else data.address = `Street ${mark}`;
  } else if (kind === 'request') {
    if (pick < 0.5) data.title = `Title ${mark}`;
    else if (pick < 0.8) data.description = `Description ${mark}`;
    else {
      data.status = data.status === 'open' ? 'closed' : 'open';
      data.closedAt = data.status === 'closed' ? '2026-11-22T10:00:00.000Z' : null;
    }
  } else {
    if (pick < 0.5) data.notes = `Notes ${mark}`;
    else data.tags = [...(data.tags as string[]).slice(-4), mark];
  }
  return data as unknown as DataOf[Kind];
}

async function race(clients: ContextStore[], opsPerClient: number, raceCreates: number): Promise<{ log: Log; records: Array<{ kind: Kind; id: string }> }> {
  const log: Log = { acks: [], refusals: [] };
  const first = clients[0]!;
  const records: Array<{ kind: Kind; id: string }> = [];
  const created: AnyRecord[] = [];
  for (let i = 0; i < 2; i++) {
    const c = await first.create('customer', customer({ name: `Shared ${i}` }), { by: 'c0' });
    const r = await first.create('request', request(c.id, { title: `Shared request ${i}` }), { by: 'c0' });
    const a = await first.create('activity', activity(c.id, { requestId: r.id, notes: `Shared activity ${i}` }), { by: 'c0' });
    created.push(c, r, a);
  }
  for (const record of created) {
    records.push({ kind: record.type, id: record.id });
    log.acks.push({ client: 0, kind: record.type, id: record.id, baseRev: null, rev: record.rev, data: json(record.type, record) });
  }

  const agent = async (client: number) => {
    const random = prng(seed * 31 + client);
    const store = clients[client]!;
    const views = new Map<string, AnyRecord>(created.map((r) => [r.id, r]));
    for (let op = 0; op < opsPerClient; op++) {
      // A few microtask turns of random length: the agents' requests overlap differently each time.
      for (let k = Math.floor(random() * 4); k > 0; k--) await Promise.resolve();
      const target = records[Math.floor(random() * records.length)]!;
      if (random() < 0.2) {
        const fresh = await store.get(target.kind, target.id);
        if (fresh) views.set(target.id, fresh);
      }
      const base = views.get(target.id)!;
      const data = change(target.kind, base, client, op, random);
      try {
        const written = await store.update(target.kind, target.id, base.rev, data as never, { by: `c${client}` });
        log.acks.push({ client, kind: target.kind, id: target.id, baseRev: base.rev, rev: written.rev, data: json(target.kind, written) });
        views.set(target.id, written);
      } catch (error) {
        log.refusals.push({
          client,
          kind: target.kind,
          id: target.id,
          baseRev: base.rev,
          current: error instanceof ConflictError ? error.current : undefined,
          error: error instanceof ConflictError ? 'ConflictError' : `${(error as Error).name}: ${(error as Error).message}`,
        });
        // The caution's Load: go on from their version.
        if (error instanceof ConflictError) views.set(target.id, error.current);
      }
    }
  };

  const creator = async (client: number, round: number) => {
    const id = `activity:race-${seed}-${round}`;
    const owner = created[0]!.id;
    try {
      const written = await clients[client]!.create('activity', activity(owner, { notes: `created by c${client}` }), { by: `c${client}`, id });
      log.acks.push({ client, kind: 'activity', id, baseRev: null, rev: written.rev, data: json('activity', written) });
    } catch (error) {
      log.refusals.push({
        client, kind: 'activity', id, baseRev: null,
        current: error instanceof ConflictError ? error.current : undefined,
        error: error instanceof ConflictError ? 'ConflictError' : `${(error as Error).name}: ${(error as Error).message}`,
      });
    }
  };

  await Promise.all(clients.map((_, client) => agent(client)));
  for (let round = 0; round < raceCreates; round++) {
    await Promise.all(clients.map((_, client) => creator(client, round)));
    records.push({ kind: 'activity', id: `activity:race-${seed}-${round}` });
  }
  return { log, records };
}

/** Checks the invariant above; returns the problems found (none: zero lost updates). */
async function lostUpdates(clients: ContextStore[], log: Log, records: Array<{ kind: Kind; id: string }>): Promise<string[]> {
  const problems: string[] = [];
  for (const refusal of log.refusals) {
    if (refusal.error !== 'ConflictError') problems.push(`c${refusal.client} ${refusal.id}: refused with ${refusal.error}, not a ConflictError`);
  }
  for (const { kind, id } of records) {
    const acks = log.acks.filter((a) => a.id === id);
    const byRev = new Map(acks.map((a) => [a.rev, a]));
    if (byRev.size !== acks.length) problems.push(`${id}: two acknowledged writes produced the same rev`);
    const roots = acks.filter((a) => a.baseRev === null);
    if (roots.length !== 1) problems.push(`${id}: ${roots.length} acknowledged creates`);
    const children = new Map<string, Ack[]>();
    for (const a of acks) {
      if (a.baseRev === null) continue;
      if (!byRev.has(a.baseRev)) problems.push(`${id}: c${a.client}'s write was based on ${a.baseRev}, which no acknowledged write produced`);
      children.set(a.baseRev, [...(children.get(a.baseRev) ?? []), a]);
    }
    for (const [base, next] of children) {
      if (next.length > 1) problems.push(`${id}: LOST UPDATE: ${next.length} acknowledged writes were based on ${base} (${next.map((a) => `c${a.client}`).join(', ')})`);
    }
    // Walk the chain from the create to its tip.
    let tip = roots[0];
    let length = tip ? 1 : 0;
    while (tip && children.get(tip.rev)?.length === 1) {
      tip = children.get(tip.rev)![0]!;
      length += 1;
    }
    if (length !== acks.length) problems.push(`${id}: the chain holds ${length} of ${acks.length} acknowledged writes`);
    for (const [i, client] of clients.entries()) {
      const final = await client.get(kind, id);
      if (!final || !tip) {
        problems.push(`${id}: client ${i} reads no record`);
        continue;
      }
      if (final.rev !== tip.rev) problems.push(`${id}: client ${i} reads rev ${final.rev}, the last acknowledged write is ${tip.rev}`);
      if (json(kind, final) !== tip.data) problems.push(`${id}: client ${i} reads data that is not the last acknowledged write's`);
    }
    for (const refusal of log.refusals.filter((r) => r.id === id && r.current)) {
      const shown = byRev.get(refusal.current!.rev);
      if (!shown) problems.push(`${id}: c${refusal.client} was shown rev ${refusal.current!.rev}, which no acknowledged write produced`);
      else if (json(kind, refusal.current!) !== shown.data) problems.push(`${id}: c${refusal.client} was shown data that differs from the acknowledged write of that rev`);
      if (refusal.baseRev !== null && refusal.current!.rev === refusal.baseRev) problems.push(`${id}: c${refusal.client} was refused though its base was current`);
    }
  }
  return problems;
}

function summary(store: string, clients: number, log: Log): string {
  const updates = log.acks.filter((a) => a.baseRev !== null).length;
  const creates = log.acks.length - updates;
  return `racing agents (${store}, ${clients} clients, seed ${seed}): ${log.acks.length + log.refusals.length} writes, ${log.acks.length} acknowledged (${creates} creates, ${updates} updates), ${log.refusals.length} refused as conflicts, 0 lost`;
}

/** A broken store for the control: it ignores the base rev and overwrites (last write wins). */
class LastWriteWins extends IndexedDbStore {
  override async update<K extends Kind>(kind: K, id: string, _baseRev: string, data: DataOf[K], options: { by: string }) {
    const current = (await this.get(kind, id))!;
    return super.update(kind, id, current.rev, data, options);
  }
}

describe('Racing agents: zero lost updates on both stores', function () {
  this.timeout(180000);

  it('the check itself finds lost updates in a store that lets the last write win (control)', async () => {
    const name = `race-lww-${Date.now()}`;
    const clients = Array.from({ length: 3 }, () => new LastWriteWins({ name }));
    try {
      const { log, records } = await race(clients, 30, 2);
      const problems = await lostUpdates(clients, log, records);
      expect(problems.some((p) => p.includes('LOST UPDATE')), problems.slice(0, 3).join('; ')).to.equal(true);
    } finally {
      for (const client of clients.slice(1)) client.close();
      await clients[0]!.destroy();
    }
  });

  it('IndexedDbStore: 4 instances on one database (tabs), 4 × 120 interleaved edits of 6 shared records, 4 × 8 racing creates', async () => {
    const name = `race-${Date.now()}`;
    const clients = Array.from({ length: 4 }, () => new IndexedDbStore({ name }));
    try {
      const { log, records } = await race(clients, 120, 8);
      expect(await lostUpdates(clients, log, records)).to.deep.equal([]);
      expect(log.refusals.length, 'the race produced conflicts').to.be.greaterThan(20);
      expect(log.acks.filter((a) => a.baseRev !== null).length, 'and acknowledged updates').to.be.greaterThan(100);
      console.log(summary('IndexedDbStore', clients.length, log));
    } finally {
      for (const client of clients.slice(1)) client.close();
      await clients[0]!.destroy();
    }
  });

  it('CouchDbStore: 3 instances on one database (agents on different machines), 3 × 60 interleaved edits, 3 × 6 racing creates', async () => {
    await couchInfo();
    const database = await freshDatabase();
    const clients = [await couchStore(database), await couchStore(database), await couchStore(database)];
    try {
      const { log, records } = await race(clients, 60, 6);
      expect(await lostUpdates(clients, log, records)).to.deep.equal([]);
      expect(log.refusals.length, 'the race produced conflicts').to.be.greaterThan(10);
      expect(log.acks.filter((a) => a.baseRev !== null).length, 'and acknowledged updates').to.be.greaterThan(40);
      console.log(summary('CouchDbStore', clients.length, log));
    } finally {
      for (const client of clients) client.close();
      await dropDatabase(database);
    }
  });
});
