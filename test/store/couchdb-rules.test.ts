import { expect } from '@open-wc/testing';
import { storageText } from '../../src/components/customer-context/messages.js';
import { AgentSession } from '../../src/session/session.js';
import { DraftStore } from '../../src/session/drafts.js';
import { StorageError } from '../../src/store/context-store.js';
import type { CouchDbStore } from '../../src/store/couchdb-store.js';
import { couchInfo, couchJson, couchStore, dropDatabase, freshDatabase } from '../helpers/couch.js';
import { customer } from '../helpers/data.js';
import { MemoryStorage, until } from '../helpers/session.js';
import { rejection } from './contract.js';

// Issue #15, item 6: the server's rules (`validate_doc_update` of `_design/cc-v2`, installed by
// freshDatabase as the setup command installs it) hold against another client that writes
// straight into the database, and the gadget's store, session and screen report a refusal
// with the server's own reason. Runs on the test server (or COUCHDB_URL).

const at = '2026-11-22T10:00:00.000Z';
const meta = { createdAt: at, updatedAt: at, updatedBy: 'other-client' };
const customerDoc = (id: string, extra: Record<string, unknown> = {}) => ({ _id: id, type: 'customer', name: 'Ana', phones: [], emails: [], chatIds: [], address: '', fields: {}, ...meta, ...extra });
const requestDoc = (id: string, extra: Record<string, unknown> = {}) => ({ _id: id, type: 'request', customerId: 'customer:x', title: 'Router', description: '', status: 'open', openedAt: at, closedAt: null, ...meta, ...extra });
const activityDoc = (id: string, extra: Record<string, unknown> = {}) => ({ _id: id, type: 'activity', customerId: 'customer:x', requestId: null, channel: 'voice', interactionId: null, at, subject: '', notes: '', tags: [], ...meta, ...extra });

/** A request with a body sent as is (JSON text), so that keys such as `__proto__` really are in it. */
async function rawJson(method: string, path: string, text: string): Promise<{ status: number; body: { error?: string; reason?: string; ok?: boolean; rev?: string } }> {
  const { url, headers } = await couchInfo();
  const response = await fetch(`${url}${path}`, { method, headers: { ...headers, 'Content-Type': 'application/json', Accept: 'application/json' }, body: text });
  return { status: response.status, body: (await response.json()) as { error?: string; reason?: string } };
}

/** The second design document's rule: stricter than the model, as an operator's own rule would be. */
const TEST_RULE_ID = '_design/test-rule';
const NAME_REASON = 'customer-context-test: name: refused by the test rule';
const TITLE_REASON = 'customer-context-test: title: refused by the test rule';
const TEST_RULE = `function (newDoc) {
  if (newDoc.type === 'customer' && typeof newDoc.name === 'string' && newDoc.name.indexOf('Refuse me') !== -1) throw({ forbidden: ${JSON.stringify(NAME_REASON)} });
  if (newDoc.type === 'request' && typeof newDoc.title === 'string' && newDoc.title.indexOf('Refuse me') !== -1) throw({ forbidden: ${JSON.stringify(TITLE_REASON)} });
}`;

async function installTestRule(db: string): Promise<void> {
  const put = await couchJson('PUT', `/${db}/${TEST_RULE_ID}`, { language: 'javascript', validate_doc_update: TEST_RULE });
  if (put.status !== 201) throw new Error(`could not install ${TEST_RULE_ID}: ${put.status} ${JSON.stringify(put.body)}`);
}

describe('CouchDB rules: hostile documents from another client are refused, naming the field (issue #15, item 6)', function () {
  this.timeout(60000);
  let db: string;

  beforeEach(async () => {
    db = await freshDatabase();
  });
  afterEach(async () => {
    await dropDatabase(db);
  });

  /** PUT `doc` (an object, or JSON text) as another client would; expects 403 forbidden with `reason`, and nothing stored. */
  async function refusedPut(id: string, doc: object | string, reason: string): Promise<void> {
    const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
    const { status, body } = await rawJson('PUT', `/${db}/${encodeURIComponent(id)}`, text);
    expect({ status, error: body.error, reason: body.reason }, id).to.deep.equal({ status: 403, error: 'forbidden', reason });
    expect((await couchJson('GET', `/${db}/${encodeURIComponent(id)}`)).status, `${id} is not stored`).to.equal(404);
  }

  it('a 5 MB string (in a name, in a free field, in notes) is refused: at most 2,000 characters', async () => {
    const huge = 'x'.repeat(5 * 1024 * 1024);
    expect(huge.length).to.equal(5_242_880);
    await refusedPut('customer:huge-name', customerDoc('customer:huge-name', { name: huge }), 'customer-context: name: at most 2000 characters');
    await refusedPut('customer:huge-field', customerDoc('customer:huge-field', { fields: { plan: huge } }), 'customer-context: fields.plan: at most 2000 characters');
    await refusedPut('activity:huge-notes', activityDoc('activity:huge-notes', { notes: huge }), 'customer-context: notes: at most 2000 characters');
  });

  it('wrong types are refused, naming the field', async () => {
    await refusedPut('customer:t1', customerDoc('customer:t1', { name: 42 }), 'customer-context: name: expected text');
    await refusedPut('customer:t2', customerDoc('customer:t2', { phones: '+34 600 123 456' }), 'customer-context: phones: expected a list');
    await refusedPut('customer:t3', customerDoc('customer:t3', { emails: ['ana@example.com', { address: 'x' }] }), 'customer-context: emails.1: expected text');
    await refusedPut('customer:t4', customerDoc('customer:t4', { fields: ['plan', 'gold'] }), 'customer-context: fields: expected name → value fields');
    await refusedPut('customer:t5', customerDoc('customer:t5', { fields: { plan: 5 } }), 'customer-context: fields.plan: expected text');
    await refusedPut('request:t6', requestDoc('request:t6', { status: 'pending' }), 'customer-context: status: expected one of open, closed');
    await refusedPut('request:t7', requestDoc('request:t7', { openedAt: 'yesterday' }), 'customer-context: openedAt: expected an ISO date');
    await refusedPut('activity:t8', activityDoc('activity:t8', { channel: 'fax' }), 'customer-context: channel: expected one of voice, chat, email, note, other');
    await refusedPut('activity:t9', activityDoc('activity:t9', { tags: 'fibra' }), 'customer-context: tags: expected a list');
    await refusedPut('activity:t10', activityDoc('activity:t10', { updatedBy: ['someone'] }), 'customer-context: updatedBy: expected text');
  });

  it('missing fields are refused, naming the field', async () => {
    const without = (doc: Record<string, unknown>, field: string) => Object.fromEntries(Object.entries(doc).filter(([key]) => key !== field));
    await refusedPut('customer:m1', without(customerDoc('customer:m1'), 'name'), 'customer-context: name: expected text');
    await refusedPut('customer:m2', without(customerDoc('customer:m2'), 'fields'), 'customer-context: fields: expected name → value fields');
    await refusedPut('request:m3', without(requestDoc('request:m3'), 'closedAt'), 'customer-context: closedAt: expected an ISO date');
    await refusedPut('activity:m4', without(activityDoc('activity:m4'), 'tags'), 'customer-context: tags: expected a list');
    await refusedPut('customer:m5', without(customerDoc('customer:m5'), 'type'), 'customer-context: type: expected one of customer, request, activity');
    await refusedPut('customer:m6', without(customerDoc('customer:m6'), 'updatedBy'), 'customer-context: updatedBy: expected text');
  });

  it('the keys __proto__ and constructor, sent as JSON text, are refused in the document and in its free fields', async () => {
    const valid = JSON.stringify(customerDoc('customer:p1'));
    const protoInDoc = `{"__proto__": {"isAdmin": true}, ${valid.slice(1)}`;
    expect(protoInDoc).to.contain('"__proto__"');
    await refusedPut('customer:p1', protoInDoc, 'customer-context: document: the key __proto__ is not allowed');
    const constructorInDoc = `{"constructor": {"prototype": {"isAdmin": true}}, ${JSON.stringify(customerDoc('customer:p2')).slice(1)}`;
    await refusedPut('customer:p2', constructorInDoc, 'customer-context: document: the key constructor is not allowed');
    const inFields = (id: string, key: string) => JSON.stringify(customerDoc(id)).replace('"fields":{}', `"fields":{"plan":"gold","${key}":"x"}`);
    await refusedPut('customer:p3', inFields('customer:p3', '__proto__'), 'customer-context: fields: the key __proto__ is not allowed');
    await refusedPut('customer:p4', inFields('customer:p4', 'constructor'), 'customer-context: fields: the key constructor is not allowed');
    // The same documents without those keys are taken: the refusal is about the keys.
    expect((await rawJson('PUT', `/${db}/customer%3Ap5`, inFields('customer:p5', 'toString'))).status).to.equal(201);
  });

  it('10,000 tags and duplicate tags are refused through _bulk_docs, per document; the valid document of the batch is written', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `tag ${i}`);
    const { status, body } = await couchJson('POST', `/${db}/_bulk_docs`, {
      docs: [
        activityDoc('activity:many', { tags: many }),
        activityDoc('activity:dup', { tags: ['Fibra', ' fibra '] }),
        activityDoc('activity:empty', { tags: ['ok', '   '] }),
        activityDoc('activity:long', { tags: [` ${'t'.repeat(51)} `] }),
        activityDoc('activity:fine', { tags: ['Fibra', 'Router'] }),
      ],
    });
    expect(status).to.equal(201);
    const results = (body as Array<{ id: string; error?: string; reason?: string; ok?: boolean }>).map(({ id, error, reason, ok }) => ({ id, error, reason, ok }));
    expect(results).to.deep.equal([
      { id: 'activity:many', error: 'forbidden', reason: 'customer-context: tags: at most 100 items', ok: undefined },
      { id: 'activity:dup', error: 'forbidden', reason: 'customer-context: tags.1: tags on one activity are unique (ignoring case and spaces)', ok: undefined },
      { id: 'activity:empty', error: 'forbidden', reason: 'customer-context: tags.1: a tag cannot be empty', ok: undefined },
      { id: 'activity:long', error: 'forbidden', reason: 'customer-context: tags.0: a tag holds at most 50 characters', ok: undefined },
      { id: 'activity:fine', error: undefined, reason: undefined, ok: true },
    ]);
    const stored = await couchJson('POST', `/${db}/_all_docs`, { keys: ['activity:many', 'activity:dup', 'activity:empty', 'activity:long', 'activity:fine'] });
    const rows = (stored.body as { rows: Array<{ key: string; error?: string; value?: unknown }> }).rows;
    expect(rows.map((row) => [row.key, row.error ?? 'stored'])).to.deep.equal([
      ['activity:many', 'not_found'],
      ['activity:dup', 'not_found'],
      ['activity:empty', 'not_found'],
      ['activity:long', 'not_found'],
      ['activity:fine', 'stored'],
    ]);
  });

  it('a document keeps its type: a customer rewritten as a request is refused and stays a customer', async () => {
    const created = await couchJson('PUT', `/${db}/customer%3Atyped`, customerDoc('customer:typed'));
    expect(created.status).to.equal(201);
    const rev = (created.body as { rev: string }).rev;
    const { status, body } = await couchJson('PUT', `/${db}/customer%3Atyped`, { ...requestDoc('customer:typed'), _rev: rev });
    expect({ status, body }).to.deep.equal({ status: 403, body: { error: 'forbidden', reason: 'customer-context: type: a document keeps its type (customer)' } });
    const current = (await couchJson('GET', `/${db}/customer%3Atyped`)).body as { _rev: string; type: string; name: string };
    expect([current._rev, current.type, current.name]).to.deep.equal([rev, 'customer', 'Ana']);
  });

  it('ids: a customer under another kind’s prefix, or under a server-made id (POST), is refused', async () => {
    await refusedPut('request:not-a-customer', customerDoc('request:not-a-customer'), 'customer-context: _id: expected customer:<id>');
    const withoutId = Object.fromEntries(Object.entries(customerDoc('customer:none')).filter(([key]) => key !== '_id'));
    const posted = await couchJson('POST', `/${db}`, withoutId);
    expect(posted.status).to.equal(403);
    expect(posted.body).to.deep.equal({ error: 'forbidden', reason: 'customer-context: _id: expected customer:<id>' });
  });

  it('markup in a name is valid text: stored as written, and read back unchanged by the store', async () => {
    const name = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const { status } = await couchJson('PUT', `/${db}/customer%3Amarkup`, customerDoc('customer:markup', { name }));
    expect(status).to.equal(201);
    const store = await couchStore(db, { changes: { live: false } });
    try {
      expect((await store.get('customer', 'customer:markup'))?.name).to.equal(name);
    } finally {
      store.close();
    }
  });
});

describe('CouchDB rules: a refusal by the server reaches the store and the session with its reason (issue #15, item 6)', function () {
  this.timeout(60000);
  let db: string;
  let store: CouchDbStore;

  beforeEach(async () => {
    db = await freshDatabase();
    await installTestRule(db);
    store = await couchStore(db);
  });
  afterEach(async () => {
    store.close();
    await dropDatabase(db);
  });

  function expectRefused(error: unknown, detail: string): void {
    expect(error).to.be.instanceOf(StorageError);
    expect((error as StorageError).reason).to.equal('refused');
    expect((error as StorageError).detail).to.equal(detail);
  }

  it('every design document’s validate_doc_update runs: a write the model takes but the test rule refuses is refused', async () => {
    const { status, body } = await couchJson('PUT', `/${db}/customer%3Aby-rule`, customerDoc('customer:by-rule', { name: 'Please Refuse me' }));
    expect({ status, body }).to.deep.equal({ status: 403, body: { error: 'forbidden', reason: NAME_REASON } });
    // The setup's own rules still run beside it.
    const own = await couchJson('PUT', `/${db}/customer%3Aby-setup`, customerDoc('customer:by-setup', { name: 7 }));
    expect(own.body).to.deep.equal({ error: 'forbidden', reason: 'customer-context: name: expected text' });
  });

  it('CouchDbStore.create rejects with StorageError("refused"), the server’s reason as detail; nothing is stored', async () => {
    const error = await rejection(store.create('customer', customer({ name: 'Refuse me', phones: ['+34 600 999 111'] }), { by: 'ann', id: 'customer:refused' }));
    expectRefused(error, NAME_REASON);
    expect(await store.get('customer', 'customer:refused')).to.equal(undefined);
    expect(await store.findByContact({ phone: '+34 600 999 111' })).to.deep.equal([]);
  });

  it('CouchDbStore.update rejects the same way; the stored revision is untouched', async () => {
    const ana = await store.create('customer', customer({ name: 'Ana' }), { by: 'ann' });
    const error = await rejection(store.update('customer', ana.id, ana.rev, customer({ name: 'Ana Refuse me' }), { by: 'ann' }));
    expectRefused(error, NAME_REASON);
    const current = await store.get('customer', ana.id);
    expect([current?.rev, current?.name]).to.deep.equal([ana.rev, 'Ana']);
    // An import (_bulk_docs) is refused per document, with the same reason.
    const request = { type: 'request', id: 'request:imported', rev: '', ...meta, customerId: ana.id, title: 'Refuse me', description: '', status: 'open', openedAt: at, closedAt: null } as const;
    expectRefused(await rejection(store.import([request])), TITLE_REASON);
  });

  it('through AgentSession: Save is refused with the reason, the input stays in the work area’s draft (and in the saved drafts)', async () => {
    const ana = await store.create('customer', customer({ name: 'Ana García', phones: ['+34 600 222 333'] }), { by: 'ann' });
    const storage = new MemoryStorage();
    const drafts = new DraftStore('ann', 'cc-rules', storage);
    const session = new AgentSession(store, { agentId: 'ann', drafts });
    try {
      session.receive({ type: 'interaction.started', interactionId: 'rules-1', channel: 'voice', from: { phone: '+34 600 222 333' }, at });
      await until(session, () => session.workspace(ana.id)?.request != null);
      session.editCustomer(ana.id, { ...session.workspace(ana.id)!.customerDraft, name: 'Refuse me, García' });
      const outcome = await session.save(ana.id);
      expect(outcome.ok).to.equal(false);
      if (outcome.ok) return;
      expect(outcome.reason).to.equal('error');
      expectRefused(outcome.error, NAME_REASON);
      expect(storageText(outcome.error)).to.equal(
        `The data service refused this change: ${NAME_REASON}. Your input is kept: correct it, then Save again.`,
      );
      const workspace = session.workspace(ana.id)!;
      expect(workspace.customerDraft.name).to.equal('Refuse me, García');
      expect(workspace.customer?.name).to.equal('Ana García');
      expect(session.isDirty(workspace)).to.equal(true);
      const saved = drafts.loadWorkspaces().open.find((w) => w.key === ana.id);
      expect(saved?.records.customer.draft?.name).to.equal('Refuse me, García');
      expect((await store.get('customer', ana.id))?.name).to.equal('Ana García');
    } finally {
      session.dispose();
    }
  });
});
