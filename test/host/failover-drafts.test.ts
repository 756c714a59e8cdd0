import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../src/components/customer-context/customer-context.js';
import { couchInfo, couchJson, dropDatabase, freshDatabase } from '../helpers/couch.js';
import { until } from '../helpers/session.js';
import '../helpers/a11y.js';

// Issue 17 item 4: the desktop fails over to the other Finesse node, and a gadget served from the
// relative /3rdpartygadget path runs on another origin, whose localStorage and IndexedDB are not the
// first node's. Two origins in one browser stand for the two nodes: this page (localhost) and an
// iframe on 127.0.0.1 (same port), both on the same CouchDB. The agent's unsaved drafts follow them.

const OTHER_NODE = `${location.protocol}//${location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1'}:${location.port}`;

interface Restored {
  node: 'restored';
  origin: string;
  agentId: string;
  open: Array<{ key: string; name: string; active: boolean }>;
}

/** The gadget on the other node for `agent`: resolves with what it restored. */
async function otherNode(database: string, agent: string): Promise<{ restored: Restored; frame: HTMLIFrameElement }> {
  const { url, headers } = await couchInfo();
  const frame = document.createElement('iframe');
  const restored = new Promise<Restored>((resolve) => {
    const listen = (event: MessageEvent<Restored>) => {
      if (event.source !== frame.contentWindow || event.data?.node !== 'restored') return;
      window.removeEventListener('message', listen);
      resolve(event.data);
    };
    window.addEventListener('message', listen);
  });
  const query = new URLSearchParams({ parent: location.origin, url, database, agent, headers: JSON.stringify(headers) });
  frame.src = `${OTHER_NODE}/test/host/fixtures/drafts-node.html?${query}`;
  document.body.append(frame);
  return { restored: await restored, frame };
}

async function draftsDoc(database: string, agent: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return (await couchJson('GET', `/${database}/drafts:${agent}`)) as { status: number; body: Record<string, unknown> };
}

describe('failover between Finesse nodes: unsaved drafts follow the agent (issue 17 item 4)', function () {
  this.timeout(60000);
  let db: string;
  let el: CustomerContext | undefined;
  const frames: HTMLIFrameElement[] = [];

  beforeEach(async () => {
    localStorage.clear();
    db = await freshDatabase();
  });
  afterEach(async () => {
    el?.remove();
    el = undefined;
    for (const frame of frames.splice(0)) frame.remove();
    const { url } = await couchInfo();
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(`customer-context-outbox:${url}/${db}`);
      request.onsuccess = request.onerror = request.onblocked = resolve;
    });
    await dropDatabase(db);
  });

  it('a draft typed on the first node appears on the second (another origin), for that agent only; it leaves the server once nothing is unsaved', async () => {
    expect(OTHER_NODE).not.to.equal(location.origin);
    const { url, headers } = await couchInfo();
    el = await fixture<CustomerContext>(
      html`<customer-context agent-id="agent-7" couchdb-url=${url} couchdb-database=${db} .couchdbHeaders=${headers}></customer-context>`,
    );
    await el.ready;
    const session = el.agentSession!;
    session.receive({ type: 'interaction.started', interactionId: 'call-1', channel: 'voice', from: { phone: '+44 20 7946 0999' }, at: '2026-11-22T10:00:00Z' });
    await until(session, () => session.state.open.length === 1);
    const key = session.state.open[0]!.key;
    session.editCustomer(key, { ...session.workspace(key)!.customerDraft, name: 'Typed on node 1' });

    // The desktop goes away (failover): the page is hidden, the drafts go out at once, before the 1 s delay.
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    await waitUntil(async () => (await draftsDoc(db, 'agent-7')).status === 200, 'the drafts document is written on page hide', { timeout: 900 });
    const doc = (await draftsDoc(db, 'agent-7')).body;
    expect(doc).to.include({ _id: 'drafts:agent-7', type: 'drafts', agentId: 'agent-7' });
    expect(doc.updatedAt).to.be.a('string');

    // The second node: another origin (its localStorage is empty), the same agent.
    const second = await otherNode(db, 'agent-7');
    frames.push(second.frame);
    expect(second.restored.origin).to.equal(OTHER_NODE);
    expect(second.restored.agentId).to.equal('agent-7');
    expect(second.restored.open).to.deep.equal([{ key, name: 'Typed on node 1', active: true }]);

    // Another agent on that node gets none of it.
    const another = await otherNode(db, 'agent-8');
    frames.push(another.frame);
    expect(another.restored.open).to.deep.equal([]);
    expect((await draftsDoc(db, 'agent-8')).status).to.equal(404);

    // Back on the first node: the agent discards; nothing unsaved, so the document goes (after the delay).
    second.frame.remove();
    expect((await session.close(key, 'discard')).ok).to.equal(true);
    await waitUntil(async () => (await draftsDoc(db, 'agent-7')).status === 404, 'the drafts document is removed', { timeout: 5000 });
    await expect(el).to.be.accessible();
  });
});
