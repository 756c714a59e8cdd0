import { expect } from '@open-wc/testing';
import { AgentSession } from '../../src/session/session.js';
import type { StoreChange } from '../../src/store/context-store.js';
import { CouchDbStore } from '../../src/store/couchdb-store.js';
import { Outbox } from '../../src/store/outbox.js';
import { couchInfo, couchStore, dropDatabase, freshDatabase } from '../helpers/couch.js';
import { customer } from '../helpers/data.js';
import { call, ended, offered } from '../helpers/events.js';
import { MemoryStorage, until } from '../helpers/session.js';
import { DraftStore } from '../../src/session/drafts.js';

/**
 * #15 item 2, the session's part: a shared store's change feed follows the
 * customers the agent has open (the Open list and a Care preview), and only them.
 */
describe('AgentSession tells the shared store which customers are open', function () {
  this.timeout(30000);
  let database: string;
  let couch: CouchDbStore;
  let outbox: Outbox;
  let session: AgentSession;
  let writer: CouchDbStore;

  beforeEach(async () => {
    database = await freshDatabase();
    const { url, headers } = await couchInfo();
    couch = new CouchDbStore({ url, database, headers, changes: { backoff: { initialMs: 10, maxMs: 100 } } });
    await couch.ready();
    outbox = new Outbox(couch, { name: `outbox-${database}`, backoff: { initialMs: 10, maxMs: 100 } });
    writer = await couchStore(database);
    session = new AgentSession(outbox, { agentId: 'alice', drafts: new DraftStore('alice', 'cc-watch', new MemoryStorage()) });
    await session.restore();
  });
  afterEach(async () => {
    session.dispose();
    outbox.close();
    writer.close();
    await dropDatabase(database);
  });

  it('follows nobody while nothing is open, the caller once the call opens, and nobody again after Close', async () => {
    expect(couch.watching).to.deep.equal([]);
    const ana = await writer.create('customer', customer({ name: 'Ana', phones: ['+34 600 000 001'] }), { by: 'bob' });
    const bruno = await writer.create('customer', customer({ name: 'Bruno', phones: ['+34 600 000 002'] }), { by: 'bob' });
    const remote: StoreChange[] = [];
    outbox.subscribe((change) => {
      if (change.source === 'remote') remote.push(change);
    });

    session.receive(call('c-1', { phone: '+34 600 000 001' }));
    await until(session, () => session.workspace(ana.id)?.customer != null);
    expect(couch.watching).to.deep.equal([ana.id]);

    // Another agent changes Bruno (not open here), then Ana: only Ana's change reaches this agent.
    await writer.update('customer', bruno.id, bruno.rev, { ...bruno, address: 'Not for alice' }, { by: 'bob' });
    const anaNow = await writer.update('customer', ana.id, ana.rev, { ...ana, address: 'Calle Mayor 1' }, { by: 'bob' });
    await until(session, () => session.workspace(ana.id)?.customer?.rev === anaNow.rev);
    // (Ana's creation too: the feed started before it, and resumes from where it started.)
    expect([...new Set(remote.map((change) => change.id))]).to.deep.equal([ana.id]);
    expect(remote.map((change) => change.rev)).to.include(anaNow.rev);

    session.receive(ended('c-1'));
    expect((await session.close(ana.id)).ok).to.equal(true);
    expect(session.state.open).to.deep.equal([]);
    expect(couch.watching).to.deep.equal([]);
  });

  it('follows a previewed Care task\'s customer while the task is listed', async () => {
    const ana = await writer.create('customer', customer({ name: 'Ana', emails: ['ana@example.com'] }), { by: 'bob' });
    session.setAgentState('ready');
    session.receive(offered('t-1', { email: 'ana@example.com' }, { channel: 'email' }));
    await until(session, () => session.state.tasks.length === 1);
    const preview = await session.preview('t-1');
    expect(preview?.customer?.id).to.equal(ana.id);
    expect(couch.watching).to.deep.equal([ana.id]);
  });
});
