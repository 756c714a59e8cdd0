import { expect, waitUntil } from '@open-wc/testing';
import { BroadcastPresence } from '../../src/store/presence/broadcast.js';
import type { PeerPresence, PresenceState } from '../../src/store/presence/presence.js';
import { FakeClock } from '../helpers/fake-clock.js';

/**
 * Issue #18 item 2 on the embedded store: presence between the tabs of one
 * browser (here: instances in one page, each its own BroadcastChannel, as
 * tabs are). Heartbeats and expiry run on a fake clock shared by both "tabs"
 * (one browser, one clock); messages travel for real.
 */
describe('BroadcastPresence: who else is here, between tabs (issue #18 item 2)', () => {
  let n = 0;
  let name: string;
  const made: BroadcastPresence[] = [];
  const make = (clock: FakeClock) => {
    const presence = new BroadcastPresence(name, { clock, heartbeatMs: 10_000, ttlMs: 30_000 });
    made.push(presence);
    return presence;
  };
  const ana = (customerId = 'customer:1', doing: 'viewing' | 'editing-request' = 'viewing'): PresenceState => ({
    agentId: 'ana',
    name: 'Ana',
    entries: [{ customerId, doing, since: '2026-11-22T10:00:00.000Z' }],
  });
  const names = (peers: PeerPresence[]) => peers.map((p) => `${p.name}:${p.entries.map((e) => `${e.customerId}/${e.doing}`).join(',')}`);

  beforeEach(() => {
    name = `presence-test-${Date.now()}-${n++}`;
  });
  afterEach(() => {
    for (const presence of made.splice(0)) presence.close();
  });

  it('hears another tab publish, change and withdraw its state, and never hears itself', async () => {
    const clock = new FakeClock();
    const a = make(clock);
    const b = make(clock);
    a.publish(ana());
    await waitUntil(() => b.peers().length === 1, 'b hears a');
    expect(names(b.peers())).to.deep.equal(['Ana:customer:1/viewing']);
    expect(a.peers()).to.deep.equal([]);
    a.publish(ana('customer:1', 'editing-request'));
    await waitUntil(() => b.peers()[0]?.entries[0]?.doing === 'editing-request', 'b hears the change');
    a.publish(undefined);
    await waitUntil(() => b.peers().length === 0, 'b hears it withdrawn');
  });

  it('tells a tab that opens later what the others are doing (hello), and forgets a tab that closes (bye)', async () => {
    const clock = new FakeClock();
    const a = make(clock);
    a.publish(ana());
    const late = make(clock);
    await waitUntil(() => late.peers().length === 1, 'the late tab hears the state already published');
    a.close();
    await waitUntil(() => late.peers().length === 0, 'gone once the tab closes');
  });

  it('keeps a living tab through its heartbeats and drops a silent one (a crashed tab) after its lifetime: no ghost', async () => {
    const clock = new FakeClock();
    const a = make(clock);
    const b = make(clock);
    let changes = 0;
    b.onChange(() => changes++);
    a.publish(ana());
    await waitUntil(() => b.peers().length === 1, 'b hears a');
    // Heartbeats every 10 s keep it: 60 s later it is still there.
    for (let i = 0; i < 6; i++) {
      clock.tick(10_000);
      // Each heartbeat crosses the channel (a real message) before the next tick: b counts it from when it heard it.
      await waitUntil(() => b.peers()[0]?.expiresAt === clock.now() + 30_000, `b hears heartbeat ${i + 1}`);
    }
    expect(b.peers().length).to.equal(1);
    // The tab dies without a word: its heartbeat stops (closing the channel here says nothing).
    (a as unknown as { channel: BroadcastChannel }).channel.close();
    clock.tick(29_000);
    expect(b.peers().length, 'still within its lifetime').to.equal(1);
    const before = changes;
    clock.tick(1_500);
    expect(b.peers()).to.deep.equal([]);
    expect(changes, 'listeners told when it expired').to.equal(before + 1);
  });

  it('ignores malformed messages from another client and keeps working', async () => {
    const clock = new FakeClock();
    const b = make(clock);
    const rogue = new BroadcastChannel(`customer-context-presence:${name}`);
    const bad: unknown[] = [
      null,
      'state',
      { type: 'state' },
      { type: 'state', source: 'x', agentId: 42, name: 'X', entries: [] },
      { type: 'state', source: 'y', agentId: 'y', name: 'Y', entries: 'nope', ttlMs: 1e12 },
      { type: 'state', source: 'z', agentId: 'z', name: { toString: 1 }, entries: [{ customerId: 'customer:1', doing: 'hacking', since: 'x' }] },
      { type: 'bye' },
      { type: 'unknown', source: 'w' },
    ];
    for (const message of bad) rogue.postMessage(message);
    // One good entry among broken ones: only it is kept; a name that is not text shows as none.
    rogue.postMessage({
      type: 'state',
      source: 'ok',
      agentId: 'eve',
      name: '<img src=x onerror=alert(1)>',
      ttlMs: 30_000,
      entries: [{ customerId: 'customer:2', doing: 'viewing', since: '2026-11-22T10:00:00Z' }, { customerId: 7 }, 'x'],
    });
    await waitUntil(() => b.peers().length === 1, 'the good message is heard');
    expect(b.peers()[0]!.entries).to.deep.equal([{ customerId: 'customer:2', doing: 'viewing', since: '2026-11-22T10:00:00Z' }]);
    expect(b.peers()[0]!.name).to.equal('<img src=x onerror=alert(1)>');
    rogue.close();
  });

  it('stops its heartbeat when withdrawn and when closed (no timer left behind)', async () => {
    const clock = new FakeClock();
    const a = make(clock);
    a.publish(ana());
    expect(clock.pending).to.equal(1);
    a.publish(undefined);
    expect(clock.pending).to.equal(0);
    a.publish(ana());
    a.close();
    expect(clock.pending).to.equal(0);
  });
});
