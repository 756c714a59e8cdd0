import { expect } from '@open-wc/testing';
import { CLOSED_KEPT } from '../../src/session/core.js';
import { DraftStore } from '../../src/session/drafts.js';
import { AgentSession } from '../../src/session/session.js';
import type { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { customer, freshStore } from '../helpers/data.js';
import { MemoryStorage } from '../helpers/session.js';

// Issue #20 item 2 (a shift in minutes): what the session keeps besides its open work must not
// grow with every interaction it handled. Counted through `footprint()`, after many open/close
// cycles on the real embedded store: known customers (their history chart is read), new contacts
// (their form is asked about for likely duplicates) and the interactions themselves.

const AT = '2026-11-22T10:00:00.000Z';

describe('leaks: the session after many interactions opened and closed (issue #20)', () => {
  let store: IndexedDbStore;
  let session: AgentSession;

  beforeEach(() => {
    store = freshStore();
    session = new AgentSession(store, { agentId: 'agent-leaks', drafts: new DraftStore('agent-leaks', undefined, new MemoryStorage()), duplicatesDelayMs: 0 });
  });
  afterEach(async () => {
    session.dispose();
    await store.destroy();
  });

  async function cycle(n: number, from: Record<string, string>): Promise<void> {
    const interactionId = `leak-${n}`;
    expect(session.receive({ type: 'interaction.started', interactionId, channel: 'voice', from, at: AT }).ok).to.equal(true);
    await session.idle();
    const workspace = session.state.open.find((w) => w.interaction?.interactionId === interactionId)!;
    if (!workspace.customer) {
      // A new contact: the agent types a name (asked about for likely duplicates), then leaves without creating.
      session.editCustomer(workspace.key, { ...workspace.customerDraft, name: `Someone ${n}` });
      await session.idle();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await session.historySettled();
    const outcome = await session.close(workspace.key, workspace.customer ? null : 'discard');
    expect(outcome.ok, `close ${n}`).to.equal(true);
    await session.idle();
  }

  it('history reads, duplicate forms and remembered interactions stay bounded, whatever the number of interactions', async function () {
    this.timeout(60_000);
    const known = [];
    for (let k = 0; k < 10; k++) known.push(await store.create('customer', customer({ name: `Known ${k}`, phones: [`+34 600 000 ${String(k).padStart(3, '0')}`] }), { by: 'x' }));
    const cycles = CLOSED_KEPT + 30;
    for (let n = 0; n < cycles; n++) {
      await cycle(n, n % 3 === 0 ? { email: `new-${n}@example.net` } : { phone: `+34 600 000 ${String(n % 10).padStart(3, '0')}` });
    }
    await session.historySettled();
    const after = session.footprint();
    expect(session.state.open).to.have.length(0);
    // No history read kept once over, nothing of a closed form, at most CLOSED_KEPT closed interactions remembered (not `cycles`).
    expect({ historyReads: after.historyReads, duplicateForms: after.duplicateForms, interactions: after.interactions }).to.deep.equal({ historyReads: 0, duplicateForms: 0, interactions: CLOSED_KEPT });
    expect(after.working + after.endedEarly + after.acceptedHere + after.unrestored + after.offerTimers).to.equal(0);
  });

  it('a late event of a recently closed interaction is still known as its own; one long forgotten is refused as out of order', async function () {
    this.timeout(60_000);
    await store.create('customer', customer({ name: 'Ana', phones: ['+34 600 000 001'] }), { by: 'x' });
    for (let n = 0; n < CLOSED_KEPT + 1; n++) await cycle(n, { phone: '+34 600 000 001' });
    const last = `leak-${CLOSED_KEPT}`;
    expect(session.receive({ type: 'interaction.ended', interactionId: last, at: AT }).ok, 'the last one closed').to.equal(true);
    expect(session.receive({ type: 'interaction.started', interactionId: last, channel: 'voice', from: { phone: '+34 600 000 001' }, at: AT }).ok, 'started twice').to.equal(false);
    const forgotten = session.receive({ type: 'interaction.ended', interactionId: 'leak-0', at: AT });
    expect(forgotten.ok).to.equal(false);
  });
});
