import { expect, waitUntil } from '@open-wc/testing';
import type { ContextStore, TagSuggestion } from '../../src/store/context-store.js';
import type { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { AgentSession } from '../../src/session/session.js';
import { searchPage } from '../../src/session/search.js';
import { SUGGEST_DELAY_MS, TagSuggester } from '../../src/session/suggestions.js';
import { activity, customer, freshStore } from '../helpers/data.js';
import { FakeClock } from '../helpers/fake-clock.js';

// Issue #18, item 7: tag suggestions in the session: debounced, and a late answer for an
// older prefix never replaces a newer one. Item 9: a search page says when results are cut.

/** The real store, each `tagSuggestions` answer held until the test releases it (to play replies out of order). */
function heldAnswers(store: IndexedDbStore) {
  const asked: string[] = [];
  const release = new Map<string, () => void>();
  const held = new Proxy(store, {
    get(target, name, receiver) {
      if (name !== 'tagSuggestions') return Reflect.get(target, name, receiver) as unknown;
      return async (prefix: string, limit?: number): Promise<TagSuggestion[]> => {
        const answer = await target.tagSuggestions(prefix, limit);
        // Counted once the store has answered: the test releases it when it chooses.
        await new Promise<void>((resolve) => {
          release.set(prefix, resolve);
          asked.push(prefix);
        });
        return answer;
      };
    },
  }) as ContextStore;
  return { held, asked, release: (prefix: string) => release.get(prefix)!() };
}

describe('tag suggestions in the session (issue #18, item 7)', () => {
  let store: IndexedDbStore;
  let clock: FakeClock;
  beforeEach(async () => {
    store = freshStore();
    clock = new FakeClock();
    const ana = await store.create('customer', customer(), { by: 'a' });
    for (const tags of [['Billing', 'Fibre'], ['billing'], ['Bill later'], ['Fibre']]) await store.create('activity', activity(ana.id, { tags }), { by: 'a' });
  });
  afterEach(async () => store.destroy());

  it('asks the store once, SUGGEST_DELAY_MS after the last keystroke; the earlier calls resolve null', async () => {
    const { held, asked, release } = heldAnswers(store);
    const suggester = new TagSuggester(() => held, { clock });
    const b = suggester.suggest('b');
    clock.tick(SUGGEST_DELAY_MS - 1);
    const bi = suggester.suggest('bi');
    clock.tick(SUGGEST_DELAY_MS - 1);
    const bil = suggester.suggest('bil');
    expect(asked).to.deep.equal([]);
    clock.tick(SUGGEST_DELAY_MS);
    await waitUntil(() => asked.length === 1, 'the store was asked');
    release('bil');
    expect(await b).to.equal(null);
    expect(await bi).to.equal(null);
    expect(await bil).to.deep.equal([
      { tag: 'Billing', count: 2 },
      { tag: 'Bill later', count: 1 },
    ]);
    expect(asked).to.deep.equal(['bil']);
  });

  it('a late answer for an older prefix never replaces a newer one', async () => {
    const { held, asked, release } = heldAnswers(store);
    const suggester = new TagSuggester(() => held, { clock });
    const older = suggester.suggest('b');
    clock.tick(SUGGEST_DELAY_MS);
    await waitUntil(() => asked.length === 1, 'the store was asked');
    const newer = suggester.suggest('fi');
    clock.tick(SUGGEST_DELAY_MS);
    await waitUntil(() => asked.length === 2, 'the store was asked again');
    // The newer answer first, then the older one arrives late.
    release('fi');
    expect(await newer).to.deep.equal([{ tag: 'Fibre', count: 2 }]);
    release('b');
    expect(await older).to.equal(null);
  });

  it('the older answer first does not count either: only the latest call gets an answer', async () => {
    const { held, asked, release } = heldAnswers(store);
    const suggester = new TagSuggester(() => held, { clock });
    const older = suggester.suggest('b');
    clock.tick(SUGGEST_DELAY_MS);
    await waitUntil(() => asked.length === 1, 'the store was asked');
    const newer = suggester.suggest('fi');
    release('b');
    expect(await older).to.equal(null);
    clock.tick(SUGGEST_DELAY_MS);
    await waitUntil(() => asked.length === 2, 'the store was asked again');
    release('fi');
    expect((await newer)?.map((s) => s.tag)).to.deep.equal(['Fibre']);
  });

  it('an emptied input answers [] at once and drops the answer on its way; cancel drops everything', async () => {
    const { held, asked, release } = heldAnswers(store);
    const suggester = new TagSuggester(() => held, { clock });
    const typed = suggester.suggest('b');
    clock.tick(SUGGEST_DELAY_MS);
    await waitUntil(() => asked.length === 1, 'the store was asked');
    expect(await suggester.suggest('  ')).to.deep.equal([]);
    release('b');
    expect(await typed).to.equal(null);
    const waiting = suggester.suggest('f');
    suggester.cancel();
    expect(await waiting).to.equal(null);
    expect(clock.pending).to.equal(0);
  });

  it('a failing store gives no suggestions, never an error', async () => {
    const failing = new Proxy(store, {
      get: (target, name, receiver) => (name === 'tagSuggestions' ? () => Promise.reject(new Error('offline')) : (Reflect.get(target, name, receiver) as unknown)),
    }) as ContextStore;
    const suggester = new TagSuggester(() => failing, { clock });
    const answer = suggester.suggest('b');
    clock.tick(SUGGEST_DELAY_MS);
    expect(await answer).to.deep.equal([]);
  });

  it('AgentSession.suggestTags goes through the same debounce, on the session clock', async () => {
    const session = new AgentSession(store, { clock, agentId: `suggest-${Date.now()}` });
    try {
      const first = session.suggestTags('fib');
      const second = session.suggestTags('bill');
      clock.tick(SUGGEST_DELAY_MS);
      expect(await first).to.equal(null);
      expect((await second)?.map((s) => [s.tag, s.count])).to.deep.equal([['Billing', 2], ['Bill later', 1]]);
    } finally {
      session.dispose();
    }
  });
});

describe('a search page (issue #18, item 9)', () => {
  let store: IndexedDbStore;
  beforeEach(() => (store = freshStore()));
  afterEach(async () => store.destroy());

  it('says whether the results were cut, asking the store for one more than it shows', async () => {
    for (let i = 0; i < 21; i++) await store.create('customer', customer({ name: `Carla ${i}` }), { by: 'a' });
    const cut = await searchPage(store, 'carla');
    expect([cut.hits.length, cut.more, cut.query]).to.deep.equal([20, true, 'carla']);
    const exact = await searchPage(store, 'carla', 21);
    expect([exact.hits.length, exact.more]).to.deep.equal([21, false]);
    const none = await searchPage(store, 'zed');
    expect([none.hits.length, none.more]).to.deep.equal([0, false]);
    expect(await searchPage(store, '  ')).to.deep.equal({ query: '  ', hits: [], more: false });
  });
});
