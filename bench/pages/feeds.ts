// A change feed per agent: 50 agents on one shared CouchDB database, each a real
// `CouchDbStore` following its own 1–3 open customers (`watch`, `POST _changes?
// filter=_selector`); a writer makes N writes spread over opened and unopened
// customers; every change an agent's subscribers receive is counted. Then the
// same with 50 stores that follow the whole database (no `watch`: the feed
// before this session). A browser keeps 6 connections per server, so each agent
// reaches the server through a TCP plug of its own (another port: another
// connection pool), as 50 agents on 50 machines would. Report only.
import { CouchDbStore, type ActivityData, type Customer, type CustomerData, type StoreChange } from 'customer-context';
import { median, percentile, run } from './common.js';

const params = new URLSearchParams(location.search);
const url = params.get('couch')!;
const database = params.get('db')!;
const plugs = params.get('plugs')!.split(',');
const AGENTS = plugs.length;
const CUSTOMERS = 1000;
const WRITES = Number(params.get('writes') ?? 500);
const by = 'bench-writer';

function rng(seed: number): () => number {
  let a = seed;
  return () => (a = (a * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const customerId = (k: number) => `customer:f-${k}`;

function customerData(k: number, address = ''): CustomerData {
  return {
    name: `Feed Customer ${k}`,
    phones: [`+34 611 ${String(100000 + k).slice(0, 3)} ${String(100000 + k).slice(3)}`],
    emails: [`feed${k}@example.com`],
    chatIds: [],
    address,
    fields: {},
  };
}

function customer(k: number): Customer {
  const at = new Date(Date.UTC(2026, 10, 1)).toISOString();
  return { type: 'customer', id: customerId(k), rev: '', createdAt: at, updatedAt: at, updatedBy: by, ...customerData(k) };
}

function activity(customer: string, subject: string): ActivityData {
  return { customerId: customer, requestId: null, channel: 'note', interactionId: null, at: new Date().toISOString(), subject, notes: '', tags: [] };
}

/** Agent `a` has customers `open[a]` open: 1–3 each, no two agents the same one. */
function openCustomers(): string[][] {
  const open: string[][] = [];
  let next = 0;
  for (let a = 0; a < AGENTS; a++) {
    const count = 1 + (a % 3);
    open.push(Array.from({ length: count }, () => customerId(next++)));
  }
  return open;
}

interface Agent {
  store: CouchDbStore;
  open: Set<string>;
  received: number;
  aboutUnopened: number;
  /** Document ids received, when (the sentinel, delivery times). */
  ids: Map<string, number>;
  /** `id rev` of every change received (what was missed). */
  revs: Set<string>;
  polls: number;
  off: () => void;
}

const ownerOf = (change: StoreChange) => (change.record.type === 'customer' ? change.record.id : (change.record as { customerId: string }).customerId);

/**
 * One round: 50 agents (following their open customers, or the whole database),
 * WRITES writes spread over the customers (half about opened ones, half about
 * the 900 nobody has open; 4 in 5 a new activity, 1 in 5 an update of the
 * customer), then a sentinel per agent; counts once every agent has its sentinel.
 */
async function round(writer: CouchDbStore, open: string[][], watched: boolean, seed: number) {
  const agents: Agent[] = [];
  for (let a = 0; a < AGENTS; a++) {
    const store = new CouchDbStore({ url: plugs[a]!, database, changes: { backoff: { initialMs: 100, maxMs: 1000 }, onPoll: () => agent.polls++ } });
    const agent: Agent = { store, open: new Set(open[a]), received: 0, aboutUnopened: 0, ids: new Map(), revs: new Set(), polls: 0, off: () => {} };
    await store.ready();
    if (watched) store.watch(open[a]!);
    agent.off = store.subscribe((change) => {
      if (change.source !== 'remote') return;
      agent.received++;
      if (!agent.ids.has(change.id)) agent.ids.set(change.id, performance.now());
      agent.revs.add(`${change.id} ${change.rev}`);
      if (!agent.open.has(ownerOf(change))) agent.aboutUnopened++;
    });
    agents.push(agent);
  }
  // Every agent's first poll is at the server (a write made before would still come: the feeds start from the seq `ready` read).
  await new Promise((resolve) => setTimeout(resolve, 500));

  const random = rng(seed);
  const opened = open.flat();
  const started = new Map<string, number>();
  /** Writes about each customer. */
  const writesAbout = new Map<string, number>();
  /** The last revision written of each document, and whose it is: what its agent must have received in the end. */
  const revs = new Map<string, string>();
  const owner = new Map<string, string>();
  const t0 = performance.now();
  for (let w = 0; w < WRITES; w++) {
    const about = random() < 0.5 ? opened[Math.floor(random() * opened.length)]! : customerId(opened.length + Math.floor(random() * (CUSTOMERS - opened.length)));
    writesAbout.set(about, (writesAbout.get(about) ?? 0) + 1);
    if (random() < 0.8) {
      const id = `activity:feed-${seed}-${w}`;
      started.set(id, performance.now());
      const made = await writer.create('activity', activity(about, `write ${w}`), { by, id });
      revs.set(id, made.rev);
      owner.set(id, about);
    } else {
      const rev = revs.get(about) ?? (await writer.get('customer', about))!.rev;
      const saved = await writer.update('customer', about, rev, customerData(Number(about.split('-').at(-1)), `Street ${w}`), { by });
      revs.set(about, saved.rev);
      owner.set(about, about);
    }
  }
  const writeMs = performance.now() - t0;
  // One sentinel per agent (watched) or one for all (whole database): the feed is in seq order, so once it is in, every earlier write is.
  const sentinels = watched ? open.map((ids, a) => [a, ids[0]!] as const) : [[-1, opened[0]!] as const];
  for (const [a, about] of sentinels) await writer.create('activity', activity(about, 'sentinel'), { by, id: `activity:sentinel-${seed}-${a}` });
  const deadline = performance.now() + 120_000;
  const sentinelOf = (a: number) => (watched ? `activity:sentinel-${seed}-${a}` : `activity:sentinel-${seed}--1`);
  while (agents.some((agent, a) => !agent.ids.has(sentinelOf(a)))) {
    if (performance.now() > deadline) throw new Error(`agents without their sentinel after 120 s: ${agents.filter((agent, a) => !agent.ids.has(sentinelOf(a))).length}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const agent of agents) {
    agent.off();
    agent.store.close();
  }

  // Counts without the sentinels. A document written twice between two polls comes once, in its last
  // revision (CouchDB's feed lists each document once, at its latest change): missed is a document whose
  // last revision did not reach an agent that follows it.
  const sentinelCount = (agent: Agent) => [...agent.ids.keys()].filter((id) => id.startsWith('activity:sentinel-')).length;
  const received = agents.map((agent) => agent.received - sentinelCount(agent));
  let missed = 0;
  for (const agent of agents) {
    for (const [id, rev] of revs) if ((!watched || agent.open.has(owner.get(id)!)) && !agent.revs.has(`${id} ${rev}`)) missed++;
  }
  const latencies: number[] = [];
  for (const agent of agents) for (const [id, at] of agent.ids) if (started.has(id)) latencies.push(at - started.get(id)!);
  const total = received.reduce((a, b) => a + b, 0);
  return {
    watched,
    agents: AGENTS,
    writes: WRITES,
    writesAboutOpened: opened.reduce((n, id) => n + (writesAbout.get(id) ?? 0), 0),
    writeMs: Math.round(writeMs),
    /** Documents the 50 agents received, all together, for each write. */
    receivedPerWrite: Math.round((total / WRITES) * 1000) / 1000,
    /** The same per agent: what one agent's browser gets for one write somewhere in the database. */
    receivedPerAgentPerWrite: Math.round((total / WRITES / AGENTS) * 10000) / 10000,
    receivedPerAgentMedian: median(received),
    receivedPerAgentMax: Math.max(...received),
    receivedAboutUnopened: agents.reduce((n, agent) => n + agent.aboutUnopened, 0),
    missed,
    pollsPerAgentMedian: median(agents.map((agent) => agent.polls)),
    deliveryMedianMs: Math.round(median(latencies)),
    deliveryP95Ms: Math.round(percentile(latencies, 95)),
  };
}

run(async () => {
  const writer = new CouchDbStore({ url, database, changes: { live: false } });
  await writer.import(Array.from({ length: CUSTOMERS }, (_, k) => customer(k)));
  const open = openCustomers();
  const perAgent = await round(writer, open, true, 1);
  const wholeDatabase = await round(writer, open, false, 2);
  writer.close();
  return {
    perAgent,
    wholeDatabase,
    openPerAgent: open.map((ids) => ids.length).reduce((a, b) => a + b, 0) / AGENTS,
    ratio: Math.round((wholeDatabase.receivedPerWrite / perAgent.receivedPerWrite) * 10) / 10,
  };
});
