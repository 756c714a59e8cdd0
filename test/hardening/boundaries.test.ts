import { expect, fixture, html } from '@open-wc/testing';
import '../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import { MessageBridge, parseAllowedOrigins } from '../../src/host/message-bridge.js';
import { ValidationError, validateData, type AnyRecord, type DataOf, type Kind } from '../../src/model/index.js';
import type { ReceiveResult } from '../../src/session/session.js';
import type { ContextStore } from '../../src/store/context-store.js';
import { CouchDbStore } from '../../src/store/couchdb-store.js';
import { IndexedDbStore } from '../../src/store/indexeddb-store.js';
import { Outbox } from '../../src/store/outbox.js';
import { couchStore, dropDatabase, freshDatabase } from '../helpers/couch.js';
import { activity, customer, request } from '../helpers/data.js';
import { chat, hostContext } from '../helpers/events.js';

// Boundaries (docs/security.md):
//  - the message bridge ignores every origin that is not exactly on its allow-list (and
//    never lets `*`, `null` or a malformed entry onto it);
//  - the model refuses over-limit, duplicate and malformed data even when the UI is
//    bypassed: `validateData` and every store's create / update / import (the Outbox too,
//    while the backend is unreachable: refused at once, never queued), and nothing is written.
// (The lint rule against unsafe sinks is lint-rule.test.ts.)

const ALLOWED = ['https://desk.example.com', 'http://localhost:8080'];

/** Origins a page could post from that must all be ignored. */
const BAD_ORIGINS = [
  'null',
  '*',
  '',
  'https://desk.example.com.evil.test',
  'https://desk.example.com:8443',
  'https://desk.example.com:443',
  'http://desk.example.com',
  'https://evil-desk.example.com',
  'https://sub.desk.example.com',
  'https://desk.example.co',
  'https://desk-example.com',
  'https://DESK.EXAMPLE.COM',
  'https://desk.example.com/',
  'https://desk.example.com/path',
  'https://user@desk.example.com',
  'https://desk.example.com%2eevil.test',
  'https://desk.example.com\u0000',
  ' https://desk.example.com',
  'https://xn--dsk-fma.example.com',
  'http://localhost:80800',
  'http://localhost:8081',
  'http://localhost',
  'https://localhost:8080',
  'http://127.0.0.1:8080',
  'http://[::1]:8080',
  'http://localhost:8080.evil.test',
  'file://',
  'chrome-extension://abcdefghijklmnop',
  'javascript:alert(1)',
  'data:text/html,hi',
  location.origin,
];

const event = (id: string) => chat(id, { chatId: 'guest' });

/** A message as a window of `origin` would deliver it. */
function post(target: Window, origin: string, data: unknown, source: Window | null = null): void {
  target.dispatchEvent(new MessageEvent('message', { data, origin, source }));
}

describe('Boundaries: the message bridge hears only its allowed origins', () => {
  it(`ignores ${BAD_ORIGINS.length} origins not on the list (prefix and suffix tricks, other ports and schemes, null, *): nothing received, nothing answered`, async () => {
    const received: unknown[] = [];
    const receiver = Object.assign(new EventTarget(), {
      receive(e: unknown): ReceiveResult {
        received.push(e);
        return { ok: true };
      },
    });
    // A window to stand for the sender: replies would be posted to it.
    const frame = document.createElement('iframe');
    frame.title = 'sender';
    document.body.append(frame);
    const replies: unknown[] = [];
    (frame.contentWindow as Window & { postMessage: unknown }).postMessage = (message: unknown) => replies.push(message);
    const bridge = new MessageBridge(receiver, { allowedOrigins: ALLOWED });
    bridge.connect();
    try {
      for (const origin of BAD_ORIGINS) post(window, origin, { target: 'customer-context', id: origin, event: event(origin) }, frame.contentWindow);
      expect(received).to.deep.equal([]);
      expect(replies).to.deep.equal([]);
      // The control: the allowed origins are heard and answered.
      for (const origin of ALLOWED) post(window, origin, { target: 'customer-context', id: origin, event: event(origin) }, frame.contentWindow);
      expect(received.length).to.equal(2);
      expect(replies.length).to.equal(2);
      console.log(`message bridge: ${BAD_ORIGINS.length} bad origins ignored, ${ALLOWED.length} allowed heard`);
    } finally {
      bridge.disconnect();
      frame.remove();
    }
  });

  it('never puts *, null, a path, a wildcard or a non-http scheme on the allow-list', () => {
    expect(
      parseAllowedOrigins('* null https://*.example.com https://desk.example.com/path javascript:alert(1) data:text/html,x file:///etc ftp://desk.example.com https://desk.example.com:443 HTTPS://DESK.EXAMPLE.COM https://ok.example.com/ http://localhost:8080,https://a.example'),
    ).to.deep.equal(['https://desk.example.com', 'https://ok.example.com', 'http://localhost:8080', 'https://a.example']);
    // (an origin is case-insensitive: HTTPS://DESK.EXAMPLE.COM is https://desk.example.com; the explicit default port is not the origin's spelling and is dropped)
    expect(parseAllowedOrigins([' ', '', '*', 'null'])).to.deep.equal([]);
  });

  it('the element with allowed-origins: a bad origin changes nothing, fires nothing; messages without the target are ignored too', async () => {
    localStorage.clear();
    const el = await fixture<CustomerContext>(html`<customer-context agent-id="bridge-b" database=${`bridge-${Date.now()}`} allowed-origins=${ALLOWED.join(' ')}></customer-context>`);
    try {
      await el.ready;
      const fired: string[] = [];
      for (const type of ['cc-error', 'cc-saved', 'cc-closed']) el.addEventListener(type, () => fired.push(type));
      const before = el.agentSession!.state;
      for (const origin of BAD_ORIGINS) {
        post(window, origin, { target: 'customer-context', event: hostContext('intruder') });
        post(window, origin, { target: 'customer-context', event: { type: 'nonsense' } });
      }
      post(window, ALLOWED[0]!, { event: hostContext('intruder') });
      post(window, ALLOWED[0]!, { target: 'other-gadget', event: hostContext('intruder') });
      post(window, ALLOWED[0]!, JSON.stringify({ target: 'customer-context', event: hostContext('intruder') }));
      expect(el.agentSession!.state).to.equal(before);
      expect(el.agentSession!.state.agent.agentId).to.equal('bridge-b');
      expect(fired).to.deep.equal([]);
      // The control: the same message from an allowed origin is taken.
      post(window, ALLOWED[1]!, { target: 'customer-context', event: hostContext('desk-agent') });
      expect(el.agentSession!.state.agent.agentId).to.equal('desk-agent');
    } finally {
      el.remove();
    }
  });
});

// ---- the model, with the UI bypassed ---------------------------------------------

interface Refusal {
  name: string;
  kind: Kind;
  data: () => unknown;
  code: string;
  field: string;
}

const long = (n: number, c = 'x') => c.repeat(n);
const EMOJI = '\u{1F600}';

const REFUSED: Refusal[] = [
  { name: 'request title of 2,001 characters', kind: 'request', data: () => request('customer:x', { title: long(2001) }), code: 'text-too-long', field: 'title' },
  { name: 'request description of 2,001 characters', kind: 'request', data: () => request('customer:x', { description: long(2001) }), code: 'text-too-long', field: 'description' },
  { name: 'request title of 1,001 emoji (2,002 UTF-16 units)', kind: 'request', data: () => request('customer:x', { title: EMOJI.repeat(1001) }), code: 'text-too-long', field: 'title' },
  { name: 'customer name of 2,001 characters', kind: 'customer', data: () => customer({ name: long(2001) }), code: 'text-too-long', field: 'name' },
  { name: 'customer address of 2,001 characters', kind: 'customer', data: () => customer({ address: long(2001) }), code: 'text-too-long', field: 'address' },
  { name: 'a phone of 2,001 characters', kind: 'customer', data: () => customer({ phones: ['1', long(2001, '2')] }), code: 'text-too-long', field: 'phones.1' },
  { name: 'a free field value of 2,001 characters', kind: 'customer', data: () => customer({ fields: { note: long(2001) } }), code: 'text-too-long', field: 'fields.note' },
  { name: '101 free fields', kind: 'customer', data: () => customer({ fields: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, 'v'])) }), code: 'too-many-items', field: 'fields' },
  { name: '101 phones', kind: 'customer', data: () => customer({ phones: Array.from({ length: 101 }, (_, i) => `555 ${i}`) }), code: 'too-many-items', field: 'phones' },
  { name: 'activity notes of 2,001 characters', kind: 'activity', data: () => activity('customer:x', { notes: long(2001) }), code: 'text-too-long', field: 'notes' },
  { name: 'activity subject of 2,001 characters', kind: 'activity', data: () => activity('customer:x', { subject: long(2001) }), code: 'text-too-long', field: 'subject' },
  { name: 'a tag of 51 characters', kind: 'activity', data: () => activity('customer:x', { tags: ['ok', long(51)] }), code: 'tag-too-long', field: 'tags.1' },
  { name: 'a tag of 26 emoji (52 units)', kind: 'activity', data: () => activity('customer:x', { tags: [EMOJI.repeat(26)] }), code: 'tag-too-long', field: 'tags.0' },
  { name: 'duplicate tags differing in case', kind: 'activity', data: () => activity('customer:x', { tags: ['Billing', 'BILLING'] }), code: 'tag-duplicate', field: 'tags.1' },
  { name: 'duplicate tags differing in spaces', kind: 'activity', data: () => activity('customer:x', { tags: ['router', 'x', '  Router '] }), code: 'tag-duplicate', field: 'tags.2' },
  { name: 'an empty tag', kind: 'activity', data: () => activity('customer:x', { tags: ['   '] }), code: 'tag-empty', field: 'tags.0' },
  { name: '101 tags', kind: 'activity', data: () => activity('customer:x', { tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }), code: 'too-many-items', field: 'tags' },
  { name: 'an unknown request status', kind: 'request', data: () => request('customer:x', { status: 'pending' as never }), code: 'invalid', field: 'status' },
  { name: 'an opening date that is no date', kind: 'request', data: () => request('customer:x', { openedAt: 'last tuesday' }), code: 'invalid', field: 'openedAt' },
  { name: 'an unknown channel', kind: 'activity', data: () => activity('customer:x', { channel: 'fax' as never }), code: 'invalid', field: 'channel' },
  { name: 'a name that is not text', kind: 'customer', data: () => ({ ...customer(), name: 42 }), code: 'invalid', field: 'name' },
  { name: 'a missing field', kind: 'request', data: () => { const data: Partial<ReturnType<typeof request>> = request('customer:x'); delete data.title; return data; }, code: 'invalid', field: 'title' },
];

const ACCEPTED: Array<{ name: string; kind: Kind; data: () => DataOf[Kind] }> = [
  { name: 'a title of exactly 2,000 characters', kind: 'request', data: () => request('customer:x', { title: long(2000) }) },
  { name: 'a title of 1,000 emoji (2,000 units)', kind: 'request', data: () => request('customer:x', { title: EMOJI.repeat(1000) }) },
  { name: 'a tag of 50 characters, padded with spaces', kind: 'activity', data: () => activity('customer:x', { tags: [`  ${long(50)}  `] }) },
  { name: '100 phones', kind: 'customer', data: () => customer({ phones: Array.from({ length: 100 }, (_, i) => `555 ${i}`) }) },
  { name: '100 free fields', kind: 'customer', data: () => customer({ fields: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}`, 'v'])) }) },
];

function refusalOf(error: unknown): string {
  return error instanceof ValidationError ? `${error.code} ${error.field}` : `not a ValidationError: ${String(error)}`;
}

async function refused(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return refusalOf(error);
  }
}

/** Every refusal against one store: create, update of an existing record, and import; nothing written. */
async function checkStore(store: ContextStore): Promise<string[]> {
  const problems: string[] = [];
  const owner = await store.create('customer', customer({ name: 'Owner' }), { by: 'x' });
  const existing: Record<Kind, AnyRecord> = {
    customer: owner,
    request: await store.create('request', request(owner.id), { by: 'x' }),
    activity: await store.create('activity', activity(owner.id, { tags: ['keep'] }), { by: 'x' }),
  };
  for (const [i, r] of REFUSED.entries()) {
    const want = `${r.code} ${r.field}`;
    const id = `${r.kind}:refused-${i}`;
    const created = await refused(store.create(r.kind, r.data() as never, { by: 'bypass', id }));
    if (created !== want) problems.push(`create, ${r.name}: ${created} (want ${want})`);
    if (await store.get(r.kind, id)) problems.push(`create, ${r.name}: written anyway`);
    const base = existing[r.kind];
    const updated = await refused(store.update(r.kind, base.id, base.rev, r.data() as never, { by: 'bypass' }));
    if (updated !== want) problems.push(`update, ${r.name}: ${updated} (want ${want})`);
    const after = await store.get(r.kind, base.id);
    if (after?.rev !== base.rev) problems.push(`update, ${r.name}: the record changed`);
    const record = { ...(r.data() as object), type: r.kind, id: `${r.kind}:imported-${i}`, rev: '1-a', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'bypass' } as AnyRecord;
    const good = { ...customer({ name: `Good ${i}` }), type: 'customer', id: `customer:good-${i}`, rev: '1-a', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'bypass' } as AnyRecord;
    const imported = await refused(store.import([good, record]));
    if (imported !== want) problems.push(`import, ${r.name}: ${imported} (want ${want})`);
    if (await store.get(r.kind, record.id)) problems.push(`import, ${r.name}: written anyway`);
    if (await store.get('customer', good.id)) problems.push(`import, ${r.name}: the good record of the refused batch was written`);
  }
  for (const a of ACCEPTED) {
    const outcome = await refused(store.create(a.kind, a.data() as never, { by: 'x' }));
    if (outcome !== 'accepted') problems.push(`${a.name} was refused: ${outcome}`);
  }
  return problems;
}

describe(`Boundaries: the model refuses ${REFUSED.length} kinds of over-limit, duplicate and malformed data with the UI bypassed`, function () {
  this.timeout(60000);

  it(`validateData: ${REFUSED.length} refusals with code and field, ${ACCEPTED.length} limits exactly met accepted`, () => {
    const outcomes = REFUSED.map((r) => {
      try {
        validateData(r.kind, r.data());
        return `${r.name}: accepted`;
      } catch (error) {
        return `${r.name}: ${refusalOf(error)}`;
      }
    });
    expect(outcomes).to.deep.equal(REFUSED.map((r) => `${r.name}: ${r.code} ${r.field}`));
    for (const a of ACCEPTED) expect(() => validateData(a.kind, a.data()), a.name).not.to.throw();
    expect(validateData('activity', activity('c', { tags: [`  ${long(50)}  `] })).tags).to.deep.equal([long(50)]);
  });

  it(`IndexedDbStore: create, update and import each refuse all ${REFUSED.length}, nothing written`, async () => {
    const store = new IndexedDbStore({ name: `bounds-${Date.now()}` });
    try {
      expect(await checkStore(store)).to.deep.equal([]);
      console.log(`model boundaries, IndexedDbStore: ${REFUSED.length * 3} refused writes (create, update, import), ${ACCEPTED.length} limit cases accepted`);
    } finally {
      await store.destroy();
    }
  });

  it(`CouchDbStore: create, update and import each refuse all ${REFUSED.length}, nothing written`, async () => {
    const database = await freshDatabase();
    const store = await couchStore(database);
    try {
      expect(await checkStore(store)).to.deep.equal([]);
      console.log(`model boundaries, CouchDbStore: ${REFUSED.length * 3} refused writes (create, update, import), ${ACCEPTED.length} limit cases accepted`);
    } finally {
      store.close();
      await dropDatabase(database);
    }
  });

  it(`Outbox with the backend unreachable: all ${REFUSED.length} refused at once, never queued`, async () => {
    const unreachable = new CouchDbStore({ url: 'http://127.0.0.1:9', database: 'nowhere', requestTimeoutMs: 2000, changes: { live: false } });
    const outbox = new Outbox(unreachable, { name: `bounds-outbox-${Date.now()}`, backoff: { initialMs: 50, maxMs: 100 } });
    try {
      await outbox.ready;
      const outcomes: string[] = [];
      for (const r of REFUSED) outcomes.push(`${r.name}: ${await refused(outbox.create(r.kind, r.data() as never, { by: 'bypass' }))}`);
      for (const r of REFUSED) outcomes.push(`${r.name}: ${await refused(outbox.update(r.kind, `${r.kind}:any`, '1-a', r.data() as never, { by: 'bypass' }))}`);
      expect(outcomes).to.deep.equal([...REFUSED, ...REFUSED].map((r) => `${r.name}: ${r.code} ${r.field}`));
      expect(await outbox.pending()).to.deep.equal([]);
      // The control: valid data is queued while the backend is unreachable.
      await outbox.create('customer', customer(), { by: 'x' });
      expect((await outbox.pending()).length).to.equal(1);
    } finally {
      await outbox.destroy();
    }
  });
});
