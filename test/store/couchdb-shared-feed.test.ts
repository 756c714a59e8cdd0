import { expect } from '@open-wc/testing';
import type { Customer } from '../../src/model/index.js';
import type { CouchDbStore } from '../../src/store/couchdb-store.js';
import { couchInfo, couchStore, dropDatabase, freshDatabase } from '../helpers/couch.js';
import { customer } from '../helpers/data.js';
import type { FeedProbe, FeedTab, PollRecord } from './fixtures/feed-tab.js';

/**
 * #21 item 7: one change feed per browser profile and server. Each tab's
 * longpoll held one of the browser's six HTTP/1.1 connections to the server:
 * with eight tabs the seventh and eighth request waited (a lookup for 15 s,
 * then "Unknown contact"). The tabs on one database elect a leader (Web
 * Locks) that polls for all of them and shares the changes (BroadcastChannel).
 *
 * Eight real browsing contexts: iframes of this page loading
 * fixtures/feed-tab.html (same origin, so the same Web Locks, BroadcastChannel
 * and connection pool as tabs of one profile), each with its own CouchDbStore
 * on the test server. Each tab's `_changes` requests are counted by a wrapped
 * `fetch` in that tab, reported to a probe in this page. The test's own writes
 * go through the plug (another port: connections of their own).
 */
describe('CouchDbStore: one change feed per browser profile and server (#21 item 7)', function () {
  // Generous for the old behaviour to fail on its assertions (its lookup gives up after 15 s), not on a timeout.
  this.timeout(90000);
  let database: string;
  let writer: CouchDbStore;
  let probe: FeedProbe;
  let frames: Map<string, HTMLIFrameElement>;
  /** The most `_changes` requests open at once (tabs removed excepted). */
  let maxOpen: number;
  let checks: Array<() => void>;

  const open = () => probe.polls.filter((poll) => poll.state === 'open');
  const ended = () => probe.polls.filter((poll) => poll.state === 'ended').length;

  /** Resolves once `ready` holds: checked now and on every report of the tabs. */
  function until(ready: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!ready()) return;
        checks.splice(checks.indexOf(check), 1);
        resolve();
      };
      checks.push(check);
      check();
    });
  }

  beforeEach(async () => {
    database = await freshDatabase();
    const { plugUrl } = await couchInfo();
    writer = await couchStore(database, { via: plugUrl ? 'plug' : 'direct', changes: { live: false } });
    frames = new Map();
    maxOpen = 0;
    checks = [];
    probe = {
      polls: [],
      hold: undefined,
      tabs: new Map(),
      update() {
        maxOpen = Math.max(maxOpen, open().length);
        for (const check of [...checks]) check();
      },
    };
    window.feedProbe = probe;
  });

  afterEach(async () => {
    for (const frame of frames.values()) frame.remove();
    writer.close();
    delete window.feedProbe;
    await dropDatabase(database);
  });

  /** Opens a tab (an iframe) whose store watches `watch`; resolves with it once it is subscribed. */
  async function openTab(name: string, watch: readonly string[], extra: Record<string, string> = {}): Promise<FeedTab> {
    const { url, headers } = await couchInfo();
    const frame = document.createElement('iframe');
    const query = new URLSearchParams({ tab: name, url, database, headers: JSON.stringify(headers), watch: watch.join(','), ...extra });
    frame.src = `/test/store/fixtures/feed-tab.html?${query}`;
    frames.set(name, frame);
    document.body.append(frame);
    await until(() => probe.tabs.has(name));
    return probe.tabs.get(name)!;
  }

  /** Closes a tab: its requests go with it (its own fetch wrapper is gone, so they are marked ended here). */
  function closeTab(name: string): void {
    frames.get(name)!.remove();
    frames.delete(name);
    probe.tabs.delete(name);
    for (const poll of probe.polls) if (poll.tab === name) poll.state = 'ended';
  }

  async function customers(count: number): Promise<Customer[]> {
    return Promise.all(Array.from({ length: count }, (_, i) => writer.create('customer', customer({ name: `Customer ${i}` }), { by: 'other' })));
  }

  /** Tab i watches customer i; tab 7 watches customer 0 too (two tabs on one customer). */
  function watches(people: readonly Customer[]): string[][] {
    return people.map((person, i) => (i === 7 ? [person.id, people[0]!.id] : [person.id]));
  }

  /** Opens the eight tabs at once and waits until the feed follows every tab's customers. */
  async function eightTabs(people: readonly Customer[]): Promise<FeedTab[]> {
    const tabs = await Promise.all(watches(people).map((ids, i) => openTab(`tab-${i}`, ids)));
    await until(() => people.every((person) => open().some((poll) => poll.body.includes(person.id))));
    return tabs;
  }

  const ids = (tab: FeedTab) => [...new Set(tab.remote.map((change) => change.id))].sort();
  const sinceOf = (poll: PollRecord) => new URL(poll.url).searchParams.get('since');

  it('eight tabs hold one longpoll between them; a lookup in the eighth answers while all follow the feed; each tab receives its customers’ changes and nothing else', async () => {
    const people = await customers(8);
    const caller = await writer.create('customer', customer({ name: 'Caller', phones: ['+34 600 123 456'] }), { by: 'other' });
    const stranger = await writer.create('customer', customer({ name: 'Watched by no tab' }), { by: 'other' });
    const tabs = await eightTabs(people);

    // A call comes in on the eighth tab while every tab follows the feed: the lookup answers
    // while the longpoll is still open (no poll ended in the meantime: it did not wait for one).
    const endedBefore = ended();
    const found = await tabs[7]!.store.findByContact({ phone: '34600123456' }).catch((error: unknown) => error);
    // (An error thrown in the tab is of the tab's realm: not `instanceof Error` here.)
    expect(Array.isArray(found) ? (found as Customer[]).map((c) => c.id) : `lookup failed: ${String(found)}`).to.deep.equal([caller.id]);
    expect(ended(), 'polls ended while the lookup ran').to.equal(endedBefore);

    // One longpoll for the eight, made by one tab, selecting every tab's customers.
    expect(open().length, 'longpolls open now').to.equal(1);
    expect(maxOpen, 'longpolls ever open at once').to.equal(1);
    expect(new Set(probe.polls.map((poll) => poll.tab)).size, 'tabs that polled').to.equal(1);
    const leader = open()[0]!.tab;

    // Another agent writes: first about a customer no tab watches, then about each tab's customer.
    await writer.update('customer', stranger.id, stranger.rev, { ...stranger, address: 'Nobody watches' }, { by: 'other' });
    const written = await Promise.all(people.map((p) => writer.update('customer', p.id, p.rev, { ...p, address: 'Changed' }, { by: 'other' })));
    const expected = watches(people).map((list) => [...list].sort());
    await until(() => tabs.every((tab, i) => expected[i]!.every((id) => tab.remote.some((c) => c.id === id && c.rev === written.find((w) => w.id === id)!.rev))));
    tabs.forEach((tab, i) => expect(ids(tab), tab.name).to.deep.equal(expected[i]));

    // A write by one tab comes back through the shared feed: the tab that wrote it skips it (its own
    // write, announced as local), the other tab watching that customer receives it. The writing tab is a follower.
    const [mine, theirs] = leader === 'tab-0' ? [tabs[7]!, tabs[0]!] : [tabs[0]!, tabs[7]!];
    const base = written[0]!;
    const own = await mine.store.update('customer', base.id, base.rev, { ...base, address: 'Written in a tab' }, { by: 'agent' });
    await until(() => theirs.remote.some((c) => c.rev === own.rev));
    const sentinel = await writer.update('customer', own.id, own.rev, { ...own, address: 'Sentinel' }, { by: 'other' });
    await until(() => [mine, theirs].every((tab) => tab.remote.some((c) => c.rev === sentinel.rev)));
    expect(mine.remote.filter((c) => c.id === base.id).map((c) => c.rev)).to.deep.equal([base.rev, sentinel.rev]);
    expect(theirs.remote.filter((c) => c.id === base.id).map((c) => c.rev)).to.deep.equal([base.rev, own.rev, sentinel.rev]);

    expect(maxOpen, 'longpolls ever open at once').to.equal(1);
    expect(new Set(probe.polls.map((poll) => poll.tab))).to.deep.equal(new Set([leader]));
  });

  it('when the leading tab closes another takes over from the last seq it broadcast: a change made in between is delivered', async () => {
    const people = await customers(8);
    const tabs = await eightTabs(people);
    expect(open().map((poll) => poll.tab), 'tabs holding a longpoll').to.have.length(1);
    const leader = open()[0]!.tab;
    const survivors = tabs.filter((tab) => tab.name !== leader);

    // A first change, so that the leader has broadcast a seq.
    const [first, second] = survivors;
    const firstCustomer = people[tabs.indexOf(first!)]!;
    const one = await writer.update('customer', firstCustomer.id, firstCustomer.rev, { ...firstCustomer, address: 'One' }, { by: 'other' });
    await until(() => first!.remote.some((c) => c.rev === one.rev));
    const lastSeq = probe.polls.filter((poll) => poll.tab === leader && poll.lastSeq !== undefined).at(-1)!.lastSeq;
    expect(lastSeq).to.be.a('string');

    // The leading tab closes. New polls are held back until a change has been made in between.
    let release!: () => void;
    probe.hold = new Promise((resolve) => (release = resolve));
    const before = probe.polls.length;
    closeTab(leader);
    maxOpen = 0;
    await until(() => probe.polls.slice(before).some((poll) => poll.state === 'held'));
    const secondCustomer = people[tabs.indexOf(second!)]!;
    const between = await writer.update('customer', secondCustomer.id, secondCustomer.rev, { ...secondCustomer, address: 'In between' }, { by: 'other' });
    probe.hold = undefined;
    release();

    await until(() => second!.remote.some((c) => c.rev === between.rev));
    const taken = probe.polls.slice(before);
    const successor = taken[0]!.tab;
    expect(successor).not.to.equal(leader);
    expect(sinceOf(taken[0]!), 'where the new leader starts').to.equal(lastSeq);
    expect(new Set(taken.map((poll) => poll.tab)), 'tabs that polled after the leader closed').to.deep.equal(new Set([successor]));
    expect(maxOpen, 'longpolls open at once after the handover').to.equal(1);

    // Every remaining tab still receives its own customers' changes, through the new leader.
    const remaining = survivors.map((tab) => people[tabs.indexOf(tab)]!);
    const last = await Promise.all(
      remaining.map((p) => {
        const current = p.id === one.id ? one : p.id === between.id ? between : p;
        return writer.update('customer', p.id, current.rev, { ...current, address: 'Last' }, { by: 'other' });
      }),
    );
    await until(() => survivors.every((tab, i) => tab.remote.some((c) => c.rev === last[i]!.rev)));
    survivors.forEach((tab) => {
      const watched = watches(people)[tabs.indexOf(tab)]!;
      expect(ids(tab).filter((id) => !watched.includes(id)), `${tab.name}: changes of customers it does not watch`).to.deep.equal([]);
    });
    expect(maxOpen, 'longpolls open at once after the handover').to.equal(1);
  });

  it('without BroadcastChannel each tab polls for itself, as before', async () => {
    const people = await customers(2);
    const tabs = await Promise.all(people.map((p, i) => openTab(`alone-${i}`, [p.id], { share: '0' })));
    await until(() => open().length === 2);
    expect(new Set(open().map((poll) => poll.tab))).to.deep.equal(new Set(['alone-0', 'alone-1']));
    const written = await Promise.all(people.map((p) => writer.update('customer', p.id, p.rev, { ...p, address: 'Changed' }, { by: 'other' })));
    await until(() => tabs.every((tab, i) => tab.remote.some((c) => c.rev === written[i]!.rev)));
    tabs.forEach((tab, i) => expect(ids(tab)).to.deep.equal([people[i]!.id]));
  });
});
