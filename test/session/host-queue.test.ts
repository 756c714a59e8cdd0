import { expect } from '@open-wc/testing';
import type { HostEvent } from '../../src/model/index.js';
import { AT_ONCE, HostQueue, MAX_IN_FLIGHT } from '../../src/session/host-queue.js';

const started = (i: number): HostEvent => ({ type: 'interaction.started', interactionId: `s-${i}`, channel: 'chat', from: { chatId: `v-${i}` }, at: '2026-12-01T09:00:00.000Z' });

describe('HostQueue (issue #20: a burst of host events)', () => {
  it(`a burst opens at most ${MAX_IN_FLIGHT} work areas at a time, all of them in the end, in order; the session is told when it begins and ends`, async () => {
    const acted: string[] = [];
    let opening = 0;
    /** The most work areas opening at one time (the first MAX_IN_FLIGHT begun at once included). */
    let most = 0;
    let open = 0;
    const told: Array<{ on: boolean; acted: number; open: number }> = [];
    const drains: Array<Promise<void>> = [];
    const queue = new HostQueue(
      (event) => {
        acted.push((event as { interactionId: string }).interactionId);
        most = Math.max(most, ++opening);
        // A store answer comes back in a task of its own.
        return new Promise<void>((resolve) =>
          setTimeout(() => {
            opening--;
            open++;
            resolve();
          }, 0),
        );
      },
      (work) => void drains.push(work),
      () => false,
      (on) => void told.push({ on, acted: acted.length, open }),
    );
    const count = 6 * MAX_IN_FLIGHT;
    for (let i = 0; i < count; i++) queue.take(started(i));
    expect(acted.length, 'begun at once').to.equal(MAX_IN_FLIGHT);
    expect(queue.size).to.equal(count - MAX_IN_FLIGHT);
    expect(queue.status(`s-${count - 1}`)).to.equal('started');
    expect(told, 'told at the first event held back').to.deep.equal([{ on: true, acted: MAX_IN_FLIGHT, open: 0 }]);
    await Promise.all(drains);
    expect(acted).to.deep.equal(Array.from({ length: count }, (_, i) => `s-${i}`));
    expect(most).to.equal(MAX_IN_FLIGHT);
    expect(told[1], 'told once every work area it began is open').to.deep.equal({ on: false, acted: count, open: count });
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
