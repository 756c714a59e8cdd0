import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import { couchInfo, couchStore, dropDatabase, freshDatabase } from '../../helpers/couch.js';

/** The work area's notice, through the child element's shadow root. */
function notice(el: CustomerContext): string {
  return el.shadowRoot!.querySelector('cc-work-area')?.shadowRoot?.querySelector('.notice')?.textContent ?? '';
}

// Issue 17 item 4b: after a failover, the agent learns that writes wait in the other desktop's outbox.
describe('<customer-context couchdb-url>: changes waiting on another desktop', function () {
  this.timeout(60000);
  let db: string;
  let el: CustomerContext | undefined;

  beforeEach(async () => {
    localStorage.clear();
    db = await freshDatabase();
  });
  afterEach(async () => {
    el?.remove();
    const { url } = await couchInfo();
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(`customer-context-outbox:${url}/${db}`);
      request.onsuccess = request.onerror = request.onblocked = resolve;
    });
    await dropDatabase(db);
  });

  it('the agent’s drafts document says 2 writes wait at another origin: a notice names the count and the desktop; another agent sees nothing', async () => {
    const other = await couchStore(db);
    await other.drafts.write('agent-9', { updatedAt: new Date().toISOString(), value: { version: 2, activeKey: null, open: [] }, waiting: { count: 2, origin: 'https://finesse-a.example.com' } });
    other.close();
    const { url, headers } = await couchInfo();
    el = await fixture<CustomerContext>(html`<customer-context agent-id="agent-9" couchdb-url=${url} couchdb-database=${db} .couchdbHeaders=${headers}></customer-context>`);
    await el.ready;
    await waitUntil(() => notice(el!).includes('2 changes you saved on another desktop'), `the notice (was "${notice(el!)}")`);
    expect(notice(el)).to.contain('https://finesse-a.example.com');
    el.remove();

    el = await fixture<CustomerContext>(html`<customer-context agent-id="agent-10" couchdb-url=${url} couchdb-database=${db} .couchdbHeaders=${headers}></customer-context>`);
    await el.ready;
    await el.updateComplete;
    expect(notice(el)).to.equal('');
  });
});
