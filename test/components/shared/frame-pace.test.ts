import { expect } from '@open-wc/testing';
import { FramePace } from '../../../src/components/shared/frame-pace.js';

describe('FramePace (issue #20: a burst drawn once per frame)', () => {
  it('without a burst an update goes at once, before the next frame', async () => {
    const pace = new FramePace();
    const order: string[] = [];
    requestAnimationFrame(() => order.push('frame'));
    await pace.turn(false);
    order.push('update');
    expect(order).to.deep.equal(['update']);
  });

  it('in a burst every update asked for before a frame goes in that frame, together, and the next ones in the next frame', async () => {
    const pace = new FramePace();
    const order: string[] = [];
    const first = [pace.turn(true).then(() => order.push('a')), pace.turn(true).then(() => order.push('b'))];
    // Asked for after the pace asked for its frame: runs after it, in the same frame.
    requestAnimationFrame(() => order.push('frame 1'));
    await Promise.all(first);
    expect(order).to.deep.equal(['a', 'b']);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(order).to.deep.equal(['a', 'b', 'frame 1']);
    await pace.turn(true);
    order.push('c');
    expect(order).to.deep.equal(['a', 'b', 'frame 1', 'c']);
  });
});
