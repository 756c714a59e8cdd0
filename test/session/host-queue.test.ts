import { expect } from '@open-wc/testing';
import type { HostEvent } from '../../src/model/index.js';
import { AT_ONCE, HostQueue, MAX_OPENING } from '../../src/session/host-queue.js';

const started = (i: number): HostEvent => ({ type: 'interaction.started', interactionId: `s-${i}`, channel: 'chat', from: { chatId: `v-${i}` }, at: '2026-12-01T09:00:00.000Z' });

describe('HostQueue (issue #20: a burst of host events)', () => {
  it(`a burst begins at most ${MAX_OPENING} work areas per slice, all of them in the end, in order`, async () => {
    const acted: string[] = [];
    /** Work areas begun per slice: a slice acts synchronously, so a microtask marks its end. */
    const slices: number[] = [];
    let inSlice = false;
    const drains: Array<Promise<void>> = [];
    const queue = new HostQueue(
      (event) => {
        if (!inSlice) {
          inSlice = true;
          slices.push(0);
          queueMicrotask(() => (inSlice = false));
        }
        acted.push((event as { interactionId: string }).interactionId);
        slices[slices.length - 1]! += 1;
        return Promise.resolve();
      },
      (work) => void drains.push(work),
      () => false,
    );
    const count = AT_ONCE + 5 * MAX_OPENING;
    for (let i = 0; i < count; i++) queue.take(started(i));
    expect(acted.length, 'acted on at once').to.equal(AT_ONCE);
    expect(queue.size).to.equal(count - AT_ONCE);
    expect(queue.status(`s-${count - 1}`)).to.equal('started');
    await Promise.all(drains);
    expect(acted).to.deep.equal(Array.from({ length: count }, (_, i) => `s-${i}`));
    expect(slices[0]).to.equal(AT_ONCE);
    expect(slices.slice(1)).to.deep.equal([MAX_OPENING, MAX_OPENING, MAX_OPENING, MAX_OPENING, MAX_OPENING]);
    expect(queue.size).to.equal(0);
    expect(queue.status(`s-${count - 1}`)).to.equal(undefined);
  });

  it('a disposed session drops the events still waiting', async () => {
    const acted: HostEvent[] = [];
    const drains: Array<Promise<void>> = [];
    let stopped = false;
    const queue = new HostQueue((event) => void acted.push(event), (work) => void drains.push(work), () => stopped);
    for (let i = 0; i < AT_ONCE + 10; i++) queue.take({ type: 'agent.state', state: 'ready' });
    stopped = true;
    await Promise.all(drains);
    expect(acted.length).to.equal(AT_ONCE);
    expect(queue.size).to.equal(0);
  });
});
