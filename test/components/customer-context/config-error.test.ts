import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { deleteDB } from 'idb';
import '../../../src/components/customer-context/define.js';
import type { CustomerContext } from '../../../src/components/customer-context/customer-context.js';
import type { ErrorDetail } from '../../../src/model/host-contract.js';
import { normalizeCouchUrl } from '../../../src/store/couchdb/http.js';
import { couchInfo, dropDatabase, freshDatabase } from '../../helpers/couch.js';
import { find } from '../../helpers/gadget.js';

// Issue #21 item 8: `receive()` never throws, also when the backend cannot be made from the
// configuration; it answers `config-error`, fires `cc-error` once per configuration, and the
// gadget says what is wrong without ever showing or logging a credential.

const CONTEXT = { type: 'host.context', agentId: 'agent-7', agentName: 'Agent Seven' };

describe('<customer-context> with a configuration no backend can be made from (issue #21 item 8)', function () {
  this.timeout(30000);
  let errors: ErrorDetail[];
  let logged: string[];
  const originals = { error: console.error, warn: console.warn, log: console.log, info: console.info };

  beforeEach(() => {
    errors = [];
    logged = [];
    for (const level of ['error', 'warn', 'log', 'info'] as const) {
      console[level] = (...args: unknown[]) => {
        logged.push(args.map(String).join(' '));
        originals[level].apply(console, args);
      };
    }
  });
  afterEach(() => Object.assign(console, originals));

  async function gadget(url: string, database = 'customer-context'): Promise<CustomerContext> {
    const el = await fixture<CustomerContext>(
      html`<customer-context couchdb-url=${url} couchdb-database=${database} @cc-error=${(e: CustomEvent<ErrorDetail>) => errors.push(e.detail)}></customer-context>`,
    );
    await el.updateComplete;
    return el;
  }

  const notice = (el: CustomerContext) => find(el, '[role=alert]')?.textContent?.trim() ?? '';

  it('credentials in couchdb-url: receive() returns config-error, one cc-error, a notice naming the problem, no password anywhere', async () => {
    const el = await gadget('http://admin:s3cr3t-pw@127.0.0.1:5984');
    let first: ReturnType<CustomerContext['receive']> | undefined;
    expect(() => (first = el.receive(CONTEXT))).not.to.throw();
    expect(first?.ok).to.equal(false);
    expect(first && !first.ok && first.error.code).to.equal('config-error');
    const second = el.receive({ type: 'interaction.started', interactionId: 'i-1', channel: 'voice', from: { phone: '+44 20 7946 0001' }, at: '2026-11-22T10:00:00Z' });
    expect(second.ok === false && second.error.code).to.equal('config-error');
    await el.updateComplete;
    expect(errors.map((e) => e.code)).to.deep.equal(['config-error']);
    expect(notice(el)).to.match(/user name or password/i);
    const shown = el.shadowRoot!.innerHTML + find(el, 'cc-work-area')!.shadowRoot!.innerHTML;
    for (const text of [shown, notice(el), JSON.stringify(errors), JSON.stringify(first), ...logged]) expect(text).not.to.contain('s3cr3t-pw');
    expect(el.agentSession).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('a couchdb-url that is not a URL, and an invalid database name, are config errors too, each with its own notice', async () => {
    const el = await gadget('http://[not-a-host');
    const result = el.receive(CONTEXT);
    expect(result.ok === false && result.error.code).to.equal('config-error');
    await el.updateComplete;
    expect(notice(el)).to.match(/not a valid web address/i);

    // Another configuration that is wrong in another way: its own cc-error and notice.
    el.couchdbUrl = 'https://couch.example.com';
    el.couchdbDatabase = 'Not A Name';
    await el.updateComplete;
    const again = el.receive(CONTEXT);
    expect(again.ok === false && again.error.code).to.equal('config-error');
    await el.updateComplete;
    expect(notice(el)).to.match(/database name/i);
    expect(errors.map((e) => e.code)).to.deep.equal(['config-error', 'config-error']);
  });

  it('once the host fixes the configuration the gadget starts and takes events, and the notice goes', async () => {
    const db = await freshDatabase();
    try {
      const { url } = await couchInfo();
      const el = await gadget(url.replace('://', '://agent:pw@'), db);
      expect(el.receive(CONTEXT).ok).to.equal(false);
      el.couchdbUrl = url;
      await el.updateComplete;
      expect(el.receive(CONTEXT)).to.deep.equal({ ok: true });
      await el.ready;
      await el.updateComplete;
      await waitUntil(() => notice(el) === '', 'the notice goes');
      expect(el.agentSession?.state.agent.agentId).to.equal('agent-7');
      expect(errors.map((e) => e.code)).to.deep.equal(['config-error']);
      el.remove();
    } finally {
      // What the backend kept in the browser goes (the queue is deleted once the removed element closes it).
      await deleteDB(`customer-context-outbox:${normalizeCouchUrl((await couchInfo()).url)}/${db}`);
      localStorage.clear();
      await dropDatabase(db);
    }
  });
});
