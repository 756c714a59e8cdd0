import { expect, waitUntil } from '@open-wc/testing';
import type { Customer, CustomerData } from '../../src/model/index.js';
import { DraftStore } from '../../src/session/drafts.js';
import { dataOf } from '../../src/session/merge.js';
import { AgentSession } from '../../src/session/session.js';
import { ConflictError } from '../../src/store/context-store.js';
import type { CouchDbStore } from '../../src/store/couchdb-store.js';
import type { SeqCheckpoint } from '../../src/store/couchdb/changes.js';
import { activity, customer, request } from '../helpers/data.js';
import { call } from '../helpers/events.js';
import {
  docOn,
  dropReplicas,
  everything,
  inSync,
  leavesOn,
  nodeJson,
  nodeStore,
  pauseReplication,
  replicatedDatabase,
  resumeReplication,
  type Replicas,
} from '../helpers/replicas.js';
import { MemoryStorage, until } from '../helpers/session.js';
import { rejection } from './contract.js';

/**
 * #15 item 7: two CouchDB-protocol nodes replicating both ways
 * (scripts/couch-replicas.mjs, a two-node stand-in for a cluster), agents
 * writing to different nodes. Replication is paused while both write (a
 * cluster's nodes accept concurrent writes), then resumed: the document is in
 * conflict on both nodes (`_conflicts`, the same winner); the agent sees the
 * caution with both versions, the choice resolves it on both nodes, and
 * nothing is lost.
 */

const NODES = [0, 1] as const;

/** CouchDB's winner among leaves of one generation: the highest rev. */
const winnerOf = (...revs: string[]) => [...revs].sort().at(-1)!;

/** The two sides a joined rev (`<rev>+<rev>`, see `CouchDbStore.updateConflicted`) names. */
const sides = (rev: string) => rev.split('+').sort();

describe('CouchDB replicas: two nodes replicating both ways, agents on different nodes (#15 item 7)', function () {
  this.timeout(60000);
  let replicas: Replicas;
  const stores: CouchDbStore[] = [];

  beforeEach(async () => {
    replicas = await replicatedDatabase();
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) store.close();
    await dropReplicas(replicas);
  });

  async function open(node: 0 | 1, options: Parameters<typeof nodeStore>[2] = {}): Promise<CouchDbStore> {
    const store = await nodeStore(replicas, node, options);
    stores.push(store);
    return store;
  }

  it('replicates both ways, and a pause keeps each node\'s writes to itself until it is resumed', async () => {
    const one = await open(0);
    const two = await open(1);
    const ana = await one.create('customer', customer({ name: 'Ana on node 1' }), { by: 'agent-a' });
    const bea = await two.create('customer', customer({ name: 'Bea on node 2' }), { by: 'agent-b' });
    await inSync(replicas);
    expect((await two.get('customer', ana.id))?.rev).to.equal(ana.rev);
    expect((await one.get('customer', bea.id))?.rev).to.equal(bea.rev);
    // The design document reached node 2 by replication: its views answer there.
    expect((await two.search('ana on')).map((hit) => hit.customer.id)).to.deep.equal([ana.id]);

    await pauseReplication(replicas);
    const apart = await one.create('customer', customer({ name: 'Written apart' }), { by: 'agent-a' });
    // A write made after the pause stays on its node: the other one does not have it.
    expect((await one.get('customer', apart.id))?.rev).to.equal(apart.rev);
    expect(await two.get('customer', apart.id)).to.equal(undefined);
    await resumeReplication(replicas);
    await inSync(replicas);
    expect((await two.get('customer', apart.id))?.rev).to.equal(apart.rev);
  });

  describe('the store: both nodes take a write to the same customer from the same base', () => {
    /**
     * A customer with a request and an activity on node 1, another customer on
     * node 2, all replicated; then, apart, agent A (node 1) changes the name and
     * the address, agent B (node 2) the address and a custom field, and each
     * writes another document of its own.
     */
    async function writtenApart() {
      const a = await open(0);
      const b = await open(1);
      const base = await a.create('customer', customer({ name: 'Marta Base', phones: ['+34 600 100 200'], address: 'Old street', fields: { tier: 'silver' } }), { by: 'agent-a' });
      const req = await a.create('request', request(base.id, { title: 'Fibre down' }), { by: 'agent-a' });
      await a.create('activity', activity(base.id, { requestId: req.id, notes: 'First call' }), { by: 'agent-a' });
      const other = await b.create('customer', customer({ name: 'Other Customer' }), { by: 'agent-b' });
      await inSync(replicas);
      const before = await everything(replicas, 0);

      await pauseReplication(replicas);
      const seenByB = (await b.get('customer', base.id))!;
      expect(seenByB.rev).to.equal(base.rev);
      const mine = await a.update('customer', base.id, base.rev, { ...dataOf('customer', base), name: 'Marta by A', address: 'Street by A' }, { by: 'agent-a' });
      const theirs = await b.update('customer', base.id, seenByB.rev, { ...dataOf('customer', seenByB), address: 'Street by B', fields: { tier: 'gold' } }, { by: 'agent-b' });
      const requestApart = await a.create('request', request(base.id, { title: 'Written on node 1 while apart' }), { by: 'agent-a' });
      const activityApart = await b.create('activity', activity(base.id, { requestId: req.id, notes: 'Written on node 2 while apart' }), { by: 'agent-b' });
      const otherApart = await b.update('customer', other.id, other.rev, { ...dataOf('customer', other), address: 'Moved while apart' }, { by: 'agent-b' });
      // Each node took its own write: neither knows the other's yet.
      expect((await docOn(replicas, 0, base.id))._rev).to.equal(mine.rev);
      expect((await docOn(replicas, 1, base.id))._rev).to.equal(theirs.rev);
      expect(mine.rev).to.not.equal(theirs.rev);

      await resumeReplication(replicas);
      await inSync(replicas);
      return { a, b, base, mine, theirs, before, written: [requestApart, activityApart, otherApart] };
    }

    it('shows _conflicts on both nodes (same winner); each side\'s next write is refused with the other side; the write on the joined rev resolves it on both nodes and nothing is lost', async () => {
      const { a, b, base, mine, theirs, before, written } = await writtenApart();

      // Both nodes: one document in conflict, the same winner (CouchDB's choice: the highest rev), the other side in `_conflicts`.
      const winner = winnerOf(mine.rev, theirs.rev);
      for (const node of NODES) {
        const doc = await docOn(replicas, node, base.id);
        expect(doc._rev, `winner on node ${node + 1}`).to.equal(winner);
        expect(doc._conflicts, `_conflicts on node ${node + 1}`).to.deep.equal([mine.rev, theirs.rev].filter((rev) => rev !== winner));
        const { live } = await leavesOn(replicas, node, base.id);
        expect(live.map((leaf) => leaf.address).sort()).to.deep.equal(['Street by A', 'Street by B']);
        // Replication kept each side's history: both descend from the base revision, on both nodes.
        for (const side of [mine.rev, theirs.rev]) {
          const { _revisions: history } = await nodeJson<{ _revisions: { start: number; ids: string[] } }>(replicas, node, `/${encodeURIComponent(base.id)}?rev=${side}&revs=true`);
          expect(history, `history of ${side} on node ${node + 1}`).to.deep.equal({ start: 2, ids: [side.split('-')[1], base.rev.split('-')[1]] });
        }
      }
      expect((await a.get('customer', base.id))?.rev).to.equal(winner);
      expect((await b.get('customer', base.id))?.rev).to.equal(winner);

      // A's next write, based on its own rev: refused, with B's side as current, under a rev naming both.
      const refusedA = await rejection(a.update('customer', base.id, mine.rev, { ...dataOf('customer', mine), name: 'Marta again' }, { by: 'agent-a' }));
      expect(refusedA).to.be.instanceOf(ConflictError);
      const currentForA = (refusedA as ConflictError).current as Customer;
      expect(dataOf('customer', currentForA)).to.deep.equal(dataOf('customer', theirs));
      expect(currentForA.updatedBy).to.equal('agent-b');
      expect(sides(currentForA.rev)).to.deep.equal([mine.rev, theirs.rev].sort());
      // B's, on node 2, likewise: A's side.
      const refusedB = await rejection(b.update('customer', base.id, theirs.rev, { ...dataOf('customer', theirs), name: 'Marta by B' }, { by: 'agent-b' }));
      expect(refusedB).to.be.instanceOf(ConflictError);
      const currentForB = (refusedB as ConflictError).current as Customer;
      expect(dataOf('customer', currentForB)).to.deep.equal(dataOf('customer', mine));
      expect(currentForB.updatedBy).to.equal('agent-a');
      // Refusals wrote nothing: still the same two sides on both nodes.
      await inSync(replicas);
      for (const node of NODES) expect((await docOn(replicas, node, base.id))._conflicts).to.have.length(1);

      // Load then save: A keeps its name, takes B's custom field (only B changed it) and chooses B's address.
      const chosen: CustomerData = { ...dataOf('customer', mine), address: 'Street by B', fields: { tier: 'gold' } };
      const resolved = await a.update('customer', base.id, currentForA.rev, chosen, { by: 'agent-a' });
      await inSync(replicas);
      for (const node of NODES) {
        const doc = await docOn(replicas, node, base.id);
        expect(doc._conflicts, `node ${node + 1}`).to.equal(undefined);
        expect(doc._rev, `node ${node + 1}`).to.equal(resolved.rev);
        expect([doc.name, doc.address, doc.fields, doc.phones, doc.updatedBy]).to.deep.equal(['Marta by A', 'Street by B', { tier: 'gold' }, ['+34 600 100 200'], 'agent-a']);
        // One live leaf; the other side is deleted, not lost from history.
        const { live, deleted } = await leavesOn(replicas, node, base.id);
        expect(live.map((leaf) => leaf._rev)).to.deep.equal([resolved.rev]);
        expect(deleted).to.have.length(1);
      }
      expect((await b.get('customer', base.id))?.rev).to.equal(resolved.rev);
      // B's old side is now simply stale: a write on it is refused with the resolved version.
      const stale = await rejection(b.update('customer', base.id, theirs.rev, dataOf('customer', theirs), { by: 'agent-b' }));
      expect(((stale as ConflictError).current as Customer).rev).to.equal(resolved.rev);

      // Nothing else lost: the same documents on both nodes, each document from before unchanged unless
      // written while apart, and the documents written apart on each node present on both.
      const [one, two] = [await everything(replicas, 0), await everything(replicas, 1)];
      expect(one.count).to.equal(before.count + 2);
      expect(two.count).to.equal(one.count);
      expect([...two.docs.keys()].sort()).to.deep.equal([...one.docs.keys()].sort());
      for (const [id, doc] of one.docs) expect(two.docs.get(id), id).to.deep.equal(doc);
      const changed = new Set([base.id, ...written.map((record) => record.id)]);
      for (const [id, doc] of before.docs) if (!changed.has(id)) expect(one.docs.get(id), id).to.deep.equal(doc);
      for (const record of written) {
        expect(one.docs.get(record.id)?._rev, record.id).to.equal(record.rev);
        expect(dataOf(record.type, one.docs.get(record.id) as never), record.id).to.deep.equal(dataOf(record.type, record));
      }
    });

    it('two agents resolving at once on different nodes make a new conflict, never a silent loss', async () => {
      const { a, b, base, mine, theirs } = await writtenApart();
      const forA = (await rejection(a.update('customer', base.id, mine.rev, dataOf('customer', mine), { by: 'agent-a' }))) as ConflictError;
      const forB = (await rejection(b.update('customer', base.id, theirs.rev, dataOf('customer', theirs), { by: 'agent-b' }))) as ConflictError;
      expect(forA).to.be.instanceOf(ConflictError);
      expect(forB).to.be.instanceOf(ConflictError);

      await pauseReplication(replicas);
      const byA = await a.update('customer', base.id, forA.current.rev, { ...dataOf('customer', mine), fields: { tier: 'gold' } }, { by: 'agent-a' });
      const byB = await b.update('customer', base.id, forB.current.rev, { ...dataOf('customer', theirs), name: 'Marta by A' }, { by: 'agent-b' });
      // Each node alone: resolved.
      expect((await docOn(replicas, 0, base.id))._conflicts).to.equal(undefined);
      expect((await docOn(replicas, 1, base.id))._conflicts).to.equal(undefined);
      await resumeReplication(replicas);
      await inSync(replicas);

      // Together: both resolutions are kept, as a conflict again (same winner on both nodes).
      const winner = winnerOf(byA.rev, byB.rev);
      for (const node of NODES) {
        const doc = await docOn(replicas, node, base.id);
        expect(doc._rev).to.equal(winner);
        expect(doc._conflicts).to.deep.equal([byA.rev, byB.rev].filter((rev) => rev !== winner));
        const { live } = await leavesOn(replicas, node, base.id);
        expect(live.map((leaf) => leaf.address).sort()).to.deep.equal(['Street by A', 'Street by B']);
      }
      // And the next write on one of them is a caution again, with the other resolution as current.
      const again = await rejection(a.update('customer', base.id, byA.rev, dataOf('customer', byA), { by: 'agent-a' }));
      expect(((again as ConflictError).current as Customer).address).to.equal('Street by B');
    });
  });

  describe('the agents: two sessions with the same customer open, each on its node', () => {
    const PHONE = '+34 600 300 400';
    const live: AgentSession[] = [];
    afterEach(() => {
      for (const session of live.splice(0)) session.dispose();
    });
    const EXPECTED_FINAL = {
      // Only A changed the name, only B the custom field; both the address (the acting agent chooses the other's).
      name: 'Carmen by A',
      fields: { tier: 'gold' },
    };

    /** A checkpoint that only records how far the feed has read (the feed then starts at the database's current seq). */
    function seqWatcher(): SeqCheckpoint & { last: number } {
      return {
        last: -1,
        read: () => undefined,
        write(seq) {
          this.last = Number(seq);
        },
      };
    }

    async function agent(node: 0 | 1, agentId: string) {
      const seen = seqWatcher();
      const store = await open(node, { changes: { backoff: { initialMs: 10, maxMs: 100 }, checkpoint: seen } });
      const session = new AgentSession(store, { agentId, drafts: new DraftStore(agentId, 'cc-replicas', new MemoryStorage()), remoteDraftsDelayMs: 0 });
      live.push(session);
      await session.restore();
      return { node, agentId, store, session, seen };
    }
    type Agent = Awaited<ReturnType<typeof agent>>;

    /**
     * Resolves once the agent's change feed has read its node's last change about the customer
     * (the feed follows only the open customers: other documents' seqs never reach it).
     */
    async function caughtUp(who: Agent, customerId: string): Promise<void> {
      const feed = await nodeJson<{ results: Array<{ id: string; seq: number; doc?: { customerId?: string } }> }>(replicas, who.node, '/_changes?include_docs=true');
      const seq = Math.max(...feed.results.filter((row) => row.id === customerId || row.doc?.customerId === customerId).map((row) => Number(row.seq)));
      await waitUntil(() => who.seen.last >= seq, `${who.agentId}'s change feed reads up to seq ${seq}`, { timeout: 10000 });
    }

    /**
     * Carmen on both nodes; agent A (node 1) and agent B (node 2) take a call from her (her
     * work area open on both); apart, A saves a new name and address, B a new address and
     * custom field; then the nodes meet again.
     */
    async function savedApart() {
      const one = await open(0);
      const carmen = await one.create('customer', customer({ name: 'Carmen Base', phones: [PHONE], address: 'Old street', fields: { tier: 'silver' } }), { by: 'seed' });
      await inSync(replicas);
      const a = await agent(0, 'agent-a');
      const b = await agent(1, 'agent-b');
      a.session.receive(call('call-a', { phone: PHONE }));
      await until(a.session, () => a.session.workspace(carmen.id)?.request != null);
      await a.session.idle();
      await inSync(replicas);
      b.session.receive(call('call-b', { phone: PHONE }));
      await until(b.session, () => b.session.workspace(carmen.id)?.request != null);
      await b.session.idle();
      await inSync(replicas);
      await Promise.all([caughtUp(a, carmen.id), caughtUp(b, carmen.id)]);

      await pauseReplication(replicas);
      a.session.editCustomer(carmen.id, { ...a.session.workspace(carmen.id)!.customerDraft, name: 'Carmen by A', address: 'Street by A' });
      b.session.editCustomer(carmen.id, { ...b.session.workspace(carmen.id)!.customerDraft, address: 'Street by B', fields: { tier: 'gold' } });
      expect((await a.session.save(carmen.id)).ok).to.equal(true);
      expect((await b.session.save(carmen.id)).ok).to.equal(true);
      const revs = { [a.agentId]: a.session.workspace(carmen.id)!.customer!.rev, [b.agentId]: b.session.workspace(carmen.id)!.customer!.rev };
      await resumeReplication(replicas);
      await inSync(replicas);
      // Both sessions have heard whatever their node's change feed tells about the meeting.
      await Promise.all([caughtUp(a, carmen.id), caughtUp(b, carmen.id)]);
      const winner = winnerOf(revs[a.agentId]!, revs[b.agentId]!);
      for (const node of NODES) {
        const doc = await docOn(replicas, node, carmen.id);
        expect(doc._rev).to.equal(winner);
        expect(doc._conflicts).to.have.length(1);
      }
      return { carmen, a, b, revs, winner, sessions: [a, b] as const };
    }

    /** The address each agent saved apart. */
    const addressOf = (who: Agent) => (who.agentId === 'agent-a' ? 'Street by A' : 'Street by B');

    async function chooseAndSave(actor: Agent, other: Agent, carmen: Customer): Promise<void> {
      const { session } = actor;
      // The actor types one more thing (an email nobody else touched) and saves.
      session.editCustomer(carmen.id, { ...session.workspace(carmen.id)!.customerDraft, emails: ['carmen@example.com'] });
      const outcome = await session.save(carmen.id);
      // R4.2: the caution, never a save over the other agent's version (told by the feed already: 'caution'; found on save: 'conflict').
      expect(outcome.ok, 'the save after the nodes met is refused').to.equal(false);
      const caution = session.workspace(carmen.id)!.cautions.find((c) => c.kind === 'customer');
      expect(caution, 'a caution on the customer').to.not.equal(undefined);
      // The caution carries the other agent's version (not the actor's own).
      expect(caution!.theirs.updatedBy, 'the caution shows the other agent\'s version').to.equal(other.agentId);
      expect((caution!.theirs as Customer).address).to.equal(addressOf(other));

      session.load(carmen.id, 'customer');
      const choices = session.workspace(carmen.id)!.choices.find((c) => c.kind === 'customer')?.conflicts ?? [];
      // The field both changed is shown side by side: the actor's value and the other agent's.
      expect(choices.find((c) => c.field === 'address'), 'address is a choice with both values').to.deep.equal({ field: 'address', mine: addressOf(actor), theirs: addressOf(other) });
      // Every field comes out as chosen: the other's address; the name only A changed, the field only B changed,
      // the email the actor just typed (each either merged already or offered as a choice with both values).
      const expected: CustomerData = {
        ...dataOf('customer', carmen),
        ...EXPECTED_FINAL,
        address: addressOf(other),
        emails: ['carmen@example.com'],
      };
      for (const choice of choices) {
        const want = (expected as unknown as Record<string, unknown>)[choice.field];
        const side = JSON.stringify(choice.theirs) === JSON.stringify(want) ? 'theirs' : 'mine';
        expect(JSON.stringify(side === 'theirs' ? choice.theirs : choice.mine), `a side of ${choice.field} is the value to keep`).to.equal(JSON.stringify(want));
        session.choose(carmen.id, 'customer', choice.field, side);
      }
      expect(session.workspace(carmen.id)!.choices).to.deep.equal([]);
      expect(session.workspace(carmen.id)!.customerDraft).to.deep.equal(expected);
      const saved = await session.save(carmen.id);
      expect(saved.ok, `the save after choosing (${saved.ok ? '' : saved.reason})`).to.equal(true);

      // Both nodes: one version, exactly the chosen values, no `_conflicts`.
      await inSync(replicas);
      const rev = session.workspace(carmen.id)!.customer!.rev;
      for (const node of NODES) {
        const doc = await docOn(replicas, node, carmen.id);
        expect(doc._conflicts, `no _conflicts on node ${node + 1}`).to.equal(undefined);
        expect(doc._rev).to.equal(rev);
        expect(dataOf('customer', doc as unknown as Customer), `node ${node + 1}`).to.deep.equal(expected);
        expect((await leavesOn(replicas, node, carmen.id)).live).to.have.length(1);
      }
      // The other agent, who typed nothing since, hears the chosen version through its node's change feed:
      // on screen, or as the version a caution about the conflict now offers.
      const heard = () => {
        const ws = other.session.workspace(carmen.id)!;
        return ws.customer?.rev === rev || ws.cautions.some((c) => c.kind === 'customer' && c.theirs.rev === rev);
      };
      await waitUntil(heard, `${other.agentId} hears the chosen version`, { timeout: 10000 });
      const otherWs = other.session.workspace(carmen.id)!;
      if (!otherWs.cautions.length) expect(otherWs.customerDraft).to.deep.equal(expected);
    }

    for (const acting of ['winner', 'loser'] as const) {
      it(`the agent whose version ${acting === 'winner' ? 'won' : 'lost'} the conflict saves next: the caution shows both versions, the choice resolves it on both nodes`, async () => {
        const { carmen, winner, revs, sessions } = await savedApart();
        const actor = sessions.find((s) => (revs[s.agentId] === winner) === (acting === 'winner'))!;
        const other = sessions.find((s) => s !== actor)!;
        // Until someone chooses, the acting agent still has its own values on screen, or a caution about
        // them: nothing it saved vanishes silently when the other node's version arrives.
        const ws = actor.session.workspace(carmen.id)!;
        const shown = ws.customerDraft.address === addressOf(actor) || ws.cautions.some((c) => c.kind === 'customer');
        expect(shown, `${actor.agentId} still sees its own address or a caution (shows "${ws.customerDraft.address}")`).to.equal(true);
        await chooseAndSave(actor, other, carmen);
      });
    }
  });
});
