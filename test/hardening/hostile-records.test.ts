import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { openDB } from 'idb';
import '../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import { readRecord, validateRecord, type AnyRecord } from '../../src/model/index.js';
import type { ContextStore } from '../../src/store/context-store.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { searchKeys } from '../../src/store/keys.js';
import { designDoc } from '../../src/setup/design.js';
import { couchInfo, couchJson, couchStore, dropDatabase, freshDatabase } from '../helpers/couch.js';
import { buttonNamed, find, findAll, settle } from '../helpers/gadget.js';
import { watchUncaught } from '../helpers/hardening.js';
import { until } from '../helpers/session.js';

// #16 item 3: records another client stored against the rules (or stored before
// the server had rules) never freeze or break the gadget. Each hostile shape is
// put straight into each store — raw IndexedDB writes; CouchDB documents written
// before the design document (its validate_doc_update) was installed — then each
// is opened by a call, searched, previewed and closed through the gadget: no task
// over 200 ms (PerformanceObserver 'longtask'), no uncaught error, the other
// records unaffected, nothing rendered as markup, nothing saved back unasked.

const AT = '2026-11-22T10:00:00.000Z';
const FIVE_MB = 'x'.repeat(5 * 1024 * 1024);
const meta = { createdAt: AT, updatedAt: AT, updatedBy: 'other-system', rev: '1-a' };
const customerBase = { phones: [], emails: [], chatIds: [], address: '', fields: {} };

interface Hostile {
  /** What the call that opens it comes from. */
  from: { phone?: string; email?: string };
  /** What the search types, and the text its result shows. */
  query: string;
  record: Record<string, unknown>;
}

const HOSTILE: Record<string, Hostile> = {
  'a 5 MB name': {
    from: { phone: '+34 699 000 001' },
    query: 'Hostile',
    record: { ...customerBase, ...meta, type: 'customer', id: 'customer:huge', name: `Hostile ${FIVE_MB}`, phones: ['+34 699 000 001'] },
  },
  'wrong types': {
    from: { email: 'wrong@example.com' },
    query: 'wrong@',
    record: { ...meta, type: 'customer', id: 'customer:wrong', name: 42, phones: 'not a list', emails: ['wrong@example.com', 7], chatIds: null, address: { a: 1 }, fields: 'x' },
  },
  'missing fields': {
    from: { phone: '+34 699 000 003' },
    query: 'Missing',
    record: { type: 'customer', id: 'customer:missing', name: 'Missing Fields', phones: ['+34 699 000 003'] },
  },
  '__proto__ and constructor keys': {
    from: { phone: '+34 699 000 004' },
    query: 'Proto',
    record: JSON.parse(
      `{"type":"customer","id":"customer:proto","name":"Proto Keys","phones":["+34 699 000 004"],"emails":[],"chatIds":[],"address":"","createdAt":"${AT}","updatedAt":"${AT}","updatedBy":"x","rev":"1-a","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"fields":{"__proto__":"y","constructor":"z","ok":"kept"}}`,
    ) as Record<string, unknown>,
  },
  'markup in the name': {
    from: { phone: '+34 699 000 005' },
    query: 'Markup',
    record: { ...customerBase, ...meta, type: 'customer', id: 'customer:markup', name: 'Markup <img src=x onerror="window.__pwned=1">', phones: ['+34 699 000 005'] },
  },
  '10,000 tags, duplicate tags, a broken request and activity in the journey': {
    from: { phone: '+34 699 000 006' },
    query: 'Tag Heavy',
    record: { ...customerBase, ...meta, type: 'customer', id: 'customer:tags', name: 'Tag Heavy', phones: ['+34 699 000 006'] },
  },
};

/** The journey of the last customer: hostile activities and a request. */
const JOURNEY: Array<Record<string, unknown>> = [
  { ...meta, type: 'activity', id: 'activity:many-tags', customerId: 'customer:tags', requestId: null, channel: 'voice', interactionId: null, at: '2026-11-01T10:00:00.000Z', subject: 'Many tags', notes: FIVE_MB, tags: Array.from({ length: 10_000 }, (_, i) => `tag ${i}`) },
  { ...meta, type: 'activity', id: 'activity:dup-tags', customerId: 'customer:tags', requestId: null, channel: 'chat', interactionId: null, at: '2026-11-02T10:00:00.000Z', subject: 'Duplicate tags', notes: '', tags: ['vip', 'VIP', ' vip ', ''] },
  { ...meta, type: 'activity', id: 'activity:broken', customerId: 'customer:tags', channel: 'fax', at: 'yesterday', tags: 'none' },
  { ...meta, type: 'request', id: 'request:broken', customerId: 'customer:tags', title: 123, description: null, status: 'weird', openedAt: '2026-10-01T10:00:00.000Z', closedAt: null },
];

const NORMAL = { ...customerBase, ...meta, type: 'customer', id: 'customer:normal', name: 'Normal Person', phones: ['+34 699 000 099'] };

/** The search keys a raw record would have been indexed by (best effort, as an older client would have). */
function rawKeys(raw: Record<string, unknown>) {
  return searchKeys(readRecord(raw.type as AnyRecord['type'], raw));
}

const STORES = {
  async indexeddb(): Promise<{ store: ContextStore; done: () => Promise<void> }> {
    const name = `hostile-${Date.now()}-${Math.random()}`;
    const store = new IndexedDbStore({ name });
    await store.search('warm up'); // creates the database and its indexes
    const db = await openDB(name);
    const storeOf = { customer: 'customers', request: 'requests', activity: 'activities' } as const;
    for (const raw of [NORMAL, ...Object.values(HOSTILE).map((h) => h.record), ...JOURNEY]) {
      await db.put(storeOf[raw.type as keyof typeof storeOf], { ...raw, _k: rawKeys(raw) });
    }
    db.close();
    return { store, done: async () => store.close() };
  },
  async couchdb(): Promise<{ store: ContextStore; done: () => Promise<void> }> {
    // Written while the database had no rules; the design document (views and rules) comes after.
    const database = await freshDatabase({ design: false });
    const docs = [NORMAL, ...Object.values(HOSTILE).map((h) => h.record), ...JOURNEY].map(({ id, ...rest }) => ({ ...Object.fromEntries(Object.entries(rest).filter(([k]) => k !== "rev")), _id: String(id) }));
    for (const doc of docs) {
      const { url, headers } = await couchInfo();
      // The parsed record's own `__proto__` key is kept by the spread and written by JSON.stringify.
      const body = JSON.stringify(doc);
      if (doc._id === 'customer:proto') expect(body).to.contain('"__proto__"');
      const response = await fetch(`${url}/${database}/${encodeURIComponent(doc._id)}`, { method: 'PUT', headers: { ...headers, 'Content-Type': 'application/json' }, body });
      expect(response.status, `stored ${doc._id}`).to.equal(201);
    }
    expect((await couchJson('PUT', `/${database}/_design/cc-v2`, designDoc())).status).to.equal(201);
    const store = await couchStore(database);
    return {
      store,
      done: async () => {
        store.close();
        await dropDatabase(database);
      },
    };
  },
};

/** The longest main-thread task (ms) of reading customer `id` from `store`, over 3 reads (0 when none passes 50 ms). */
async function readingFloor(store: ContextStore, id: string): Promise<number> {
  let worst = 0;
  const watch = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) worst = Math.max(worst, entry.duration);
  });
  watch.observe({ type: 'longtask' });
  for (let i = 0; i < 3; i++) await store.get('customer', id);
  // Long tasks are reported after they end: one more turn of the event loop delivers the last.
  await new Promise((resolve) => setTimeout(resolve, 0));
  for (const entry of watch.takeRecords()) worst = Math.max(worst, entry.duration);
  watch.disconnect();
  return worst;
}

function text(node: Element | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

for (const [storeName, open] of Object.entries(STORES)) {
  describe(`Hostile records already stored, ${storeName} (#16 item 3)`, function () {
    this.timeout(120000);
    let el: CustomerContext;
    let done: () => Promise<void>;
    let longest = 0;
    /** The longest task of reading the record under test straight from the store: what receiving it costs the browser now. */
    let floor = 0;
    let store: ContextStore;
    let observer: PerformanceObserver;
    let uncaught: ReturnType<typeof watchUncaught>;

    before(async () => {
      localStorage.clear();
      const opened = await open();
      done = opened.done;
      // One gadget for the whole describe (a `fixture` would be removed after each test).
      el = document.createElement('customer-context');
      el.setAttribute('agent-id', 'agent-h');
      store = opened.store;
      el.store = opened.store;
      document.body.append(el);
      await el.ready;
      observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
      });
      observer.observe({ type: 'longtask' });
      uncaught = watchUncaught();
    });
    after(async () => {
      observer.disconnect();
      uncaught.stop();
      el.remove();
      await done();
    });
    beforeEach(() => {
      longest = 0;
      floor = 0;
    });
    afterEach(function () {
      expect(uncaught.errors).to.deep.equal([]);
      // 200 ms, or 3 × what the browser takes right now to receive the record from the store (a 5 MB value read
      // from IndexedDB, a 5 MB document fetched and parsed), whichever is more: on a loaded machine that floor
      // grows with everything else. A freeze (9.1 s before #16) fails either way.
      expect(longest, `longest main-thread task (ms) in "${this.currentTest?.title}" (floor ${Math.round(floor)} ms)`).to.be.below(Math.max(200, 3 * floor));
      expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    let n = 0;
    for (const [shape, hostile] of Object.entries(HOSTILE)) {
      it(`${shape}: opens by a call, searches, previews and closes, nothing saved back`, async () => {
        const session = el.agentSession!;
        const interactionId = `hostile-${n++}`;
        const id = hostile.record.id as string;
        floor = await readingFloor(store, id);
        expect(el.receive({ type: 'interaction.started', interactionId, channel: 'voice', from: hostile.from, at: AT })).to.deep.equal({ ok: true });
        await until(session, () => session.workspace(id)?.activity != null);
        await session.idle();
        // Focus was left in the search box by the test before: a call then waits in Open (R7.1); show it.
        session.activate(id);
        await settle(el);
        const ws = session.workspace(id)!;
        // What is shown fits the model: no text over 2,000 characters, no more than 100 tags.
        expect(ws.customer!.name.length).to.be.at.most(2000);
        expect(text(find(el, '.customer-name')).length).to.be.below(2100);
        const isDamaged = shape !== 'markup in the name' && shape.startsWith('10,000') === false;
        expect(session.damaged(ws).includes('customer'), 'customer shown as damaged').to.equal(isDamaged);
        if (isDamaged) expect(find(el, '[part=damage]')).to.not.equal(null);
        if (shape === 'wrong types') expect(text(find(el, '.customer-name'))).to.contain('This record cannot be shown (invalid data): customer:wrong');
        if (shape === 'markup in the name') expect(find(el, '.customer-name img')).to.equal(null);

        // The journey: every entry shown within the limits, broken ones named by their id.
        const journey = find<HTMLElement & { updateComplete: Promise<unknown> }>(el, 'journey-view')!;
        await journey.updateComplete;
        const rows = [...journey.shadowRoot!.querySelectorAll<HTMLElement>('[role=option]')];
        expect(rows.length).to.be.greaterThan(0);
        if (id === 'customer:tags') {
          const all = rows.map(text).join(' | ');
          expect(all).to.contain('This record cannot be shown (invalid data): activity:broken');
          expect(all).to.contain('This record cannot be shown (invalid data): request:broken');
          const many = ws.journey.find((e) => e.id === 'activity:many-tags')!;
          expect(many.type === 'activity' && many.tags.length).to.equal(100);
          expect(many.type === 'activity' && many.notes.length).to.equal(2000);
          const dup = ws.journey.find((e) => e.id === 'activity:dup-tags')!;
          expect(dup.type === 'activity' && dup.tags).to.deep.equal(['vip']);
          // Preview each row under the real pointer.
          for (const row of rows) {
            row.scrollIntoView({ block: 'center' });
            await new Promise(requestAnimationFrame);
            const box = row.getBoundingClientRect();
            await sendMouse({ type: 'move', position: [Math.round(box.left + 10), Math.round(box.top + box.height / 2)] });
            await journey.updateComplete;
            // 2,000 characters of notes and 100 tags at most, of the 5 MB and 10,000 stored.
            expect(text(journey.shadowRoot!.querySelector('[part=preview]')).length).to.be.below(4000);
          }
        }

        // Search for it through the pane.
        const input = find<HTMLInputElement>(el, 'input[type=search]')!;
        find<HTMLElement>(el, '#tab-search')!.click();
        await settle(el);
        input.focus();
        input.select();
        await sendKeys({ type: hostile.query });
        await waitUntil(() => findAll(el, '#panel-search li').length > 0, `search results for "${hostile.query}"`, { timeout: 20000 });
        await settle(el);
        const results = findAll(el, '#panel-search li').map(text);
        expect(results.length).to.be.greaterThan(0);
        expect(results.every((r) => r.length < 2600)).to.equal(true);

        // Close: nothing to save (no input), nothing written back.
        buttonNamed(el, 'Close').click();
        await until(session, () => session.workspace(id) === undefined);
        const stored = await el.agentSession!.search('Normal Person');
        expect(stored.map((hit) => hit.customer.id)).to.deep.equal(['customer:normal']);
        expect(() => validateRecord(stored[0]!.customer)).to.not.throw();
      });
    }

    it('a damaged record is saved back only after the agent chooses the repaired values', async () => {
      const session = el.agentSession!;
      el.receive({ type: 'interaction.started', interactionId: 'hostile-save', channel: 'voice', from: { phone: '+34 699 000 003' }, at: AT });
      await until(session, () => session.workspace('customer:missing')?.activity != null);
      await session.idle();
      session.activate('customer:missing');
      const ws = session.workspace('customer:missing')!;
      session.editCustomer(ws.key, { ...ws.customerDraft, address: 'Typed address' });
      const refused = await session.save(ws.key);
      expect(refused).to.deep.include({ ok: false, reason: 'damaged' });
      await settle(el);
      buttonNamed(el, 'Use the repaired values').click();
      await settle(el);
      expect(session.damaged(session.workspace(ws.key)!)).to.deep.equal([]);
      const saved = await session.save(ws.key);
      expect(saved.ok).to.equal(true);
      const now = session.workspace('customer:missing')!.customer!;
      expect(now.address).to.equal('Typed address');
      expect(now.damage).to.equal(undefined);
      expect(() => validateRecord(now)).to.not.throw();
    });
  });
}
