import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import type { Customer } from '../../src/model/index.js';
import { StorageError } from '../../src/store/context-store.js';
import { CouchDbStore } from '../../src/store/couchdb-store.js';
import { isPendingRev, Outbox, type OutboxReport, type OutboxStatus } from '../../src/store/outbox.js';
import { couchInfo, couchJson, couchStore, dropDatabase, freshDatabase, statusUntil } from '../helpers/couch.js';
import { customer } from '../helpers/data.js';
import { FaultProxy } from '../helpers/hardening.js';

// Issue #21, items 2 and 9: a write the server refuses (403 from a `validate_doc_update`,
// 400, 413) becomes a report with the server's reason and never blocks the writes behind it;
// a later write of the same record fails with it (one report, the latest input); only 401
// means "sign in again" (status `signed-out`, no retry until new headers or a flush).
// Faults come from a fault proxy of each test's own in front of the test CouchDB.

const BACKOFF = { initialMs: 10, maxMs: 80 };
const REFUSE_REASON = 'customer-context-test: name: refused by the test rule';
/** A second design document: CouchDB runs every design document's rule (an operator's stricter one). */
const TEST_RULE = `function (newDoc) {
  if (newDoc.type === 'customer' && typeof newDoc.name === 'string' && newDoc.name.indexOf('Refuse me') !== -1) throw({ forbidden: ${JSON.stringify(REFUSE_REASON)} });
}`;

describe('Outbox refusals: a refused write is a report, the queue goes on; 401 waits for a new sign-in (issue #21)', function () {
  this.timeout(30000);
  let database: string;
  let proxy: FaultProxy;
  let direct: CouchDbStore;
  const boxes: Outbox[] = [];

  beforeEach(async () => {
    const { url } = await couchInfo();
    database = await freshDatabase();
    proxy = await FaultProxy.start(url);
    direct = await couchStore(database);
  });
  afterEach(async () => {
    const open = boxes.splice(0);
    for (const box of open) box.close();
    for (const name of new Set(open.map((box) => box.name))) await deleteDB(name);
    direct.close();
    await proxy.stop();
    await dropDatabase(database);
  });

  async function outbox(): Promise<Outbox> {
    const { headers } = await couchInfo();
    const backend = new CouchDbStore({ url: proxy.url, database, headers, requestTimeoutMs: 2000, changes: { live: false } });
    const box = new Outbox(backend, { name: `refusals-${database}`, backoff: BACKOFF });
    boxes.push(box);
    await box.ready;
    return box;
  }
  const reportsOf = (box: Outbox) => {
    const heard: OutboxReport[] = [];
    box.onReport((report) => heard.push(report));
    return heard;
  };
  const path = (id: string) => `/${database}/${encodeURIComponent(id)}`;

  it('403 from a stricter validate_doc_update: one report with the reason and the latest input; the other records are delivered', async () => {
    const put = await couchJson('PUT', `/${database}/_design/test-rule`, { language: 'javascript', validate_doc_update: TEST_RULE });
    expect(put.status).to.equal(201);
    const box = await outbox();
    const heard = reportsOf(box);
    const ana = await box.create('customer', customer({ name: 'Ana', address: 'Old street' }), { by: 'agent-1' });
    const ben = await box.create('customer', customer({ name: 'Ben' }), { by: 'agent-1' });
    await proxy.down();
    const first = await box.update('customer', ana.id, ana.rev, { ...ana, name: 'Refuse me' }, { by: 'agent-1' });
    const second = await box.update('customer', ana.id, first.rev, { ...first, name: 'Refuse me', address: 'New street' }, { by: 'agent-1' });
    const benNext = await box.update('customer', ben.id, ben.rev, { ...ben, address: 'Ben street' }, { by: 'agent-1' });
    const cleo = await box.create('customer', customer({ name: 'Cleo' }), { by: 'agent-1' });
    expect([first, second, benNext, cleo].every((r) => isPendingRev(r.rev))).to.equal(true);
    expect(box.status).to.deep.equal({ state: 'offline', pending: 4 });

    await proxy.up();
    box.flush();
    await statusUntil(box, (s) => s.state === 'online');
    // The writes that do not depend on the refused one reached the server.
    expect((await direct.get('customer', ben.id))?.address).to.equal('Ben street');
    expect((await direct.get('customer', cleo.id))?.name).to.equal('Cleo');
    // The refused one did not, nor the later write of the same record (it depends on it).
    const onServer = (await direct.get('customer', ana.id))!;
    expect([onServer.name, onServer.rev]).to.deep.equal(['Ana', ana.rev]);
    // One report for the record: refused, with the server's reason, the latest input, and the base it was made on.
    const kept = await box.reports();
    expect(kept.map((r) => [r.reason, r.id, (r.mine as Customer).name, (r.mine as Customer).address])).to.deep.equal([['refused', ana.id, 'Refuse me', 'New street']]);
    expect(kept[0]!.message).to.contain(REFUSE_REASON);
    expect(kept[0]!.detail).to.equal(REFUSE_REASON);
    expect(kept[0]!.provisional.rev).to.equal(second.rev);
    expect((kept[0]!.base as Customer | null)?.name).to.equal('Ana');
    expect(heard.map((r) => [r.reason, r.id])).to.deep.equal([['refused', ana.id]]);
    expect(heard[0]!.error).to.be.instanceOf(StorageError);
    expect((heard[0]!.error as StorageError).reason).to.equal('refused');
    expect(await box.pending()).to.deep.equal([]);
  });

  for (const status of [400, 413]) {
    it(`${status} for one queued write: a refused report, the writes behind it delivered, never "offline"`, async () => {
      const box = await outbox();
      const heard = reportsOf(box);
      const statuses: string[] = [];
      box.onStatus((s) => statuses.push(s.state));
      await proxy.down();
      const a = await box.create('customer', customer({ name: 'Refused one' }), { by: 'agent-1', id: `customer:refused-${status}` });
      const b = await box.create('customer', customer({ name: 'Behind it' }), { by: 'agent-1' });
      const c = await box.create('customer', customer({ name: 'And this one' }), { by: 'agent-1' });
      await proxy.faults([{ kind: 'status', status, match: `PUT ${path(a.id)}` }]);
      statuses.length = 0;
      await proxy.up();
      box.flush();
      await statusUntil(box, (s) => s.state === 'online');
      expect(statuses).not.to.include('offline');
      expect((await direct.get('customer', b.id))?.name).to.equal('Behind it');
      expect((await direct.get('customer', c.id))?.name).to.equal('And this one');
      expect(await direct.get('customer', a.id)).to.equal(undefined);
      const kept = await box.reports();
      expect(kept.map((r) => [r.reason, r.id, (r.mine as Customer).name])).to.deep.equal([['refused', a.id, 'Refused one']]);
      expect(kept[0]!.message).to.contain(`fault proxy: ${status}`);
      expect(heard.map((r) => r.id)).to.deep.equal([a.id]);
      expect((await proxy.stats()).injected).to.equal(1);
    });
  }

  it('401 on delivery: status "signed-out" with the count waiting, no retry until new headers (flush), then delivered', async () => {
    const box = await outbox();
    await proxy.down();
    const a = await box.create('customer', customer({ name: 'Waits for sign-in' }), { by: 'agent-1' });
    await box.create('customer', customer({ name: 'Second' }), { by: 'agent-1' });
    await proxy.faults([{ kind: 'status', status: 401 }]);
    await proxy.up();
    box.flush();
    const signedOut = await statusUntil(box, (s) => s.state === 'signed-out');
    expect(signedOut).to.deep.equal({ state: 'signed-out', pending: 2 } satisfies OutboxStatus);
    // No backoff retries while signed out. Proving an absence takes a bounded wait: over twice the longest
    // backoff (80 ms), a retrying outbox would have asked again at least twice.
    const asked = (await proxy.stats()).requests;
    await new Promise<void>((resolve) => setTimeout(resolve, 200));
    expect((await proxy.stats()).requests).to.equal(asked);
    expect(box.status.state).to.equal('signed-out');
    // New headers (the backend's `setHeaders` flushes the outbox): delivered.
    await proxy.faults([]);
    box.flush();
    await statusUntil(box, (s) => s.state === 'online');
    expect((await direct.get('customer', a.id))?.name).to.equal('Waits for sign-in');
    expect(await box.reports()).to.deep.equal([]);
  });
});
